"""The case lifecycle: every (status, action) pair, guards on the moment things happened, undo and edits,
and a state machine holding status, timeline and reminders consistent under random use."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from flows import lifecycle as lc
from flows.case_facts import CASE_FIELDS, TIME_FIELDS, CaseFacts, CaseStatus, parse_fields
from flows.clock import BEIJING
from flows.lifecycle import Action, CaseRecord, NotAllowed, TimelineEvent
from flows.reminder_plan import plan_reminders
from flows.workdays import WorkCalendar

S = CaseStatus
A = Action
NOW = datetime(2026, 11, 27, 20, 0, tzinfo=BEIJING)
CALENDAR = WorkCalendar()

# Written out by hand (not derived from the table): what a buyer may record in each status.
EXPECTED: dict[CaseStatus, set[Action]] = {
    S.NEGOTIATING: {A.REQUESTED, A.AGREED, A.CLOSE},  # the seller may agree while negotiating
    S.AFTER_SALES_REQUESTED: {A.AGREED, A.REFUSED, A.SILENT, A.INTERVENE, A.CLOSE},
    S.SELLER_AGREED: {A.CLOSE},
    S.SELLER_REFUSED: {A.INTERVENE, A.CLOSE},
    S.SELLER_NO_ANSWER: {A.AGREED, A.REFUSED, A.INTERVENE, A.CLOSE},
    S.INTERVENTION_REQUESTED: {A.RULING, A.CLOSE},
    S.RULING_RECEIVED: {A.APPEALED, A.CLOSE},
    S.APPEAL_SUBMITTED: {A.APPEAL_RESULT, A.CLOSE},
    S.APPEAL_DECIDED: {A.CLOSE},
    S.CLOSED: {A.REOPEN},
}
TARGET: dict[Action, CaseStatus] = {
    A.REQUESTED: S.AFTER_SALES_REQUESTED,
    A.AGREED: S.SELLER_AGREED,
    A.REFUSED: S.SELLER_REFUSED,
    A.SILENT: S.SELLER_NO_ANSWER,
    A.INTERVENE: S.INTERVENTION_REQUESTED,
    A.RULING: S.RULING_RECEIVED,
    A.APPEALED: S.APPEAL_SUBMITTED,
    A.APPEAL_RESULT: S.APPEAL_DECIDED,
    A.CLOSE: S.CLOSED,
}


def facts_in(status: CaseStatus) -> CaseFacts:
    """A case in ``status`` whose guards hold at NOW (72 h passed, appeal window open)."""
    return CaseFacts(
        status=status,
        after_sales_requested_at=NOW - timedelta(days=4),
        ruling_at=NOW - timedelta(days=1),
        closed_from=S.RULING_RECEIVED if status is S.CLOSED else None,
    )


ALL_PAIRS = [(status, action) for status in CaseStatus for action in Action]


@pytest.mark.parametrize(("status", "action"), ALL_PAIRS, ids=[f"{s.value}-{a.value}" for s, a in ALL_PAIRS])
def test_every_status_action_pair(status: CaseStatus, action: Action) -> None:
    record = CaseRecord(facts=facts_in(status))
    if action in EXPECTED[status]:
        after = lc.perform(record, action, at=NOW, now=NOW, outcome="full_refund")
        expected = TARGET.get(action, S.RULING_RECEIVED)  # reopen: the status before close
        assert after.facts.status is expected
        assert len(after.events) == 1 and after.history[-1].facts == record.facts
    else:
        with pytest.raises(NotAllowed):
            lc.perform(record, action, at=NOW, now=NOW, outcome="full_refund")


def test_offers_are_the_valid_moves_in_dispute_order() -> None:
    order = [t.action for t in lc.TRANSITIONS]
    for status in CaseStatus:
        offered = lc.offers(facts_in(status), NOW)
        assert set(offered) == EXPECTED[status], status
        assert offered == sorted(offered, key=order.index)


def test_seller_silent_only_once_72_hours_have_passed() -> None:
    requested = NOW - timedelta(hours=71)
    record = CaseRecord(facts=CaseFacts(status=S.AFTER_SALES_REQUESTED, after_sales_requested_at=requested))
    assert A.SILENT not in lc.offers(record.facts, NOW)
    assert A.INTERVENE not in lc.offers(record.facts, NOW)
    with pytest.raises(NotAllowed) as raised:
        lc.perform(record, A.SILENT, at=NOW, now=NOW)
    assert raised.value.reason == "seller_72h_passed"
    later = NOW + timedelta(hours=2)
    assert lc.perform(record, A.SILENT, at=later, now=later).facts.status is S.SELLER_NO_ANSWER


def test_appeal_after_the_window_is_refused_by_when_it_happened() -> None:
    ruling = NOW - timedelta(days=5)
    record = CaseRecord(facts=CaseFacts(status=S.RULING_RECEIVED, ruling_at=ruling))
    with pytest.raises(NotAllowed):
        lc.perform(record, A.APPEALED, at=NOW, now=NOW)
    # Submitted in time, recorded late: fine.
    in_time = ruling + timedelta(days=2)
    assert lc.perform(record, A.APPEALED, at=in_time, now=NOW).facts.appeal_submitted_at == in_time
    step = lc.next_step(record.facts, NOW)
    assert step.key == "case-next-appeal-closed" and step.flow is None


def test_ruling_recorded_late_takes_the_time_it_happened() -> None:
    record = CaseRecord(facts=CaseFacts(status=S.INTERVENTION_REQUESTED, intervention_requested_at=NOW))
    five_days_ago = NOW - timedelta(days=5)
    after = lc.perform(record, A.RULING, at=five_days_ago, now=NOW, outcome="rejected")
    assert after.facts.ruling_at == five_days_ago and after.facts.ruling_outcome == "rejected"
    assert plan_reminders(after.facts, CALENDAR, now=NOW) == []  # the appeal window has closed


def test_future_moments_are_refused() -> None:
    record = CaseRecord(facts=CaseFacts(status=S.NEGOTIATING))
    with pytest.raises(NotAllowed):
        lc.perform(record, A.REQUESTED, at=NOW + timedelta(hours=1), now=NOW)


def test_close_and_reopen_restore_the_status() -> None:
    record = CaseRecord(facts=CaseFacts(status=S.SELLER_REFUSED))
    closed = lc.perform(record, A.CLOSE, at=NOW, now=NOW)
    assert closed.facts.status is S.CLOSED and closed.facts.closed_from is S.SELLER_REFUSED
    with pytest.raises(NotAllowed):
        lc.perform(closed, A.INTERVENE, at=NOW, now=NOW)  # an old card cannot move a closed case
    reopened = lc.perform(closed, A.REOPEN, at=NOW, now=NOW)
    assert reopened.facts.status is S.SELLER_REFUSED and reopened.facts.closed_at is None
    assert lc.inconsistencies(reopened) == []


def test_undo_restores_facts_and_timeline() -> None:
    record = CaseRecord(facts=CaseFacts(status=S.INTERVENTION_REQUESTED))
    ruled = lc.perform(record, A.RULING, at=NOW, now=NOW, outcome="partial_refund")
    assert lc.undo(ruled) == record
    with pytest.raises(NotAllowed):
        lc.undo(record)


def test_edit_event_time_moves_the_fact_and_the_deadline() -> None:
    record = CaseRecord(facts=CaseFacts(status=S.INTERVENTION_REQUESTED))
    ruled = lc.perform(record, A.RULING, at=NOW, now=NOW, outcome="rejected")
    assert plan_reminders(ruled.facts, CALENDAR, now=NOW)  # appeal reminders
    index = lc.editable_events(ruled)[-1]
    moved = lc.edit_event_time(ruled, index, at=NOW - timedelta(days=4), now=NOW, date_only=True)
    assert moved.facts.ruling_at == NOW - timedelta(days=4) and moved.events[index].date_only
    assert plan_reminders(moved.facts, CALENDAR, now=NOW) == []
    assert lc.undo(moved) == ruled


def test_edits_of_order_number_and_title_are_undoable() -> None:
    record = CaseRecord(facts=CaseFacts(status=S.NEGOTIATING, order_no="111111111111111"))
    edited = lc.edit_title(lc.edit_order_no(record, "222222222222222"), "耳机")
    assert (edited.facts.order_no, edited.facts.title) == ("222222222222222", "耳机")
    assert lc.undo(lc.undo(edited)) == record


def test_facts_model_is_the_one_field_list() -> None:
    assert "ruling_at" in TIME_FIELDS and "status" in CASE_FIELDS and "title" in CASE_FIELDS
    assert parse_fields({"ruling_at": "2026-11-27T12:00:00+00:00"})["ruling_at"].tzinfo is not None
    with pytest.raises(ValueError):
        parse_fields({"colour": "red"})
    with pytest.raises(ValueError):
        CaseFacts(status=S.NEGOTIATING).with_fields({"status": "nonsense"})


def test_diagram_names_every_transition() -> None:
    diagram = lc.mermaid()
    assert diagram.startswith("stateDiagram-v2")
    for transition in lc.TRANSITIONS:
        assert transition.action.value in diagram


# -- random use -----------------------------------------------------------------------------------

OUTCOMES = st.sampled_from(["full_refund", "partial_refund", "return_refund", "exchange", "rejected"])


class CaseMachine(RuleBasedStateMachine):
    """Random valid actions, undo and date edits; the record stays consistent, and the reminders the
    bot would keep (diffed like sync_case_reminders) always equal the plan computed from the facts."""

    def __init__(self) -> None:
        super().__init__()
        self.now = NOW
        self.record = CaseRecord(
            facts=CaseFacts(status=S.NEGOTIATING, negotiation_started_at=NOW),
            events=(TimelineEvent(kind="negotiation_started", at=NOW),),
        )
        self.reminders: set[tuple[str, datetime]] = self._plan()
        self.seen: list[CaseRecord] = [self.record]

    def _plan(self) -> set[tuple[str, datetime]]:
        return {r.key for r in plan_reminders(self.record.facts, CALENDAR, now=self.now)}

    def _resync(self) -> None:
        planned = self._plan()
        self.reminders = (self.reminders & planned) | planned  # cancel the unplanned, add the missing

    @rule(hours=st.integers(min_value=0, max_value=120))
    def time_passes(self, hours: int) -> None:
        self.now += timedelta(hours=hours)
        self._resync()

    @rule(data=st.data(), back_hours=st.integers(min_value=0, max_value=100), outcome=OUTCOMES)
    def act(self, data: st.DataObject, back_hours: int, outcome: str) -> None:
        at = self.now - timedelta(hours=back_hours)
        valid = [a for a in Action if lc.allowed(self.record.facts, a, at)]
        if not valid:
            return
        action = data.draw(st.sampled_from(valid))
        self.record = lc.perform(self.record, action, at=at, now=self.now, outcome=outcome)
        self.seen.append(self.record)
        self._resync()

    @precondition(lambda self: self.record.can_undo)
    @rule()
    def undo(self) -> None:
        before = self.record.history[-1]
        self.record = lc.undo(self.record)
        assert (self.record.facts, self.record.events) == (before.facts, before.events)
        self._resync()

    @rule(data=st.data(), back_hours=st.integers(min_value=0, max_value=200))
    def edit_date(self, data: st.DataObject, back_hours: int) -> None:
        editable = lc.editable_events(self.record)
        if not editable:
            return
        index = data.draw(st.sampled_from(editable))
        self.record = lc.edit_event_time(
            self.record, index, at=self.now - timedelta(hours=back_hours), now=self.now
        )
        self._resync()

    @invariant()
    def timeline_and_status_agree(self) -> None:
        assert lc.inconsistencies(self.record) == []

    @invariant()
    def reminders_are_the_plan(self) -> None:
        assert self.reminders == self._plan()

    @invariant()
    def offers_are_allowed_now(self) -> None:
        for action in lc.offers(self.record.facts, self.now):
            lc.check(self.record.facts, action, self.now)

    @invariant()
    def history_is_bounded(self) -> None:
        assert len(self.record.history) <= lc.UNDO_DEPTH


CaseMachine.TestCase.settings = settings(
    max_examples=150, stateful_step_count=30, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
TestCaseMachine = CaseMachine.TestCase


def test_a_ruling_told_by_a_flow_is_recorded_from_an_earlier_status_but_never_offered() -> None:
    record = CaseRecord(facts=CaseFacts(status=S.SELLER_REFUSED))
    assert A.RULING not in lc.offers(record.facts, NOW)
    with pytest.raises(NotAllowed):
        lc.perform(record, A.RULING, at=NOW, now=NOW, outcome="rejected")  # a card button: refused
    told = lc.tell(record, A.RULING, at=NOW - timedelta(days=1), now=NOW, outcome="rejected")
    assert told.facts.status is S.RULING_RECEIVED and told.facts.ruling_at == NOW - timedelta(days=1)
    assert lc.inconsistencies(told) == []


def test_telling_again_what_the_case_went_through_records_it_once() -> None:
    requested = NOW - timedelta(days=1)
    record = lc.tell(CaseRecord(facts=CaseFacts(status=S.NEGOTIATING)), A.REQUESTED, at=requested, now=NOW)
    assert lc.tell(record, A.REQUESTED, at=requested, now=NOW) is record  # /apply again: nothing new
    moved = lc.tell(record, A.REQUESTED, at=requested - timedelta(hours=2), now=NOW)  # a corrected time
    assert len(moved.events) == 1 and moved.facts.after_sales_requested_at == requested - timedelta(hours=2)
    with pytest.raises(NotAllowed):  # neither possible nor already done: refused
        lc.tell(record, A.APPEALED, at=NOW, now=NOW)
