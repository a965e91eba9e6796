"""Reminder rows (bot/persistence/reminders.py): kept in step with a case's plan, claimed with a lease,
marked sent. Time is given, never read: every call takes `now`."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import StatementError

from bot.persistence.database import Database
from bot.persistence.models import Case, Reminder, User
from bot.persistence.reminders import (
    CANCELLED,
    CLAIMED,
    FAILED,
    PENDING,
    SENT,
    cancel_user_reminders,
    claim_due,
    mark_failed,
    mark_sent,
    next_wakeup,
    retry_later,
    sync_case_reminders,
    user_reminders,
)
from flows.clock import BEIJING
from flows.reminder_plan import PlannedReminder

T0 = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)  # Monday 10:00 in Beijing
LEASE = timedelta(minutes=5)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Every test of this module runs on SQLite and on PostgreSQL (the throwaway cluster of
    tests/conftest.py); overrides the SQLite-only fixture of tests/bot/conftest.py."""
    if request.param == "postgresql":
        return str(request.getfixturevalue("postgres_url"))
    return f"sqlite+aiosqlite:///{tmp_path}/bot.db"


async def add_case(database: Database, user_id: int = 42) -> int:
    """A users row (if new) and a cases row for the foreign keys; returns the case id."""
    async with database.sessions() as session:
        if await session.get(User, user_id) is None:
            session.add(User(id=user_id, first_seen=T0, last_seen=T0))
            await session.flush()  # no relationship() between them: the unit of work does not order them
        case = Case(user_id=user_id, problem="quality", status="negotiating", created_at=T0, updated_at=T0)
        session.add(case)
        await session.commit()
        return case.id


def planned(kind: str, due_at: datetime, deadline_at: datetime | None = None) -> PlannedReminder:
    return PlannedReminder(kind=kind, due_at=due_at, deadline_at=deadline_at, estimated=False)


async def sync(database: Database, case_id: int, plan: list[PlannedReminder], user_id: int = 42) -> None:
    async with database.sessions() as session:
        await sync_case_reminders(session, case_id, user_id, plan, T0)
        await session.commit()


async def rows(database: Database, case_id: int | None = None) -> list[Reminder]:
    async with database.sessions() as session:
        query = select(Reminder).order_by(Reminder.due_at, Reminder.id)
        if case_id is not None:
            query = query.where(Reminder.case_id == case_id)
        return list((await session.scalars(query)).all())


async def claim(
    database: Database, now: datetime, limit: int = 100, lease: timedelta = LEASE
) -> list[Reminder]:
    async with database.sessions() as session:
        claimed = await claim_due(session, now, lease, limit)
        await session.commit()
        return claimed


async def run(database: Database, operation, *args):
    async with database.sessions() as session:
        result = await operation(session, *args)
        await session.commit()
        return result


async def wakeup(database: Database) -> datetime | None:
    async with database.sessions() as session:
        return await next_wakeup(session)


def statuses(reminders: list[Reminder]) -> dict[str, str]:
    return {reminder.kind: reminder.status for reminder in reminders}


# --- sync_case_reminders -------------------------------------------------------------------------------


async def test_sync_inserts_the_plan(database):
    case_id = await add_case(database)
    deadline = T0 + timedelta(days=3)
    await sync(
        database,
        case_id,
        [
            planned("window_3d", T0 + timedelta(hours=1), deadline),
            planned("window_1d", T0 + timedelta(days=2), deadline),
        ],
    )

    stored = await rows(database, case_id)
    assert [(r.kind, r.due_at, r.deadline_at, r.status, r.attempts, r.user_id) for r in stored] == [
        ("window_3d", T0 + timedelta(hours=1), deadline, PENDING, 0, 42),
        ("window_1d", T0 + timedelta(days=2), deadline, PENDING, 0, 42),
    ]
    assert all(r.lease_until is None and r.sent_at is None for r in stored)


