"""Statutory holidays of unpublished years, estimated from the State Council's rules; validated against
the published 2024–2026 schedules; a deadline table across 2026→2028 with the estimate and with an
override file that replaces it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import chinese_calendar
import pytest

from flows.deadlines import (
    after_sales_window_end,
    appeal_deadline,
    appeal_result_expected,
    initial_review_by,
    ruling_expected,
    seller_deadline,
)
from flows.holiday_estimate import estimated_days_off, statutory_holidays
from flows.workdays import WorkCalendar, end_of_day
from tests.beijing import bj


def eod(y: int, m: int, d: int) -> datetime:
    return end_of_day(date(y, m, d))


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_estimator_places_every_core_day_of_the_published_years(year: int) -> None:
    holidays = statutory_holidays(year)
    assert len(holidays) == 7
    for holiday in holidays:
        for day in holiday.days:
            assert chinese_calendar.get_holiday_detail(day) == (True, holiday.name), (holiday.name_zh, day)


def test_rules_changed_in_2025() -> None:
    by_name = {h.name: h.days for h in statutory_holidays(2024)}
    assert by_name["Spring Festival"] == (date(2024, 2, 10), date(2024, 2, 11), date(2024, 2, 12))
    assert by_name["Labour Day"] == (date(2024, 5, 1),)
    by_name = {h.name: h.days for h in statutory_holidays(2026)}
    assert by_name["Spring Festival"][0] == date(2026, 2, 16)  # 除夕 is a holiday since 2025
    assert by_name["Labour Day"] == (date(2026, 5, 1), date(2026, 5, 2))


def test_2027_core_days() -> None:
    by_name = {h.name_zh: h.days for h in statutory_holidays(2027)}
    assert by_name == {
        "元旦": (date(2027, 1, 1),),
        "春节": (date(2027, 2, 5), date(2027, 2, 6), date(2027, 2, 7), date(2027, 2, 8)),
        "清明节": (date(2027, 4, 5),),
        "劳动节": (date(2027, 5, 1), date(2027, 5, 2)),
        "端午节": (date(2027, 6, 9),),
        "中秋节": (date(2027, 9, 15),),
        "国庆节": (date(2027, 10, 1), date(2027, 10, 2), date(2027, 10, 3)),
    }
    assert len(estimated_days_off(2027)) == 13


def test_unknown_year_days_are_flagged_estimates() -> None:
    cal = WorkCalendar()
    info = cal.day_info(date(2027, 1, 1))
    assert (info.workday, info.estimated) == (False, True)  # 元旦, a Friday
    info = cal.day_info(date(2027, 2, 8))
    assert (info.workday, info.estimated) == (False, True)  # 初三, a Monday
    info = cal.day_info(date(2027, 2, 9))
    assert (info.workday, info.estimated) == (True, True)


OVERRIDE_2027 = """\
2027:
  holidays:
    - 2027-01-01
    - 2027-02-05..2027-02-11     # Spring Festival, made up for the test
  workdays:
    - 2027-02-13                 # a make-up Saturday, made up for the test
