"""Weighted features of a normalised text, the fuzzy matcher's unit of comparison.

* domain terms (synonyms.yaml `terms`: 仅退款, 申诉, 客服介入, after sales …) as units: a feature
  each ("k"), and Chinese bigrams do not cross their edges;
* Chinese: character bigrams ("b", the main signal — Chinese has no spaces, so rapidfuzz's token
  scorers degrade to a plain ratio there), single characters ("u", low weight), bigrams of folded
  pinyin ("p": homophone typos 申述/申诉, 介如/介入);
* Latin script: stemmed words without stop words ("w"), word bigrams ("v"), character trigrams
  ("t", low weight). In questions, unknown English words are first corrected to the closest
  knowledge-base word with rapidfuzz (`process.extractOne`, `scorer=fuzz.ratio`, `processor=None`,
  `score_cutoff=SPELLING_CUTOFF`).

Features inside a "weak" word (question templates: synonyms.yaml `weak`) count WEAK_WEIGHT. Latin
features are multiplied by `latin_scale` (set by the index, see faq/index.py).
"""

from __future__ import annotations

import re
from itertools import repeat
from operator import add

from rapidfuzz import fuzz, process

from .normalize import CJK_RE, Normalizer
from .pinyin import CACHE as _PINYIN
from .pinyin import char_pinyin

# Relative weight of each feature family (measured on the development set, see faq/calibrate.py).
FEATURE_WEIGHTS: dict[str, float] = {
    "b": 1.0,  # Chinese character bigram
    "u": 0.35,  # Chinese single character
    "p": 0.5,  # pinyin bigram (folded)
    "w": 1.0,  # Latin word (stemmed)
    "v": 0.6,  # Latin word bigram
    "t": 0.2,  # Latin character trigram
    "k": 1.0,  # domain term (synonyms.yaml `terms` and canonical forms), in either language
}
# Features inside a "weak" word (question templates such as 会不会 / 怎么 / 需要: synonyms.yaml `weak`)
# count this much: they say how something is asked, not what it is about.
WEAK_WEIGHT = 0.5
# Unknown English words at least this similar (fuzz.ratio) to a knowledge-base word are read as it.
SPELLING_CUTOFF = 84.0
# Spelling corrections (and words as read, see `_word_keys`) remembered per matcher, so a repeated
# word or typo costs one dictionary lookup.
SPELL_CACHE_SIZE = 10_000

# A deliberately crude stemmer: it only has to map a word and its inflections to the same key.
_STEM_RULES = (
    ("ies", "y", 5),
    ("ied", "y", 5),
    ("ing", "", 6),
    ("ed", "", 5),
    ("es", "", 6),
    ("s", "", 4),
    ("e", "", 5),
)
_RUN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[a-z0-9]+")
_LATIN_FAMILIES = frozenset("wvt")


def stem(w: str) -> str:
    for suffix, repl, min_len in _STEM_RULES:
        if len(w) >= min_len and w.endswith(suffix) and not w.endswith("ss"):
            return w[: -len(suffix)] + repl
    return w


def is_latin(feature: str) -> bool:
    """A Latin-script feature (scaled by `latin_scale`): a word, word bigram, trigram or Latin term."""
    return feature[0] in _LATIN_FAMILIES or (feature[0] == "k" and CJK_RE.search(feature) is None)


