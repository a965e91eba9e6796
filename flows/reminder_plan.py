"""Which reminders a case should have right now: a pure, deterministic plan.

The bot diffs :func:`plan_reminders` against its reminder rows by ``(kind, due_at)``: rows no longer
planned are cancelled, planned ones missing from the database are inserted. So the plan depends only
on the case's facts and the calendar — ``now`` decides *whether* a reminder is planned, never *when*
it is due — and it comes back sorted by ``(due_at, kind)``.

Kinds (stable ids, also used as text keys), by status:

================================  ======================  ============================================
kind                              status                  due at (before quiet hours)
================================  ======================  ============================================
``negotiation_checkin``           negotiating             negotiation start + 3 days
``window_3d`` / ``window_1d``     negotiating             after-sales window end − 3 days / − 1 day
``seller_24h``                    after_sales_requested   request + 48 h (24 h of the seller's 72 left)
``seller_due``                    after_sales_requested   request + 72 h (you may request intervention)
``ruling_checkin``                intervention_requested  end of the 5th working day after the request
``ruling_complex``                intervention_requested  end of the 7th calendar day (complex cases),
                                                          never before the 5th working day
``appeal_24h`` / ``appeal_6h``    ruling_received         appeal deadline − 24 h / − 6 h, only when an
                                                          appeal may be wanted (see below)
``appeal_review_checkin``         appeal_submitted        end of the 3rd working day after submitting
================================  ======================  ============================================

Appeal reminders only when an appeal is possible and the user may want it: the ruling went against
them or was partial (``ruling_outcome`` rejected / partial_refund, or not recorded), and they did not
answer that they have neither new evidence nor a clear error (``appeal_basis`` "neither": the guide says
disagreement alone is not accepted).

Other statuses (seller_agreed, seller_refused, seller_no_answer, closed) plan nothing; a fact the rule
needs that is ``None`` plans nothing for that rule.

``deadline_at`` is the deadline the reminder warns about: the after-sales window end for the window
reminders and the negotiation check-in (when the transaction time is known), the seller's 72 h for
``seller_24h``, the appeal deadline for the appeal reminders. ``seller_due`` and ``ruling_checkin``
announce that something *may now* be done and have no deadline (``None``).

Overdue reminders: a reminder whose due time is already past at planning time is still planned if
its deadline has not passed (or it has none) — the scheduler then sends it at once; it is dropped
when its deadline is at or before ``now``. (A negotiation check-in that would fall at or after the
window's end is not planned: the window reminders say it better.)

Quiet hours: 22:00–08:00 Beijing, see :func:`apply_quiet_hours`; the plan applies it to every reminder.

All datetimes in a :class:`PlannedReminder` are aware and in **UTC**.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from enum import StrEnum

from flows.case_facts import CaseFacts, CaseStatus  # what a case is: flows/case_facts.py
from flows.clock import BEIJING
from flows.deadlines import (
    after_sales_window_end,
    appeal_deadline,
    appeal_result_expected,
    negotiation_checkin_at,
    ruling_expected,
    seller_deadline,
)
from flows.workdays import WorkCalendar, require_aware

#: Quiet hours, Beijing time: [22:00, 08:00). 22:00 is quiet, 08:00 is not.
QUIET_START = time(22, 0)
QUIET_END = time(8, 0)


class ReminderKind(StrEnum):
    NEGOTIATION_CHECKIN = "negotiation_checkin"
    WINDOW_3D = "window_3d"
    WINDOW_1D = "window_1d"
    SELLER_24H = "seller_24h"
    SELLER_DUE = "seller_due"
    RULING_CHECKIN = "ruling_checkin"
    APPEAL_24H = "appeal_24h"
    APPEAL_6H = "appeal_6h"
    RULING_COMPLEX = "ruling_complex"
    APPEAL_REVIEW_CHECKIN = "appeal_review_checkin"


#: Rulings a buyer may want to appeal: against them, or partial. Not recorded (None) counts too.
APPEALABLE_OUTCOMES = frozenset({"rejected", "partial_refund"})


@dataclass(frozen=True, slots=True)
class PlannedReminder:
    kind: str  # a ReminderKind value
    due_at: datetime  # aware, UTC, quiet hours applied
    deadline_at: datetime | None  # aware, UTC
    estimated: bool  # working days were counted on a Monday–Friday guess

    @property
    def key(self) -> tuple[str, datetime]:
        """What the bot matches database rows on."""
        return (self.kind, self.due_at)


def apply_quiet_hours(due_at: datetime, deadline_at: datetime | None = None) -> datetime:
    """Move a reminder due in quiet hours (22:00–08:00 Beijing) to the next 08:00 Beijing.

    If waiting until 08:00 would reach the deadline (08:00 at or after ``deadline_at``), the original
    time is kept: a night-time message beats a missed deadline. Times outside quiet hours are unchanged.
    Returns an aware datetime in UTC.
    """
    require_aware(due_at, "due_at")
    if deadline_at is not None:
        require_aware(deadline_at, "deadline_at")
    local = due_at.astimezone(BEIJING)
    clock = local.timetz().replace(tzinfo=None)
    if QUIET_END <= clock < QUIET_START:
        return due_at.astimezone(UTC)
    morning_day = local.date() + timedelta(days=1) if clock >= QUIET_START else local.date()
    morning = datetime.combine(morning_day, QUIET_END, tzinfo=BEIJING)
    if deadline_at is not None and morning >= deadline_at:
        return due_at.astimezone(UTC)
    return morning.astimezone(UTC)


def plan_reminders(facts: CaseFacts, calendar: WorkCalendar, *, now: datetime) -> list[PlannedReminder]:
    """The reminders the case should have, sorted by ``(due_at, kind)``. See the module docstring."""
    require_aware(now, "now")
    candidates: list[tuple[ReminderKind, datetime, datetime | None, bool]] = []
    status = facts.status

    if status is CaseStatus.NEGOTIATING:
        window_end = (
            after_sales_window_end(facts.transaction_succeeded_at) if facts.transaction_succeeded_at else None
        )
        if window_end is not None:
            candidates.append((ReminderKind.WINDOW_3D, window_end - timedelta(days=3), window_end, False))
            candidates.append((ReminderKind.WINDOW_1D, window_end - timedelta(days=1), window_end, False))
        if facts.negotiation_started_at is not None:
            checkin = negotiation_checkin_at(facts.negotiation_started_at)
            if window_end is None or checkin < window_end:
                candidates.append((ReminderKind.NEGOTIATION_CHECKIN, checkin, window_end, False))

    elif status is CaseStatus.AFTER_SALES_REQUESTED and facts.after_sales_requested_at is not None:
        seller_end = seller_deadline(facts.after_sales_requested_at)
        candidates.append((ReminderKind.SELLER_24H, seller_end - timedelta(hours=24), seller_end, False))
        candidates.append((ReminderKind.SELLER_DUE, seller_end, None, False))

    elif status is CaseStatus.INTERVENTION_REQUESTED and facts.intervention_requested_at is not None:
        expected = ruling_expected(facts.intervention_requested_at, calendar)
        candidates.append((ReminderKind.RULING_CHECKIN, expected.latest, None, expected.estimated))
        if expected.complex_latest > expected.latest:  # "复杂案件可能延长至7天": ask again then
            candidates.append(
                (ReminderKind.RULING_COMPLEX, expected.complex_latest, None, expected.estimated)
            )

    elif status is CaseStatus.RULING_RECEIVED and facts.ruling_at is not None and _appeal_wanted(facts):
        appeal_end = appeal_deadline(facts.ruling_at)
        candidates.append((ReminderKind.APPEAL_24H, appeal_end - timedelta(hours=24), appeal_end, False))
        candidates.append((ReminderKind.APPEAL_6H, appeal_end - timedelta(hours=6), appeal_end, False))

    elif status is CaseStatus.APPEAL_SUBMITTED and facts.appeal_submitted_at is not None:
        review = appeal_result_expected(facts.appeal_submitted_at, calendar)
        candidates.append((ReminderKind.APPEAL_REVIEW_CHECKIN, review.latest, None, review.estimated))

    plan: list[PlannedReminder] = []
    for kind, due, deadline, estimated in candidates:
        if deadline is not None and deadline <= now:
            continue  # too late to be useful
        plan.append(
            PlannedReminder(
                kind=kind.value,
                due_at=apply_quiet_hours(due, deadline),
                deadline_at=deadline.astimezone(UTC) if deadline is not None else None,
                estimated=estimated,
            )
        )
    plan.sort(key=lambda r: (r.due_at, r.kind))
    return plan


def _appeal_wanted(facts: CaseFacts) -> bool:
    """An appeal is possible and may be wanted: not after a favourable ruling, not without a basis."""
    outcome_ok = facts.ruling_outcome is None or facts.ruling_outcome in APPEALABLE_OUTCOMES
    return outcome_ok and facts.appeal_basis != "neither"


__all__ = [
    "APPEALABLE_OUTCOMES",
    "QUIET_END",
    "QUIET_START",
    "CaseFacts",
    "CaseStatus",
    "PlannedReminder",
    "ReminderKind",
    "apply_quiet_hours",
    "plan_reminders",
]
