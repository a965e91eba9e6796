"""PostgreSQL-specific behaviour, against the throwaway cluster of tests/conftest.py: migrations from
empty and from the previous head (data kept), replicas starting together, reminders claimed by two
claimers at once, the per-user advisory lock. The storage contract and the store tests run on both
back ends in their own modules."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, text

from bot.persistence.database import Database, open_database, previous_head, revisions
from bot.persistence.models import Case, CaseEvent, Evidence, Reminder, User
from bot.persistence.reminders import claim_due, mark_sent

pytestmark = pytest.mark.postgresql

T0 = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)


async def test_migrations_from_empty_reach_head_and_are_idempotent(empty_postgres_url: str) -> None:
    database = Database(empty_postgres_url)
    try:
        assert not await database.at_head()
        await database.migrate()
        assert await database.at_head()
        await database.migrate()  # a second start changes nothing
        assert await database.at_head()
        async with database.sessions() as session:
            tables = set(
                (
                    await session.scalars(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'"))
                ).all()
            )
        assert {
            "users",
            "cases",
            "case_events",
            "evidence",
            "reminders",
            "fsm_records",
            "faq_misses",
        } <= tables
    finally:
        await database.close()


async def test_replicas_starting_together_migrate_once(empty_postgres_url: str) -> None:
    """Without the advisory lock two upgrades race on CREATE TABLE and one start fails."""
    databases = [Database(empty_postgres_url) for _ in range(3)]
    try:
        await asyncio.gather(*(database.migrate() for database in databases))
        assert all([await database.at_head() for database in databases])
        async with databases[0].sessions() as session:
            versions = (await session.scalars(text("SELECT version_num FROM alembic_version"))).all()
        assert len(versions) == 1
    finally:
        for database in databases:
            await database.close()


@pytest.mark.parametrize("previous", revisions()[:-1])
async def test_upgrade_from_an_older_revision_keeps_data(empty_postgres_url: str, previous: str) -> None:
    """From every older revision (the previous head among them) to head, with data in every table."""
    assert previous_head() in revisions()
    database = Database(empty_postgres_url)
    try:
        await database.migrate(previous)
        assert not await database.at_head()
        # Rows written with the columns every revision has, as an older bot would have left them.
        async with database.engine.begin() as connection:
            await connection.execute(
                text(
                    "INSERT INTO users (id, blocked, reminders_enabled, first_seen, last_seen)"
                    " VALUES (7000000001, false, true, :t, :t)"
                ),
                {"t": T0.replace(tzinfo=None)},
            )
            await connection.execute(
                text(
                    "INSERT INTO cases (id, user_id, problem, status, created_at, updated_at)"
                    " VALUES (1, 7000000001, 'quality', 'negotiating', :t, :t)"
                ),
                {"t": T0.replace(tzinfo=None)},
            )
            await connection.execute(
                text(
                    "INSERT INTO case_events (case_id, kind, at, recorded_at, details)"
                    " VALUES (1, 'opened', :t, :t, '{}')"
                ),
                {"t": T0.replace(tzinfo=None)},
            )
            await connection.execute(
                text(
                    "INSERT INTO evidence (case_id, category, mime, size, sha256, telegram_file_id, created_at)"
                    " VALUES (1, 'photos', 'image/jpeg', 10, :h, 'f1', :t)"
                ),
                {"t": T0.replace(tzinfo=None), "h": "ab" * 32},
            )
            await connection.execute(
                text(
                    "INSERT INTO reminders (case_id, user_id, kind, due_at, estimated, status, attempts,"
                    " created_at) VALUES (1, 7000000001, 'seller_24h', :t, false, 'pending', 0, :t)"
                ),
                {"t": T0.replace(tzinfo=None)},
            )
        await database.migrate()
        assert await database.at_head()
        async with database.sessions() as session:
            for model in (User, Case, CaseEvent, Evidence, Reminder):
                assert await session.scalar(select(func.count()).select_from(model)) == 1, model
            user = await session.get(User, 7000000001)  # a Telegram id beyond 32 bits
            assert user is not None and user.first_seen == T0
            reminder = await session.scalar(select(Reminder))
            assert reminder is not None and reminder.due_at == T0 and reminder.status == "pending"
    finally:
        await database.close()


async def _add_due_reminders(database: Database, count: int) -> None:
    async with database.sessions() as session:
        session.add(User(id=1, first_seen=T0, last_seen=T0))
        await session.flush()
        case = Case(user_id=1, problem="quality", status="negotiating", created_at=T0, updated_at=T0)
        session.add(case)
        await session.flush()
        for n in range(count):
            session.add(
                Reminder(
                    case_id=case.id,
                    user_id=1,
                    kind="seller_24h",
                    due_at=T0 - timedelta(seconds=n),
                    status="pending",
                    attempts=0,
                    created_at=T0,
                )
            )
        await session.commit()


async def test_two_claimers_share_the_due_reminders_and_none_is_taken_twice(postgres_url: str) -> None:
    """Two claimers on separate connection pools (as two replicas), claiming small batches at once:
    every reminder is claimed exactly once, and both get work (SKIP LOCKED: no queueing behind the
    other's locked rows)."""
    setup = await open_database(postgres_url)
    await _add_due_reminders(setup, 400)
    await setup.close()
    claimers = [Database(postgres_url), Database(postgres_url)]
    taken: list[list[int]] = [[], []]

    async def claim_all(index: int) -> None:
        database = claimers[index]
        while True:
            async with database.sessions() as session:
                batch = await claim_due(session, T0, timedelta(minutes=5), 10)
                await asyncio.sleep(0.005)  # hold the row locks a moment, as a slow commit would
                await session.commit()
            if not batch:
                return
            taken[index].extend(reminder.id for reminder in batch)
            async with database.sessions() as session:
                for reminder in batch:
                    assert await mark_sent(session, reminder.id, T0)
                await session.commit()

    try:
        await asyncio.gather(claim_all(0), claim_all(1))
    finally:
        for database in claimers:
            await database.close()
    everything = taken[0] + taken[1]
    assert len(everything) == 400
    assert len(set(everything)) == 400, "a reminder was claimed twice"
    assert taken[0] and taken[1], "one claimer got nothing"


async def test_user_lock_serialises_one_user_across_pools_and_not_others(postgres_url: str) -> None:
    first, second = Database(postgres_url), Database(postgres_url)
    order: list[str] = []
    try:
        async with first.user_lock(42):
            waiting = asyncio.create_task(_locked(second, 42, order, "same user"))
            other = asyncio.create_task(_locked(second, 43, order, "other user"))
            await asyncio.wait_for(other, 10)  # another user is not held up
            await asyncio.sleep(0.2)
            assert not waiting.done(), "the same user got in while the lock was held elsewhere"
            order.append("first released")
        await asyncio.wait_for(waiting, 10)
        assert order == ["other user", "first released", "same user"]
    finally:
        await first.close()
        await second.close()


async def _locked(database: Database, user_id: int, order: list[str], label: str) -> None:
    async with database.user_lock(user_id):
        order.append(label)


async def test_user_lock_is_released_when_the_holder_dies(postgres_url: str) -> None:
    """A replica killed while holding the lock: its connection closes and the server frees the lock."""
    holder, other = Database(postgres_url), Database(postgres_url)
    try:
        entered = asyncio.Event()

        async def hold() -> None:
            async with holder.user_lock(7):
                entered.set()
                await asyncio.sleep(3600)

        task = asyncio.create_task(hold())
        await asyncio.wait_for(entered.wait(), 10)
        await holder.engine.dispose(close=False)  # drop the pool's connections without returning them
        async with holder.sessions() as session:
            pid = await session.scalar(
                text("SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND objid = 7 LIMIT 1")
            )
            assert pid is not None
            await session.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        await asyncio.wait_for(_locked(other, 7, [], "after"), 10)
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    finally:
        await holder.close()
        await other.close()
