"""Dates and times as users type them, read in Beijing time. Pure: ``now`` is always a parameter.

Accepted (after NFKC, so full-width digits and colons work — ２０：３０ — and Chinese numerals → digits):

* absolute: ``2026-11-20 14:30``, ``2026-11-20T14:30``, ``2026-11-20T06:30:00Z`` (ISO, any offset),
  ``2026/11/20``, ``2026.11.20``, ``2026年11月20日``, ``去年12月20日``, ``今年3月1号``
* month and day: ``11月20日`` / ``11月20号`` / ``十一月二十日``, ``11-20``, ``11.20``, ``11/20`` and
  ``20/11`` (see *day/month order*), ``Nov 20``, ``20 Nov``, ``November 20th, 2025``, ``20/11/2026``
* day of month: ``20号``, ``上个月20号``, ``这个月3号``
* weekdays: ``周三`` / ``星期三`` / ``wednesday`` (the most recent, today included), ``上周五`` (Friday
  of last calendar week, weeks start on Monday), ``last Friday`` (the most recent Friday before today)
* relative: ``今天`` / ``昨天`` / ``前天`` / ``大前天`` / ``today`` / ``yesterday``, ``刚才``, ``现在``,
  ``半小时前``, ``20分钟前``, ``5小时前``, ``3天前``, ``2周前``, ``2 days ago``, ``two days ago``,
  ``an hour ago``
* each day expression optionally with a time: ``昨晚8点``, ``下午3点半``, ``晚上8点20``, ``3pm``,
  ``3:30 pm``, ``20:30``; a bare time means today at that time.

Refused, with a reason (:attr:`DateError.reason`):

* ``future`` — the moment has not come yet (``明天``, ``下周一``, ``2027-01-01``, ``今天 23:00`` at noon);
  :attr:`DateError.at` says which moment, so the bot can say "12月1日 还没到";
* ``too_early`` — before :data:`EARLIEST` (1 January 2000): Taobao did not exist, and years such as
  0001 overflow date arithmetic;
* ``no_such_day`` — ``2月30日``, ``13月5日``, ``2026-02-29``;
* ``bad_time`` — a day with an impossible time (``昨天 25:00``, ``下午15点``);
* ``invalid`` — anything else (``不知道``, ``20261120``).

Year guessing: a date typed without a year is the most recent such date that is not in the future.
When that lands more than :data:`CONFIRM_AFTER` back (``12月20日`` typed on 1 December), the reading
is flagged :attr:`Reading.confirm` and the bot asks "是 2025年12月20日 吗？" before using it.

Day/month order: ``11/20`` is month/day (the Chinese order); when that reading does not exist
(``20/11``) the other one is taken. When both exist and differ (``5/11``), an English user is asked
which one (:attr:`Reading.candidates` holds both); a Chinese user gets month/day, said back with its
weekday. Dashes and dots (``11-20``, ``11.20``) are always month/day.

The result is :class:`When`: an aware UTC datetime plus ``has_time``. A date without a time is
Beijing midnight of that day (``has_time=False``) and is shown without a time.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from flows.clock import BEIJING

#: Allowance for clocks that disagree a little (a user typing "now" as 20:31 at 20:30:10).
FUTURE_TOLERANCE = timedelta(minutes=5)

#: Nothing of a Taobao dispute happened before this day; earlier dates are refused.
EARLIEST = date(2000, 1, 1)

#: A guessed year that puts the date further back than this is asked about before it is used.
CONFIRM_AFTER = timedelta(days=60)

#: Why a text was refused (:attr:`DateError.reason`).
REASONS = ("invalid", "future", "too_early", "no_such_day", "bad_time")

_EN_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_EN_MONTH_ABBR = ("", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_ZH_WEEKDAYS = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
_EN_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_EN_WEEKDAY_WORDS = {
    "mon": 0,
    "tue": 1,
    "wed": 2,
    "thu": 3,
    "fri": 4,
    "sat": 5,
    "sun": 6,
}

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_NUMBER = re.compile(r"[零〇一二两三四五六七八九十]+")

# Relative day words → (days back, period word implied or None); negative = days ahead.
_DAY_WORDS: dict[str, tuple[int, str | None]] = {
    "大前天": (3, None),
    "前天": (2, None),
    "昨天": (1, None),
    "昨日": (1, None),
    "昨晚": (1, "晚上"),
    "昨夜": (1, "晚上"),
    "昨早": (1, "早上"),
    "今天": (0, None),
    "今日": (0, None),
    "今晚": (0, "晚上"),
    "今早": (0, "早上"),
    "明天": (-1, None),
    "明日": (-1, None),
    "明早": (-1, "早上"),
    "明晚": (-1, "晚上"),
    "后天": (-2, None),
    "大后天": (-3, None),
    "the day before yesterday": (2, None),
    "yesterday": (1, None),
    "today": (0, None),
    "tonight": (0, "pm"),
    "this morning": (0, "am"),
    "this afternoon": (0, "pm"),
    "this evening": (0, "pm"),
    "last night": (1, "pm"),
    "the day after tomorrow": (-2, None),
    "tomorrow": (-1, None),
}
_DAY_WORDS_RE = "|".join(sorted((re.escape(w) for w in _DAY_WORDS), key=len, reverse=True))

_PM_WORDS = {"下午", "晚上", "傍晚", "夜里", "晚", "pm", "p.m."}
_AM_WORDS = {"上午", "早上", "早晨", "凌晨", "早", "am", "a.m."}
_PERIOD_RE = r"上午|早上|早晨|中午|下午|傍晚|晚上|夜里|凌晨|早|晚"

_TIME_RE = re.compile(
    rf"^(?:at\s*)?(?P<period>{_PERIOD_RE})?\s*"
    r"(?P<h>\d{1,2})"
    r"(?:"
    r":(?P<m>\d{2})(?::\d{2})?"
    r"|\s*[点时](?:\s*(?P<m2>\d{1,2})\s*分?|(?P<half>半))?"
    r"|(?=\s*(?:am|pm|a\.m\.|p\.m\.)))"
    r"\s*(?P<ampm>am|pm|a\.m\.|p\.m\.)?$"
)
_PERIOD_ONLY_RE = re.compile(rf"^(?:{_PERIOD_RE}|morning|afternoon|evening|night|in the \w+)$")
_ISO_RE = re.compile(r"^\d{4}-\d{2}-\d{2}t\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:z|[+-]\d{2}:?\d{2})?$")
_FULL_DATE_RE = re.compile(
    r"^(?P<y>\d{4})\s*[-/.年]\s*(?P<mo>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*[日号]?(?P<rest>.*)$"
)
_YEAR_WORD_RE = re.compile(
    r"^(?P<word>前年|去年|今年)\s*(?P<mo>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]?(?P<rest>.*)$"
)
_CN_MONTH_DAY_RE = re.compile(r"^(?P<mo>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]?(?P<rest>.*)$")
_NUM_MONTH_DAY_RE = re.compile(
    r"^(?P<a>\d{1,2})\s*(?P<sep>[-/.])\s*(?P<b>\d{1,2})(?P<rest>(?:\s.*|[^\d/.-].*)?)$"
)
_NUM_WITH_YEAR_RE = re.compile(r"^(?P<a>\d{1,2})\s*/\s*(?P<b>\d{1,2})\s*/\s*(?P<y>\d{4})(?P<rest>.*)$")
_DAY_ONLY_RE = re.compile(r"^(?P<which>上个?月|这个?月|本月|下个?月)?\s*(?P<d>\d{1,2})\s*[日号](?P<rest>.*)$")
_AGO_RE = re.compile(
    r"^(?P<n>\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s*"
    r"(?P<unit>个?小时|个?钟头|分钟|分|天|日|个?星期|个?礼拜|周"
    r"|hours?|hrs?|minutes?|mins?|days?|weeks?)\s*(?:之?前|ago)(?P<rest>.*)$"
)
_AHEAD_RE = re.compile(
    r"^(?:in\s+)?(?P<n>\d{1,3})\s*(?P<unit>个?小时|分钟|天|周|个?星期|hours?|minutes?|days?|weeks?)\s*(?:之?后|以后|later)?$"
)
#: "two days ago": the English number words a relative date is written with.
_EN_NUMBERS = {
    "a": 1,
    "an": 1,
    **{word: n for n, word in enumerate(("one", "two", "three", "four", "five", "six"), start=1)},
    **{word: n for n, word in enumerate(("seven", "eight", "nine", "ten", "eleven", "twelve"), start=7)},
}
_HALF_HOUR_AGO_RE = re.compile(r"^(?:半个?小时|half an hour)\s*(?:之?前|ago)$")
_WEEKDAY_RE = re.compile(
    r"^(?P<which>上上|上个?|这个?|本|下个?)?\s*(?:周|星期|礼拜)(?P<wd>[1-7]|日|天)(?P<rest>.*)$"
)
_EN_WEEKDAY_RE = re.compile(
    r"^(?:on\s+)?(?P<which>last|this|next)?\s*(?P<wd>mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?(?P<rest>(?:[\s,].*)?)$"
)
_EN_MD_RE = re.compile(
    r"^(?P<mon>[a-z]{3})[a-z]*\.?\s*(?P<d>\d{1,2})(?:st|nd|rd|th)?(?:\s*,?\s*(?P<y>\d{4}))?(?P<rest>(?:[\s,].*)?)$"
)
_EN_DM_RE = re.compile(
    r"^(?P<d>\d{1,2})(?:st|nd|rd|th)?\s*(?:of\s+)?(?P<mon>[a-z]{3})[a-z]*\.?(?:\s*,?\s*(?P<y>\d{4}))?(?P<rest>(?:[\s,].*)?)$"
)
_RELATIVE_RE = re.compile(rf"^(?P<word>{_DAY_WORDS_RE})(?P<rest>.*)$")
_TIME_THEN_DAY_RE = re.compile(rf"^(?P<time>.+?)\s+(?P<word>{_DAY_WORDS_RE})$")
_NOW_WORDS = frozenset({"now", "just now", "right now", "刚才", "刚刚", "现在", "此刻"})


class DateError(ValueError):
    """The text was refused; ``reason`` is one of :data:`REASONS`.

    For ``future``, ``at`` is the moment that has not come yet (``has_time`` says whether it has a time).
    """

    def __init__(self, reason: str, text: str, at: datetime | None = None, *, has_time: bool = False) -> None:
        super().__init__(f"{reason}: {text!r}")
        self.reason = reason
        self.text = text
        self.at = at
        self.has_time = has_time


@dataclass(frozen=True, slots=True)
class When:
    at: datetime  # aware, UTC
    has_time: bool

    def to_answer(self) -> dict[str, str | bool]:
        """The JSON form kept in a run's answers."""
        return {"at": self.at.astimezone(UTC).isoformat(), "has_time": self.has_time}

    @classmethod
    def from_answer(cls, value: Mapping[str, object]) -> When:
        at = datetime.fromisoformat(str(value["at"]))
        if at.tzinfo is None:
            raise ValueError("stored moment must be timezone-aware")
        return cls(at=at.astimezone(UTC), has_time=bool(value.get("has_time", True)))

    @property
    def beijing(self) -> datetime:
        return self.at.astimezone(BEIJING)


