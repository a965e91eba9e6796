"""Queries on cases, their timeline and their evidence. Every lookup is scoped to the owner."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from bot.persistence.models import Case, CaseEvent, Evidence, User
from bot.persistence.reminders import sync_case_reminders
from bot.persistence.upsert import insert
from flows.reminder_plan import CaseFacts, plan_reminders
from flows.workdays import WorkCalendar

CASE_FIELDS = (
    "problem",
    "service_type",
    "demand",
    "order_no",
    "status",
    "transaction_succeeded_at",
    "negotiation_started_at",
    "after_sales_requested_at",
    "seller_answer",
    "intervention_requested_at",
    "ruling_at",
    "ruling_outcome",
    "appeal_basis",
    "appeal_submitted_at",
)


async def create_case(session: AsyncSession, user_id: int, fields: dict[str, Any], now: datetime) -> Case:
    case = Case(user_id=user_id, created_at=now, updated_at=now, **_known(fields))
    session.add(case)
    await session.flush()
    return case


async def user_case(session: AsyncSession, user_id: int, case_id: int) -> Case | None:
    """The case if it belongs to this user; None for anyone else's (or a missing) case."""
    return await session.scalar(
        select(Case).where(Case.id == case_id, Case.user_id == user_id).options(selectinload(Case.events))
    )


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
    return CaseFacts(
        status=case.status,
        transaction_succeeded_at=case.transaction_succeeded_at,
        negotiation_started_at=case.negotiation_started_at,
        after_sales_requested_at=case.after_sales_requested_at,
        intervention_requested_at=case.intervention_requested_at,
        ruling_at=case.ruling_at,
    )


async def refresh_reminders(session: AsyncSession, case: Case, calendar: WorkCalendar, now: datetime) -> None:
    """Recompute the case's reminders after any change (none while the user has them switched off)."""
    user = await session.get(User, case.user_id)
    enabled = user is not None and user.reminders_enabled and not user.blocked
    plan = plan_reminders(case_facts(case), calendar, now=now) if enabled else []
    await sync_case_reminders(session, case.id, case.user_id, plan, now)


async def add_evidence(session: AsyncSession, case_id: int, fields: dict[str, Any], now: datetime) -> bool:
    """Store an evidence row; False when this file (same content hash) is already in the case."""
    result = await session.execute(
        insert(Evidence)
        .values(case_id=case_id, created_at=now, **fields)
        .on_conflict_do_nothing(index_elements=["case_id", "sha256"])
    )
    return bool(result.rowcount)


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
