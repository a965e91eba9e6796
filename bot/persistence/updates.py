"""Telegram updates already handled, by update id: a redelivered update is not handled twice.

Telegram redelivers a webhook update whose request failed (connection reset, non-2xx, timeout), and
getUpdates hands out again whatever a crashed poller had not confirmed. The bot handles each update
inside one transaction of its own (the per-update session), and the row of this table is written in
that same transaction (`record_processed`, from the session's first commit that carries the handler's
writes), so:

- an update whose changes were committed is recognised when it comes again (`processed_status`),
- one that died before its commit left no row and is simply handled again.

`answered` is set when the handler returned (its replies went out): a redelivered copy of an update
that committed but may not have been answered gets the current question again instead of silence.
Rows older than `KEEP` are pruned (Telegram gives up redelivering long before).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import delete, event, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from bot.persistence.database import rows_changed
from bot.persistence.models import ProcessedUpdate
from bot.persistence.upsert import insert

KEEP = timedelta(days=2)


async def processed_status(session: AsyncSession, update_id: int) -> bool | None:
    """None: never committed; False: committed, not known to be answered; True: handled and answered."""
    return await session.scalar(
        select(ProcessedUpdate.answered).where(ProcessedUpdate.update_id == update_id)
    )


def record_processed(session: Session, update_id: int, now: datetime) -> None:
    """Write the row inside the session's current transaction (synchronous: called from the session's
    before-commit hook); a row already there stays as it is."""
    session.execute(
        insert(ProcessedUpdate)
        .values(update_id=update_id, answered=False, processed_at=now)
        .on_conflict_do_nothing(index_elements=["update_id"])
    )


def record_on_commit(session: AsyncSession, update_id: int, now: datetime) -> Callable[[], None]:
    """From now on every commit of `session` also writes the update's row (once; it is idempotent), so
    the handler's first commit of its changes carries it. Returns the function that stops this."""
    sync_session = session.sync_session

    def before_commit(committing: Session) -> None:
        record_processed(committing, update_id, now)

    event.listen(sync_session, "before_commit", before_commit)
    return lambda: event.remove(sync_session, "before_commit", before_commit)


async def record_answered(session: AsyncSession, update_id: int, now: datetime) -> None:
    await session.execute(
        insert(ProcessedUpdate)
        .values(update_id=update_id, answered=True, processed_at=now)
        .on_conflict_do_update(index_elements=["update_id"], set_={"answered": True})
    )


async def prune_processed(session: AsyncSession, now: datetime) -> int:
    return await rows_changed(
        session, delete(ProcessedUpdate).where(ProcessedUpdate.processed_at < now - KEEP)
    )