@dataclass(frozen=True, slots=True)
class Reading:
    """What a text was read as.

    ``candidates`` has one :class:`When`, or two when the day/month order is ambiguous (ask which).
    ``year_guessed``: the user typed no year. ``confirm``: the guess puts the date more than
    :data:`CONFIRM_AFTER` back — ask "是 2025年12月20日 吗？" before using it.
    """

    candidates: tuple[When, ...]
    year_guessed: bool = False
    confirm: bool = False

    @property
    def when(self) -> When:
        return self.candidates[0]

    @property
    def ambiguous(self) -> bool:
        return len(self.candidates) > 1


@dataclass(frozen=True, slots=True)
class _Raw:
    """A reading before the checks: Beijing-local day and time, and whether the year was guessed."""

    day: date
    at: time | None
    year_guessed: bool = False
    exact: datetime | None = None  # a precise moment (relative hours/minutes, ISO with offset)


@dataclass(slots=True)
class _Input:
    s: str  # normalised text
    text: str  # what the user typed
    now_bj: datetime
    lang: str | None
    notes: list[str] = field(default_factory=list)

    @property
    def today(self) -> date:
        return self.now_bj.date()


def normalize(text: str) -> str:
    """NFKC (full-width → ASCII), lower case, Chinese numerals → digits, spaces collapsed."""
    s = unicodedata.normalize("NFKC", text).strip().lower()
    s = s.replace("，", ",").replace("。", "").replace("：", ":")
    s = _CN_NUMBER.sub(lambda m: str(_cn_to_int(m.group(0))), s)
    s = re.sub(r"\s+", " ", s).strip(" .,")
    return s


