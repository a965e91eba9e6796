"""The structures that make the matcher fast give the same answers as the slow, obvious ones:
word lists (prefix-tree regexes, Aho-Corasick scanners) = sorted alternations, the pinyin table = pypinyin, both ways of reading the
index = each other, the cached classifier = the trained one. No timings here (see benchmarks/)."""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys

import numpy as np
import pytest

from faq import Entry, FaqMatcher
from faq.classifier import CACHE_KEEP, ParaphraseClassifier, cache_dir
from faq.cues import CUE_BOUNDARY
from faq.index import CANDIDATES
from faq.normalize import CJK_RE
from faq.pinyin import plain_pinyin
from faq.wordtrie import WordScanner, WordSet, word_trie

from .conftest import ROOT

_ALNUM = re.compile(r"[a-z0-9]")


def _lead(first: str) -> str:
    return r"(?<![a-z0-9])" if _ALNUM.match(first) else ""


def _tail(last: str) -> str:
    return r"(?![a-z0-9])" if _ALNUM.match(last) else ""


def _sorted_alternation(words: list[str]) -> re.Pattern[str]:
    """The obvious form: every word, longest first, with its edge assertions."""
    parts = [
        _lead(w[0]) + re.escape(w) + _tail(w[-1]) for w in sorted(set(words), key=lambda w: (-len(w), w))
    ]
    return re.compile("|".join(parts))


def test_word_lists_match_like_the_sorted_alternation():
    rng = random.Random(13)
    alphabet = "ab1 退款货卖家"
    for _ in range(300):
        words = [
            "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 4))).strip() or "a" for _ in range(12)
        ]
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        want = [m.span() for m in _sorted_alternation(words).finditer(text)]
        assert [m.span() for m in re.finditer(word_trie(words, _lead, _tail), text)] == want, (words, text)
        scanner = WordScanner(words, "abcdefghijklmnopqrstuvwxyz0123456789")
        assert scanner.spans(text) == want, (words, text)
        first = _sorted_alternation(words).search(text)
        assert scanner.first(text) == (first.group(0) if first else None)
        assert scanner.sub(str.upper, text) == _sorted_alternation(words).sub(
            lambda m: m.group(0).upper(), text
        )


def test_word_set_finds_what_one_search_per_word_finds():
    """WordSet.present = the words that `re.search` finds one by one (bounded ones not after a word
    character), overlapping occurrences included, whichever positions the start-finding regex skips."""
    rng = random.Random(17)
    alphabet = "ab1_ 退款货卖家\n"
    for _ in range(400):
        words = [
            "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 4))).strip() or "a" for _ in range(10)
        ]
        bounded = [w for w in words if rng.random() < 0.4]
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        want = {w for w in words if re.search((r"(?<!\w)" if w in bounded else "") + re.escape(w), text)}
        assert WordSet(words, bounded).present(text) == want, (words, bounded, text)
        # With the cue words' boundary (a Latin letter right after a Chinese character also starts a word).
        want = {
            w
            for w in words
            if re.search((f"(?:{CUE_BOUNDARY})" if w in bounded else "") + re.escape(w), text)
        }
        assert WordSet(words, bounded, CUE_BOUNDARY).present(text) == want, (words, bounded, text)


def test_latin_cue_words_against_chinese_are_read_once(matcher):
    """A Latin cue word touching Chinese is found in one reading of the text: the same words as
    reading it again with a space between the scripts (what cues.py did before)."""
    cues = matcher.cues
    mixed = re.compile(r"(?<=[a-z])(?=[\u3400-\u9fff])|(?<=[\u3400-\u9fff])(?=[a-z])")
    rng = random.Random(23)
    latin = sorted({w for c in cues.cues for g in c.groups for w in g.latin if w.isalpha()})
    chinese = ["是", "的", "卖家", "退款", "72小时", "15天"]
    for _ in range(300):
        text = "".join(
            rng.choice([*rng.sample(latin, 3), *chinese, " ", "3"]) for _ in range(rng.randint(1, 8))
        )
        assert cues.words_in(text) == cues.words_in(f"{text}\n{mixed.sub(' ', text)}"), text
    assert "pdf" in cues.words_in("可以上传pdf的吗") and "pdf" not in cues.words_in("shipdf")


def test_pinyin_table_reads_like_pypinyin(kb):
    from pypinyin import lazy_pinyin

    rng = random.Random(5)
    chars = {c for e in kb.entries for _lang, t in e.texts() for c in t if CJK_RE.match(c)}
    chars |= {chr(rng.randint(0x4E00, 0x9FFF)) for _ in range(300)}
    chars |= {chr(rng.randint(0x3400, 0x4DBF)) for _ in range(50)} | {"绿", "女", "略", "〇"}
    assert {c: plain_pinyin(c) for c in chars} == {c: lazy_pinyin(c)[0] for c in chars}


def test_both_ways_of_reading_the_index_agree(matcher):
    index = matcher.index
    for q in [
        "卖家拒绝退款怎么办",
        "how long does the seller have to respond",
        "证据",
        "申述要多久 几天能出结果",
    ]:
        qw = index._query_weights(index.extractor.features(matcher.normalizer.normalize(q)))
        assert qw is not None
        ids, wts, _total = qw
        docs = np.arange(len(index.doc_entry))
        a = index.shared_by_postings(ids, wts, docs)
        b = index.shared_by_documents(ids, wts, docs)
        assert np.allclose(a, b) and a.max() > 0


