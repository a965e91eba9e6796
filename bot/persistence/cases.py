"""Queries on cases, their timeline and their evidence. Every lookup is scoped to the owner."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from bot.persistence.database import rows_changed
from bot.persistence.models import Case, CaseEvent, Evidence, Reminder, User
from bot.persistence.reminders import cancel_user_reminders, sync_case_reminders
from bot.persistence.upsert import insert
from flows.case_facts import CASE_FIELDS, CaseFacts
from flows.lifecycle import CaseRecord, Snapshot, TimelineEvent
from flows.reminder_plan import plan_reminders
from flows.workdays import WorkCalendar


async def create_case(session: AsyncSession, user_id: int, fields: dict[str, Any], now: datetime) -> Case:
    case = Case(user_id=user_id, created_at=now, updated_at=now, version=1, history=[], **_known(fields))
    session.add(case)
    await session.flush()
    return case


async def user_case(session: AsyncSession, user_id: int, case_id: int) -> Case | None:
    """The case if it belongs to this user; None for anyone else's (or a missing) case."""
    return await session.scalar(
        select(Case).where(Case.id == case_id, Case.user_id == user_id).options(selectinload(Case.events))
    )


async def user_cases_by_id(session: AsyncSession, user_id: int, case_ids: Iterable[int]) -> dict[int, Case]:
    """The user's cases among these ids, by id, in one query."""
    ids = set(case_ids)
    if not ids:
        return {}
    rows = await session.scalars(select(Case).where(Case.user_id == user_id, Case.id.in_(ids)))
    return {case.id: case for case in rows.all()}


async def case_and_owner(
    session: AsyncSession, case_id: int, user_id: int
) -> tuple[Case | None, User | None]:
    """A case and the user it belongs to (either None when gone)."""
    return await session.get(Case, case_id), await session.get(User, user_id)


async def user_cases(session: AsyncSession, user_id: int) -> list[Case]:
    return list(
        (
            await session.scalars(
                select(Case).where(Case.user_id == user_id).order_by(Case.updated_at.desc())
            )
        ).all()
    )


def update_case(case: Case, fields: dict[str, Any], now: datetime) -> None:
    for name, value in _known(fields).items():
        setattr(case, name, value)
    case.updated_at = now


async def add_event(
    session: AsyncSession,
    case: Case,
    kind: str,
    at: datetime,
    now: datetime,
    details: dict[str, Any] | None = None,
) -> CaseEvent:
    event = CaseEvent(case_id=case.id, kind=kind, at=at, recorded_at=now, details=details or {})
    session.add(event)
    await session.flush()
    return event


async def case_events(session: AsyncSession, case_id: int) -> list[CaseEvent]:
    return list(
        (
            await session.scalars(
                select(CaseEvent).where(CaseEvent.case_id == case_id).order_by(CaseEvent.at, CaseEvent.id)
            )
        ).all()
    )


def case_facts(case: Case) -> CaseFacts:
    """The row's facts (the columns are the model's fields)."""
    return CaseFacts.model_validate({name: getattr(case, name) for name in CASE_FIELDS})


def _timeline_event(row: CaseEvent) -> TimelineEvent:
    details = dict(row.details or {})
    date_only = details.pop("date_only", None) is not None
    return TimelineEvent(
        id=row.id,
        kind=row.kind,
        at=row.at,
        date_only=date_only,
        detail={k: str(v) for k, v in details.items()},
    )


async def load_record(session: AsyncSession, case: Case) -> CaseRecord:
    """The case as the lifecycle sees it: facts, timeline (in the order recorded), undo history."""
    rows = (
        await session.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.id))
    ).all()
    history = tuple(Snapshot.model_validate(item) for item in (case.history or []))
    return CaseRecord(facts=case_facts(case), events=tuple(_timeline_event(r) for r in rows), history=history)