def _cn_to_int(word: str) -> int:
    if "十" not in word:
        return int("".join(str(_CN_DIGITS[c]) for c in word))
    tens, _, ones = word.partition("十")
    value = (_CN_DIGITS[tens[-1]] if tens else 1) * 10
    if ones:
        value += _CN_DIGITS[ones[-1]]
    return value


# -- times of day --------------------------------------------------------------------------------


def _parse_time(rest: str, inp: _Input, implied_period: str | None = None) -> time | None:
    """A time of day from ``rest``: None if there is none; raises if ``rest`` is not a time."""
    rest = rest.strip(" ,")
    if rest.startswith("at "):
        rest = rest[3:].strip()
    if not rest or _PERIOD_ONLY_RE.match(rest):
        return None  # "昨天下午": the day is known, the hour is not
    if rest in ("noon", "中午12点"):
        return time(12, 0)
    match = _TIME_RE.match(rest)
    if not match:
        raise DateError("invalid", inp.text)
    hour = int(match["h"])
    minute = int(match["m"] or match["m2"] or 0)
    if match["half"]:
        minute = 30
    period = match["period"] or match["ampm"] or implied_period
    if (period in _PM_WORDS and hour < 12) or (period == "中午" and hour < 11):
        hour += 12
    elif period in _AM_WORDS and hour == 12:
        hour = 0
    elif period in _AM_WORDS and hour > 12:
        raise DateError("bad_time", inp.text)
    if hour > 23 or minute > 59 or (match["ampm"] and int(match["h"]) > 12):
        raise DateError("bad_time", inp.text)
    return time(hour, minute)