async def test_sync_twice_with_the_same_plan_changes_nothing(database):
    case_id = await add_case(database)
    plan = [planned("seller_24h", T0 + timedelta(hours=1)), planned("seller_due", T0 + timedelta(days=1))]
    await sync(database, case_id, plan)
    first = await rows(database, case_id)
    await sync(database, case_id, plan)
    again = await rows(database, case_id)
    assert [(r.id, r.status) for r in again] == [(r.id, r.status) for r in first]


async def test_sync_cancels_rows_no_longer_planned_and_adds_new_ones(database):
    case_id = await add_case(database)
    a, b, c = (
        planned(kind, T0 + timedelta(hours=hours))
        for kind, hours in (("window_3d", 1), ("window_1d", 2), ("seller_24h", 3))
    )
    await sync(database, case_id, [a, b])
    kept_id = next(r.id for r in await rows(database, case_id) if r.kind == "window_1d")

    await sync(database, case_id, [b, c])

    stored = await rows(database, case_id)
    assert statuses(stored) == {"window_3d": CANCELLED, "window_1d": PENDING, "seller_24h": PENDING}
    assert next(r.id for r in stored if r.kind == "window_1d") == kept_id  # kept, not re-created


async def test_sync_matches_on_kind_and_due_time(database):
    """The same kind moved to another time (e.g. a corrected date) is a new reminder; the old one goes."""
    case_id = await add_case(database)
    await sync(database, case_id, [planned("appeal_24h", T0 + timedelta(hours=5))])
    await sync(database, case_id, [planned("appeal_24h", T0 + timedelta(hours=7))])
    stored = await rows(database, case_id)
    assert [(r.due_at, r.status) for r in stored] == [
        (T0 + timedelta(hours=5), CANCELLED),
        (T0 + timedelta(hours=7), PENDING),
    ]


async def test_sync_does_not_plan_a_sent_reminder_again(database):
    case_id = await add_case(database)
    a = planned("seller_24h", T0 - timedelta(minutes=1))
    b = planned("seller_due", T0 + timedelta(days=1))
    await sync(database, case_id, [a, b])
    (row,) = await claim(database, T0)
    assert await run(database, mark_sent, row.id, T0)

    await sync(database, case_id, [a, b])  # the plan still lists it (its deadline has not passed)

    stored = await rows(database, case_id)
    assert len(stored) == 2
    assert statuses(stored) == {"seller_24h": SENT, "seller_due": PENDING}


async def test_sync_leaves_claimed_sent_and_failed_rows_alone(database):
    case_id = await add_case(database)
    await sync(
        database,
        case_id,
        [
            planned("window_3d", T0 - timedelta(hours=3)),
            planned("window_1d", T0 - timedelta(hours=2)),
            planned("seller_24h", T0 - timedelta(hours=1)),
        ],
    )
    claimed = await claim(database, T0)
    ids = {r.kind: r.id for r in claimed}
    assert await run(database, mark_sent, ids["window_3d"], T0)
    await run(database, mark_failed, ids["seller_24h"], "boom")

    await sync(database, case_id, [])  # nothing planned any more

    stored = await rows(database, case_id)
    assert statuses(stored) == {"window_3d": SENT, "window_1d": CLAIMED, "seller_24h": FAILED}
    claimed_row = next(r for r in stored if r.kind == "window_1d")
    assert claimed_row.lease_until == T0 + LEASE


async def test_a_cancelled_reminder_planned_again_is_pending_again(database):
    """Cancelled rows are not history: if the plan brings the same (kind, due_at) back — the user
    corrected a date back, or unblocked the bot after a 403 cancelled everything — it is due again.
    (ON CONFLICT DO NOTHING used to leave it cancelled for ever, so the user was never reminded.)"""
    case_id = await add_case(database)
    a = planned("appeal_6h", T0 + timedelta(hours=3), T0 + timedelta(hours=9))
    await sync(database, case_id, [a])
    await sync(database, case_id, [])
    assert statuses(await rows(database, case_id)) == {"appeal_6h": CANCELLED}

    await sync(database, case_id, [a])
    (row,) = await rows(database, case_id)
    assert (row.status, row.attempts, row.lease_until, row.deadline_at) == (PENDING, 0, None, a.deadline_at)

    assert await run(database, cancel_user_reminders, 42) == 1  # a 403
    await sync(database, case_id, [a])
    assert [r.id for r in await claim(database, T0 + timedelta(hours=3))] == [row.id]


