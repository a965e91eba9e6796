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
    """Leftmost-longest, non-overlapping occurrences of a word list — the matches of the alternation
    sorted longest first — found by walking a prefix tree in Python: each position follows one path,
    whatever the length of the list, and nothing is compiled. A word that starts (ends) with a
    character of `boundary` only counts where the character before (after) it is not one of them:
    ``(?<![a-z0-9])`` and ``(?![a-z0-9])`` in regex terms, with boundary = a-z0-9."""

    def __init__(self, words: Iterable[str], boundary: str = "") -> None:
        self._root = _tree(w for w in set(words) if w)
        self._edge = frozenset(boundary)

    def spans(self, text: str, limit: int = -1) -> list[tuple[int, int]]:
        """(start, end) of each occurrence, left to right (the first `limit` ones if >= 0). At each
        position the longest word that respects the boundaries, then on after it."""
        out: list[tuple[int, int]] = []
        root, edge = self._root, self._edge
        i, n = 0, len(text)
        while i < n and len(out) != limit:
            ch = text[i]
            node = root.get(ch)
            if node is None or (ch in edge and i > 0 and text[i - 1] in edge):
                i += 1
                continue
            best, j = -1, i
            while node is not None:
                j += 1
                if _END in node and (text[j - 1] not in edge or j == n or text[j] not in edge):
                    best = j
                node = node.get(text[j]) if j < n else None
            if best < 0:
                i += 1
            else:
                out.append((i, best))
                i = best
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


class WordSet:
    """Which of many words occur anywhere in a text, overlapping ones included — what ``search``
    with one regex per word would say, in a single walk of a prefix tree. Words in `bounded` only
    count at a word boundary (``\\b`` before them: the text starts there or the character before is
    not a word character)."""

    def __init__(self, words: Iterable[str], bounded: Iterable[str] = ()) -> None:
        self._root = _tree(w for w in set(words) if w)
        self._bounded = frozenset(bounded)

    def present(self, text: str) -> set[str]:
        found: set[str] = set()
        root, bounded = self._root, self._bounded
        n = len(text)
        for i, ch in enumerate(text):
            node = root.get(ch)
            if node is None:
                continue
            j = i
            while node is not None:
                j += 1
                if _END in node:
                    word = text[i:j]
                    if word not in bounded or i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_"):
                        found.add(word)
                node = node.get(text[j]) if j < n else None
        return found