# -- the readers: each returns the candidates it found, or None when the text is not its kind ------


def _now_words(inp: _Input) -> list[_Raw] | None:
    if inp.s not in _NOW_WORDS:
        return None
    exact = inp.now_bj.replace(second=0, microsecond=0)
    return [_Raw(exact.date(), exact.timetz().replace(tzinfo=None), exact=exact)]


def _ago(inp: _Input) -> list[_Raw] | None:
    if _HALF_HOUR_AGO_RE.match(inp.s):
        exact = (inp.now_bj - timedelta(minutes=30)).replace(second=0, microsecond=0)
        return [_Raw(exact.date(), exact.timetz().replace(tzinfo=None), exact=exact)]
    m = _AGO_RE.match(inp.s)
    if m is None:
        return None
    n = _EN_NUMBERS[m["n"]] if m["n"] in _EN_NUMBERS else int(m["n"])
    unit = _unit(m["unit"])
    if unit in ("day", "week"):
        day = inp.today - timedelta(days=n * (7 if unit == "week" else 1))
        return [_Raw(day, _parse_time(m["rest"], inp))]
    if m["rest"].strip():
        raise DateError("invalid", inp.text)
    exact = (inp.now_bj - timedelta(minutes=n * (60 if unit == "hour" else 1))).replace(
        second=0, microsecond=0
    )
    return [_Raw(exact.date(), exact.timetz().replace(tzinfo=None), exact=exact)]


