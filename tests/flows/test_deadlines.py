"""Each deadline of the process, with fixed times."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from flows.clock import BEIJING
from flows.deadlines import (
    ExpectedWindow,
    after_sales_window_end,
    appeal_deadline,
    appeal_result_expected,
    initial_review_by,
    negotiation_checkin_at,
    negotiation_period_end,
    ruling_expected,
    ruling_expected_by,
    seller_deadline,
)
from flows.workdays import WorkCalendar, WorkdayResult
from tests.beijing import bj, eod

# -- calendar periods: same clock time, holidays do not matter ----------------------------------


@pytest.mark.parametrize(
    ("function", "start", "expected"),
    [
        (
            after_sales_window_end,
            bj(2026, 9, 20, 14, 30),
            bj(2026, 10, 5, 14, 30),
        ),  # runs through National Day
        (after_sales_window_end, bj(2025, 12, 25, 9), bj(2026, 1, 9, 9)),
        (negotiation_checkin_at, bj(2026, 9, 30, 20), bj(2026, 10, 3, 20)),
        (negotiation_period_end, bj(2026, 9, 30, 20), bj(2026, 10, 5, 20)),
        (seller_deadline, bj(2026, 9, 30, 21, 15), bj(2026, 10, 3, 21, 15)),
        (seller_deadline, bj(2025, 12, 31, 8), bj(2026, 1, 3, 8)),
        (appeal_deadline, bj(2026, 10, 9, 16, 45), bj(2026, 10, 12, 16, 45)),
        (appeal_deadline, bj(2027, 3, 1, 10), bj(2027, 3, 4, 10)),  # no calendar needed, never estimated
    ],
)
def test_calendar_period_deadlines(function, start: datetime, expected: datetime) -> None:
    result = function(start)
    assert result == expected
    assert result.tzinfo is BEIJING


def test_utc_input_gives_beijing_output() -> None:
    result = seller_deadline(datetime(2026, 3, 1, 20, 0, tzinfo=UTC))  # 2 March 04:00 Beijing
    assert result == bj(2026, 3, 5, 4, 0)
    assert result.tzinfo is BEIJING
    assert result.astimezone(UTC) == datetime(2026, 3, 4, 20, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "function", [after_sales_window_end, negotiation_checkin_at, seller_deadline, appeal_deadline]
)
def test_naive_input_is_refused(function) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        function(datetime(2026, 3, 1, 12))


# -- working-day expectations --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("requested", "expected"),
    [
        (bj(2026, 9, 30, 15), eod(2026, 10, 8)),  # National Day in between
        (bj(2026, 3, 6, 15), eod(2026, 3, 9)),  # Friday → Monday
        (bj(2025, 12, 31, 15), eod(2026, 1, 4)),  # New Year: make-up Sunday
    ],
)
def test_initial_review_by(cal: WorkCalendar, requested: datetime, expected: datetime) -> None:
    assert initial_review_by(requested, cal) == WorkdayResult(at=expected, estimated=False)


@pytest.mark.parametrize(
    ("requested", "earliest", "latest", "complex_latest"),
    [
        # National Day 2026: 3 working days → Fri 9 Oct, 5 → Mon 12 Oct (Sat 10 Oct is a make-up day).
        # 7 calendar days would be 6 Oct, before the usual bound: complex_latest is never earlier.
        (bj(2026, 9, 29, 10), eod(2026, 10, 9), eod(2026, 10, 12), eod(2026, 10, 12)),
        # an ordinary Wednesday: 5 working days = 7 calendar days
        (bj(2026, 3, 4, 10), eod(2026, 3, 9), eod(2026, 3, 11), eod(2026, 3, 11)),
        # a Saturday: 5 working days → Friday, 7 calendar days → the next Saturday
        (bj(2026, 3, 7, 10), eod(2026, 3, 11), eod(2026, 3, 13), eod(2026, 3, 14)),
        # New Year 2026
        (bj(2025, 12, 30, 10), eod(2026, 1, 5), eod(2026, 1, 7), eod(2026, 1, 7)),
    ],
)
def test_ruling_expected(
    cal: WorkCalendar, requested: datetime, earliest: datetime, latest: datetime, complex_latest: datetime
) -> None:
    expectation = ruling_expected(requested, cal)
    assert (expectation.earliest, expectation.latest, expectation.complex_latest) == (
        earliest,
        latest,
        complex_latest,
    )
    assert expectation.estimated is False
    assert ruling_expected_by(requested, cal) == WorkdayResult(at=latest, estimated=False)
    assert ruling_expected_by(requested, cal, complex_case=True) == WorkdayResult(
        at=complex_latest, estimated=False
    )


@pytest.mark.parametrize(
    ("submitted", "earliest", "latest"),
    [
        (bj(2026, 9, 30, 11), eod(2026, 10, 9), eod(2026, 10, 10)),  # make-up Saturday counts
        (bj(2026, 3, 5, 11), eod(2026, 3, 9), eod(2026, 3, 10)),  # Thursday, over a weekend
    ],
)
def test_appeal_result_expected(
    cal: WorkCalendar, submitted: datetime, earliest: datetime, latest: datetime
) -> None:
    assert appeal_result_expected(submitted, cal) == ExpectedWindow(
        earliest=earliest, latest=latest, estimated=False
    )


def test_2027_without_override_is_estimated(cal: WorkCalendar) -> None:
    expectation = ruling_expected(bj(2027, 9, 29, 10), cal)
    assert expectation.estimated is True
    # working days after Wed 29 Sep: Thu 30, (1–3 Oct National Day by the rules), Mon 4 … Thu 7
    assert expectation.latest == eod(2027, 10, 7)
    assert initial_review_by(bj(2027, 9, 30, 10), cal) == WorkdayResult(at=eod(2027, 10, 4), estimated=True)
    assert appeal_result_expected(bj(2027, 9, 30, 10), cal).estimated is True


def test_2027_with_override_is_not_estimated() -> None:
    cal = WorkCalendar(
        {2027: {"holidays": ["2027-10-01..2027-10-07"], "workdays": ["2027-09-26", "2027-10-09"]}}
    )
    expectation = ruling_expected(bj(2027, 9, 29, 10), cal)
    # working days after Wed 29 Sep: Thu 30, Fri 8, Sat 9 (make-up), Mon 11, Tue 12
    assert (expectation.earliest, expectation.latest) == (eod(2027, 10, 9), eod(2027, 10, 12))
    assert expectation.estimated is False
