"""Dates and times as users type them, read in Beijing time. Pure: ``now`` is always a parameter.

Accepted (after NFKC, so full-width digits and colons work — ２０：３０):

* ``2026-11-20 14:30``, ``2026-11-20``, ``2026/11/20``, ``2026.11.20``, ``2026年11月20日``
* ``11-20``, ``11/20``, ``11月20日``, ``11月20号``, ``11月20日 14:30``, ``11月20日20:30``, ``20号``
* ``今天`` / ``昨天`` / ``前天`` / ``大前天`` / ``today`` / ``yesterday``, each optionally with a time;
  ``昨晚8点``, ``今早9点``, ``下午3点半``, ``晚上8点20``
* ``3天前``, ``三天前``, ``3 days ago``, ``5小时前``, ``5 hours ago``
* ``Nov 20``, ``20 Nov``, ``November 20, 2026``, optionally with a time (``Nov 20 8:30 pm``)
* a bare time (``20:30``, ``晚上8点``) means today at that time

A date without a year is the most recent such date that is not in the future. A moment in the future
is refused (:class:`DateError` with ``reason="future"``) — these steps ask when something happened.

The result is :class:`When`: an aware UTC datetime plus ``has_time``. A date without a time is
Beijing midnight of that day (``has_time=False``), which ends derived windows earlier rather than later —
the safe mistake (see :mod:`flows.deadlines`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from flows.clock import BEIJING

#: Allowance for clocks that disagree a little (a user typing "now" as 20:31 at 20:30:10).
FUTURE_TOLERANCE = timedelta(minutes=5)

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

# Relative day words → (days back, period word implied or None)
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
    "the day before yesterday": (2, None),
    "yesterday": (1, None),
    "today": (0, None),
    "tonight": (0, "pm"),
}
_DAY_WORDS_RE = "|".join(sorted((re.escape(w) for w in _DAY_WORDS), key=len, reverse=True))

_PM_WORDS = {"下午", "晚上", "傍晚", "夜里", "晚", "pm", "p.m."}
_AM_WORDS = {"上午", "早上", "早晨", "凌晨", "早", "am", "a.m."}

_TIME_RE = re.compile(
    r"^(?:at\s*)?(?P<period>上午|早上|早晨|中午|下午|傍晚|晚上|夜里|凌晨)?\s*"
    r"(?P<h>\d{1,2})"
    r"(?:"
    r":(?P<m>\d{2})(?::\d{2})?"
    r"|\s*[点时](?:\s*(?P<m2>\d{1,2})\s*分?|(?P<half>半))?"
    r"|(?=\s*(?:am|pm|a\.m\.|p\.m\.)))"
    r"\s*(?P<ampm>am|pm|a\.m\.|p\.m\.)?$"
)
_FULL_DATE_RE = re.compile(
    r"^(?P<y>\d{4})\s*[-/.年]\s*(?P<mo>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*[日号]?(?P<rest>.*)$"
)
_MONTH_DAY_RE = re.compile(r"^(?P<mo>\d{1,2})\s*(?:[-/.]|月)\s*(?P<d>\d{1,2})\s*[日号]?(?P<rest>.*)$")
_DAY_ONLY_RE = re.compile(r"^(?P<d>\d{1,2})\s*[日号](?P<rest>.*)$")
_DAYS_AGO_RE = re.compile(r"^(?P<n>\d{1,3})\s*(?:天之?前|days?\s+ago)$")
_HOURS_AGO_RE = re.compile(r"^(?P<n>\d{1,3})\s*(?:个?小时之?前|hours?\s+ago|hrs?\s+ago)$")
_EN_MD_RE = re.compile(
    r"^(?P<mon>[a-z]{3})[a-z]*\.?\s*(?P<d>\d{1,2})(?:st|nd|rd|th)?(?:\s*,?\s*(?P<y>\d{4}))?(?P<rest>(?:[\s,].*)?)$"
)
_EN_DM_RE = re.compile(
    r"^(?P<d>\d{1,2})(?:st|nd|rd|th)?\s*(?P<mon>[a-z]{3})[a-z]*\.?(?:\s*,?\s*(?P<y>\d{4}))?(?P<rest>(?:[\s,].*)?)$"
)
_RELATIVE_RE = re.compile(rf"^(?P<word>{_DAY_WORDS_RE})(?P<rest>.*)$")


class DateError(ValueError):
    """The text is not a date we can read (``reason="invalid"``) or lies in the future (``"future"``)."""

    def __init__(self, reason: str, text: str) -> None:
        super().__init__(f"{reason}: {text!r}")
        self.reason = reason
        self.text = text


@dataclass(frozen=True, slots=True)
class When:
    at: datetime  # aware, UTC
    has_time: bool

    def to_answer(self) -> dict[str, str | bool]:
        """The JSON form kept in a run's answers."""
        return {"at": self.at.astimezone(UTC).isoformat(), "has_time": self.has_time}

    @classmethod
    def from_answer(cls, value: dict[str, object]) -> When:
        at = datetime.fromisoformat(str(value["at"]))
        if at.tzinfo is None:
            raise ValueError("stored moment must be timezone-aware")
        return cls(at=at.astimezone(UTC), has_time=bool(value.get("has_time", True)))

    @property
    def beijing(self) -> datetime:
        return self.at.astimezone(BEIJING)


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


