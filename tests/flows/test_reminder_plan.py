"""The reminder plan: which reminders exist for which status, when, and quiet hours."""

from __future__ import annotations

from datetime import UTC, datetime

import pydantic
import pytest

from flows.reminder_plan import (
    CaseFacts,
    CaseStatus,
    PlannedReminder,
    ReminderKind,
    apply_quiet_hours,
    plan_reminders,
)
from flows.workdays import WorkCalendar
from tests.beijing import bj, utc

CAL = WorkCalendar()

# One case, its facts filled in as it moves along.
TX = bj(2026, 9, 20, 14, 30)  # transaction succeeded; window ends 5 Oct 14:30
NEG = bj(2026, 9, 21, 10, 0)  # negotiation started
ASR = bj(2026, 9, 24, 10, 0)  # after-sales requested; seller's time ends 27 Sep 10:00
INT = bj(2026, 9, 29, 10, 0)  # intervention requested; 5 working days end 12 Oct
RUL = bj(2026, 10, 12, 15, 0)  # ruling received; appeal window ends 15 Oct 15:00
ALL_FACTS = {
    "transaction_succeeded_at": TX,
    "negotiation_started_at": NEG,
    "after_sales_requested_at": ASR,
    "intervention_requested_at": INT,
    "ruling_at": RUL,
}
EARLY = bj(2026, 9, 20, 15, 0)  # before every reminder of the case


def plan(status: str, now: datetime = EARLY, **facts) -> list[PlannedReminder]:
    return plan_reminders(CaseFacts(status=status, **(ALL_FACTS | facts)), CAL, now=now)


def kinds(reminders: list[PlannedReminder]) -> list[str]:
    return [r.kind for r in reminders]


# -- which kinds per status ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("negotiating", {"negotiation_checkin", "window_3d", "window_1d"}),
        ("after_sales_requested", {"seller_24h", "seller_due"}),
        ("seller_agreed", set()),
        ("seller_refused", set()),
        ("seller_no_answer", set()),
        ("intervention_requested", {"ruling_checkin"}),
        ("ruling_received", {"appeal_24h", "appeal_6h"}),
        ("appeal_submitted", set()),
        ("closed", set()),
    ],
)
def test_kinds_per_status(status: str, expected: set[str]) -> None:
    assert set(kinds(plan(status))) == expected


def test_status_ids_and_kind_ids_are_stable() -> None:
    assert [s.value for s in CaseStatus] == [
        "negotiating",
        "after_sales_requested",
        "seller_agreed",
        "seller_refused",
        "seller_no_answer",
        "intervention_requested",
        "ruling_received",
        "appeal_submitted",
        "appeal_decided",
        "closed",
    ]
    assert {k.value for k in ReminderKind} == {
        "negotiation_checkin",
        "window_3d",
        "window_1d",
        "seller_24h",
        "seller_due",
        "ruling_checkin",
        "appeal_24h",
        "appeal_6h",
        "ruling_complex",
        "appeal_review_checkin",
    }


def test_negotiating_plan() -> None:
    window_end = bj(2026, 10, 5, 14, 30)
    assert plan("negotiating") == [
        PlannedReminder("negotiation_checkin", utc(bj(2026, 9, 24, 10, 0)), utc(window_end), False),
        PlannedReminder("window_3d", utc(bj(2026, 10, 2, 14, 30)), utc(window_end), False),
        PlannedReminder("window_1d", utc(bj(2026, 10, 4, 14, 30)), utc(window_end), False),
    ]


def test_negotiating_without_transaction_time_only_checks_in() -> None:
    assert plan("negotiating", transaction_succeeded_at=None) == [
        PlannedReminder("negotiation_checkin", utc(bj(2026, 9, 24, 10, 0)), None, False),
    ]


def test_negotiation_checkin_after_the_window_closes_is_not_planned() -> None:
    # negotiation "started" 13 days after the transaction: the check-in (+3 d) would fall after the window
    assert kinds(plan("negotiating", negotiation_started_at=bj(2026, 10, 3, 10))) == [
        "window_3d",
        "window_1d",
    ]


