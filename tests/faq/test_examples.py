"""The classifier's training examples (faq/examples.yaml): in step with the dev sets, checked, used."""

from __future__ import annotations

from faq.calibrate import DEFAULT_SETS, examples_yaml, load_sets
from faq.check import check
from faq.examples import DEFAULT_EXAMPLES_PATH, Example, load_examples
from faq.matcher import FaqMatcher
from faq.normalize import Normalizer
from faq.overlay import Overlay


def test_examples_file_is_in_step_with_the_dev_sets():
    # Fails when a dev set was added or changed: run `python -m faq.calibrate --write-examples`.
    assert DEFAULT_EXAMPLES_PATH.read_text(encoding="utf-8") == examples_yaml(load_sets(DEFAULT_SETS))


def test_examples_load_with_out_of_scope_ones():
    examples = load_examples()
    assert len(examples) > 3000
    assert any(ex.id is None for ex in examples) and any(ex.id == "seller-refused" for ex in examples)


def test_check_finds_unknown_example_ids(kb):
    bad = [Example("卖家不理我", "no-such-entry"), Example("开网店要多少钱", None)]
    problems, _ = check(kb, Overlay(), None, Normalizer.default(), examples=bad)
    assert problems == ["faq/examples.yaml: unknown entry id 'no-such-entry'"]


def test_an_example_teaches_the_classifier_its_entry(kb, tmp_path, monkeypatch):
    monkeypatch.setenv("FAQ_CACHE_DIR", str(tmp_path))
    odd = "zorbleflax quux"  # words no entry knows
    m = FaqMatcher.from_knowledge(kb, examples=[])
    assert m.classifier is not None
    taught = m.train_classifier(examples=[Example(odd, "ruling-time")] * 3)
    assert taught is not None
    scores = taught.scores(m.normalizer.normalize(odd))
    assert int(scores.argmax()) == m.entries.index(kb.get("ruling-time"))