async def test_sync_touches_only_its_own_case(database):
    first, second = await add_case(database), await add_case(database)
    await sync(database, first, [planned("window_3d", T0 + timedelta(hours=1))])
    await sync(database, second, [planned("window_3d", T0 + timedelta(hours=1))])
    await sync(database, first, [])
    assert statuses(await rows(database, second)) == {"window_3d": PENDING}


# --- time zones ----------------------------------------------------------------------------------------


async def test_aware_datetimes_round_trip_as_utc(database):
    case_id = await add_case(database)
    due_beijing = datetime(2026, 3, 2, 20, 30, tzinfo=BEIJING)  # 12:30 UTC
    deadline_beijing = datetime(2026, 3, 3, 20, 30, 15, 123456, tzinfo=BEIJING)
    await sync(database, case_id, [planned("seller_24h", due_beijing, deadline_beijing)])

    (row,) = await rows(database, case_id)
    assert row.due_at == due_beijing and row.due_at.tzinfo is UTC
    assert row.due_at == datetime(2026, 3, 2, 12, 30, tzinfo=UTC)
    assert row.deadline_at == deadline_beijing and row.deadline_at.tzinfo is UTC
    async with database.sessions() as session:  # stored as naive UTC wall time
        raw = await session.scalar(text("SELECT due_at FROM reminders"))
    assert str(raw).startswith("2026-03-02 12:30:00")  # text on SQLite, a naive datetime on PostgreSQL

    # Comparisons happen in UTC too: due at 12:30 UTC, so 20:29 Beijing is too early and 20:30 is not.
    assert await claim(database, datetime(2026, 3, 2, 20, 29, 59, tzinfo=BEIJING)) == []
    (claimed,) = await claim(database, datetime(2026, 3, 2, 20, 30, tzinfo=BEIJING))
    assert (
        claimed.lease_until == datetime(2026, 3, 2, 12, 35, tzinfo=UTC) and claimed.lease_until.tzinfo is UTC
    )
    assert await wakeup(database) == datetime(2026, 3, 2, 12, 35, tzinfo=UTC)


async def test_naive_datetimes_are_refused(database):
    case_id = await add_case(database)
    with pytest.raises(StatementError, match="naive datetime"):
        await sync(database, case_id, [planned("seller_24h", datetime(2026, 3, 2, 12, 30))])


# --- claim_due -----------------------------------------------------------------------------------------


async def test_claim_takes_only_due_rows_oldest_first(database):
    case_id = await add_case(database)
    # inserted out of order on purpose
    await sync(
        database,
        case_id,
        [
            planned("later", T0 + timedelta(seconds=1)),
            planned("b", T0 - timedelta(hours=1)),
            planned("exactly_now", T0),
            planned("a", T0 - timedelta(days=2)),
        ],
    )

    claimed = await claim(database, T0)

    assert [r.kind for r in claimed] == ["a", "b", "exactly_now"]
    assert all(r.status == CLAIMED and r.lease_until == T0 + LEASE and r.attempts == 1 for r in claimed)
    assert statuses(await rows(database, case_id)) == {
        "a": CLAIMED,
        "b": CLAIMED,
        "exactly_now": CLAIMED,
        "later": PENDING,
    }


async def test_claim_respects_the_limit_in_due_order(database):
    case_id = await add_case(database)
    await sync(database, case_id, [planned(f"k{i}", T0 - timedelta(minutes=i)) for i in range(10)])
    first = await claim(database, T0, limit=3)
    assert [r.kind for r in first] == ["k9", "k8", "k7"]
    second = await claim(database, T0, limit=3)
    assert [r.kind for r in second] == ["k6", "k5", "k4"]