def test_after_sales_requested_plan() -> None:
    seller_end = bj(2026, 9, 27, 10, 0)
    assert plan("after_sales_requested") == [
        PlannedReminder("seller_24h", utc(bj(2026, 9, 26, 10, 0)), utc(seller_end), False),
        PlannedReminder("seller_due", utc(seller_end), None, False),
    ]


def test_intervention_requested_plan_over_national_day() -> None:
    # 5 working days after Tue 29 Sep 2026 end on Mon 12 Oct 23:59:59 (quiet) → Tue 13 Oct 08:00
    assert plan("intervention_requested") == [
        PlannedReminder("ruling_checkin", utc(bj(2026, 10, 13, 8, 0)), None, False),
    ]


def test_ruling_checkin_estimated_in_an_unknown_year() -> None:
    [reminder] = plan("intervention_requested", intervention_requested_at=bj(2027, 9, 29, 10))
    assert reminder.estimated is True
    assert reminder.due_at == utc(bj(2027, 10, 8, 8, 0))  # Thu 7 Oct ends (1–3 Oct estimated off) → 08:00

    cal = WorkCalendar({2027: {"holidays": ["2027-10-01..2027-10-07"], "workdays": ["2027-10-09"]}})
    facts = CaseFacts(status="intervention_requested", intervention_requested_at=bj(2027, 9, 29, 10))
    [reminder] = plan_reminders(facts, cal, now=bj(2027, 9, 29, 10))
    assert reminder.estimated is False
    assert reminder.due_at == utc(bj(2027, 10, 13, 8, 0))  # 30 Sep, 8, 9 (Sat), 11, 12 Oct


def test_ruling_received_plan() -> None:
    appeal_end = bj(2026, 10, 15, 15, 0)
    assert plan("ruling_received") == [
        PlannedReminder("appeal_24h", utc(bj(2026, 10, 14, 15, 0)), utc(appeal_end), False),
        PlannedReminder("appeal_6h", utc(bj(2026, 10, 15, 9, 0)), utc(appeal_end), False),
    ]


def test_kinds_disappear_when_the_status_moves_on() -> None:
    """The bot diffs by (kind, due_at): what a new status no longer plans gets cancelled."""
    steps = [
        "negotiating",
        "after_sales_requested",
        "seller_refused",
        "intervention_requested",
        "ruling_received",
        "appeal_submitted",
        "closed",
    ]
    previous: set[tuple[str, datetime]] = set()
    seen_kinds: set[str] = set()
    # a Saturday request: the complex-case 7 days end after the 5th working day
    later = {"intervention_requested_at": bj(2026, 11, 7, 10), "appeal_submitted_at": bj(2026, 11, 20, 10)}
    for status in steps:
        current = {r.key for r in plan(status, **later)}
        cancelled = previous - current
        assert {kind for kind, _ in cancelled} <= seen_kinds
        assert not ({kind for kind, _ in current} & {kind for kind, _ in cancelled})
        seen_kinds |= {kind for kind, _ in current}
        previous = current
    assert previous == set()
    assert seen_kinds == {k.value for k in ReminderKind}


def test_missing_facts_plan_nothing() -> None:
    empty = dict.fromkeys(ALL_FACTS)
    for status in CaseStatus:
        assert plan_reminders(CaseFacts(status=status, **empty), CAL, now=EARLY) == []


# -- overdue reminders -------------------------------------------------------------------------


def test_overdue_reminder_is_kept_while_its_deadline_is_ahead() -> None:
    now = bj(2026, 10, 15, 10, 0)  # appeal_24h was due yesterday 15:00, deadline today 15:00
    reminders = plan("ruling_received", now=now)
    assert kinds(reminders) == ["appeal_24h", "appeal_6h"]
    assert reminders[0].due_at < now  # the scheduler sends it at once


