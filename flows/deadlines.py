"""Every deadline of the dispute process, as pure functions of the moment it counts from.

Two kinds of rule, two conventions (numbers from :mod:`flows.rules`):

* **Calendar periods the buyer must act within, or waits out** — after-sales window (15 days),
  seller's response (72 hours), appeal window (3 days), negotiation check-in (3 days): the exact
  moment plus the period, same clock time. Taobao's own counters run from the moment, and ending the
  buyer's window earlier rather than later is the safe mistake.
* **Things the platform is expected to do within working days** — initial review (1), ruling (3–5),
  appeal review (2–3): the end (23:59:59 Beijing) of the Nth working day after the event's Beijing date,
  see :mod:`flows.workdays`. These carry an ``estimated`` flag, true when a year on the way is not in
  the Chinese calendar data (Monday–Friday was assumed).

Inputs must be timezone-aware; every returned datetime is aware and in **Beijing time**
(``flows.clock.BEIJING``). The bot stores them in UTC.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flows.clock import BEIJING
from flows.rules import (
    AFTER_SALES_WINDOW,
    APPEAL_REVIEW_WORKING_DAYS,
    APPEAL_WINDOW,
    INITIAL_REVIEW_WORKING_DAYS,
    NEGOTIATION_DAYS,
    RULING_COMPLEX_DAYS,
    RULING_WORKING_DAYS,
    SELLER_RESPONSE,
)
from flows.workdays import WorkCalendar, WorkdayResult, end_of_day, require_aware


@dataclass(frozen=True, slots=True)
class ExpectedWindow:
    """The platform usually answers between ``earliest`` and ``latest`` (both aware, Beijing)."""

    earliest: datetime
    latest: datetime
    estimated: bool


@dataclass(frozen=True, slots=True)
class RulingExpectation(ExpectedWindow):
    """``latest`` is the usual bound (5 working days); ``complex_latest`` the one for complex cases."""

    complex_latest: datetime


def _plus(moment: datetime, delta: timedelta, what: str) -> datetime:
    require_aware(moment, what)
    return moment.astimezone(BEIJING) + delta


def after_sales_window_end(transaction_succeeded_at: datetime) -> datetime:
    """Last moment to apply for after-sales: transaction success (confirmed receipt) + 15 days."""
    return _plus(transaction_succeeded_at, AFTER_SALES_WINDOW, "transaction_succeeded_at")


def negotiation_checkin_at(negotiation_started_at: datetime) -> datetime:
    """When to ask "is negotiating working?": start + 3 days (the guide's "前3-5天", low end)."""
    return _plus(negotiation_started_at, timedelta(days=NEGOTIATION_DAYS[0]), "negotiation_started_at")


def negotiation_period_end(negotiation_started_at: datetime) -> datetime:
    """End of the suggested negotiation period: start + 5 days (the guide's "前3-5天", high end)."""
    return _plus(negotiation_started_at, timedelta(days=NEGOTIATION_DAYS[1]), "negotiation_started_at")


def seller_deadline(after_sales_requested_at: datetime) -> datetime:
    """When the seller's 72 hours run out and intervention can be requested."""
    return _plus(after_sales_requested_at, SELLER_RESPONSE, "after_sales_requested_at")


def initial_review_by(intervention_requested_at: datetime, calendar: WorkCalendar) -> WorkdayResult:
    """End of the 1st working day after intervention was requested."""
    return calendar.add_working_days(intervention_requested_at, INITIAL_REVIEW_WORKING_DAYS)


def ruling_expected(intervention_requested_at: datetime, calendar: WorkCalendar) -> RulingExpectation:
    """Ruling expected between the end of the 3rd and of the 5th working day after the request.

    ``complex_latest``: "复杂案件可能延长至7天" read as 7 calendar days — the end (23:59:59 Beijing) of the
    7th calendar day after the request's date. Because 7 calendar days is often no later than 5
    working days (always across a holiday such as National Day), and the guide says complex cases
    may be *extended* to 7 days, ``complex_latest`` is never earlier than ``latest``.
    """
    low, high = RULING_WORKING_DAYS
    earliest = calendar.add_working_days(intervention_requested_at, low)
    latest = calendar.add_working_days(intervention_requested_at, high)
    request_day = intervention_requested_at.astimezone(BEIJING).date()
    seven_days = end_of_day(request_day + timedelta(days=RULING_COMPLEX_DAYS))
    return RulingExpectation(
        earliest=earliest.at,
        latest=latest.at,
        estimated=earliest.estimated or latest.estimated,
        complex_latest=max(seven_days, latest.at),
    )


def ruling_expected_by(
    intervention_requested_at: datetime, calendar: WorkCalendar, *, complex_case: bool = False
) -> WorkdayResult:
    """The single "ruling expected by" moment: :func:`ruling_expected`'s ``latest`` or ``complex_latest``."""
    expectation = ruling_expected(intervention_requested_at, calendar)
    at = expectation.complex_latest if complex_case else expectation.latest
    return WorkdayResult(at=at, estimated=expectation.estimated)


def appeal_deadline(ruling_at: datetime) -> datetime:
    """Last moment to appeal: ruling received + 3 days ("收到裁决结果的3天内")."""
    return _plus(ruling_at, APPEAL_WINDOW, "ruling_at")


def appeal_result_expected(appeal_submitted_at: datetime, calendar: WorkCalendar) -> ExpectedWindow:
    """Appeal result expected between the end of the 2nd and of the 3rd working day after submitting."""
    low, high = APPEAL_REVIEW_WORKING_DAYS
    earliest = calendar.add_working_days(appeal_submitted_at, low)
    latest = calendar.add_working_days(appeal_submitted_at, high)
    return ExpectedWindow(
        earliest=earliest.at, latest=latest.at, estimated=earliest.estimated or latest.estimated
    )


__all__ = [
    "ExpectedWindow",
    "RulingExpectation",
    "after_sales_window_end",
    "appeal_deadline",
    "appeal_result_expected",
    "initial_review_by",
    "negotiation_checkin_at",
    "negotiation_period_end",
    "ruling_expected",
    "ruling_expected_by",
    "seller_deadline",
]