async def test_claim_ignores_sent_cancelled_and_failed_rows(database):
    case_id = await add_case(database)
    await sync(database, case_id, [planned(kind, T0 - timedelta(hours=1)) for kind in ("s", "f", "c")])
    await sync(
        database, case_id, [planned(kind, T0 - timedelta(hours=1)) for kind in ("s", "f")]
    )  # c cancelled
    ids = {r.kind: r.id for r in await claim(database, T0)}
    await run(database, mark_sent, ids["s"], T0)
    await run(database, mark_failed, ids["f"], "boom")
    assert await claim(database, T0 + timedelta(days=30)) == []


async def test_a_claimed_row_is_not_claimed_again_before_its_lease_expires(database):
    case_id = await add_case(database)
    await sync(database, case_id, [planned("seller_due", T0)])
    (first,) = await claim(database, T0)

    assert await claim(database, T0 + LEASE - timedelta(microseconds=1)) == []
    (again,) = await claim(database, T0 + LEASE)  # the claimer died: the lease ran out

    assert again.id == first.id
    assert (again.attempts, again.lease_until) == (2, T0 + 2 * LEASE)


async def test_concurrent_claimers_never_get_the_same_row(database):
    """Many claimers at once, each on its own connection (aiosqlite runs each in its own thread, so the
    UPDATEs really race inside SQLite); together they take every row exactly once."""
    users = range(1, 21)
    for user_id in users:
        case_id = await add_case(database, user_id)
        await sync(
            database,
            case_id,
            [planned(f"k{i}", T0 - timedelta(seconds=i)) for i in range(25)],
            user_id=user_id,
        )

    async def claimer() -> list[int]:
        taken: list[int] = []
        while batch := await claim(database, T0, limit=7):
            taken += [r.id for r in batch]
            await asyncio.sleep(0)
        return taken

    results = await asyncio.gather(*(claimer() for _ in range(8)))

    everything = [row_id for taken in results for row_id in taken]
    assert len(everything) == len(set(everything)) == 20 * 25
    assert sum(1 for taken in results if taken) > 1  # they really competed
    assert {r.status for r in await rows(database)} == {CLAIMED}
    assert {r.attempts for r in await rows(database)} == {1}


# --- mark_sent, retry_later, mark_failed ------------------------------------------------------------------


async def test_mark_sent_only_from_claimed(database):
    case_id = await add_case(database)
    await sync(
        database,
        case_id,
        [planned("pending", T0 - timedelta(minutes=1)), planned("later", T0 + timedelta(hours=1))],
    )
    later_id = next(r.id for r in await rows(database) if r.kind == "later")
    assert not await run(database, mark_sent, later_id, T0)  # still pending: refused
    (claimed,) = await claim(database, T0)

    assert await run(database, mark_sent, claimed.id, T0 + timedelta(seconds=2))
    assert not await run(database, mark_sent, claimed.id, T0 + timedelta(seconds=3))  # idempotent

    stored = {r.kind: r for r in await rows(database)}
    assert (stored["pending"].status, stored["pending"].sent_at, stored["pending"].lease_until) == (
        SENT,
        T0 + timedelta(seconds=2),
        None,
    )
    assert stored["later"].status == PENDING
    assert [r.kind for r in await claim(database, T0 + timedelta(days=1))] == ["later"]  # the sent one is not


async def test_mark_sent_refuses_a_cancelled_row(database):
    case_id = await add_case(database)
    await sync(database, case_id, [planned("x", T0)])
    await run(database, cancel_user_reminders, 42)
    (row,) = await rows(database)
    assert not await run(database, mark_sent, row.id, T0)
    assert (await rows(database))[0].status == CANCELLED


