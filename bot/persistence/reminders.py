"""Reminder rows: kept in step with a case's plan, claimed with a lease, marked sent.

Delivery protocol (see bot/scheduler.py):
1. `claim_due` moves due rows from pending to claimed with a lease, in one UPDATE … RETURNING, so two
   schedulers (or a restarted one, or another replica on PostgreSQL, where the rows are picked with
   FOR UPDATE SKIP LOCKED) never take the same row twice while its lease runs. Each claim counts an
   attempt, so (id, attempts) names one claim: `renew_claims`, `mark_sent` and `release_claim` act
   only on the caller's own claim, never on a later one by another scheduler.
2. While it delivers, the scheduler renews its claims' short lease (`renew_claims`), and it sends only
   under a lease that has not run out; then `mark_sent` (only a claimed row can become sent). Stopping
   gracefully, it gives back what it has not started to send (`release_claim`): another replica takes
   those at once instead of after the lease.
3. A crash before step 2 leaves the row claimed; when its (short) lease expires, `claim_due` takes it
   again, so nothing is lost. Nothing is repeated except in the one window no Bot API client can close:
   Telegram accepted the message and the process died before the commit of `mark_sent`
   (sendMessage has no idempotency key).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import and_, func, or_, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from bot.persistence.database import rows_changed
from bot.persistence.models import Reminder
from bot.persistence.upsert import insert
from flows.reminder_plan import PlannedReminder

PENDING, CLAIMED, SENT, CANCELLED, FAILED = "pending", "claimed", "sent", "cancelled", "failed"


async def sync_case_reminders(
    session: AsyncSession, case_id: int, user_id: int, plan: Iterable[PlannedReminder], now: datetime
) -> None:
    """Make the case's pending reminders equal to `plan`: cancel the ones no longer planned, add the new.

    Rows already sent, claimed or failed are history and stay as they are; a cancelled row planned again
    becomes pending again.
    """
    planned = {reminder.key: reminder for reminder in plan}
    rows = (
        await session.scalars(select(Reminder).where(Reminder.case_id == case_id, Reminder.status == PENDING))
    ).all()
    for row in rows:
        if (row.kind, row.due_at) not in planned:
            row.status = CANCELLED
    for reminder in planned.values():
        # On conflict: the same (case, kind, due_at) sent, claimed or failed earlier is not planned again;
        # one cancelled earlier (plan changed back, or the user unblocked the bot) is pending again.
        await session.execute(
            insert(Reminder)
            .values(
                case_id=case_id,
                user_id=user_id,
                kind=reminder.kind,
                due_at=reminder.due_at,
                deadline_at=reminder.deadline_at,
                estimated=reminder.estimated,
                status=PENDING,
                attempts=0,
                created_at=now,
            )
            .on_conflict_do_update(
                index_elements=["case_id", "kind", "due_at"],
                set_={
                    "status": PENDING,
                    "deadline_at": reminder.deadline_at,
                    "estimated": reminder.estimated,
                    "attempts": 0,
                    "lease_until": None,
                    "last_error": None,
                },
                where=Reminder.status == CANCELLED,
            )
        )


async def cancel_user_reminders(session: AsyncSession, user_id: int) -> int:
    return await rows_changed(
        session,
        update(Reminder)
        .where(Reminder.user_id == user_id, Reminder.status == PENDING)
        .values(status=CANCELLED),
    )


def _due(now: datetime) -> ColumnElement[bool]:
    return or_(
        and_(Reminder.status == PENDING, Reminder.due_at <= now),
        and_(Reminder.status == CLAIMED, Reminder.lease_until <= now),
    )


async def claim_due(session: AsyncSession, now: datetime, lease: timedelta, limit: int) -> list[Reminder]:
    """Take up to `limit` due reminders (oldest first) for `lease`; committed by the caller at once."""
    # FOR UPDATE SKIP LOCKED (PostgreSQL; SQLite has one writer and ignores it): replicas claiming at the
    # same moment each take rows the others have not locked, instead of queueing behind each other.
    ids = (
        select(Reminder.id)
        .where(_due(now))
        .order_by(Reminder.due_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
        .scalar_subquery()
    )
    result = await session.scalars(
        update(Reminder)
        .where(Reminder.id.in_(ids), _due(now))  # re-checked: another claimer may have won meanwhile
        .values(status=CLAIMED, lease_until=now + lease, attempts=Reminder.attempts + 1)
        .returning(Reminder)
        .execution_options(synchronize_session=False)
    )
    return sorted(result.all(), key=lambda reminder: reminder.due_at)


async def mark_sent(
    session: AsyncSession, reminder_id: int, now: datetime, attempts: int | None = None
) -> bool:
    """Claimed → sent; with `attempts`, only if the claim is still that one (not taken over since)."""
    mine = [Reminder.attempts == attempts] if attempts is not None else []
    changed = await rows_changed(
        session,
        update(Reminder)
        .where(Reminder.id == reminder_id, Reminder.status == CLAIMED, *mine)
        .values(status=SENT, sent_at=now, lease_until=None),
    )
    return changed > 0


async def renew_claims(session: AsyncSession, claims: dict[int, int], until: datetime) -> set[int]:
    """Extend the lease of the caller's claims ({reminder id: its claim's attempts}) to `until`; returns
    the ids still held (a claim that expired and was taken by another scheduler is not renewed)."""
    if not claims:
        return set()
    result = await session.scalars(
        update(Reminder)
        .where(
            Reminder.status == CLAIMED,
            tuple_(Reminder.id, Reminder.attempts).in_(list(claims.items())),
            Reminder.lease_until < until,  # a claim postponed further (quiet hours) keeps its moment
        )
        .values(lease_until=until)
        .returning(Reminder.id)
        .execution_options(synchronize_session=False)
    )
    return set(result.all())


async def release_claim(session: AsyncSession, reminder_id: int, attempts: int) -> bool:
    """Give back a claim not yet used (graceful stop): pending again, its attempt not counted."""
    changed = await rows_changed(
        session,
        update(Reminder)
        .where(Reminder.id == reminder_id, Reminder.status == CLAIMED, Reminder.attempts == attempts)
        .values(status=PENDING, lease_until=None, attempts=Reminder.attempts - 1),
    )
    return changed > 0


async def retry_later(
    session: AsyncSession,
    reminder_id: int,
    at: datetime,
    error: str | None,
    *,
    counts_as_attempt: bool = True,
) -> None:
    """Keep the claim but let it expire at `at`: it is then claimed again (backoff, quiet hours).

    Waiting for the morning is not a failed attempt, so it gives back the attempt its claim counted.
    """
    values: dict[str, object] = {"lease_until": at, "last_error": error}
    if not counts_as_attempt:
        values["attempts"] = Reminder.attempts - 1
    await session.execute(
        update(Reminder).where(Reminder.id == reminder_id, Reminder.status == CLAIMED).values(**values)
    )


async def mark_failed(session: AsyncSession, reminder_id: int, error: str) -> None:
    await session.execute(
        update(Reminder)
        .where(Reminder.id == reminder_id)
        .values(status=FAILED, last_error=error, lease_until=None)
    )


async def next_wakeup(session: AsyncSession) -> datetime | None:
    """When the next reminder falls due (pending) or a claim expires: the scheduler sleeps until then."""
    pending = await session.scalar(select(func.min(Reminder.due_at)).where(Reminder.status == PENDING))
    claimed = await session.scalar(select(func.min(Reminder.lease_until)).where(Reminder.status == CLAIMED))
    moments = [moment for moment in (pending, claimed) if moment is not None]
    return min(moments) if moments else None


async def user_reminders(
    session: AsyncSession, user_id: int, statuses: tuple[str, ...] = (PENDING,)
) -> list[Reminder]:
    return list(
        (
            await session.scalars(
                select(Reminder)
                .where(Reminder.user_id == user_id, Reminder.status.in_(statuses))
                .order_by(Reminder.due_at)
            )
        ).all()
    )
