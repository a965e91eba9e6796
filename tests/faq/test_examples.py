"""The classifier's training examples (faq/examples.yaml): in step with the dev sets, checked, used."""

from __future__ import annotations

import numpy as np
import pytest

from faq.calibrate import DEFAULT_SETS, examples_yaml, load_sets
from faq.check import check
from faq.classifier import ParaphraseClassifier
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


def test_a_cached_model_is_found_by_its_raw_inputs(kb, tmp_path, monkeypatch):
    """The second start-up neither fits nor reads the examples: it follows the pointer kept under a
    hash of the raw inputs; other examples miss it and are read (and the model fitted) again."""
    monkeypatch.setenv("FAQ_CACHE_DIR", str(tmp_path))
    examples = [Example("zorbleflax quux", "ruling-time"), Example("开网店要多少钱", None)]
    first = FaqMatcher.from_knowledge(kb, examples=examples)
    assert list(tmp_path.glob("alias-*.txt"))

    def no_reading(self, text):
        raise AssertionError("the examples were read again")

    with monkeypatch.context() as patched:
        patched.setattr(FaqMatcher, "asked_text", no_reading)
        patched.setattr(ParaphraseClassifier, "_fit", classmethod(lambda *a: pytest.fail("fitted again")))
        again = FaqMatcher.from_knowledge(kb, examples=examples)
    assert first.classifier is not None and again.classifier is not None
    norm = first.normalizer.normalize("zorbleflax quux")
    assert np.allclose(first.classifier.scores(norm), again.classifier.scores(norm))
    other = FaqMatcher.from_knowledge(kb, examples=[Example("zorbleflax quux", "appeal-deadline")])
    assert other.classifier is not None
    assert not np.allclose(other.classifier.scores(norm), again.classifier.scores(norm))
