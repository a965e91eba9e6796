"""Homophone typos of domain words: 价货 → 假货, 退宽 → 退款, 金退款 → 仅退款, 据绝 → 拒绝.

Chinese typed with a pinyin IME goes wrong by picking another character with the same sound. The
fuzzy matcher already reads folded pinyin bigrams (faq/features.py), but at half weight and not in
the cues, so a misspelt topic word ("买到价货了咋办") loses to its template words. Here a misspelt
domain word is put back before matching:

* the targets are the domain terms of two to four Chinese characters (synonyms.yaml `terms` and
  canonical forms, `Normalizer.terms`); a folded pinyin key (faq/pinyin.py) shared by two terms
  (买家/卖家, 复核/符合, 申诉/胜诉) is ambiguous and never corrected;
* a span is only looked at when it holds a character bigram the knowledge base never uses (a real
  word of the knowledge base is never "corrected") and has no numeral (五六天 is not 物流天); no
  character to be changed may form a known bigram with its neighbour outside the span (这个是 is not
  这格式); and the span is not itself a common word with the same sound (一半/一般, 可疑/可以: the
  `protected` list of typos.yaml, made from pypinyin's phrase dictionary by ``python -m faq.typos``).
  Question-template words (synonyms.yaml `weak`) are not targets.

Per question: a set lookup per bigram; only the spans around an unknown bigram are keyed (a few
dictionary lookups each).
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Iterable
from itertools import pairwise
from operator import add
from pathlib import Path

from .normalize import CJK_RE, Normalizer
from .pinyin import char_pinyin
from .yamlfile import parse_yaml

DEFAULT_TYPOS_PATH = Path(__file__).with_name("typos.yaml")
MIN_TERM = 2
MAX_TERM = 4
# Everyday words the phrase dictionary lacks (手里 is not 受理, 赠品 is not 正品).
EXTRA_PROTECTED = ("手里", "理石", "赠品", "重要")
_CJK_MIN = "\u3400"  # below it, no character is Chinese (a cheap first test before CJK_RE)
NUMERALS = frozenset("零一二三四五六七八九十百千万两半几")
FOLDED_CACHE_SIZE = 50_000


class _FoldedPinyin(dict[str, str | None]):
    """Character → folded pinyin, None for what a typo fix never changes (not Chinese, a numeral);
    filled as characters are met (up to FOLDED_CACHE_SIZE of them)."""

    def __missing__(self, ch: str) -> str | None:
        py = None if ch < _CJK_MIN or ch in NUMERALS or not CJK_RE.match(ch) else char_pinyin(ch)
        if len(self) < FOLDED_CACHE_SIZE:
            self[ch] = py
        return py


_FOLDED = _FoldedPinyin()


def _key(word: str) -> tuple[str, ...]:
    return tuple(char_pinyin(ch) for ch in word)


def _targets(normalizer: Normalizer) -> set[str]:
    """Domain terms, not the question-template words (现在, 一般, 可以: a typo there changes nothing,
    and their homophones are everyday words)."""
    return set(normalizer.terms - normalizer.weak)


def _cjk_terms(terms: Iterable[str]) -> list[str]:
    return sorted(t for t in terms if MIN_TERM <= len(t) <= MAX_TERM and all(CJK_RE.match(c) for c in t))


class HomophoneFixer:
    """`fix(norm)`: a normalised question with misspelt domain terms put back."""

    def __init__(
        self, terms: Iterable[str], known_texts: Iterable[str], protected: Iterable[str] = ()
    ) -> None:
        by_key: dict[tuple[str, ...], set[str]] = {}
        for term in _cjk_terms(terms):
            by_key.setdefault(_key(term), set()).add(term)
        self._by_key = {k: next(iter(v)) for k, v in by_key.items() if len(v) == 1}
        self._heads = frozenset(k[:2] for k in self._by_key)
        known: set[str] = set()
        for text in [*known_texts, *(t for v in by_key.values() for t in v)]:
            known.update(text[i : i + 2] for i in range(len(text) - 1))
        self._known = frozenset(known)
        self._protected = frozenset(protected)

    @classmethod
    def for_normalizer(cls, normalizer: Normalizer, known_texts: Iterable[str]) -> HomophoneFixer:
        return cls(_targets(normalizer), known_texts, load_protected())

    def fix(self, norm: str) -> str:
        known = self._known
        # Bigrams the knowledge base never uses, both characters Chinese (most bigrams are known).
        unknown = [
            i
            for i, pair in enumerate(map(add, norm, norm[1:]))
            if pair not in known and pair[0] >= _CJK_MIN and pair[1] >= _CJK_MIN
        ]
        if not unknown:
            return norm
        # Folded pinyin of each Chinese character that may be changed (None: not Chinese, a numeral),
        # and whether each pair of neighbours starts some term's key.
        py: list[str | None] = list(map(_FOLDED.__getitem__, norm))
        heads = self._heads
        starts_key = [pair in heads for pair in pairwise(py)]
        out = norm
        done_to = -1  # spans never overlap a replacement already made
        for i in unknown:
            if i < done_to or py[i] is None or py[i + 1] is None:
                continue
            found = self._span_at(out, py, starts_key, i, done_to)
            if found is not None:
                start, end, term = found
                out = out[:start] + term + out[end:]
                done_to = end
        return out

    def _span_at(
        self, text: str, py: list[str | None], starts_key: list[bool], i: int, floor: int
    ) -> tuple[int, int, str] | None:
        """The longest span (MAX_TERM..2 characters) holding the bigram at `i` that is a homophone of
        exactly one domain term."""
        for length in range(MAX_TERM, MIN_TERM - 1, -1):
            for start in range(max(floor, 0, i + 2 - length), i + 1):
                end = start + length
                if end > len(text):
                    break
                if not starts_key[start]:
                    continue
                term = self._by_key.get(tuple(py[start:end]))  # type: ignore[arg-type]
                if term is None or term == text[start:end] or text[start:end] in self._protected:
                    continue
                if self._fits(text, start, end, term):
                    return start, end, term
        return None

    def _fits(self, text: str, start: int, end: int, term: str) -> bool:
        """A character to be changed must not form a known bigram with its neighbour outside the span
        (想知道 is not 限制道: 知道 is a word; 这个是 is not 这格式: 这个 is)."""
        known = self._known
        if text[start] != term[0] and start > 0 and text[start - 1 : start + 1] in known:
            return False
        return not (text[end - 1] != term[-1] and end < len(text) and text[end - 1 : end + 1] in known)


def load_protected(path: str | Path | None = None) -> list[str]:
    return list(_read(str(path or DEFAULT_TYPOS_PATH)))


@functools.cache
def _read(path: str) -> tuple[str, ...]:
    data = parse_yaml(Path(path).read_text(encoding="utf-8")) or {}
    return tuple(str(w) for w in (data.get("protected") or []))


def generate_protected(normalizer: Normalizer) -> list[str]:
    """Common words (pypinyin's phrase dictionary) that sound like a domain term but are not one."""
    from pypinyin.phrases_dict import phrases_dict  # ~1 s to load: only here, never when matching

    terms = set(_cjk_terms(_targets(normalizer)))
    keys = {_key(t) for t in terms}
    words = {w for w in [*phrases_dict, *EXTRA_PROTECTED] if MIN_TERM <= len(w) <= MAX_TERM}
    return sorted(w for w in words if all(CJK_RE.match(c) for c in w) and w not in terms and _key(w) in keys)


_HEADER = """\
# Common words that sound like a domain term (same folded pinyin, faq/pinyin.py) but are not one:
# faq/typos.py never "corrects" them (一般 stays 一般, not 一半). Generated from pypinyin's phrase
# dictionary by `python -m faq.typos > faq/typos.yaml`; regenerate after adding terms.
protected:
"""


def main() -> int:
    words = generate_protected(Normalizer.default())
    sys.stdout.write(_HEADER + "".join(f"  - {w}\n" for w in words))
    return 0


if __name__ == "__main__":
    sys.exit(main())
