"""Questions the FAQ could not answer, kept (without any user id) for whoever maintains it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.persistence.models import FaqMiss
from faq.privacy import scrub


async def record_miss(session: AsyncSession, query: str, lang: str, kind: str, now: datetime) -> int:
    """Store a question the FAQ missed, with phone numbers, order numbers and other long digit runs
    replaced (faq.privacy.scrub) — nobody needs them to improve the knowledge base."""
    miss = FaqMiss(query=scrub(query)[:500], lang=lang, kind=kind, created_at=now)
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
    return [(query, lang, kind, count, last) for query, lang, kind, count, last in rows.all()]


async def delete_miss(session: AsyncSession, miss_id: int) -> None:
    """Drop one stored miss (its suggestion was picked after all)."""
    await session.execute(delete(FaqMiss).where(FaqMiss.id == miss_id))


async def frequent_misses_with_ids(session: AsyncSession, limit: int = 10) -> list[tuple[int, str, str, int]]:
    """(newest row id, query, lang, count), most frequent first; the same text and language count as
    one. The id stands for the whole group in operator buttons."""
    rows = await session.execute(
        select(func.max(FaqMiss.id), FaqMiss.query, FaqMiss.lang, func.count())
        .group_by(FaqMiss.query, FaqMiss.lang)
        .order_by(func.count().desc(), func.max(FaqMiss.created_at).desc())
        .limit(limit)
    )
    return [(int(i), str(q), str(lang), int(n)) for i, q, lang, n in rows.all()]


async def miss_text(session: AsyncSession, miss_id: int) -> tuple[str, str] | None:
    """(query, lang) of a stored miss, or None if it is gone."""
    row = (await session.execute(select(FaqMiss.query, FaqMiss.lang).where(FaqMiss.id == miss_id))).first()
    return (str(row[0]), str(row[1])) if row is not None else None


async def delete_misses_with_text(session: AsyncSession, query: str) -> None:
    """Drop every stored miss with this text (the operator handled it)."""
    await session.execute(delete(FaqMiss).where(FaqMiss.query == query))
