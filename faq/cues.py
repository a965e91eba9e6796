"""Topic terms, question-intent words and elapsed days: score adjustments read from ``cues.yaml``.

A cue moves one entry's score (0–100 scale) when the words that decide a topic are in the
question, so that they can outweigh template words shared by many entries (see cues.yaml for the
format). ``NONE`` collects the cues of questions this assistant does not cover.

``elapsed_days`` reads how long ago something happened ("两周", "10天", "a month", "two weeks"):
within the guide's 15-day window the question is about the window (after-sales-window); beyond it,
about past-15-days.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .durations import zh_number
from .normalize import CJK_RE, Normalizer
from .wordtrie import AFTER_NON_WORD, WordSet
from .yamlfile import parse_yaml

DEFAULT_CUES_PATH = Path(__file__).with_name("cues.yaml")
NONE = "__none__"
# Not an entry either: the words of a question that names no topic ("我的订单有问题", "卖家的问题怎么办",
# "I have a problem with my order"). A question made only of them is vague (`CueSet.vague`).
GENERIC = "__generic__"
# Not an entry either: words that name a whole stage of a dispute (介入, 协商, 申诉, evidence …). Alone they
# say what the buyer is dealing with but not what they want to know, so the question is vague too (a bare
# "介入" could be about the button, the stages or the ruling's time).
BROAD = "__broad__"
# Longer questions are never vague (and are not read for it).
VAGUE_MAX_CHARS = 40
WINDOW_DAYS = 15
# Where a Latin cue word may start: after a character that is no word character, or at a Latin letter
# right after a Chinese one ("是pdf", "PDF的" hold the word pdf; "shipdf" does not, nor does
# "卖家72小时" hold the number 72).
CUE_BOUNDARY = AFTER_NON_WORD + r"|(?<=[\u3400-\u9fff])(?=[a-z])"
# Score moves for elapsed days (points of the 0–100 score).
ELAPSED_BOOST = 14.0
# Words that make a number of days about the time since receipt (not the seller's 72 hours or the
# appeal's 3 days).
_RECEIPT_RE = re.compile(
    r"收货|签收|收到|到货|交易成功|买|售后|还能|还可以|receipt|receiv|deliver|arriv|bought|purchas|order|after.sales|still|"
    r"transaction|complet|since"
)
# ... and only when the question asks whether it is still possible or how long ("used it for 4 days,
# is this something Taobao helps with?" tells the story, it does not ask about the window).
_ASKS_TIME_RE = re.compile(
    r"还能|还可以|还行|还在|期内|能不能|可不可以|可以|来得及|晚|期限|多久|超过|过了|"
    r"still|within|in time|too late|deadline|window|time limit|how long|"
    r"can i|could i|allowed|eligible|expired|past|more than|over|beyond"
)
# "超过15天" / "more than 15 days" is beyond the window although the number itself is inside it.
_BEYOND_RE = re.compile(r"超过|超出|过了|多于|以上|more than|over|beyond|past|longer than")
_EN_NUM = {
    "one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "twenty": 20, "thirty": 30, "few": 3, "couple": 2,
}  # fmt: skip
_ZH_DAYS_RE = re.compile(
    r"(\d+|[一两二三四五六七八九十半]+|十来|十几|二十几)\s*(?:个)?(天|日|周|星期|礼拜|月)"
)
_EN_DAYS_RE = re.compile(
    r"\b(\d+|one|an?|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|twenty|thirty|few|couple)\s+(?:of\s+)?(day|week|month)s?\b"
)


def elapsed_days(norm: str) -> float | None:
    """The largest number of days the question mentions (weeks and months converted), if any."""
    found: list[float] = []
    unit_days = {"天": 1, "日": 1, "周": 7, "星期": 7, "礼拜": 7, "月": 30, "day": 1, "week": 7, "month": 30}
    # Each regex only where its unit words can be (a substring test is much cheaper than findall).
    zh_units = any(u in norm for u in "天日周期拜月")
    for num, unit in _ZH_DAYS_RE.findall(norm) if zh_units else ():
        n = zh_number(num)
        if n is not None:
            found.append(n * unit_days[unit])
    en_units = "day" in norm or "week" in norm or "month" in norm
    for num, unit in _EN_DAYS_RE.findall(norm) if en_units else ():
        n = float(num) if num.isdigit() else float(_EN_NUM.get(num, 0))
        found.append(n * unit_days[unit])
    return max(found) if found else None


class _CueModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    any: list[str] | None = None
    all: list[list[str]] | None = None
    unless: list[str] = Field(default_factory=list)
    boost: float

    @model_validator(mode="after")
    def _one_form(self) -> _CueModel:
        if (self.any is None) == (self.all is None):
            raise ValueError("a cue has either `any` or `all`")
        groups = self.all if self.all is not None else [self.any or []]
        if not groups or not all(groups):
            raise ValueError("a cue needs at least one word in each group")
        return self


@dataclass(frozen=True)
class AnyOf:
    """ "One of these words occurs" (each word in the forms it is matched in)."""

    words: frozenset[str]
    latin: frozenset[str]  # the Latin-script ones: they only count at a word boundary


@dataclass(frozen=True)
class Cue:
    entry_id: str
    groups: tuple[AnyOf, ...]
    unless: AnyOf | None
    boost: float

    def fires(self, present: set[str]) -> bool:
        """`present`: the cue words found in the question (`CueSet.words_in`)."""
        if self.unless is not None and not self.unless.words.isdisjoint(present):
            return False
        return all(not group.words.isdisjoint(present) for group in self.groups)


def _any_of(words: list[str], normalizer: Normalizer) -> AnyOf:
    """The forms a cue word is matched in: as written and normalised ("=word": only as written,
    e.g. =我是卖家, whose normalised form 是卖家 would also match inside 但是卖家)."""
    forms: set[str] = set()
    for word in words:
        forms |= {word[1:].lower()} if word.startswith("=") else {word.lower(), normalizer.normalize(word)}
    forms.discard("")
    return AnyOf(frozenset(forms), frozenset(f for f in forms if not CJK_RE.search(f)))


class CueSet:
    """The cues of ``cues.yaml``, compiled against a normaliser."""

    def __init__(
        self, cues: list[Cue], generic: list[str] | None = None, broad: list[str] | None = None
    ) -> None:
        self.cues = cues
        self._generic_re = _generic_re(generic or [])
        self._broad = frozenset(w.replace(" ", "") for w in broad or [] if w)
        groups = [g for c in cues for g in (*c.groups, *([c.unless] if c.unless else []))]
        # Every cue word in one WordSet: a question is read once, whatever the number of cues.
        self._words = WordSet(
            (w for g in groups for w in g.words),
            bounded=(w for g in groups for w in g.latin),
            boundary=CUE_BOUNDARY,
        )
        # A cue can only fire when a word of its first group is present: word → those cues.
        self._by_word: dict[str, list[int]] = {}
        for i, cue in enumerate(cues):
            for word in cue.groups[0].words:
                self._by_word.setdefault(word, []).append(i)

    def words_in(self, text: str) -> set[str]:
        return self._words.present(text)

    @classmethod
    def from_data(cls, raw: dict[str, Any], normalizer: Normalizer) -> CueSet:
        cues: list[Cue] = []
        word_lists: dict[str, list[str]] = {GENERIC: [], BROAD: []}  # not entries: see GENERIC, BROAD
        for entry_id, items in (raw or {}).items():
            if entry_id in word_lists:
                word_lists[entry_id] = [normalizer.normalize(str(w)) or str(w).lower() for w in items]
                continue
            for item in items:
                model = _CueModel.model_validate(item)
                groups = model.all if model.all is not None else [model.any or []]
                cues.append(
                    Cue(
                        entry_id=str(entry_id),
                        groups=tuple(_any_of(g, normalizer) for g in groups),
                        unless=_any_of(model.unless, normalizer) if model.unless else None,
                        boost=model.boost,
                    )
                )
        return cls(cues, word_lists[GENERIC], word_lists[BROAD])

    @classmethod
    def load(cls, normalizer: Normalizer, path: str | Path | None = None) -> CueSet:
        return cls.from_data(_read(str(path or DEFAULT_CUES_PATH)), normalizer)

    def entry_ids(self) -> set[str]:
        return {c.entry_id for c in self.cues}

    def vague(self, norm: str) -> bool:
        """True for a (normalised) question made only of generic words, or of one broad word alone:
        it names no topic, or only a whole stage of the dispute, so it is not answered directly
        however well one entry's words cover it. (A broad word with an ask — "申诉怎么弄", "how do I
        appeal" — is not vague: the ask says what the buyer wants.)"""
        if not norm or len(norm) > VAGUE_MAX_CHARS:
            return False
        if norm.replace(" ", "") in self._broad:
            return True
        return self._generic_re is not None and not self._generic_re.sub("", norm).strip()

    def boosts(self, norm: str, basic: str = "") -> dict[str, float]:
        """Score moves for a question (normalised, and as typed after `Normalizer.basic`), by entry
        id (``NONE`` included)."""
        out: dict[str, float] = {}
        present = self.words_in(f"{norm}\n{basic}")
        by_word, cues = self._by_word, self.cues
        for i in sorted({i for word in present for i in by_word.get(word, ())}):  # in cues.yaml order
            cue = cues[i]
            if cue.fires(present):
                out[cue.entry_id] = out.get(cue.entry_id, 0.0) + cue.boost
        days = elapsed_days(norm)
        if days is not None and _RECEIPT_RE.search(norm) and _ASKS_TIME_RE.search(norm):
            inside, past = ("after-sales-window", "past-15-days")
            if days < WINDOW_DAYS or (days == WINDOW_DAYS and not _BEYOND_RE.search(norm)):
                out[inside] = out.get(inside, 0.0) + ELAPSED_BOOST
                out[past] = out.get(past, 0.0) - ELAPSED_BOOST
            else:
                out[past] = out.get(past, 0.0) + ELAPSED_BOOST
                out[inside] = out.get(inside, 0.0) - ELAPSED_BOOST
        return out


def _generic_re(words: list[str]) -> re.Pattern[str] | None:
    """One pattern for the generic words, longest first; Latin ones only as whole words."""
    forms = sorted({w for w in words if w}, key=lambda w: (-len(w), w))
    if not forms:
        return None
    alts = [re.escape(w) if CJK_RE.search(w) else rf"\b{re.escape(w)}\b" for w in forms]
    return re.compile("|".join(alts))


@functools.cache
def _read(path: str) -> dict[str, Any]:
    data = parse_yaml(Path(path).read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping of entry id -> list of cues")
    return data
