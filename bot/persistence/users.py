"""Queries on users."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.persistence.models import User
from bot.persistence.upsert import insert


async def touch_user(
    session: AsyncSession, user_id: int, telegram_language: str | None, now: datetime
) -> User:
    """The user's row, created on first sight. A user who writes to us has evidently not blocked us."""
    statement = (
        insert(User)
        .values(
            id=user_id,
            telegram_language=telegram_language,
            blocked=False,
            reminders_enabled=True,
            first_seen=now,
            last_seen=now,
        )
        .on_conflict_do_update(
            index_elements=[User.id],
            set_={"telegram_language": telegram_language, "last_seen": now, "blocked": False},
        )
    )
    await session.execute(statement)
    user = await session.get(User, user_id, populate_existing=True)
    assert user is not None
    return user


async def mark_blocked(session: AsyncSession, user_id: int) -> None:
    await session.execute(update(User).where(User.id == user_id).values(blocked=True))


async def blocked_user_ids(session: AsyncSession) -> set[int]:
    return set((await session.scalars(select(User.id).where(User.blocked.is_(True)))).all())


async def chosen_language(session: AsyncSession, user_id: int) -> str | None:
    """The language the user chose with /lang (None: never chose, or unknown user)."""
    user = await session.get(User, user_id)
    return user.language if user is not None else None
