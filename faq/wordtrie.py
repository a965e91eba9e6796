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


def _class(chars: Iterable[str]) -> str:
    return "[" + "".join(re.escape(ch) for ch in sorted(chars)) + "]"


def _starts(anywhere: set[str], after_boundary: set[str], boundary: str) -> re.Pattern[str] | None:
    """Where a word can start, found by the regex engine instead of a Python loop over every
    character: a character of `anywhere`, or one of `after_boundary` not preceded by `boundary` (a
    lookbehind class). None = no word at all."""
    alts = []
    if after_boundary:
        alts.append(f"(?<!{boundary})" + _class(after_boundary))
    if anywhere:
        alts.append(_class(anywhere))
    return re.compile("|".join(alts)) if alts else None


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
    whatever the length of the list; only the positions where a word can start are visited (found by
    a small regex of first characters, the only thing compiled). A word that starts (ends) with a
    character of `boundary` only counts where the character before (after) it is not one of them:
    ``(?<![a-z0-9])`` and ``(?![a-z0-9])`` in regex terms, with boundary = a-z0-9."""

    def __init__(self, words: Iterable[str], boundary: str = "") -> None:
        self._root = _tree(w for w in set(words) if w)
        self._edge = frozenset(boundary)
        firsts = set(self._root)
        self._start_re = _starts(
            firsts - self._edge, firsts & self._edge, _class(self._edge) if boundary else ""
        )

    def spans(self, text: str, limit: int = -1) -> list[tuple[int, int]]:
        """(start, end) of each occurrence, left to right (the first `limit` ones if >= 0). At each
        position where a word can start the longest word that respects the boundaries, then on
        after it."""
        out: list[tuple[int, int]] = []
        if self._start_re is None or limit == 0:
            return out
        root, edge = self._root, self._edge
        n = len(text)
        after = 0  # end of the last occurrence: the next one starts there or later
        for start in self._start_re.finditer(text):
            i = start.start()
            if i < after:
                continue
            node: dict[str, dict] | None = root[text[i]]  # type: ignore[type-arg]  # recursive
            best, j = -1, i
            while node is not None:
                j += 1
                if _END in node and (text[j - 1] not in edge or j == n or text[j] not in edge):
                    best = j
                node = node.get(text[j]) if j < n else None
            if best >= 0:
                out.append((i, best))
                if len(out) == limit:
                    break
                after = best
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
    word character (``\\b`` before them).

    The bounded words (Latin ones, in practice) are found by one regex, a prefix tree in a lookahead
    after `boundary`: it gives the longest bounded word at each boundary, and every shorter bounded
    word there is a prefix of it (looked up). The other words are found by walking a prefix tree in
    Python from each position where one can start."""

    def __init__(
        self, words: Iterable[str], bounded: Iterable[str] = (), boundary: str = AFTER_NON_WORD
    ) -> None:
        unique = {w for w in words if w}
        self._bounded = frozenset(bounded)
        free = {w for w in unique if w not in self._bounded}
        tied = unique - free
        self._root = _tree(free)
        self._start_re = _starts(set(self._root), set(), "")
        self._tied_re = re.compile(f"(?:{boundary})(?=({word_trie(tied)}))") if tied else None
        # Each bounded word → the bounded words that are prefixes of it (itself included).
        self._prefixes = {w: frozenset(w[:k] for k in range(1, len(w) + 1) if w[:k] in tied) for w in tied}

    def present(self, text: str) -> set[str]:
        found: set[str] = set()
        if self._tied_re is not None:
            prefixes = self._prefixes
            for m in self._tied_re.finditer(text):
                found |= prefixes[m.group(1)]
        if self._start_re is None:
            return found
        root = self._root
        n = len(text)
        for start in self._start_re.finditer(text):
            i = start.start()
            node: dict[str, dict] | None = root[text[i]]  # type: ignore[type-arg]  # recursive
            j = i
            while node is not None:
                j += 1
                if _END in node:
                    found.add(text[i:j])
                node = node.get(text[j]) if j < n else None
        return found