def _parse_time(rest: str, implied_period: str | None = None) -> time | bool | None:
    """A time of day from ``rest``; None if ``rest`` is empty; False if it is not a time."""
    rest = rest.strip(" ,")
    if rest.startswith("at "):
        rest = rest[3:].strip()
    if not rest:
        return None
    match = _TIME_RE.match(rest)
    if not match:
        return False
    hour = int(match["h"])
    minute = int(match["m"] or match["m2"] or 0)
    if match["half"]:
        minute = 30
    period = match["period"] or match["ampm"] or implied_period
    if (period in _PM_WORDS and hour < 12) or (period == "中午" and hour < 11):
        hour += 12
    elif period in _AM_WORDS and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return False
    return time(hour, minute)


def _combine(day: date, at: time | None) -> datetime:
    return datetime.combine(day, at or time(0, 0), tzinfo=BEIJING)


def _latest_not_future(month: int, day: int, at: time | None, now_bj: datetime, text: str) -> datetime:
    """The most recent ``month``/``day`` (at ``at``) that is not after now."""
    for back in range(9):  # 9 years reach a 29 February from anywhere
        year = now_bj.year - back
        try:
            candidate = _combine(date(year, month, day), at)
        except ValueError:
            if back == 0 and not (month == 2 and day == 29):
                raise DateError("invalid", text) from None
            continue
        limit = now_bj + FUTURE_TOLERANCE if at is not None else now_bj
        if (at is not None and candidate <= limit) or (at is None and candidate.date() <= limit.date()):
            return candidate
    raise DateError("invalid", text)


def parse_when(text: str, now: datetime, *, allow_future: bool = False) -> When:
    """Read a user's date/time in Beijing time. Raises :class:`DateError`."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    now_bj = now.astimezone(BEIJING)
    s = normalize(text)
    if not s:
        raise DateError("invalid", text)
    result = _parse(s, now_bj, text)
    if not allow_future:
        moment = result.at
        if result.has_time and moment > now + FUTURE_TOLERANCE:
            raise DateError("future", text)
        if not result.has_time and moment.astimezone(BEIJING).date() > now_bj.date():
            raise DateError("future", text)
    return result


def _when(moment: datetime, has_time: bool) -> When:
    return When(at=moment.astimezone(UTC), has_time=has_time)


def _parse(s: str, now_bj: datetime, text: str) -> When:
    if s in ("now", "刚才", "刚刚", "现在"):
        return _when(now_bj.replace(second=0, microsecond=0), True)

    if m := _DAYS_AGO_RE.match(s):
        return _when(_combine(now_bj.date() - timedelta(days=int(m["n"])), None), False)
    if m := _HOURS_AGO_RE.match(s):
        return _when((now_bj - timedelta(hours=int(m["n"]))).replace(second=0, microsecond=0), True)

    if m := _RELATIVE_RE.match(s):
        back, period = _DAY_WORDS[m["word"]]
        at = _parse_time(m["rest"], period)
        if at is False:
            raise DateError("invalid", text)
        return _when(_combine(now_bj.date() - timedelta(days=back), at), at is not None)

    if m := _FULL_DATE_RE.match(s):
        at = _parse_time(m["rest"])
        if at is False:
            raise DateError("invalid", text)
        try:
            day = date(int(m["y"]), int(m["mo"]), int(m["d"]))
        except ValueError:
            raise DateError("invalid", text) from None
        return _when(_combine(day, at), at is not None)

    for pattern in (_EN_MD_RE, _EN_DM_RE):
        if (m := pattern.match(s)) and m["mon"] in _EN_MONTHS:
            at = _parse_time(m["rest"])
            if at is False:
                raise DateError("invalid", text)
            month, day_no = _EN_MONTHS[m["mon"]], int(m["d"])
            if m["y"]:
                try:
                    return _when(_combine(date(int(m["y"]), month, day_no), at), at is not None)
                except ValueError:
                    raise DateError("invalid", text) from None
            return _when(_latest_not_future(month, day_no, at, now_bj, text), at is not None)

    if m := _MONTH_DAY_RE.match(s):
        at = _parse_time(m["rest"])
        if at is False:
            raise DateError("invalid", text)
        month, day_no = int(m["mo"]), int(m["d"])
        if not (1 <= month <= 12 and 1 <= day_no <= 31):
            raise DateError("invalid", text)
        return _when(_latest_not_future(month, day_no, at, now_bj, text), at is not None)

    if m := _DAY_ONLY_RE.match(s):
        at = _parse_time(m["rest"])
        if at is False:
            raise DateError("invalid", text)
        day_no = int(m["d"])
        if not 1 <= day_no <= 31:
            raise DateError("invalid", text)
        first = now_bj.date().replace(day=1)
        for months_back in range(3):
            month_start = first
            for _ in range(months_back):
                month_start = (month_start - timedelta(days=1)).replace(day=1)
            try:
                candidate = _combine(month_start.replace(day=day_no), at)
            except ValueError:
                continue
            if candidate.date() <= now_bj.date() and (at is None or candidate <= now_bj + FUTURE_TOLERANCE):
                return _when(candidate, at is not None)
        raise DateError("invalid", text)

    at = _parse_time(s)
    if isinstance(at, time):
        return _when(_combine(now_bj.date(), at), True)
    raise DateError("invalid", text)


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


def format_date(day: date, lang: str) -> str:
    return f"{day.month}月{day.day}日" if lang == "zh" else f"{day.day} {_EN_MONTH_ABBR[day.month]}"


__all__ = ["FUTURE_TOLERANCE", "DateError", "When", "format_date", "format_when", "normalize", "parse_when"]