def test_reminders_are_dropped_once_their_deadline_has_passed() -> None:
    assert plan("ruling_received", now=bj(2026, 10, 15, 15, 0)) == []  # deadline reached exactly
    assert kinds(plan("negotiating", now=bj(2026, 10, 6))) == []
    # seller_24h has passed its deadline, seller_due has none and is still worth sending
    assert kinds(plan("after_sales_requested", now=bj(2026, 9, 28))) == ["seller_due"]


def test_plan_is_deterministic_and_now_only_filters() -> None:
    a = plan("negotiating", now=EARLY)
    b = plan("negotiating", now=bj(2026, 9, 30, 3, 17))
    assert a == b
    assert a == sorted(a, key=lambda r: (r.due_at, r.kind))
    for r in a:
        assert r.due_at.tzinfo is UTC
        assert r.deadline_at is None or r.deadline_at.tzinfo is UTC


def test_case_facts_survive_a_json_round_trip_and_reject_naive_times() -> None:
    facts = CaseFacts(status="ruling_received", **ALL_FACTS)
    again = CaseFacts.model_validate_json(facts.model_dump_json())
    assert plan_reminders(again, CAL, now=EARLY) == plan_reminders(facts, CAL, now=EARLY)
    with pytest.raises(pydantic.ValidationError):
        CaseFacts(status="negotiating", transaction_succeeded_at=datetime(2026, 9, 20, 14, 30))
    with pytest.raises(pydantic.ValidationError):
        CaseFacts(status="waiting")
    with pytest.raises(ValueError, match="timezone-aware"):
        plan_reminders(facts, CAL, now=datetime(2026, 9, 20))


# -- quiet hours -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("due", "deadline", "expected"),
    [
        (bj(2026, 3, 9, 12, 0), None, bj(2026, 3, 9, 12, 0)),  # daytime: unchanged
        (bj(2026, 3, 9, 8, 0), None, bj(2026, 3, 9, 8, 0)),  # 08:00 is not quiet
        (bj(2026, 3, 9, 21, 59, 59), None, bj(2026, 3, 9, 21, 59, 59)),
        (bj(2026, 3, 9, 22, 0), None, bj(2026, 3, 10, 8, 0)),  # 22:00 is quiet → next morning
        (bj(2026, 3, 9, 23, 30), None, bj(2026, 3, 10, 8, 0)),
        (bj(2026, 3, 10, 0, 0), None, bj(2026, 3, 10, 8, 0)),
        (bj(2026, 3, 10, 3, 0), None, bj(2026, 3, 10, 8, 0)),  # after midnight → same morning
        (bj(2026, 3, 10, 7, 59), None, bj(2026, 3, 10, 8, 0)),
        (bj(2026, 12, 31, 23, 0), None, bj(2027, 1, 1, 8, 0)),  # across the year (holidays do not matter)
        # the deadline exception: 08:00 would be at or after the deadline → keep the night-time reminder
        (bj(2026, 3, 9, 23, 0), bj(2026, 3, 10, 7, 0), bj(2026, 3, 9, 23, 0)),
        (bj(2026, 3, 9, 23, 0), bj(2026, 3, 10, 8, 0), bj(2026, 3, 9, 23, 0)),
        (bj(2026, 3, 9, 23, 0), bj(2026, 3, 10, 8, 0, 1), bj(2026, 3, 10, 8, 0)),
        (bj(2026, 3, 10, 2, 0), bj(2026, 3, 10, 20, 0), bj(2026, 3, 10, 8, 0)),
    ],
)
def test_apply_quiet_hours(due: datetime, deadline: datetime | None, expected: datetime) -> None:
    result = apply_quiet_hours(due, deadline)
    assert result == expected
    assert result.tzinfo is UTC