def _unit(word: str) -> str:
    """ "day", "week", "hour" or "minute" for a unit word of :data:`_AGO_RE` / :data:`_AHEAD_RE`."""
    if "小时" in word or "钟头" in word or word.startswith(("hour", "hr")):
        return "hour"
    if "分" in word or word.startswith("min"):
        return "minute"
    if word in ("周",) or "星期" in word or "礼拜" in word or word.startswith("week"):
        return "week"
    return "day"


def _ahead(inp: _Input) -> list[_Raw] | None:
    m = _AHEAD_RE.match(inp.s)
    if m is None or not (inp.s.startswith("in ") or re.search(r"之?后|以后|later$", inp.s)):
        return None
    n, unit = int(m["n"]), _unit(m["unit"])
    if unit in ("hour", "minute"):
        exact = inp.now_bj + timedelta(minutes=n * (60 if unit == "hour" else 1))
        return [_Raw(exact.date(), exact.timetz().replace(tzinfo=None), exact=exact)]
    return [_Raw(inp.today + timedelta(days=n * (7 if unit == "week" else 1)), None)]


def _relative_day(inp: _Input) -> list[_Raw] | None:
    s = inp.s
    if (swapped := _TIME_THEN_DAY_RE.match(s)) and not _RELATIVE_RE.match(s):
        s = f"{swapped['word']} {swapped['time']}"  # "3pm yesterday"
    m = _RELATIVE_RE.match(s)
    if m is None:
        return None
    back, period = _DAY_WORDS[m["word"]]
    return [_Raw(inp.today - timedelta(days=back), _parse_time(m["rest"], inp, period))]


def _iso(inp: _Input) -> list[_Raw] | None:
    if not _ISO_RE.match(inp.s):
        return None
    try:
        parsed = datetime.fromisoformat(inp.s.upper())
    except ValueError:
        raise DateError("no_such_day", inp.text) from None
    if parsed.year < EARLIEST.year:
        raise DateError("too_early", inp.text)
    if parsed.tzinfo is None:
        return [_Raw(parsed.date(), parsed.time().replace(second=0, microsecond=0))]
    exact = parsed.astimezone(BEIJING)
    return [_Raw(exact.date(), exact.timetz().replace(tzinfo=None), exact=exact)]


def _full_date(inp: _Input) -> list[_Raw] | None:
    m = _FULL_DATE_RE.match(inp.s)
    year_word = None
    if m is None:
        m = _YEAR_WORD_RE.match(inp.s)
        if m is None:
            return None
        year_word = m["word"]
    year = int(m["y"]) if year_word is None else inp.today.year - {"今年": 0, "去年": 1, "前年": 2}[year_word]
    at = _parse_time(m["rest"], inp)
    return [_Raw(_make_date(year, int(m["mo"]), int(m["d"]), inp), at)]


def _month_day_with_year(inp: _Input) -> list[_Raw] | None:
    m = _NUM_WITH_YEAR_RE.match(inp.s)
    if m is None:
        return None
    at = _parse_time(m["rest"], inp)
    year, a, b = int(m["y"]), int(m["a"]), int(m["b"])
    readings = _orders(a, b, slash=True, inp=inp)
    found: list[_Raw] = []
    for month, day in readings:
        try:
            found.append(_Raw(_make_date(year, month, day, inp), at))
        except DateError as error:
            if error.reason == "too_early":
                raise
    if not found:
        raise DateError("no_such_day", inp.text)
    return found


