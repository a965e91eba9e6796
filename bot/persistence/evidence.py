"""Queries on evidence rows: listing a case's items, editing and deleting one, and what the start-up
sweep needs (every stored hash, every saved conversation's data)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.persistence.models import Case, Evidence, FsmRecord


async def all_evidence_hashes(session: AsyncSession) -> set[str]:
    rows = await session.execute(select(Evidence.sha256).distinct())
    return set(rows.scalars().all())


async def all_fsm_data(session: AsyncSession) -> list[dict[str, Any]]:
    rows = await session.execute(select(FsmRecord.data))
    return [data for data in rows.scalars().all() if data]


async def case_evidence(session: AsyncSession, case_id: int) -> list[Evidence]:
    """A case's items in the order they were received (ties by id)."""
    rows = await session.execute(
        select(Evidence).where(Evidence.case_id == case_id).order_by(Evidence.created_at, Evidence.id)
    )
    return list(rows.scalars().all())


async def user_evidence(session: AsyncSession, user_id: int, evidence_id: int) -> Evidence | None:
    """One item, only if it belongs to one of the user's cases."""
    rows = await session.execute(
        select(Evidence)
        .join(Case, Case.id == Evidence.case_id)
        .where(Evidence.id == evidence_id, Case.user_id == user_id)
    )
    return rows.scalar_one_or_none()


async def hash_still_used(session: AsyncSession, sha256: str) -> bool:
    rows = await session.execute(select(Evidence.id).where(Evidence.sha256 == sha256).limit(1))
    return rows.first() is not None


async def delete_evidence(session: AsyncSession, row: Evidence) -> bool:
    """Delete one evidence row; True when its file (same content hash) is still used by another row."""
    sha256 = row.sha256
    await session.delete(row)
    await session.flush()
    return await hash_still_used(session, sha256)