async def save_record(session: AsyncSession, case: Case, record: CaseRecord, now: datetime) -> None:
    """Write a record the lifecycle returned: facts, timeline rows (added, moved, removed), history;
    the case's version goes up by one (older card buttons are then stale)."""
    for name, value in record.facts.model_dump().items():
        if name == "problem" and value is None:
            value = "other"  # the column predates unknown problems (see migration 0003)
        setattr(case, name, value)
    rows = {
        row.id: row
        for row in (await session.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id))).all()
    }
    kept: set[int] = set()
    for event in record.events:
        details: dict[str, Any] = {**event.detail, **({"date_only": "1"} if event.date_only else {})}
        row = rows.get(event.id) if event.id is not None else None
        if row is None:
            session.add(
                CaseEvent(case_id=case.id, kind=event.kind, at=event.at, recorded_at=now, details=details)
            )
            continue
        kept.add(row.id)
        if row.at != event.at or (row.details or {}) != details:
            row.at, row.details = event.at, details
    for row_id, row in rows.items():
        if row_id not in kept:
            await session.delete(row)
    case.history = [snapshot.model_dump(mode="json") for snapshot in record.history]
    case.version = (case.version or 1) + 1
    case.updated_at = now
    await session.flush()


async def refresh_reminders(session: AsyncSession, case: Case, calendar: WorkCalendar, now: datetime) -> None:
    """Recompute the case's reminders after any change (none while the user has them switched off)."""
    await session.flush()  # a case opened in this transaction gets its id; pending changes count
    user = await session.get(User, case.user_id)
    enabled = user is not None and user.reminders_enabled and not user.blocked
    plan = plan_reminders(case_facts(case), calendar, now=now) if enabled else []
    await sync_case_reminders(session, case.id, case.user_id, plan, now)


async def switch_reminders(
    session: AsyncSession, user: User, on: bool, calendar: WorkCalendar, now: datetime
) -> None:
    """The user's reminders on (re-planned for every case) or off (every pending one cancelled)."""
    user.reminders_enabled = on
    if on:
        for case in await user_cases(session, user.id):
            await refresh_reminders(session, case, calendar, now)
    else:
        await session.flush()
        await cancel_user_reminders(session, user.id)


async def add_evidence(session: AsyncSession, case_id: int, fields: dict[str, Any], now: datetime) -> bool:
    """Store an evidence row; False when this file (same content hash) is already in the case."""
    changed = await rows_changed(
        session,
        insert(Evidence)
        .values(case_id=case_id, created_at=now, **fields)
        .on_conflict_do_nothing(index_elements=["case_id", "sha256"]),
    )
    return changed > 0


async def evidence_by_category(session: AsyncSession, case_id: int) -> dict[str, int]:
    rows = await session.execute(
        select(Evidence.category, func.count()).where(Evidence.case_id == case_id).group_by(Evidence.category)
    )
    return {category: count for category, count in rows.all()}


async def evidence_of_cases(session: AsyncSession, case_ids: list[int]) -> dict[int, list[tuple[str, str]]]:
    """(sha256, category) of every evidence row of these cases, in one query."""
    found: dict[int, list[tuple[str, str]]] = {case_id: [] for case_id in case_ids}
    rows = await session.execute(
        select(Evidence.case_id, Evidence.sha256, Evidence.category).where(Evidence.case_id.in_(case_ids))
    )
    for case_id, sha256, category in rows.all():
        found[case_id].append((sha256, category))
    return found


def _known(fields: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in fields.items() if name in CASE_FIELDS}


@dataclass(frozen=True, slots=True)
class DeletedCase:
    events: int
    reminders: int
    evidence: int
    unreferenced_files: list[tuple[str, str]]  # (sha256, mime) no other evidence row uses: delete them


async def delete_case(session: AsyncSession, case: Case) -> DeletedCase:
    """Delete the case with its events, reminders and evidence rows (not committed). Files are stored
    by content hash and may be shared: the result names those no remaining row references."""
    evidence = (
        await session.execute(select(Evidence.sha256, Evidence.mime).where(Evidence.case_id == case.id))
    ).all()
    counts = DeletedCase(
        events=await session.scalar(select(func.count()).where(CaseEvent.case_id == case.id)) or 0,
        reminders=await session.scalar(select(func.count()).where(Reminder.case_id == case.id)) or 0,
        evidence=len(evidence),
        unreferenced_files=[],
    )
    await session.execute(delete(Reminder).where(Reminder.case_id == case.id))
    await session.execute(delete(Evidence).where(Evidence.case_id == case.id))
    await session.delete(case)  # its events go with it (the relationship cascades)
    await session.flush()
    unreferenced: list[tuple[str, str]] = []
    for sha256, mime in sorted(set(evidence)):
        if not await session.scalar(select(func.count()).where(Evidence.sha256 == sha256)):
            unreferenced.append((sha256, mime))
    return DeletedCase(counts.events, counts.reminders, counts.evidence, unreferenced)
