"""Folded toneless pinyin of single Chinese characters, for homophone typos (申述/申诉, 介如/介入).

Each character gets its default reading (the first in pypinyin's character table), tones removed,
ü written v — what ``pypinyin.lazy_pinyin(ch)[0]`` returns for one character — then folded for the
usual confusions (zh/z, ch/c, sh/s, n/l, -ng/-n). The table is read straight from pypinyin's data
file ``pinyin_dict.json`` (~0.1 s) instead of importing pypinyin, whose phrase dictionary costs about
ten times that at every start; tests/faq/test_normalize.py checks the two agree. Without that file
(another pypinyin layout) pypinyin itself is used.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import unicodedata
from pathlib import Path

# Character → folded pinyin, filled as characters are met (faq/features.py reads it directly).
CACHE: dict[str, str] = {}
_V = str.maketrans({"ü": "v", "ǖ": "v", "ǘ": "v", "ǚ": "v", "ǜ": "v"})


def fold_syllable(s: str) -> str:
    if s[:2] in ("zh", "ch", "sh"):
        s = s[0] + s[2:]
    elif s[:1] == "n":
        s = "l" + s[1:]
    if s.endswith(("ang", "eng", "ing")):
        s = s[:-1]
    return s


def toneless(reading: str) -> str:
    """ "lǜ" → "lv", "zhōng" → "zhong"."""
    decomposed = unicodedata.normalize("NFD", reading.translate(_V))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@functools.cache
def _table() -> dict[str, str] | None:
    """Code point (as text) → readings ("zhōng,zhòng"), or None when the data file is not there."""
    spec = importlib.util.find_spec("pypinyin")
    for location in (spec.submodule_search_locations or []) if spec else []:
        path = Path(location) / "pinyin_dict.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict):
            return data
    return None


def plain_pinyin(ch: str) -> str:
    """Toneless default reading of one character; the character itself when it has none."""
    table = _table()
    if table is None:
        from pypinyin import lazy_pinyin

        return str(lazy_pinyin(ch)[0])
    readings = table.get(str(ord(ch)))
    return toneless(readings.split(",")[0]) if readings else ch


def char_pinyin(ch: str) -> str:
    """Folded toneless pinyin of one CJK character (cached)."""
    py = CACHE.get(ch)
    if py is None:
        py = CACHE[ch] = fold_syllable(plain_pinyin(ch))
    return py
