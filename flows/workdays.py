"""Chinese working days: statutory holidays and make-up working days (调休).

Where the answers come from, per date, first match wins:

1. the operator's overrides (:class:`WorkCalendar` ``overrides``, usually read from a YAML file —
   ``flows/holiday_overrides.yaml`` ships as an example, ``HOLIDAY_OVERRIDES_FILE`` names another);
   a year that has an entry there is *known*: a date listed under ``holidays`` is off, a date listed
   under ``workdays`` is a working day, any other date follows the package (if it knows the year) or
   Monday–Friday;
2. the ``chinesecalendar`` package (import name ``chinese_calendar``), which knows 2004–2026;
3. otherwise an **estimate**: Monday–Friday except the statutory holidays' core days placed by the State
   Council's rules (:mod:`flows.holiday_estimate`); make-up working days are unknown. Answers are flagged.

What "N working days after a moment" means here
-----------------------------------------------
The moment is converted to Beijing time (Asia/Shanghai). Counting starts on the calendar day *after*
the moment's Beijing date, whatever the time of day and whether or not that date is itself a working
day; the result is the **end of the Nth working day**, 23:59:59 Beijing time. So intervention requested
on Friday 10:00 → "1 working day" is Monday 23:59:59; requested on Saturday → also Monday 23:59:59.

All the working-day rules in the guide are things the *platform* does ("审核……1个工作日内",
"3-5个工作日内……裁决", "2-3个工作日"), so the end of the day is the honest "expected by" bound:
it never tells the user something is late while the platform is still within its time.

Returned datetimes are timezone-aware **in Beijing time** (``flows.clock.BEIJING``); the bot converts
to UTC when it stores them. Naive datetimes are rejected.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

import chinese_calendar
import yaml

from flows.clock import BEIJING
from flows.holiday_estimate import is_estimated_workday

#: Environment variable naming an operator's overrides file.
OVERRIDES_ENV_VAR = "HOLIDAY_OVERRIDES_FILE"

#: The example overrides file shipped with the package.
DEFAULT_OVERRIDES_FILE = Path(__file__).with_name("holiday_overrides.yaml")

#: The moment a working day "ends": the last whole second of the day, Beijing time.
END_OF_DAY = time(23, 59, 59)


class HolidayOverridesError(ValueError):
    """The overrides data is malformed. The message names the file, line and field."""


@dataclass(frozen=True, slots=True)
class YearOverride:
    """One year's statutory holidays and make-up working days, as published by the State Council."""

    holidays: frozenset[date] = field(default_factory=frozenset)
    workdays: frozenset[date] = field(default_factory=frozenset)


@dataclass(frozen=True, slots=True)
class DayInfo:
    workday: bool
    estimated: (
        bool  # True when neither the overrides nor chinesecalendar know the year (see holiday_estimate)
    )


@dataclass(frozen=True, slots=True)
class WorkdayResult:
    """A moment computed with working days, and whether any day on the way was only estimated."""

    at: datetime  # aware, Beijing time
    estimated: bool


@dataclass(frozen=True, slots=True)
class WorkdayCount:
    days: int
    estimated: bool


def require_aware(moment: datetime, what: str = "moment") -> None:
    if not isinstance(moment, datetime):
        raise TypeError(f"{what} must be a datetime, got {type(moment).__name__}")
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{what} must be timezone-aware, got naive {moment.isoformat()}")


def end_of_day(day: date) -> datetime:
    """23:59:59 Beijing time on ``day``."""
    return datetime.combine(day, END_OF_DAY, tzinfo=BEIJING)