"""


@pytest.fixture(scope="module")
def estimate() -> WorkCalendar:
    return WorkCalendar()


@pytest.fixture(scope="module")
def override(tmp_path_factory: pytest.TempPathFactory) -> WorkCalendar:
    path: Path = tmp_path_factory.mktemp("holidays") / "overrides.yaml"
    path.write_text(OVERRIDE_2027, encoding="utf-8")
    return WorkCalendar.from_file(path)


def _initial(start: datetime, cal: WorkCalendar) -> tuple[datetime, bool]:
    result = initial_review_by(start, cal)
    return result.at, result.estimated


def _ruling_early(start: datetime, cal: WorkCalendar) -> tuple[datetime, bool]:
    expectation = ruling_expected(start, cal)
    return expectation.earliest, expectation.estimated


def _ruling_late(start: datetime, cal: WorkCalendar) -> tuple[datetime, bool]:
    expectation = ruling_expected(start, cal)
    return expectation.latest, expectation.estimated


def _ruling_complex(start: datetime, cal: WorkCalendar) -> tuple[datetime, bool]:
    expectation = ruling_expected(start, cal)
    return expectation.complex_latest, expectation.estimated


def _review_late(start: datetime, cal: WorkCalendar) -> tuple[datetime, bool]:
    expectation = appeal_result_expected(start, cal)
    return expectation.latest, expectation.estimated


def _review_early(start: datetime, cal: WorkCalendar) -> tuple[datetime, bool]:
    expectation = appeal_result_expected(start, cal)
    return expectation.earliest, expectation.estimated


def _window(start: datetime, cal: WorkCalendar) -> tuple[datetime, bool]:
    return after_sales_window_end(start), False


def _seller(start: datetime, cal: WorkCalendar) -> tuple[datetime, bool]:
    return seller_deadline(start), False


def _appeal(start: datetime, cal: WorkCalendar) -> tuple[datetime, bool]:
    return appeal_deadline(start), False


Rule = Callable[[datetime, WorkCalendar], tuple[datetime, bool]]

DEADLINES: list[tuple[str, Rule, datetime, datetime, bool]] = [
    # calendar: "estimate" (no data for 2027/2028) or "override" (the file above replaces the estimate)
    ("estimate", _initial, bj(2026, 12, 31, 10), eod(2027, 1, 4), True),  # 元旦 2027-01-01 is off
    ("estimate", _initial, bj(2026, 12, 30, 10), eod(2026, 12, 31), False),  # only known days traversed
    ("estimate", _ruling_early, bj(2026, 12, 30, 10), eod(2027, 1, 5), True),
    ("estimate", _ruling_late, bj(2026, 12, 30, 10), eod(2027, 1, 7), True),
    ("estimate", _initial, bj(2027, 1, 1, 9), eod(2027, 1, 4), True),
    ("estimate", _initial, bj(2027, 1, 8, 10), eod(2027, 1, 11), True),
    ("estimate", _initial, bj(2027, 2, 4, 10), eod(2027, 2, 9), True),  # 除夕 Fri 5 … 初三 Mon 8 off
    ("estimate", _ruling_early, bj(2027, 2, 4, 10), eod(2027, 2, 11), True),
    ("estimate", _ruling_late, bj(2027, 2, 4, 10), eod(2027, 2, 15), True),
    ("estimate", _ruling_complex, bj(2027, 2, 4, 10), eod(2027, 2, 15), True),
    ("estimate", _review_early, bj(2027, 2, 3, 15), eod(2027, 2, 9), True),
    ("estimate", _review_late, bj(2027, 2, 3, 15), eod(2027, 2, 10), True),
    ("estimate", _initial, bj(2027, 4, 2, 10), eod(2027, 4, 6), True),  # 清明 Mon 5 Apr
    ("estimate", _initial, bj(2027, 4, 30, 10), eod(2027, 5, 3), True),  # 劳动节 on a weekend
    ("estimate", _initial, bj(2027, 6, 8, 10), eod(2027, 6, 10), True),  # 端午 Wed 9 Jun
    ("estimate", _initial, bj(2027, 9, 14, 10), eod(2027, 9, 16), True),  # 中秋 Wed 15 Sep
    ("estimate", _ruling_early, bj(2027, 9, 29, 10), eod(2027, 10, 5), True),  # 国庆 1–3 Oct
    ("estimate", _ruling_late, bj(2027, 9, 29, 10), eod(2027, 10, 7), True),
    ("estimate", _review_late, bj(2027, 10, 1, 10), eod(2027, 10, 6), True),
    ("estimate", _initial, bj(2027, 10, 8, 10), eod(2027, 10, 11), True),
    ("estimate", _ruling_late, bj(2027, 12, 29, 10), eod(2028, 1, 5), True),
    ("estimate", _initial, bj(2028, 1, 24, 10), eod(2028, 1, 31), True),  # 2028 春节 Tue 25–Fri 28 Jan
    ("estimate", _initial, bj(2026, 9, 30, 10), eod(2026, 10, 8), False),  # published 2026 National Day
    ("estimate", _initial, bj(2026, 2, 13, 10), eod(2026, 2, 14), False),  # 2026 make-up Saturday
    ("estimate", _ruling_late, bj(2026, 2, 13, 10), eod(2026, 2, 27), False),
    ("estimate", _initial, bj(2026, 4, 30, 10), eod(2026, 5, 6), False),
    ("estimate", _window, bj(2026, 12, 20, 15), bj(2027, 1, 4, 15), False),  # calendar days only
    ("estimate", _seller, bj(2026, 12, 31, 23, 30), bj(2027, 1, 3, 23, 30), False),
    ("estimate", _appeal, bj(2027, 2, 5, 10), bj(2027, 2, 8, 10), False),
    ("estimate", _window, bj(2027, 1, 25), bj(2027, 2, 9), False),
    ("override", _initial, bj(2027, 2, 4, 10), eod(2027, 2, 12), False),  # file: 5–11 Feb off
    ("override", _ruling_early, bj(2027, 2, 4, 10), eod(2027, 2, 15), False),  # make-up Sat 13
    ("override", _ruling_late, bj(2027, 2, 4, 10), eod(2027, 2, 17), False),
    ("override", _initial, bj(2026, 12, 31, 10), eod(2027, 1, 4), False),
    ("override", _initial, bj(2027, 6, 8, 10), eod(2027, 6, 9), False),  # the file replaces the estimate
]


@pytest.mark.parametrize(
    ("which", "rule", "start", "expected", "estimated"),
    DEADLINES,
    ids=[f"{row[0]}-{row[1].__name__}-{row[2]:%Y%m%d}" for row in DEADLINES],
)
def test_deadline_table(
    which: str,
    rule: Rule,
    start: datetime,
    expected: datetime,
    estimated: bool,
    estimate: WorkCalendar,
    override: WorkCalendar,
) -> None:
    cal = estimate if which == "estimate" else override
    assert rule(start, cal) == (expected, estimated)


def test_deadline_table_size() -> None:
    assert len(DEADLINES) >= 30
    starts = {row[2].date() for row in DEADLINES}
    assert any(row[3].date() > date(2027, 1, 1) and row[2].date() <= date(2027, 1, 1) for row in DEADLINES)
    assert date(2027, 2, 4) in starts  # the 2027 Spring Festival under the estimator and the override
