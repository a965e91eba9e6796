"""Questions the FAQ could not answer, kept (without any user id) for whoever maintains it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.persistence.models import FaqMiss


async def record_miss(session: AsyncSession, query: str, lang: str, kind: str, now: datetime) -> int:
    miss = FaqMiss(query=query[:500], lang=lang, kind=kind, created_at=now)
    session.add(miss)
    await session.flush()
    return miss.id


async def frequent_misses(
    session: AsyncSession, limit: int = 30
) -> list[tuple[str, str, str, int, datetime]]:
    """(query, lang, kind, count, last asked), most frequent first; the same text counts as one."""
    rows = await session.execute(
        select(FaqMiss.query, FaqMiss.lang, FaqMiss.kind, func.count(), func.max(FaqMiss.created_at))
        .group_by(FaqMiss.query, FaqMiss.lang, FaqMiss.kind)
        .order_by(func.count().desc(), func.max(FaqMiss.created_at).desc())
        .limit(limit)
    )
    return [tuple(row) for row in rows.all()]  # type: ignore[misc]