class WorkCalendar:
    """Answers "is this a working day in mainland China?" and does working-day arithmetic.

    ``overrides`` maps a year to ``{"holidays": [...], "workdays": [...]}`` (dates as ``date``
    objects or ISO strings, or ``"YYYY-MM-DD..YYYY-MM-DD"`` inclusive ranges), or to a
    :class:`YearOverride`. It is validated the same way as a file; errors raise
    :class:`HolidayOverridesError`.
    """

    def __init__(self, overrides: Mapping[int, Mapping[str, Iterable[object]] | YearOverride] | None = None):
        parsed: dict[int, YearOverride] = {}
        for year, entry in (overrides or {}).items():
            if isinstance(entry, YearOverride):
                parsed[int(year)] = entry
                _check_year(int(year), entry, where=f"year {year}")
            else:
                parsed[int(year)] = _year_from_mapping(year, entry)
        self._overrides = parsed

    # -- construction ---------------------------------------------------------------------------

    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> WorkCalendar:
        """Read an overrides YAML file. Errors name the file, the line and the field."""
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise HolidayOverridesError(f"{path}: cannot read holiday overrides file: {exc}") from exc
        return cls(parse_overrides(text, source=str(path)))

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> WorkCalendar:
        """The calendar the bot should use: ``$HOLIDAY_OVERRIDES_FILE`` if set, else the shipped file.

        ``environ`` defaults to ``os.environ``; tests pass a dict.
        """
        env = os.environ if environ is None else environ
        configured = env.get(OVERRIDES_ENV_VAR, "").strip()
        return cls.from_file(configured or DEFAULT_OVERRIDES_FILE)

    @property
    def override_years(self) -> frozenset[int]:
        return frozenset(self._overrides)

    # -- single days ----------------------------------------------------------------------------

    def day_info(self, day: date) -> DayInfo:
        if isinstance(day, datetime):
            raise TypeError("day_info takes a date; convert the moment to Beijing time first")
        override = self._overrides.get(day.year)
        if override is not None:
            if day in override.holidays:
                return DayInfo(workday=False, estimated=False)
            if day in override.workdays:
                return DayInfo(workday=True, estimated=False)
        try:
            return DayInfo(workday=chinese_calendar.is_workday(day), estimated=False)
        except NotImplementedError:  # the package does not know this year
            if override is not None:  # the operator's file knows the year: Monday–Friday otherwise
                return DayInfo(workday=day.weekday() < 5, estimated=False)
            return DayInfo(workday=is_estimated_workday(day), estimated=True)

    def is_workday(self, day: date) -> bool:
        return self.day_info(day).workday

    def is_estimated(self, day: date) -> bool:
        """True if the answer for ``day`` is a Monday–Friday guess (the year is not known)."""
        return self.day_info(day).estimated

    # -- arithmetic -----------------------------------------------------------------------------

    def nth_working_day_after(self, day: date, n: int) -> tuple[date, bool]:
        """The Nth working day strictly after ``day`` (n >= 1), and whether any day was estimated."""
        if n < 1:
            raise ValueError(f"n must be at least 1, got {n}")
        estimated = False
        current = day
        found = 0
        while found < n:
            current += timedelta(days=1)
            info = self.day_info(current)
            estimated = estimated or info.estimated
            if info.workday:
                found += 1
        return current, estimated

    def add_working_days(self, start: datetime, n: int) -> WorkdayResult:
        """The end (23:59:59 Beijing) of the Nth working day after ``start``'s Beijing date.

        ``start`` must be aware; ``n`` >= 1. See the module docstring for the exact rule.
        """
        require_aware(start, "start")
        day, estimated = self.nth_working_day_after(start.astimezone(BEIJING).date(), n)
        return WorkdayResult(at=end_of_day(day), estimated=estimated)

    def working_days_between(self, start: datetime, end: datetime) -> WorkdayCount:
        """How many working days lie after ``start``'s Beijing date, up to and including ``end``'s.

        Consistent with :meth:`add_working_days`: ``working_days_between(s, add_working_days(s, n).at)``
        is ``n``. Returns 0 when ``end`` is on or before ``start``'s Beijing date.
        """
        require_aware(start, "start")
        require_aware(end, "end")
        first = start.astimezone(BEIJING).date()
        last = end.astimezone(BEIJING).date()
        count = 0
        estimated = False
        current = first
        while current < last:
            current += timedelta(days=1)
            info = self.day_info(current)
            estimated = estimated or info.estimated
            count += info.workday
        return WorkdayCount(days=count, estimated=estimated)


# -- parsing and validation ---------------------------------------------------------------------


def parse_overrides(text: str, *, source: str = "<overrides>") -> dict[int, YearOverride]:
    """Parse overrides YAML. Expected shape (top level: year → lists of dates)::

        2027:
          holidays: [2027-01-01, "2027-02-06..2027-02-12"]
          workdays: [2027-02-14]

    An empty document means no overrides. Errors raise :class:`HolidayOverridesError` with
    ``source:line: field: problem``.
    """
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise HolidayOverridesError(f"{source}{line}: not valid YAML: {exc}") from exc
    if root is None:
        return {}
    if not isinstance(root, yaml.MappingNode):
        raise _error(source, root, "top level", "must be a mapping of year → {holidays, workdays}")

    result: dict[int, YearOverride] = {}
    for key_node, value_node in root.value:
        year = _parse_year(source, key_node)
        where = f"year {year}"
        if year in result:
            raise _error(source, key_node, where, "year listed twice")
        if not isinstance(value_node, yaml.MappingNode):
            raise _error(source, value_node, where, "must be a mapping with 'holidays' and 'workdays' lists")
        lists: dict[str, frozenset[date]] = {}
        for field_key, field_value in value_node.value:
            name = field_key.value if isinstance(field_key, yaml.ScalarNode) else None
            if name not in ("holidays", "workdays"):
                raise _error(
                    source,
                    field_key,
                    f"{where}",
                    f"unknown field {name!r} (expected 'holidays' or 'workdays')",
                )
            if name in lists:
                raise _error(source, field_key, f"{where}.{name}", "field listed twice")
            lists[name] = _parse_date_list(source, field_value, year, f"{where}.{name}")
        entry = YearOverride(
            holidays=lists.get("holidays", frozenset()), workdays=lists.get("workdays", frozenset())
        )
        try:
            _check_year(year, entry, where=where)
        except HolidayOverridesError as exc:
            raise _error(source, value_node, where, str(exc).split(": ", 1)[-1]) from None
        result[year] = entry
    return result