def _english_month(inp: _Input) -> list[_Raw] | None:
    for pattern in (_EN_MD_RE, _EN_DM_RE):
        m = pattern.match(inp.s)
        if m is None or m["mon"] not in _EN_MONTHS:
            continue
        at = _parse_time(m["rest"], inp)
        month, day_no = _EN_MONTHS[m["mon"]], int(m["d"])
        if m["y"]:
            return [_Raw(_make_date(int(m["y"]), month, day_no, inp), at)]
        return [_latest_not_future(month, day_no, at, inp)]
    return None


def _chinese_month_day(inp: _Input) -> list[_Raw] | None:
    m = _CN_MONTH_DAY_RE.match(inp.s)
    if m is None:
        return None
    at = _parse_time(m["rest"], inp)
    return [_latest_not_future(int(m["mo"]), int(m["d"]), at, inp)]


def _numeric_month_day(inp: _Input) -> list[_Raw] | None:
    m = _NUM_MONTH_DAY_RE.match(inp.s)
    if m is None:
        return None
    at = _parse_time(m["rest"], inp)
    a, b = int(m["a"]), int(m["b"])
    found: list[_Raw] = []
    for month, day in _orders(a, b, slash=m["sep"] == "/", inp=inp):
        try:
            found.append(_latest_not_future(month, day, at, inp))
        except DateError as error:
            if error.reason not in ("no_such_day",):
                raise
    if not found:
        raise DateError("no_such_day", inp.text)
    return found


def _orders(a: int, b: int, *, slash: bool, inp: _Input) -> list[tuple[int, int]]:
    """(month, day) readings of ``a/b``: month/day first; day/month only for a slash, when month/day
    does not exist, or (English) when both exist."""
    month_day_ok = 1 <= a <= 12 and 1 <= b <= 31
    day_month_ok = 1 <= b <= 12 and 1 <= a <= 31
    if not slash:
        return [(a, b)]
    if month_day_ok and day_month_ok and a != b and inp.lang != "zh":
        return [(a, b), (b, a)]
    if month_day_ok:
        return [(a, b)]
    if day_month_ok:
        return [(b, a)]
    return [(a, b)]


def _day_of_month(inp: _Input) -> list[_Raw] | None:
    m = _DAY_ONLY_RE.match(inp.s)
    if m is None:
        return None
    at = _parse_time(m["rest"], inp)
    day_no = int(m["d"])
    if not 1 <= day_no <= 31:
        raise DateError("no_such_day", inp.text)
    first = inp.today.replace(day=1)
    which = m["which"] or ""
    if which:
        if which.startswith("上"):
            start = (first - timedelta(days=1)).replace(day=1)
        elif which.startswith("下"):
            start = (first + timedelta(days=32)).replace(day=1)
        else:
            start = first
        return [_Raw(_make_date(start.year, start.month, day_no, inp), at)]
    month_start = first
    for _ in range(3):  # the most recent month that has this day, not in the future
        try:
            day = month_start.replace(day=day_no)
        except ValueError:
            day = None
        if day is not None and _not_future(day, at, inp):
            return [_Raw(day, at)]
        month_start = (month_start - timedelta(days=1)).replace(day=1)
    raise DateError("no_such_day", inp.text)


def _weekday(inp: _Input) -> list[_Raw] | None:
    m = _WEEKDAY_RE.match(inp.s)
    if m is not None:
        wd = 6 if m["wd"] in ("日", "天", "7") else int(m["wd"]) - 1
        which = (m["which"] or "").rstrip("个")
        at = _parse_time(m["rest"], inp)
        monday = inp.today - timedelta(days=inp.today.weekday())
        if which:
            weeks = {"上上": -2, "上": -1, "这": 0, "本": 0, "下": 1}[which]
            return [_Raw(monday + timedelta(days=7 * weeks + wd), at)]
        return [_Raw(_most_recent_weekday(wd, at, inp, include_today=True), at)]
    m = _EN_WEEKDAY_RE.match(inp.s)
    if m is None:
        return None
    wd = _EN_WEEKDAY_WORDS[m["wd"]]
    at = _parse_time(m["rest"], inp)
    if m["which"] == "next":
        ahead = (wd - inp.today.weekday()) % 7 or 7
        return [_Raw(inp.today + timedelta(days=ahead), at)]
    if m["which"] == "this":
        monday = inp.today - timedelta(days=inp.today.weekday())
        return [_Raw(monday + timedelta(days=wd), at)]
    return [_Raw(_most_recent_weekday(wd, at, inp, include_today=m["which"] is None), at)]


