"""Regular expressions for long word lists, built as a prefix tree.

Python's ``re`` tries the alternatives of ``a|b|c|…`` one by one at every position of the text, so
a list of 600 synonyms costs 600 attempts per character. Written as a prefix tree
(``退(?:款|货(?:退款)?)``) it costs one attempt per distinct first character and then follows a single
path. At one position the words that can match all lie on that path, and longer branches are tried
before a word ends, so the match found is the longest word that matches there, with its edge
assertions — the same match as the alternation sorted longest first (tests/faq/test_normalize.py
checks this on random text).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

_END = ""


def _tree(words: Iterable[str]) -> dict[str, dict]:  # type: ignore[type-arg]  # recursive
    root: dict[str, dict] = {}  # type: ignore[type-arg]
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[_END] = {}
    return root


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


class WordScanner:
    """Leftmost-longest, non-overlapping occurrences of a word list, as ``re.finditer`` would find
    them with `word_trie` — but each position tries only the words starting with its character
    (one small prefix tree per first character), so the cost no longer grows with the list."""

    def __init__(
        self,
        words: Iterable[str],
        lead: Callable[[str], str] = lambda first: "",
        tail: Callable[[str], str] = lambda last: "",
    ) -> None:
        by_first: dict[str, list[str]] = {}
        for w in set(words):
            if w:
                by_first.setdefault(w[0], []).append(w)
        self._at: dict[str, re.Pattern[str]] = {
            ch: re.compile(word_trie(ws, lead, tail)) for ch, ws in by_first.items()
        }

    def spans(self, text: str, limit: int = -1) -> list[tuple[int, int]]:
        """(start, end) of each occurrence, left to right (the first `limit` ones if >= 0)."""
        out: list[tuple[int, int]] = []
        at = self._at
        i, n = 0, len(text)
        while i < n and len(out) != limit:
            rx = at.get(text[i])
            m = rx.match(text, i) if rx is not None else None
            if m is None:
                i += 1
            else:
                out.append((i, m.end()))
                i = m.end()
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
