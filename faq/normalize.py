"""Text normalisation for the FAQ matcher.

Pipeline (`Normalizer.normalize`), applied identically to user questions and to knowledge-base strings:

1. NFKC — folds full-width letters, digits and punctuation to half-width (Ａ→A, ７→7, ？→?), and the
   ideographic space to a normal space;
2. Traditional → Simplified Chinese (users abroad often type Traditional): OpenCC's character and
   phrase tables (faq/traditional.py), then the few folds of ``variants`` in ``synonyms.yaml``
   (Simplified variants that OpenCC keeps apart but buyers use interchangeably: 帐号 / 账号);
3. lower-case; apostrophes are dropped (``don't`` → ``dont``); every other character that is not a
   letter or digit (punctuation, symbols, emoji, ``_``) becomes a space;
3b. regional and colloquial wording → standard Mandarin (``dialect`` in ``synonyms.yaml``: Cantonese
   唔 / 咗 / 喺边度, Taiwanese 甚么, Singlish "can or not"), one pass, longest first, so that the
   steps below — written for Mandarin — apply to them too;
4. synonym replacement from the data table ``synonyms.yaml`` — one pass, longest variant first,
   left to right; Latin variants only match whole words;
5. Chinese filler particles (的 了 吗 呢 …, Cantonese and Taiwanese 㗎 喎 喔 …) are removed, and a
   question particle at the very end ("能退不", "到了没"); whitespace is folded.

`Normalizer.pinyin` gives toneless pinyin syllables (faq/pinyin.py: pypinyin's readings), folded for the
usual homophone confusions (zh/z, ch/c, sh/s, n/l, -ng/-n), so that a typo such as 申述 for 申诉
(shen shu / shen su) or 介如 for 介入 still meets the right entry. Pinyin is looked up per character
from a cache (each character's default reading, the same on both sides), so the per-question cost is
a few dictionary lookups (pypinyin's own phrase segmentation costs ~150 µs a question).

`Normalizer.terms_in` finds the domain terms (``terms``, ``weak`` and every canonical form of
``replace``) that the matcher treats as units; `Normalizer.weak` is the set of template words.

`Normalizer.platform` tells whether a question is about another shopping platform: it names one of
``other_platforms`` and does not name Taobao/Tmall (``same_platform``).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .durations import days_written_out
from .pinyin import char_pinyin
from .traditional import to_simplified
from .wordtrie import WordScanner, word_trie
from .yamlfile import parse_yaml

DEFAULT_SYNONYMS_PATH = Path(__file__).with_name("synonyms.yaml")

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_RE = re.compile(f"[{_CJK}]")
_NON_WORD_RE = re.compile(r"[\W_]+")
_APOSTROPHES = str.maketrans("", "", "'\u2019\u2018`")
_SPACES_RE = re.compile(r"\s+")
_ASCII_ALNUM = re.compile(r"[a-z0-9]")
# Latin words and numbers only match whole: not inside a longer run of these characters.
_LATIN_EDGE = "abcdefghijklmnopqrstuvwxyz0123456789"


def has_cjk(text: str) -> bool:
    return CJK_RE.search(text) is not None


class SynonymTable(BaseModel):
    """The validated content of ``synonyms.yaml``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    replace: dict[str, list[str]] = Field(default_factory=dict)
    variants: dict[str, str] = Field(default_factory=dict)
    dialect: dict[str, list[str]] = Field(default_factory=dict)
    dialect_keep: list[str] = Field(default_factory=list)
    zh_fillers: list[str] = Field(default_factory=list)
    zh_trailing: list[str] = Field(default_factory=list)
    en_stopwords: list[str] = Field(default_factory=list)
    other_platforms: dict[str, list[str]] = Field(default_factory=dict)
    same_platform: dict[str, list[str]] = Field(default_factory=dict)
    platform_en: dict[str, str] = Field(default_factory=dict)
    bought_before: list[str] = Field(default_factory=list)
    bought_after: list[str] = Field(default_factory=list)
    terms: list[str] = Field(default_factory=list)
    weak: list[str] = Field(default_factory=list)

    @field_validator("variants", mode="before")
    @classmethod
    def _pairs(cls, value: Any) -> Any:
        # Written compactly in the YAML as space-separated pairs "帐账 …".
        if isinstance(value, str):
            out = {}
            for pair in value.split():
                if len(pair) != 2:
                    raise ValueError(f"variants: {pair!r} is not a pair of two characters")
                out[pair[0]] = pair[1]
            return out
        return value

    @field_validator("replace", "dialect", "other_platforms", "same_platform")
    @classmethod
    def _non_empty(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for key, variants in value.items():
            if not str(key).strip() or any(not str(v).strip() for v in variants):
                raise ValueError(f"{key!r}: empty string")
        return value


def load_synonyms(path: str | Path | None = None) -> SynonymTable:
    p = Path(path) if path is not None else DEFAULT_SYNONYMS_PATH
    raw = parse_yaml(p.read_text(encoding="utf-8")) or {}
    # YAML turns bare numbers into ints (e.g. a key 1688); the table is text.
    for section in ("replace", "dialect", "other_platforms", "same_platform"):
        if isinstance(raw.get(section), dict):
            raw[section] = {str(k): [str(v) for v in (vs or [])] for k, vs in raw[section].items()}
    for section in ("terms", "weak", "dialect_keep", "bought_before", "bought_after"):
        if isinstance(raw.get(section), list):
            raw[section] = [str(v) for v in raw[section]]
    try:
        return SynonymTable.model_validate(raw)
    except ValidationError as exc:
        raise ValueError(f"{p}: {exc}") from None


def _lead(first: str) -> str:
    return r"(?<![a-z0-9])" if _ASCII_ALNUM.match(first) else ""


def _tail(last: str) -> str:
    return r"(?![a-z0-9])" if _ASCII_ALNUM.match(last) else ""


def _bought_re(
    names: list[str], before: list[str], after: list[str], basic: Callable[[str], str]
) -> re.Pattern[str] | None:
    """A platform name in a purchase phrase: a word of `before` right in front of it (在京东, on jd)
    or a word of `after` right behind it (京东买的, 京东上买, jd order), a space allowed between."""
    if not names:
        return None
    name = f"(?:{_alternation(names)})"
    parts = []
    if pre := [b for w in before if (b := basic(w))]:
        parts.append(f"(?:{_alternation(pre)}) ?{name}")
    if post := [b for w in after if (b := basic(w))]:
        parts.append(f"{name} ?(?:{_alternation(post)})")
    return re.compile("|".join(parts)) if parts else None


def _alternation(words: list[str]) -> str:
    """Regex alternation, longest first; Latin/digit edges only match at word boundaries. Built as a
    prefix tree (faq/wordtrie.py): the same matches, several times faster on long lists."""
    return word_trie(words, _lead, _tail)


# --- the normaliser -----------------------------------------------------------------------------


@dataclass
class Normalizer:
    table: SynonymTable

    def __post_init__(self) -> None:
        t = self.table
        self._simplified = to_simplified().convert
        self._variants = str.maketrans(dict(t.variants))
        # The last two texts read by `basic` and their basic forms: (text, basic, text, basic).
        self._last_basic: tuple[str, str, str, str] = ("", "", "", "")
        self._dialect_map = self._variant_map(t.dialect.items(), self._script)
        self._dialect_map |= {w: w for w in map(self._script, t.dialect_keep) if w}
        self._dialect = WordScanner(self._dialect_map, _LATIN_EDGE)
        self.en_stopwords = frozenset(self.basic(w) for w in t.en_stopwords)
        self._syn_map = self._synonym_map()
        self._syn = WordScanner(self._syn_map, _LATIN_EDGE)
        fillers = [f for f in (self.basic(f) for f in t.zh_fillers) if f]
        self._filler_re = re.compile(_alternation(fillers)) if fillers else None
        trailing = [f for f in (self.basic(f) for f in t.zh_trailing) if f]
        self._trailing_re = re.compile(f"(?:{_alternation(trailing)})$") if trailing else None
        # Terms: the domain vocabulary plus every canonical form (see `terms` in synonyms.yaml).
        self.weak = frozenset(w for w in (self.basic(x) for x in t.weak) if w)
        terms = {self.basic(x) for x in t.terms} | set(self._syn_map.values()) | self.weak
        self.terms = frozenset(x for x in terms if x)
        self._terms = WordScanner(self.terms, _LATIN_EDGE)
        same = [b for k, vs in t.same_platform.items() for v in [k, *vs] if (b := self.basic(v))]
        self._same_re = re.compile(_alternation(same)) if same else None
        # other_platforms: display label → variants; a question names the platform by a variant.
        self._platform_names = {
            nv: label for label, vs in t.other_platforms.items() for v in vs if (nv := self.basic(v))
        }
        self._platforms = WordScanner(self._platform_names, _LATIN_EDGE)
        # "在京东买的", "bought it on jd", "jd order": the platform where the goods were bought.
        self._bought_other = _bought_re(
            list(self._platform_names), t.bought_before, t.bought_after, self.basic
        )
        self._bought_same = _bought_re(same, t.bought_before, t.bought_after, self.basic)

    def _synonym_map(self) -> dict[str, str]:
        t = self.table
        return self._variant_map([*t.replace.items(), *t.same_platform.items()], self.basic)

    @staticmethod
    def _variant_map(table: Iterable[tuple[str, list[str]]], prepare: Callable[[str], str]) -> dict[str, str]:
        """Variant → canonical form; both are prepared with the steps of the text they will meet. A
        variant claimed by two canonical forms is an error."""
        mapping: dict[str, str] = {}
        for canonical, variants in table:
            canon = prepare(canonical)
            for v in variants:
                nv = prepare(v)
                if not nv or nv == canon:
                    continue
                if nv in mapping and mapping[nv] != canon:
                    raise ValueError(f"synonyms: {v!r} maps to both {mapping[nv]!r} and {canon!r}")
                mapping[nv] = canon
        return mapping

    @classmethod
    def default(cls) -> Normalizer:
        return _default_normalizer()

    def basic(self, text: str) -> str:
        """NFKC, Traditional→Simplified, lower-case, punctuation → space, regional wording →
        Mandarin (`dialect`)."""
        # One question asks for its text's basic form up to three times, with its question clause's
        # in between (faq/matcher.py): the last two are remembered.
        last = self._last_basic
        if last[0] == text:
            return last[1]
        if last[2] == text:
            return last[3]
        out = self._script(text)
        if self._dialect_map:
            out = self._dialect.sub(self._dialect_map.__getitem__, out)
        self._last_basic = (text, out, last[0], last[1])  # one assignment: safe to read from another thread
        return out

    def _script(self, text: str) -> str:
        """NFKC, Traditional→Simplified, lower-case, punctuation → space (`basic` before `dialect`)."""
        out = self._simplified(unicodedata.normalize("NFKC", text)).translate(self._variants)
        out = out.lower().translate(_APOSTROPHES)
        return _NON_WORD_RE.sub(" ", out).strip()

    def simplified(self, text: str) -> str:
        """`text` with Traditional characters and words in Simplified (faq/traditional.py), else as is."""
        return self._simplified(text)

    def normalize(self, text: str) -> str:
        """`basic`, then synonyms (longest first), spans of time as days (faq/durations.py), then
        Chinese fillers removed."""
        text = self.basic(text)
        text = self._syn.sub(self._syn_map.__getitem__, text)
        text = days_written_out(text)
        if self._filler_re is not None:
            text = self._filler_re.sub("", text)
        text = _SPACES_RE.sub(" ", text).strip()
        if self._trailing_re is not None and len(text) > 2 and CJK_RE.match(text[-1]):
            text = self._trailing_re.sub("", text).rstrip()
        return text

    def platform(self, text: str, *, is_basic: bool = False) -> str | None:
        """The other shopping platform a question is about (e.g. "京东"), or None.

        A question that names another platform *and* Taobao/Tmall ("在淘宝买的，拿去得物鉴定…") is
        treated as a Taobao question — unless it says the goods were bought on the other platform and
        not on Taobao ("我在京东买的，淘宝能管吗"); one that names only another platform is not."""
        text = text if is_basic else self.basic(text)
        found = self._platforms.first(text)
        if found is None:
            return None
        if self._same_re is not None and self._same_re.search(text):
            bought_elsewhere = self._bought_other is not None and self._bought_other.search(text)
            if not bought_elsewhere or (self._bought_same is not None and self._bought_same.search(text)):
                return None
        return self._platform_names[found]

    def platform_name(self, name: str, lang: str) -> str:
        """A platform's name in a language: "京东" is "JD.com" in English (``platform_en``)."""
        return self.table.platform_en.get(name, name) if lang == "en" else name

    def terms_in(self, norm: str) -> list[tuple[int, int]]:
        """Spans (start, end) of domain terms in a normalised text, longest match first."""
        return self._terms.spans(norm)

    @staticmethod
    def pinyin(text: str) -> list[str]:
        """Folded toneless pinyin syllables of the CJK characters of `text`, in order."""
        return [char_pinyin(ch) for ch in text if CJK_RE.match(ch)]


@functools.cache
def _default_normalizer() -> Normalizer:
    return Normalizer(load_synonyms())


def normalize(text: str) -> str:
    """Normalise with the shipped synonym table."""
    return _default_normalizer().normalize(text)


def pinyin_keys(text: str) -> list[str]:
    return Normalizer.pinyin(text)