def _most_recent_weekday(wd: int, at: time | None, inp: _Input, *, include_today: bool) -> date:
    back = (inp.today.weekday() - wd) % 7
    if back == 0 and (not include_today or not _not_future(inp.today, at, inp)):
        back = 7
    return inp.today - timedelta(days=back)


def _bare_time(inp: _Input) -> list[_Raw] | None:
    if not re.search(r"\d", inp.s):
        return None
    at = _parse_time(inp.s, inp)
    return [_Raw(inp.today, at)] if at is not None else None


# The readers, most specific first. Each one reads one kind of expression.
_READERS: tuple[Callable[[_Input], list[_Raw] | None], ...] = (
    _now_words,
    _ago,
    _ahead,
    _relative_day,
    _iso,
    _full_date,
    _month_day_with_year,
    _english_month,
    _chinese_month_day,
    _weekday,
    _day_of_month,
    _numeric_month_day,
    _bare_time,
)


# -- helpers for the readers ------------------------------------------------------------------------


def _make_date(year: int, month: int, day: int, inp: _Input) -> date:
    if year < EARLIEST.year:
        raise DateError("too_early", inp.text)
    try:
        return date(year, month, day)
    except ValueError:
        raise DateError("no_such_day", inp.text) from None


def _not_future(day: date, at: time | None, inp: _Input) -> bool:
    if day != inp.today:
        return day < inp.today
    return at is None or _combine(day, at) <= inp.now_bj + FUTURE_TOLERANCE


def _latest_not_future(month: int, day: int, at: time | None, inp: _Input) -> _Raw:
    """The most recent ``month``/``day`` that is not in the future; its year is a guess.

    Today at a later time is *not* pushed back a year: that is a future moment (refused)."""
    year = inp.today.year
    if not (1 <= month <= 12 and 1 <= day <= 31):
        raise DateError("no_such_day", inp.text)
    for back in range(9):  # 9 years reach a 29 February from anywhere
        try:
            candidate = date(year - back, month, day)
        except ValueError:
            if not (month == 2 and day == 29):
                raise DateError("no_such_day", inp.text) from None
            continue
        if candidate == inp.today or candidate < inp.today:
            return _Raw(candidate, at, year_guessed=True)
    raise DateError("no_such_day", inp.text)  # pragma: no cover - the loop always finds one


def _combine(day: date, at: time | None) -> datetime:
    return datetime.combine(day, at or time(0, 0), tzinfo=BEIJING)


# -- the public functions -----------------------------------------------------------------------------


