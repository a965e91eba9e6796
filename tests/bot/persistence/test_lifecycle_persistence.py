"""The case lifecycle against the REAL persistence: a hypothesis state machine drives one case in a
SQLite database file through ``bot.effects.apply_effects``, the one place a case changes (Perform
effects from flows and buttons, Correct effects for the card's undo and date edits), then reads
everything back from the database after each step.

Invariants, read from the database: the status, the timeline rows and the facts agree
(:func:`flows.lifecycle.inconsistencies`), and the pending reminder rows equal the plan computed from
the stored facts (:func:`flows.reminder_plan.plan_reminders`)."""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Coroutine
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from sqlalchemy import select

from bot.config import load_settings
from bot.effects import apply_effects
from bot.persistence.cases import case_facts, load_record, user_case
from bot.persistence.database import Database, open_database
from bot.persistence.models import Reminder, User
from flows import lifecycle as lc
from flows.case_facts import CaseStatus
from flows.clock import BEIJING
from flows.effects import OPENED, Correct, Effect, OpenCase, Perform, RecordEvent, StoredCase
from flows.lifecycle import Action
from flows.reminder_plan import plan_reminders
from flows.workdays import WorkCalendar

T = TypeVar("T")
USER = 4242
START = datetime(2026, 11, 20, 10, 0, tzinfo=BEIJING)
CALENDAR = WorkCalendar()
OUTCOMES = st.sampled_from(["full_refund", "partial_refund", "return_refund", "exchange", "rejected"])


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


class PersistedCaseMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.loop = asyncio.new_event_loop()
        self.tmp = tempfile.TemporaryDirectory()
        url = f"sqlite+aiosqlite:///{Path(self.tmp.name) / 'bot.db'}"
        self.settings = load_settings(
            {"DATABASE_URL": url, "EVIDENCE_DIR": str(Path(self.tmp.name) / "evidence")}, env_file=None
        )
        self.now = START
        self.planned_at = START  # the moment of the last change: reminders are planned then
        self.database: Database = self.run(open_database(url))
        self.case_id: int = self.run(self._open())

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        return self.loop.run_until_complete(coroutine)

    def teardown(self) -> None:
        self.run(self.database.close())
        self.loop.close()
        self.tmp.cleanup()

    async def _open(self) -> int:
        async with self.database.sessions() as session:
            session.add(User(id=USER, first_seen=self.now, last_seen=self.now))
            await session.flush()
            effects: list[
                Effect
            ] = [  # as /negotiate saves a case: opened, with its first events, in one turn
                OpenCase(
                    problem="quality",
                    service_type="return_refund",
                    facts={
                        "negotiation_started_at": _iso(self.now),
                        "transaction_succeeded_at": _iso(self.now - timedelta(days=3)),
                    },
                ),
                RecordEvent(case=OPENED, event="negotiation_started", at=_iso(self.now)),
                RecordEvent(
                    case=OPENED, event="transaction_succeeded", at=_iso(self.now - timedelta(days=3))
                ),
            ]
            outcome = await apply_effects(session, USER, effects, self.now, self.settings, CALENDAR)
            assert outcome.opened_case_id is not None
            await session.commit()
            return outcome.opened_case_id

    async def _record(self) -> lc.CaseRecord:
        async with self.database.sessions() as session:
            case = await user_case(session, USER, self.case_id)
            assert case is not None
            return await load_record(session, case)

    async def _pending(self) -> set[tuple[str, datetime]]:
        async with self.database.sessions() as session:
            rows = (
                await session.scalars(
                    select(Reminder).where(Reminder.case_id == self.case_id, Reminder.status == "pending")
                )
            ).all()
            return {(row.kind, row.due_at.astimezone(UTC)) for row in rows}

    async def _perform(self, action: Action, at: datetime, outcome: str, told: bool) -> list[str]:
        async with self.database.sessions() as session:
            effect = Perform(
                case=StoredCase(id=self.case_id), action=action, at=_iso(at), outcome=outcome, told=told
            )
            result = await apply_effects(session, USER, [effect], self.now, self.settings, CALENDAR)
            await session.commit()
            self.planned_at = self.now
            return result.refused

    async def _change(self, change: str, index: int = 0, at: datetime | None = None) -> None:
        """What the card does for 撤销 and 修改 → 日期: a Correct effect, applied like every change."""
        if change == "undo":
            effect = Correct(case=StoredCase(id=self.case_id), what="undo")
        else:
            assert at is not None
            effect = Correct(case=StoredCase(id=self.case_id), what="event_time", index=index, at=_iso(at))
        async with self.database.sessions() as session:
            result = await apply_effects(session, USER, [effect], self.now, self.settings, CALENDAR)
            assert result.refused == [] and result.unresolved == []
            await session.commit()
            self.planned_at = self.now

    # -- rules ------------------------------------------------------------------------------------

    @rule(hours=st.integers(min_value=1, max_value=100))
    def time_passes(self, hours: int) -> None:
        self.now += timedelta(hours=hours)

    @rule(data=st.data(), back_hours=st.integers(min_value=0, max_value=100), outcome=OUTCOMES)
    def act(self, data: st.DataObject, back_hours: int, outcome: str) -> None:
        """A card or reminder button: one of the moves valid now (as the card offers them)."""
        record = self.run(self._record())
        at = max(self.now - timedelta(hours=back_hours), START)
        valid = [a for a in Action if lc.allowed(record.facts, a, at)]
        if not valid:
            return
        action = data.draw(st.sampled_from(valid))
        assert self.run(self._perform(action, at, outcome, told=False)) == []
        assert self.run(self._record()).facts.status is not record.facts.status or action is Action.REOPEN

    @rule(action=st.sampled_from(list(Action)), back_hours=st.integers(0, 100), outcome=OUTCOMES)
    def anything(self, action: Action, back_hours: int, outcome: str) -> None:
        """Any action at all, valid or not (a stale reminder button, a flow told something odd): either
        the table allows it, or nothing in the database changes."""
        before = self.run(self._record())
        at = self.now - timedelta(hours=back_hours)
        refused = self.run(self._perform(action, at, outcome, told=False))
        after = self.run(self._record())
        if refused:
            assert (after.facts, after.events, after.history) == (before.facts, before.events, before.history)
        else:
            assert lc.allowed(before.facts, action, at)

    @rule(action=st.sampled_from(list(Action)), back_hours=st.integers(0, 100), outcome=OUTCOMES)
    def a_flow_tells(self, action: Action, back_hours: int, outcome: str) -> None:
        """A flow's Perform (told): the table with the told-from statuses, applied once."""
        self.run(self._perform(action, self.now - timedelta(hours=back_hours), outcome, told=True))

    @precondition(lambda self: self.run(self._record()).can_undo)
    @rule()
    def undo(self) -> None:
        before = self.run(self._record()).history[-1]
        self.run(self._change("undo"))
        after = self.run(self._record())
        assert after.facts == before.facts
        assert [(e.kind, e.at, e.detail) for e in after.events] == [
            (e.kind, e.at, e.detail) for e in before.events
        ]

    @rule(data=st.data(), back_hours=st.integers(min_value=0, max_value=200))
    def edit_date(self, data: st.DataObject, back_hours: int) -> None:
        editable = lc.editable_events(self.run(self._record()))
        if not editable:
            return
        index = data.draw(st.sampled_from(editable))
        self.run(self._change("edit", index, self.now - timedelta(hours=back_hours)))

    # -- invariants (read back from the database) ---------------------------------------------------

    @invariant()
    def status_timeline_and_facts_agree(self) -> None:
        assert lc.inconsistencies(self.run(self._record())) == []

    @invariant()
    def reminders_are_the_plan_of_the_facts(self) -> None:
        async def planned() -> set[tuple[str, datetime]]:
            async with self.database.sessions() as session:
                case = await user_case(session, USER, self.case_id)
                assert case is not None
                facts = case_facts(case)
            plan = plan_reminders(facts, CALENDAR, now=self.planned_at)
            return {(str(r.kind), r.due_at.astimezone(UTC)) for r in plan}

        assert self.run(self._pending()) == self.run(planned())

    @invariant()
    def closed_cases_have_no_reminders(self) -> None:
        if self.run(self._record()).facts.status is CaseStatus.CLOSED:
            assert self.run(self._pending()) == set()


PersistedCaseMachine.TestCase.settings = settings(
    max_examples=25,
    stateful_step_count=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
TestPersistedCaseMachine = PersistedCaseMachine.TestCase