def _noise_entry(i: int, rng: random.Random) -> Entry:
    def zh() -> str:
        return "".join(chr(rng.randint(0x4E00, 0x9FFF)) for _ in range(rng.randint(6, 12)))

    def en() -> str:
        return " ".join(rng.choice(["alpha", "beta", "gamma", "delta", "omega", "sigma"]) for _ in range(5))

    return Entry.model_validate(
        {
            "id": f"noise-{i}",
            "question": {"zh": zh(), "en": en()},
            "paraphrases": {"zh": [zh() for _ in range(8)], "en": [en() for _ in range(4)]},
            "answer": {"zh": "噪声", "en": "noise"},
            "source": "test",
            "reviewed": "2026-11-27",
        }
    )


def test_large_knowledge_base_still_finds_each_entry(kb):
    """Beyond CANDIDATES entries only the best-covered ones are scored: each real entry's own
    question still ranks it first among 53 + 150 entries."""
    rng = random.Random(3)
    entries = list(kb.entries) + [_noise_entry(i, rng) for i in range(150)]
    assert len(entries) > CANDIDATES
    big = FaqMatcher(entries, classifier=False)
    for entry in kb.entries:
        ranked = big.index.rank(big.normalizer.normalize(entry.question_in("zh")))
        assert 0 < len(ranked) <= CANDIDATES
        assert big.entries[ranked[0][0]].id == entry.id


# --- the classifier kept on disk ------------------------------------------------------------------

TEXTS = [
    "卖家 拒绝 退款",
    "卖家 不 回复",
    "申诉 要 多久",
    "开 网店 保证金",
    "seller refused refund",
    "appeal",
]
LABELS = [0, 1, 2, 3, 0, 2]


def test_trained_model_is_stored_and_reused(tmp_path, monkeypatch):
    first = ParaphraseClassifier.train(TEXTS, LABELS, 4, cache=tmp_path)
    assert len(list(tmp_path.glob("paraphrases-*.npz"))) == 1

    def no_fit(*_args: object) -> ParaphraseClassifier:
        raise AssertionError("fitted again although the cache holds the model")

    monkeypatch.setattr(ParaphraseClassifier, "_fit", classmethod(no_fit))
    again = ParaphraseClassifier.train(TEXTS, LABELS, 4, cache=tmp_path)
    for q in ["卖家 拒绝", "appeal time", "完全 无关"]:
        assert np.array_equal(first.scores(q), again.scores(q))
    with pytest.raises(AssertionError):  # other examples: another model
        ParaphraseClassifier.train([*TEXTS, "卖家 拒绝 退货"], [*LABELS, 0], 4, cache=tmp_path)


def test_broken_cache_file_is_trained_over(tmp_path):
    ParaphraseClassifier.train(TEXTS, LABELS, 4, cache=tmp_path)
    (stored,) = tmp_path.glob("paraphrases-*.npz")
    stored.write_bytes(b"not a zip")
    model = ParaphraseClassifier.train(TEXTS, LABELS, 4, cache=tmp_path)
    assert int(np.argmax(model.scores("卖家 拒绝 退款"))) == 0
    with np.load(stored) as data:  # rewritten whole
        assert data["coef"].shape[1] == 4


def test_cache_keeps_the_newest_files_only(tmp_path):
    for k in range(CACHE_KEEP + 2):
        ParaphraseClassifier.train([*TEXTS, f"例子 {k}"], [*LABELS, 1], 4, cache=tmp_path)
    assert len(list(tmp_path.glob("paraphrases-*.npz"))) == CACHE_KEEP


def test_cache_location(monkeypatch, tmp_path):
    monkeypatch.setenv("FAQ_CACHE_DIR", str(tmp_path))
    assert cache_dir() == tmp_path
    monkeypatch.setenv("FAQ_CACHE_DIR", "")
    assert cache_dir() is None
    monkeypatch.delenv("FAQ_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_dir() == tmp_path / "taobao-dispute-bot" / "faq"


def test_unwritable_cache_still_gives_a_model(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    model = ParaphraseClassifier.train(TEXTS, LABELS, 4, cache=blocker / "sub")
    assert int(np.argmax(model.scores("申诉 多久"))) == 2


def test_warm_start_needs_neither_sklearn_nor_pypinyin(tmp_path):
    """With the model on disk, building the shipped matcher and answering Chinese and English
    imports neither scikit-learn (seconds) nor pypinyin's phrase dictionary."""
    code = (
        "import sys\n"
        "from faq import FaqMatcher\n"
        "m = FaqMatcher.from_default()\n"
        "assert m.classifier is not None\n"
        "assert m.match('卖家拒绝退款怎么办').kind == 'answer'\n"
        "m.match('the seller refused my refund')\n"
        "print(sorted({n.split('.')[0] for n in sys.modules} & {'sklearn', 'scipy', 'pypinyin'}))\n"
    )
    env = {**os.environ, "FAQ_CACHE_DIR": str(tmp_path)}
    run = [sys.executable, "-c", code]
    subprocess.run(run, cwd=ROOT, env=env, check=True, timeout=300, capture_output=True)  # trains
    warm = subprocess.run(run, cwd=ROOT, env=env, check=True, timeout=300, capture_output=True, text=True)
    assert warm.stdout.strip() == "[]"


def test_classifier_reads_a_question_like_analyze(matcher):
    """The classifier looks n-grams up as slices of the text, per family: the same columns, in the
    same order, as the prefixed features of `analyze`."""
    from faq.classifier import analyze

    model = matcher.classifier
    assert model is not None
    for q in ["卖家拒绝退款怎么办", "the seller refused my refund 3天", "申诉 appeal 介入要多久 a", "退"]:
        norm = matcher.normalizer.normalize(q)
        assert model._columns(norm) == [model.vocab.get(f) for f in analyze(norm)]
        assert any(c is not None for c in model._columns(norm))
