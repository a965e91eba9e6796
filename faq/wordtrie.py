"""Long word lists in text: regular expressions built as a prefix tree, and word scanners.

Python's ``re`` tries the alternatives of ``a|b|c|…`` one by one at every position of the text, so
a list of 600 synonyms costs 600 attempts per character. Written as a prefix tree
(``退(?:款|货(?:退款)?)``) it costs one attempt per distinct first character and then follows a single
path. At one position the words that can match all lie on that path, and longer branches are tried
before a word ends, so the match found is the longest word that matches there, with its edge
assertions — the same match as the alternation sorted longest first (tests/faq/test_normalize.py
checks this on random text).

Where a list is read in every question (synonyms, dialect wording, terms, platforms, Traditional
phrases, cue words) even that is slow: the regex engine still tries the first characters one by one
wherever a word can start, and a walk of the tree in Python costs a few steps per character. So
`WordScanner` and `WordSet` find every occurrence with an Aho-Corasick automaton (ahocorasick-rs, a
binding of Rust's aho-corasick: one pass over the text whatever the number of words) and sort out
the few occurrences in Python; tests/faq/test_speed_structure.py checks both against the regular
expressions on random text. Measured with the old and the new code in one process answering the
dev-set questions alternately (each question's median CPU time over 5 passes): the whole matcher
-8 % at the median, -11 % at p99 (the walk in Python before; pyahocorasick, also tried, reads
these texts ~15x slower than ahocorasick-rs and gained half as much).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from ahocorasick_rs import AhoCorasick

_END = ""


def _tree(words: Iterable[str]) -> dict[str, dict]:  # type: ignore[type-arg]  # recursive
    root: dict[str, dict] = {}  # type: ignore[type-arg]
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[_END] = {}
    return root


def _class(chars: Iterable[str]) -> str:
    return "[" + "".join(re.escape(ch) for ch in sorted(chars)) + "]"


def _emit(node: dict[str, dict], last: str, tail: Callable[[str], str]) -> str:  # type: ignore[type-arg]
    """The pattern of a subtree; `last` is the character leading to it (for the tail assertion)."""
    alts = [re.escape(ch) + _emit(node[ch], ch, tail) for ch in sorted(node) if ch != _END]
    if _END in node:
        alts.append(tail(last))  # a word ends here: after every longer continuation
    if len(alts) == 1:
        return alts[0]
    return "(?:" + "|".join(alts) + ")"


def word_trie(
    words: Iterable[str],
    lead: Callable[[str], str] = lambda first: "",
    tail: Callable[[str], str] = lambda last: "",
) -> str:
    """An alternation of `words` (longest match first at a position) as a prefix tree. `lead(c)`
    is an assertion put before the words starting with character c, `tail(c)` one after the words
    ending with character c (for example word boundaries for Latin letters)."""
    root = _tree(w for w in set(words) if w)
    return "|".join(lead(ch) + re.escape(ch) + _emit(root[ch], ch, tail) for ch in sorted(root))


def _automaton(words: Iterable[str]) -> tuple[AhoCorasick | None, list[str]]:
    """An Aho-Corasick automaton of `words` (None for no words) and the words in its order."""
    ordered = sorted({w for w in words if w})
    return (AhoCorasick(ordered) if ordered else None), ordered


class WordScanner:
    """Leftmost-longest, non-overlapping occurrences of a word list — the matches of the alternation
    sorted longest first. Every occurrence is found by an Aho-Corasick automaton (ahocorasick-rs, one
    pass); then, from left to right, each position where a word starts gives its longest one
    that respects the boundaries, and the scan goes on after it. A word that starts (ends) with a
    character of `boundary` only counts where the character before (after) it is not one of them:
    ``(?<![a-z0-9])`` and ``(?![a-z0-9])`` in regex terms, with boundary = a-z0-9."""

    def __init__(self, words: Iterable[str], boundary: str = "") -> None:
        self._automaton = _automaton(words)[0]
        self._edge = frozenset(boundary)

    def spans(self, text: str, limit: int = -1) -> list[tuple[int, int]]:
        """(start, end) of each occurrence, left to right (the first `limit` ones if >= 0)."""
        out: list[tuple[int, int]] = []
        if self._automaton is None or limit == 0:
            return out
        edge = self._edge
        n = len(text)
        longest: dict[int, int] = {}  # start → end of the longest word there within the boundaries
        for _word, start, end in self._automaton.find_matches_as_indexes(text, overlapping=True):
            if edge and (
                (start > 0 and text[start] in edge and text[start - 1] in edge)
                or (end < n and text[end - 1] in edge and text[end] in edge)
            ):
                continue
            if end > longest.get(start, -1):
                longest[start] = end
        after = 0  # end of the last occurrence: the next one starts there or later
        for start in sorted(longest):
            if start >= after:
                after = longest[start]
                out.append((start, after))
                if len(out) == limit:
                    break
        return out

    def first(self, text: str) -> str | None:
        """The leftmost occurrence, as ``re.search`` would find it."""
        found = self.spans(text, 1)
        return text[found[0][0] : found[0][1]] if found else None

    def sub(self, replace: Callable[[str], str], text: str) -> str:
        """`text` with every occurrence replaced by `replace(word)`."""
        spans = self.spans(text)
        if not spans:
            return text
        parts: list[str] = []
        last = 0
        for a, b in spans:
            parts.append(text[last:a])
            parts.append(replace(text[a:b]))
            last = b
        parts.append(text[last:])
        return "".join(parts)


# Where a bounded word may start by default: \b before a word character.
AFTER_NON_WORD = r"(?<!\w)"


class WordSet:
    """Which of many words occur anywhere in a text, overlapping ones included — what ``search``
    with one regex per word would say. Words in `bounded` only count where `boundary` (a zero-width
    regex) matches before them: by default where the text starts or the character before is not a
    word character (``\\b`` before them). Every occurrence is found by an Aho-Corasick automaton;
    a bounded word's is then checked by matching `boundary` where it starts."""

    def __init__(
        self, words: Iterable[str], bounded: Iterable[str] = (), boundary: str = AFTER_NON_WORD
    ) -> None:
        self._automaton, self._words = _automaton(words)
        tied = frozenset(bounded)
        self._bounded = [w in tied for w in self._words]
        self._boundary = re.compile(boundary)

    def present(self, text: str) -> set[str]:
        found: set[str] = set()
        if self._automaton is None:
            return found
        words, bounded, at_boundary = self._words, self._bounded, self._boundary.match
        for i, start, _end in self._automaton.find_matches_as_indexes(text, overlapping=True):
            if not bounded[i] or at_boundary(text, start):
                found.add(words[i])
        return found