class FeatureExtractor:
    """`features(norm)` → {feature: weight}. Knowledge-base texts are read with `learn=True`, which
    records their English words as the spelling vocabulary; questions are read with corrections."""

    def __init__(self, normalizer: Normalizer) -> None:
        self.normalizer = normalizer
        self.latin_scale = 1.0
        self.vocab: set[str] = set()
        self._vocab_list: list[str] = []
        self._spell_cache: dict[str, str | None] = {}
        self._word_cache: dict[str, tuple[str, str, tuple[str, ...]]] = {}
        self._learn_cache: dict[str, tuple[str, str, tuple[str, ...]]] = {}  # while reading the KB

    def freeze_vocabulary(self) -> None:
        """Called once the knowledge base has been read: the spelling vocabulary is complete."""
        self._vocab_list = sorted(self.vocab)
        self._spell_cache.clear()
        self._word_cache.clear()
        self._learn_cache.clear()

    def correct(self, word: str) -> str:
        """An unknown English word → the closest knowledge-base word, if close enough."""
        if word in self.vocab or len(word) < 4 or word.isdigit():
            return word
        hit = self._spell_cache.get(word, "")
        if hit == "":
            found = process.extractOne(
                word, self._vocab_list, scorer=fuzz.ratio, processor=None, score_cutoff=SPELLING_CUTOFF
            )
            hit = found[0] if found else None
            if len(self._spell_cache) < SPELL_CACHE_SIZE:
                self._spell_cache[word] = hit
        return hit or word

    def features(self, norm: str, *, learn: bool = False) -> dict[str, float]:
        out: dict[str, float] = {}
        prev_word: str | None = None  # for word bigrams; a Chinese run in between breaks the pair
        for segment, mult in self._segments(norm, out):
            for run in _RUN_RE.findall(segment):
                if CJK_RE.match(run):
                    prev_word = None
                    _cjk_features(run, mult, out)
                elif run not in self.normalizer.en_stopwords:
                    prev_word = self._latin_word(run, prev_word, mult, out, learn)
        return out

    def _segments(self, norm: str, out: dict[str, float]) -> list[tuple[str, float]]:
        """Domain terms are units: a feature each (added to `out`), and a boundary that Chinese
        bigrams do not cross. Returns the text cut at term edges, each piece with its weight
        multiplier (WEAK_WEIGHT inside a weak word)."""
        weak_words = self.normalizer.weak
        segments: list[tuple[str, float]] = []
        last = 0
        kw = FEATURE_WEIGHTS["k"]
        for a, b in self.normalizer.terms_in(norm):
            term = norm[a:b]
            mult = WEAK_WEIGHT if term in weak_words else 1.0
            if last < a:
                segments.append((norm[last:a], 1.0))
            segments.append((term, mult))
            _put(out, "k" + term, kw * mult * (1.0 if CJK_RE.search(term) else self.latin_scale))
            last = b
        if last < len(norm):
            segments.append((norm[last:], 1.0))
        return segments

    def _latin_word(
        self, word: str, prev_word: str | None, mult: float, out: dict[str, float], learn: bool
    ) -> str:
        """The stemmed (and, in a question, spelling-corrected) word, its bigram with the previous
        word and its character trigrams. Returns the word as the next one's predecessor."""
        fw = FEATURE_WEIGHTS
        latin = self.latin_scale
        get = out.get
        w, w_key, trigram_keys = self._word_keys(word, learn)
        weight = fw["w"] * mult * latin
        if weight > get(w_key, 0.0):
            out[w_key] = weight
        if prev_word is not None:
            _put(out, "v" + prev_word + " " + w, fw["v"] * mult * latin)
        if trigram_keys:
            tw = fw["t"] * mult * latin
            for key in trigram_keys:
                if tw > get(key, 0.0):
                    out[key] = tw
        return w

    def _word_keys(self, word: str, learn: bool) -> tuple[str, str, tuple[str, ...]]:
        """A word as read: (stemmed and corrected form, its word feature, its trigram features);
        remembered for questions (SPELL_CACHE_SIZE words), since the same words come back."""
        cache = self._learn_cache if learn else self._word_cache
        known = cache.get(word)
        if known is not None:
            return known  # (when learning, its word is in the vocabulary already)
        w = stem(word)
        if learn:
            self.vocab.add(w)
        else:
            w = self.correct(w)
        trigram_keys: tuple[str, ...] = ()
        if len(w) >= 4 and not w.isdigit():
            padded = f"#{w}#"
            trigram_keys = tuple(map("t".__add__, map(add, map(add, padded, padded[1:]), padded[2:])))
        keys = (w, "w" + w, trigram_keys)
        if learn or len(cache) < SPELL_CACHE_SIZE:
            cache[word] = keys
        return keys


def _put(out: dict[str, float], key: str, weight: float) -> None:
    if weight > out.get(key, 0.0):
        out[key] = weight


def _cjk_features(run: str, mult: float, out: dict[str, float]) -> None:
    """Single characters, character bigrams and folded pinyin bigrams of one run of CJK characters
    (each as `_put` would add it, in the same order)."""
    fw = FEATURE_WEIGHTS
    get = out.get
    uw = fw["u"] * mult
    for key in map("u".__add__, run):
        if uw > get(key, 0.0):
            out[key] = uw
    bw = fw["b"] * mult
    if len(run) == 1:
        if bw > get("b" + run, 0.0):
            out["b" + run] = bw  # a lone character still counts as a word
        return
    for key in map("b".__add__, map(add, run, run[1:])):
        if bw > get(key, 0.0):
            out[key] = bw
    pw = fw["p"] * mult
    py = [_PINYIN.get(ch) or char_pinyin(ch) for ch in run]
    # "p" + a + " " + b for each pair of neighbours, built by `map` (no Python call per pair)
    for key in map(add, map(_PINYIN_HEAD.__add__, map(add, py, repeat(" "))), py[1:]):
        if pw > get(key, 0.0):
            out[key] = pw


_PINYIN_HEAD = "p"
