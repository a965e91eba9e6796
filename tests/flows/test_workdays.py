"""Chinese working days: the package's calendar, operator overrides, the Monday–Friday estimate."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from flows.clock import BEIJING
from flows.workdays import (
    DEFAULT_OVERRIDES_FILE,
    OVERRIDES_ENV_VAR,
    HolidayOverridesError,
    WorkCalendar,
    WorkdayResult,
    parse_overrides,
)
from tests.beijing import bj, eod

# An override for 2027 (made up for the tests): National Day 1–7 October off,
# Sunday 26 September and Saturday 9 October are make-up working days.
OVERRIDES_2027 = {
    2027: {
        "holidays": ["2027-01-01", "2027-10-01..2027-10-07"],
        "workdays": ["2027-09-26", "2027-10-09"],
    }
}
OVERRIDES_2027_YAML = """\
2027:
  holidays:
    - 2027-01-01
    - 2027-10-01..2027-10-07   # National Day
  workdays: [2027-09-26, 2027-10-09]
"""


@pytest.fixture
def cal2027() -> WorkCalendar:
    return WorkCalendar(OVERRIDES_2027)


# -- single days ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "workday"),
    [
        (date(2026, 9, 20), True),  # Sunday, make-up working day for National Day
        (date(2026, 9, 25), False),  # Friday, Mid-Autumn Festival
        (date(2026, 9, 28), True),
        (date(2026, 10, 1), False),  # National Day ...
        (date(2026, 10, 5), False),  # ... a Monday inside it
        (date(2026, 10, 7), False),  # ... last day
        (date(2026, 10, 8), True),
        (date(2026, 10, 10), True),  # Saturday, make-up working day
        (date(2026, 10, 11), False),  # Sunday
        (date(2026, 1, 1), False),  # New Year's Day
        (date(2026, 1, 2), False),
        (date(2026, 1, 3), False),  # Saturday, part of the New Year break
        (date(2026, 1, 4), True),  # Sunday, make-up working day
        (date(2026, 3, 7), False),  # an ordinary Saturday
        (date(2026, 3, 9), True),  # an ordinary Monday
    ],
)
def test_is_workday_2026(cal: WorkCalendar, day: date, workday: bool) -> None:
    assert cal.is_workday(day) is workday
    assert cal.is_estimated(day) is False


def test_unknown_year_is_estimated_from_the_holiday_rules(cal: WorkCalendar) -> None:
    assert cal.is_workday(date(2027, 10, 1)) is False  # a Friday, National Day by the rules (estimated)
    assert cal.is_workday(date(2027, 10, 4)) is True  # Monday after: make-up days unknown, so working
    assert cal.is_workday(date(2027, 10, 9)) is False  # a Saturday
    assert cal.is_estimated(date(2027, 10, 1)) is True
    assert cal.is_estimated(date(2003, 5, 1)) is True  # before the package's data, too


def test_override_year_is_known(cal2027: WorkCalendar) -> None:
    assert cal2027.is_workday(date(2027, 10, 1)) is False  # override holiday
    assert cal2027.is_workday(date(2027, 10, 9)) is True  # override make-up Saturday
    assert cal2027.is_workday(date(2027, 9, 26)) is True  # override make-up Sunday
    assert cal2027.is_workday(date(2027, 10, 11)) is True  # an ordinary Monday
    assert cal2027.is_workday(date(2027, 10, 16)) is False  # an ordinary Saturday
    assert not any(cal2027.is_estimated(date(2027, 10, d)) for d in range(1, 32))
    assert cal2027.override_years == {2027}


def test_override_patches_a_known_year_only_on_listed_dates() -> None:
    cal = WorkCalendar({2026: {"holidays": ["2026-03-09"]}})
    assert cal.is_workday(date(2026, 3, 9)) is False
    assert cal.is_workday(date(2026, 10, 10)) is True  # still the package's make-up Saturday
    assert cal.is_workday(date(2026, 10, 5)) is False  # still the package's National Day


def test_day_info_refuses_a_datetime(cal: WorkCalendar) -> None:
    with pytest.raises(TypeError):
        cal.is_workday(bj(2026, 3, 9, 10))


# -- N working days after a moment -------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # intervention requested on the Tuesday before National Day 2026
        (bj(2026, 9, 29, 10), 1, eod(2026, 9, 30)),
        (bj(2026, 9, 29, 10), 2, eod(2026, 10, 8)),  # 1–7 October are off
        (bj(2026, 9, 29, 10), 3, eod(2026, 10, 9)),
        (bj(2026, 9, 29, 10), 4, eod(2026, 10, 10)),  # make-up Saturday counts
        (bj(2026, 9, 29, 10), 5, eod(2026, 10, 12)),  # Sunday 11th does not
        # time of day does not matter, only the Beijing date
        (bj(2026, 9, 29, 0, 0), 1, eod(2026, 9, 30)),
        (bj(2026, 9, 29, 23, 59), 1, eod(2026, 9, 30)),
        # an event on a holiday counts from the next working day
        (bj(2026, 10, 3, 12), 1, eod(2026, 10, 8)),
        # Mid-Autumn (Fri 25 – Sun 27 Sep) then a normal week
        (bj(2026, 9, 24, 18), 1, eod(2026, 9, 28)),
        # the make-up Sunday before National Day is a working day
        (bj(2026, 9, 19, 9), 1, eod(2026, 9, 20)),
        # an ordinary weekend
        (bj(2026, 3, 6, 10), 1, eod(2026, 3, 9)),  # Friday → Monday
        (bj(2026, 3, 7, 10), 1, eod(2026, 3, 9)),  # Saturday → Monday
        (bj(2026, 3, 6, 10), 5, eod(2026, 3, 13)),
        # New Year 2026: Thu 1 – Sat 3 off, Sunday 4 January is a make-up working day
        (bj(2025, 12, 31, 15), 1, eod(2026, 1, 4)),
        (bj(2025, 12, 31, 15), 2, eod(2026, 1, 5)),
        (bj(2025, 12, 30, 15), 3, eod(2026, 1, 5)),
    ],
)
def test_add_working_days_table(cal: WorkCalendar, start: datetime, n: int, expected: datetime) -> None:
    result = cal.add_working_days(start, n)
    assert result == WorkdayResult(at=expected, estimated=False)
    assert result.at.tzinfo is BEIJING


def test_input_is_converted_to_beijing_before_counting(cal: WorkCalendar) -> None:
    # 29 Sep 17:00 UTC is already 30 Sep 01:00 in Beijing: the next working day is 8 October.
    result = cal.add_working_days(datetime(2026, 9, 29, 17, 0, tzinfo=UTC), 1)
    assert result.at == eod(2026, 10, 8)
    # 29 Sep 15:59 UTC is still 29 Sep in Beijing.
    assert cal.add_working_days(datetime(2026, 9, 29, 15, 59, tzinfo=UTC), 1).at == eod(2026, 9, 30)


def test_result_is_end_of_day_beijing_and_converts_to_utc(cal: WorkCalendar) -> None:
    at = cal.add_working_days(bj(2026, 3, 6, 10), 1).at
    assert at.astimezone(UTC) == datetime(2026, 3, 9, 15, 59, 59, tzinfo=UTC)


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (bj(2027, 9, 30, 10), 1, eod(2027, 10, 8)),  # override National Day
        (bj(2027, 9, 30, 10), 2, eod(2027, 10, 9)),  # override make-up Saturday
        (bj(2027, 9, 30, 10), 3, eod(2027, 10, 11)),
        (bj(2027, 9, 25, 10), 1, eod(2027, 9, 26)),  # override make-up Sunday
        (bj(2026, 12, 31, 10), 1, eod(2027, 1, 4)),  # across the year: 1 Jan 2027 is an override holiday
    ],
)
def test_add_working_days_2027_with_override(
    cal2027: WorkCalendar, start: datetime, n: int, expected: datetime
) -> None:
    assert cal2027.add_working_days(start, n) == WorkdayResult(at=expected, estimated=False)


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (bj(2027, 9, 30, 10), 1, eod(2027, 10, 4)),  # Fri 1 Oct is National Day by the rules
        (bj(2027, 9, 30, 10), 2, eod(2027, 10, 5)),
        (bj(2027, 9, 25, 10), 1, eod(2027, 9, 27)),  # Saturday → Monday
        (bj(2026, 12, 31, 10), 1, eod(2027, 1, 4)),  # crosses into the unknown year: 元旦 is off
    ],
)
def test_add_working_days_2027_without_override_is_estimated(
    cal: WorkCalendar, start: datetime, n: int, expected: datetime
) -> None:
    assert cal.add_working_days(start, n) == WorkdayResult(at=expected, estimated=True)


def test_estimate_only_when_an_unknown_day_is_traversed(cal: WorkCalendar) -> None:
    assert cal.add_working_days(bj(2026, 12, 28, 10), 1).estimated is False  # stays in 2026
    assert cal.add_working_days(bj(2026, 12, 30, 10), 1).estimated is False  # ends on 31 Dec
    assert cal.add_working_days(bj(2026, 12, 31, 10), 1).estimated is True


def test_add_working_days_rejects_naive_and_non_positive(cal: WorkCalendar) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        cal.add_working_days(datetime(2026, 3, 6, 10), 1)
    with pytest.raises(ValueError, match="at least 1"):
        cal.add_working_days(bj(2026, 3, 6, 10), 0)


def test_working_days_between_is_the_inverse_of_add(cal: WorkCalendar) -> None:
    start = bj(2026, 9, 29, 10)
    for n in range(1, 12):
        assert cal.working_days_between(start, cal.add_working_days(start, n).at).days == n
    assert cal.working_days_between(start, bj(2026, 9, 29, 23)).days == 0
    assert cal.working_days_between(start, bj(2026, 9, 1)).days == 0
    assert cal.working_days_between(start, bj(2026, 10, 7, 12)).days == 1
    assert cal.working_days_between(start, bj(2026, 10, 10, 9)).days == 4
    assert cal.working_days_between(bj(2026, 12, 30), bj(2027, 1, 4)).estimated is True


# -- overrides files ---------------------------------------------------------------------------


def test_from_file_reads_yaml(tmp_path: Path) -> None:
    path = tmp_path / "holidays.yaml"
    path.write_text(OVERRIDES_2027_YAML, encoding="utf-8")
    cal = WorkCalendar.from_file(path)
    assert cal.add_working_days(bj(2027, 9, 30, 10), 2) == WorkdayResult(at=eod(2027, 10, 9), estimated=False)


def test_from_env_uses_the_variable(tmp_path: Path) -> None:
    path = tmp_path / "holidays.yaml"
    path.write_text(OVERRIDES_2027_YAML, encoding="utf-8")
    cal = WorkCalendar.from_env({OVERRIDES_ENV_VAR: str(path)})
    assert cal.override_years == {2027}


def test_from_env_without_the_variable_reads_the_shipped_example() -> None:
    assert DEFAULT_OVERRIDES_FILE.is_file()
    cal = WorkCalendar.from_env({})
    # The shipped file only carries a commented-out example: 2027 stays an estimate.
    assert cal.override_years == frozenset()
    assert cal.is_estimated(date(2027, 10, 1)) is True


def test_shipped_example_parses_when_uncommented() -> None:
    text = DEFAULT_OVERRIDES_FILE.read_text(encoding="utf-8")
    example = text.split("EXAMPLE ONLY", 1)[1]
    uncommented = "\n".join(
        line[2:] for line in example.splitlines() if line.startswith("# ") and not line.startswith("# ---")
    )
    yaml_part = uncommented[uncommented.index("2027:") :]
    overrides = parse_overrides(yaml_part)
    assert date(2027, 10, 1) in overrides[2027].holidays
    assert date(2027, 10, 9) in overrides[2027].workdays


def test_empty_file_means_no_overrides(tmp_path: Path) -> None:
    path = tmp_path / "empty.yaml"
    path.write_text("# nothing yet\n", encoding="utf-8")
    assert WorkCalendar.from_file(path).override_years == frozenset()


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("2027:\n  holidays:\n    - 2027-01-01\n    - 2027-13-01\n", 4, ["year 2027.holidays", "2027-13-01"]),
        ("2027:\n  holidays: [2027-01-01]\n  holiday: [2027-01-02]\n", 3, ["year 2027", "'holiday'"]),
        (
            "2027:\n  holidays: [2027-01-01]\n  workdays: [2028-01-02]\n",
            3,
            ["year 2027.workdays", "not in 2027"],
        ),
        ("2027:\n  holidays: [2027-01-01]\n  workdays: [2027-01-01]\n", 2, ["year 2027", "both"]),
        ("2027:\n  workdays: [2027-01-02]\n", 2, ["year 2027", "no holidays"]),
        ("2027:\n", 1, ["year 2027", "mapping"]),
        ("twenty:\n  holidays: [2027-01-01]\n", 1, ["year", "'twenty'"]),
        ("2027:\n  holidays: 2027-01-01\n", 2, ["year 2027.holidays", "list"]),
        ("2027:\n  holidays: [2027-10-07..2027-10-01]\n", 2, ["year 2027.holidays", "ends before"]),
        ("2027:\n  holidays: [[2027-01-01]]\n", 2, ["year 2027.holidays"]),
        ("- 2027-01-01\n", 1, ["top level"]),
        ("2027:\n  holidays: [2027-01-01\n  workdays: []\n", 3, ["not valid YAML"]),
        ("2027:\n  holidays: [2027-01-01]\n2027:\n  holidays: [2027-01-02]\n", 3, ["listed twice"]),
    ],
)
def test_bad_file_names_the_line_and_field(tmp_path: Path, text: str, line: int, words: list[str]) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(HolidayOverridesError) as info:
        WorkCalendar.from_file(path)
    message = str(info.value)
    assert message.startswith(f"{path}:{line}:"), message
    for word in words:
        assert word in message, message


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(HolidayOverridesError, match="cannot read"):
        WorkCalendar.from_env({OVERRIDES_ENV_VAR: str(tmp_path / "nope.yaml")})


@pytest.mark.parametrize(
    ("overrides", "words"),
    [
        ({2027: {"holidays": ["2027-02-30"]}}, "year 2027.holidays"),
        ({2027: {"holidays": [date(2027, 1, 1)], "workday": []}}, "unknown field"),
        ({2027: {"holidays": []}}, "no holidays"),
        ({2027: {"holidays": "2027-01-01"}}, "single string"),
        ({"x": {"holidays": ["2027-01-01"]}}, "year"),
    ],
)
def test_bad_dict_overrides(overrides: dict, words: str) -> None:
    with pytest.raises(HolidayOverridesError, match=words):
        WorkCalendar(overrides)


def test_dates_may_be_date_objects() -> None:
    cal = WorkCalendar({2027: {"holidays": [date(2027, 10, 1)], "workdays": [date(2027, 10, 9)]}})
    assert cal.is_workday(date(2027, 10, 1)) is False
    assert cal.is_workday(date(2027, 10, 9)) is True
    assert cal.is_workday(date(2027, 10, 1) + timedelta(days=3)) is True