def read_when(text: str, now: datetime, *, allow_future: bool = False, lang: str | None = None) -> Reading:
    """Read a user's date/time in Beijing time. Raises :class:`DateError` (see the module docstring).

    ``lang`` ("zh"/"en") decides whether ``5/11`` is asked about (English) or read month/day (Chinese).
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    inp = _Input(s=normalize(text), text=text, now_bj=now.astimezone(BEIJING), lang=lang)
    if not inp.s:
        raise DateError("invalid", text)
    raws = _read(inp)
    accepted: list[tuple[_Raw, When]] = []
    first_error: DateError | None = None
    for raw in raws:
        try:
            accepted.append((raw, _check(raw, inp, allow_future)))
        except DateError as error:
            first_error = first_error or error
    if not accepted:
        assert first_error is not None
        raise first_error
    whens: list[When] = []
    for _, when in accepted:
        if when not in whens:
            whens.append(when)
    guessed = any(raw.year_guessed for raw, _ in accepted)
    far = inp.now_bj - accepted[0][1].at > CONFIRM_AFTER + timedelta(days=1)
    return Reading(candidates=tuple(whens), year_guessed=guessed, confirm=guessed and far and len(whens) == 1)


def parse_when(text: str, now: datetime, *, allow_future: bool = False, lang: str | None = None) -> When:
    """The first reading of :func:`read_when` (kept for callers that need no questions)."""
    return read_when(text, now, allow_future=allow_future, lang=lang).when


def _read(inp: _Input) -> list[_Raw]:
    for reader in _READERS:
        found = reader(inp)
        if found is not None:
            return found
    raise DateError("invalid", inp.text)


def _check(raw: _Raw, inp: _Input, allow_future: bool) -> When:
    if raw.day < EARLIEST:
        raise DateError("too_early", inp.text)
    moment = raw.exact or _combine(raw.day, raw.at)
    has_time = raw.at is not None
    if not allow_future and not _not_future(moment.astimezone(BEIJING).date(), raw.at, inp):
        raise DateError("future", inp.text, moment.astimezone(UTC), has_time=has_time)
    return When(at=moment.astimezone(UTC), has_time=has_time)


# -- showing dates ------------------------------------------------------------------------------------


def format_when(moment: datetime, lang: str, *, has_time: bool = True, now: datetime | None = None) -> str:
    """A moment in Beijing time for users: zh ``11月27日 20:30``, en ``27 Nov 20:30``.

    The year is shown only when ``now`` is given and the year differs from now's (Beijing).
    """
    bj = moment.astimezone(BEIJING)
    show_year = now is not None and now.astimezone(BEIJING).year != bj.year
    if lang == "zh":
        text = f"{bj.year}年{bj.month}月{bj.day}日" if show_year else f"{bj.month}月{bj.day}日"
    else:
        text = f"{bj.day} {_EN_MONTH_ABBR[bj.month]}" + (f" {bj.year}" if show_year else "")
    if has_time:
        text += f" {bj:%H:%M}"
    return text


def format_said(moment: datetime, lang: str, *, has_time: bool, now: datetime | None = None) -> str:
    """A moment said back to the user, with its weekday: zh ``11月28日（周六）20:30``,
    en ``Sat 28 Nov, 20:30``; the year when it is not now's (Beijing). No time zone label: the message
    that shows it carries "（北京时间）" once."""
    bj = moment.astimezone(BEIJING)
    show_year = now is None or now.astimezone(BEIJING).year != bj.year
    wd = bj.weekday()
    if lang == "zh":
        text = (f"{bj.year}年" if show_year else "") + f"{bj.month}月{bj.day}日（{_ZH_WEEKDAYS[wd]}）"
        return text + (f"{bj:%H:%M}" if has_time else "")
    text = f"{_EN_WEEKDAYS[wd]} {bj.day} {_EN_MONTH_ABBR[bj.month]}" + (f" {bj.year}" if show_year else "")
    return text + (f", {bj:%H:%M}" if has_time else "")


def time_left(left: timedelta) -> tuple[int, int]:
    """Whole days and whole hours left, rounded down: a reminder never says more time is left than is."""
    hours = max(0, int(left.total_seconds() // 3600))
    days, hours = divmod(hours, 24)
    return days, hours


def is_day_only(moment: datetime) -> bool:
    """A moment at Beijing midnight exactly: computed from a date typed without a time of day."""
    bj = moment.astimezone(BEIJING)
    return (bj.hour, bj.minute, bj.second, bj.microsecond) == (0, 0, 0, 0)


def format_date(day: date, lang: str) -> str:
    return f"{day.month}月{day.day}日" if lang == "zh" else f"{day.day} {_EN_MONTH_ABBR[day.month]}"


__all__ = [
    "CONFIRM_AFTER",
    "EARLIEST",
    "FUTURE_TOLERANCE",
    "REASONS",
    "DateError",
    "Reading",
    "When",
    "format_date",
    "format_said",
    "format_when",
    "is_day_only",
    "normalize",
    "parse_when",
    "read_when",
    "time_left",
]