def test_quiet_hours_are_beijing_hours_whatever_the_input_zone() -> None:
    # 15:00 UTC is 23:00 in Beijing: quiet, even though it is afternoon in UTC
    assert apply_quiet_hours(datetime(2026, 3, 9, 15, 0, tzinfo=UTC)) == datetime(
        2026, 3, 10, 0, 0, tzinfo=UTC
    )
    # 01:00 UTC is 09:00 in Beijing: not quiet
    assert apply_quiet_hours(datetime(2026, 3, 9, 1, 0, tzinfo=UTC)) == datetime(2026, 3, 9, 1, 0, tzinfo=UTC)


def test_plan_moves_night_reminders_unless_the_deadline_is_too_close() -> None:
    # ruling at 05:00: appeal ends 05:00 three days later
    appeal_end = bj(2026, 3, 12, 5, 0)
    reminders = plan("ruling_received", ruling_at=bj(2026, 3, 9, 5, 0), now=bj(2026, 3, 9, 5, 0))
    assert reminders == [
        # due 05:00 on the 11th → 08:00, well before the deadline
        PlannedReminder("appeal_24h", utc(bj(2026, 3, 11, 8, 0)), utc(appeal_end), False),
        # due 23:00 on the 11th; 08:00 on the 12th would be after the 05:00 deadline → stays at 23:00
        PlannedReminder("appeal_6h", utc(bj(2026, 3, 11, 23, 0)), utc(appeal_end), False),
    ]


def test_seller_reminders_in_quiet_hours() -> None:
    # requested at 23:30: 24 h left at 23:30 two days later → 08:00 (deadline 23:30 the next day)
    reminders = plan(
        "after_sales_requested", after_sales_requested_at=bj(2026, 3, 9, 23, 30), now=bj(2026, 3, 9, 23, 30)
    )
    assert [(r.kind, r.due_at) for r in reminders] == [
        ("seller_24h", utc(bj(2026, 3, 12, 8, 0))),
        ("seller_due", utc(bj(2026, 3, 13, 8, 0))),  # no deadline: simply waits for the morning
    ]


def test_quiet_hours_refuse_naive_times() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        apply_quiet_hours(datetime(2026, 3, 9, 23, 0))


# -- the right reminders, and no others ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("outcome", "basis", "planned"),
    [
        (None, None, True),
        ("rejected", "new_evidence", True),
        ("partial_refund", "clear_error", True),
        ("full_refund", None, False),  # nothing left to appeal for
        ("return_refund", None, False),
        ("rejected", "neither", False),  # disagreement alone is not accepted
    ],
)
def test_appeal_reminders_only_when_an_appeal_may_be_wanted(
    outcome: str | None, basis: str | None, planned: bool
) -> None:
    reminders = plan("ruling_received", ruling_outcome=outcome, appeal_basis=basis)
    assert (kinds(reminders) == ["appeal_24h", "appeal_6h"]) is planned
    assert planned or reminders == []


def test_complex_case_follow_up_after_seven_days_when_later_than_the_check_in() -> None:
    saturday = bj(2026, 11, 7, 10)
    reminders = plan("intervention_requested", intervention_requested_at=saturday)
    assert [(r.kind, r.due_at) for r in reminders] == [
        ("ruling_checkin", utc(bj(2026, 11, 14, 8, 0))),  # Fri 13 Nov ends (5th working day) → 08:00
        ("ruling_complex", utc(bj(2026, 11, 15, 8, 0))),  # Sat 14 Nov ends (7th day) → 08:00
    ]
    # A weekday request: 7 calendar days end with the 5th working day — one check-in says both.
    assert kinds(plan("intervention_requested", intervention_requested_at=bj(2026, 11, 4, 10))) == [
        "ruling_checkin"
    ]


def test_appeal_review_check_in_after_three_working_days() -> None:
    reminders = plan("appeal_submitted", appeal_submitted_at=bj(2026, 11, 20, 10))  # a Friday
    assert [(r.kind, r.due_at, r.deadline_at) for r in reminders] == [
        ("appeal_review_checkin", utc(bj(2026, 11, 26, 8, 0)), None)  # Wed 25 Nov ends → 08:00
    ]