async def test_retry_later_keeps_the_claim_until_the_given_time(database):
    case_id = await add_case(database)
    await sync(database, case_id, [planned("x", T0)])
    (row,) = await claim(database, T0)
    retry_at = T0 + timedelta(seconds=15)
    await run(database, retry_later, row.id, retry_at, "TelegramNetworkError('boom')")

    (stored,) = await rows(database)
    assert (stored.status, stored.lease_until, stored.last_error) == (
        CLAIMED,
        retry_at,
        "TelegramNetworkError('boom')",
    )
    assert await wakeup(database) == retry_at
    assert await claim(database, retry_at - timedelta(microseconds=1)) == []
    (again,) = await claim(database, retry_at)
    assert again.attempts == 2


async def test_retry_later_and_mark_sent_do_nothing_to_a_pending_row(database):
    case_id = await add_case(database)
    await sync(database, case_id, [planned("x", T0 + timedelta(hours=1))])
    (row,) = await rows(database)
    await run(database, retry_later, row.id, T0 + timedelta(days=9), "no")
    (stored,) = await rows(database)
    assert (stored.status, stored.lease_until, stored.last_error) == (PENDING, None, None)


async def test_mark_failed_ends_the_row(database):
    case_id = await add_case(database)
    await sync(database, case_id, [planned("x", T0)])
    (row,) = await claim(database, T0)
    await run(database, mark_failed, row.id, "Bad Request: chat not found")
    (stored,) = await rows(database)
    assert (stored.status, stored.lease_until, stored.last_error) == (
        FAILED,
        None,
        "Bad Request: chat not found",
    )
    assert await wakeup(database) is None
    assert await claim(database, T0 + timedelta(days=1)) == []


async def test_cancel_user_reminders_cancels_only_that_users_pending_rows(database):
    mine, theirs = await add_case(database, 1), await add_case(database, 2)
    await sync(
        database,
        mine,
        [
            planned("a", T0 - timedelta(minutes=1)),
            planned("b", T0 + timedelta(hours=1)),
            planned("c", T0 + timedelta(hours=2)),
        ],
        user_id=1,
    )
    await sync(database, theirs, [planned("a", T0 + timedelta(hours=1))], user_id=2)
    (claimed,) = await claim(database, T0)  # "a" of user 1 is in flight

    assert await run(database, cancel_user_reminders, 1) == 2

    async with database.sessions() as session:
        assert [r.kind for r in await user_reminders(session, 1, (CANCELLED,))] == ["b", "c"]
        assert [r.id for r in await user_reminders(session, 1, (CLAIMED,))] == [claimed.id]
        assert [r.kind for r in await user_reminders(session, 2)] == ["a"]


# --- next_wakeup ---------------------------------------------------------------------------------------


async def test_next_wakeup_is_none_without_work(database):
    assert await wakeup(database) is None
    case_id = await add_case(database)
    await sync(database, case_id, [planned("x", T0)])
    await run(database, cancel_user_reminders, 42)
    assert await wakeup(database) is None


async def test_next_wakeup_is_the_earliest_pending_due_time(database):
    case_id = await add_case(database)
    await sync(
        database, case_id, [planned("b", T0 + timedelta(hours=2)), planned("a", T0 + timedelta(hours=1))]
    )
    assert await wakeup(database) == T0 + timedelta(hours=1)
    assert (await wakeup(database)).tzinfo is UTC


async def test_next_wakeup_counts_a_claims_lease_end(database):
    case_id = await add_case(database)
    await sync(database, case_id, [planned("now", T0), planned("later", T0 + timedelta(hours=1))])
    await claim(database, T0)
    assert await wakeup(database) == T0 + LEASE  # earlier than the pending one at T0 + 1 h

    await sync(
        database,
        case_id,
        [
            planned("now", T0),
            planned("later", T0 + timedelta(hours=1)),
            planned("sooner", T0 + timedelta(minutes=1)),
        ],
    )
    assert await wakeup(database) == T0 + timedelta(minutes=1)


async def test_next_wakeup_ignores_sent_rows(database):
    case_id = await add_case(database)
    await sync(database, case_id, [planned("now", T0), planned("later", T0 + timedelta(hours=1))])
    (row,) = await claim(database, T0)
    await run(database, mark_sent, row.id, T0)
    assert await wakeup(database) == T0 + timedelta(hours=1)