def _error(source: str, node: yaml.Node, field_name: str, problem: str) -> HolidayOverridesError:
    return HolidayOverridesError(f"{source}:{node.start_mark.line + 1}: {field_name}: {problem}")


def _parse_year(source: str, node: yaml.Node) -> int:
    value = node.value if isinstance(node, yaml.ScalarNode) else None
    if value is None or not str(value).isdigit() or not 1900 <= int(value) <= 2200:
        raise _error(source, node, "year", f"expected a year like 2027, got {value!r}")
    return int(value)


def _parse_date_list(source: str, node: yaml.Node, year: int, where: str) -> frozenset[date]:
    if isinstance(node, yaml.ScalarNode) and node.value in ("", "~", "null"):
        return frozenset()
    if not isinstance(node, yaml.SequenceNode):
        raise _error(source, node, where, "must be a list of dates (YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD)")
    days: set[date] = set()
    for item in node.value:
        if not isinstance(item, yaml.ScalarNode):
            raise _error(source, item, where, "each entry must be a date, not a list or mapping")
        try:
            parsed = _parse_date_or_range(item.value)
        except ValueError as exc:
            raise _error(source, item, where, str(exc)) from None
        for day in parsed:
            if day.year != year:
                raise _error(source, item, where, f"{day.isoformat()} is not in {year}")
            days.add(day)
    return frozenset(days)


def _parse_date_or_range(value: object) -> list[date]:
    text = str(value).strip()
    if ".." in text:
        first_text, last_text = (part.strip() for part in text.split("..", 1))
        first, last = _parse_date(first_text), _parse_date(last_text)
        if last < first:
            raise ValueError(f"range {text!r} ends before it starts")
        if (last - first).days > 31:
            raise ValueError(f"range {text!r} is longer than 31 days")
        return [first + timedelta(days=i) for i in range((last - first).days + 1)]
    return [_parse_date(text)]


def _parse_date(text: str) -> date:
    try:
        if len(text) != 10:
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a date in YYYY-MM-DD form") from None


def _coerce_dates(values: Iterable[object] | None, year: int, where: str) -> frozenset[date]:
    if values is None:
        return frozenset()
    if isinstance(values, (str, bytes)):
        raise HolidayOverridesError(f"{where}: must be a list of dates, got a single string")
    days: set[date] = set()
    for value in values:
        if isinstance(value, datetime):
            raise HolidayOverridesError(f"{where}: {value!r} is a datetime, expected a date")
        try:
            parsed = [value] if isinstance(value, date) else _parse_date_or_range(value)
        except ValueError as exc:
            raise HolidayOverridesError(f"{where}: {exc}") from None
        for day in parsed:
            if day.year != year:
                raise HolidayOverridesError(f"{where}: {day.isoformat()} is not in {year}")
            days.add(day)
    return frozenset(days)


def _year_from_mapping(year: object, entry: Mapping[str, Iterable[object]] | None) -> YearOverride:
    try:
        year_int = int(year)  # type: ignore[call-overload]  # whatever YAML gave; int() refuses the rest
    except (TypeError, ValueError):
        raise HolidayOverridesError(f"year: expected a year like 2027, got {year!r}") from None
    where = f"year {year_int}"
    if not isinstance(entry, Mapping):
        raise HolidayOverridesError(f"{where}: must be a mapping with 'holidays' and 'workdays' lists")
    unknown = set(entry) - {"holidays", "workdays"}
    if unknown:
        raise HolidayOverridesError(
            f"{where}: unknown field(s) {sorted(map(str, unknown))} (expected 'holidays' or 'workdays')"
        )
    result = YearOverride(
        holidays=_coerce_dates(entry.get("holidays"), year_int, f"{where}.holidays"),
        workdays=_coerce_dates(entry.get("workdays"), year_int, f"{where}.workdays"),
    )
    _check_year(year_int, result, where=where)
    return result


def _check_year(year: int, entry: YearOverride, *, where: str) -> None:
    both = sorted(entry.holidays & entry.workdays)
    if both:
        raise HolidayOverridesError(
            f"{where}: {both[0].isoformat()} is listed both as a holiday and as a workday"
        )
    if not entry.holidays:
        # A year entry marks the year as known (no more "estimated"); an empty one would silently
        # declare a year without holidays. Every year in China has some, so this is a mistake.
        raise HolidayOverridesError(f"{where}: lists no holidays; fill it in or remove the year")
    outside = sorted(d for d in entry.holidays | entry.workdays if d.year != year)
    if outside:
        raise HolidayOverridesError(f"{where}: {outside[0].isoformat()} is not in {year}")


__all__ = [
    "DEFAULT_OVERRIDES_FILE",
    "END_OF_DAY",
    "OVERRIDES_ENV_VAR",
    "DayInfo",
    "HolidayOverridesError",
    "WorkCalendar",
    "WorkdayCount",
    "WorkdayResult",
    "YearOverride",
    "end_of_day",
    "parse_overrides",
    "require_aware",
]
