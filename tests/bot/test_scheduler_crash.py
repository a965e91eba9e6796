"""Crash and restart: a real scheduler process (scheduler_worker.py) on a real SQLite file, sending to
the fake Bot API server over real HTTP on 127.0.0.1, killed with os._exit at a chosen point; then a
second process runs on the same file.

The protocol under test (bot/persistence/reminders.py): claim with a lease (committed) → send →
mark_sent (committed). Each test has three reminders for three users, delivered one at a time; the
first process dies at the second one. Whatever the crash point, the first reminder was delivered and
marked, and the third was claimed but never sent: after the lease it must be delivered, once.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bot.persistence.database import open_database
from bot.persistence.models import Case, Reminder, User
from bot.persistence.reminders import CLAIMED, SENT, sync_case_reminders
from flows.clock import BEIJING
from flows.reminder_plan import PlannedReminder

try:
    from tests.fakeapi import FakeBotAPI
except ModuleNotFoundError:  # pytest puts tests/bot on sys.path (no __init__.py), not the project root
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from tests.fakeapi import FakeBotAPI

pytestmark = pytest.mark.slow  # starts scheduler processes

WORKER = Path(__file__).with_name("scheduler_worker.py")
CRASH_EXIT = 75  # scheduler_worker.CRASH_EXIT
LEASE = timedelta(minutes=5)  # scheduler_worker.LEASE
T0 = datetime(2026, 3, 2, 10, 0, tzinfo=BEIJING).astimezone(UTC)
PAST_LEASE = T0 + LEASE + timedelta(seconds=1)
USERS = (101, 102, 103)


@pytest.fixture()
async def server():
    async with FakeBotAPI() as server:
        yield server


@pytest.fixture()
async def database_file(tmp_path) -> Path:
    """Three users, each with one reminder due at T0 − 1 min (ids in that order)."""
    path = tmp_path / "bot.db"
    database = await open_database(f"sqlite+aiosqlite:///{path}")
    try:
        await seed(database, USERS)
    finally:
        await database.close()
    return path


async def seed(database, users) -> None:
    async with database.sessions() as session:
        for user_id in users:
            session.add(User(id=user_id, first_seen=T0, last_seen=T0))
        await session.flush()
        for user_id in users:
            case = Case(
                user_id=user_id,
                problem="quality",
                status="after_sales_requested",
                created_at=T0,
                updated_at=T0,
            )
            session.add(case)
            await session.flush()
            await sync_case_reminders(
                session,
                case.id,
                user_id,
                [
                    PlannedReminder(
                        kind="seller_24h",
                        due_at=T0 - timedelta(minutes=1),
                        deadline_at=T0 + timedelta(days=1),
                        estimated=False,
                    )
                ],
                T0,
            )
        await session.commit()


async def run_worker(
    database_file: Path,
    server: FakeBotAPI,
    now: datetime,
    *,
    crash_at: str | None = None,
    crash_on: int = 1,
    **env: str,
) -> tuple[int | None, dict[str, Any]]:
    environment = {k: v for k, v in os.environ.items() if k not in ("CRASH_AT", "BOT_TOKEN")}
    environment.update(env)
    if crash_at is not None:
        environment.update(CRASH_AT=crash_at, CRASH_ON=str(crash_on))
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        str(WORKER),
        str(database_file),
        server.base_url,
        now.isoformat(),
        env=environment,
        cwd=database_file.parent,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        stdout, stderr = await asyncio.wait_for(process.communicate(), timeout=90)
    except TimeoutError:
        process.kill()
        await process.wait()
        raise
    lines = stdout.decode().strip().splitlines()
    assert lines, f"worker printed nothing (exit {process.returncode}):\n{stderr.decode()[-3000:]}"
    return process.returncode, json.loads(lines[-1])


async def statuses(database_file: Path) -> dict[int, str]:
    """Reminder status by user id."""
    database = await open_database(f"sqlite+aiosqlite:///{database_file}")
    try:
        async with database.sessions() as session:
            return {row.user_id: row.status for row in (await session.scalars(select(Reminder))).all()}
    finally:
        await database.close()


def deliveries(server: FakeBotAPI) -> Counter[int]:
    """How many messages Telegram accepted, per chat (one reminder per chat)."""
    return Counter(call.chat_id for call in server.sent())


async def test_crash_after_claim_before_send_delivers_exactly_once(database_file, server):
    code, report = await run_worker(database_file, server, T0, crash_at="after_claim", crash_on=2)
    assert (code, report) == (CRASH_EXIT, {"crashed": "after_claim"})
    assert deliveries(server) == {101: 1}
    assert await statuses(database_file) == {101: SENT, 102: CLAIMED, 103: CLAIMED}

    # Restarted at once: the dead process's claims still hold their lease, so nothing is taken.
    code, report = await run_worker(database_file, server, T0 + LEASE - timedelta(seconds=1))
    assert (code, report["handled"]) == (0, 0)
    assert deliveries(server) == {101: 1}

    # After the lease: the two claimed-but-unsent reminders go out, once each.
    code, report = await run_worker(database_file, server, PAST_LEASE)
    assert (code, report["sent"]) == (0, 2)
    assert deliveries(server) == {101: 1, 102: 1, 103: 1}
    assert await statuses(database_file) == {101: SENT, 102: SENT, 103: SENT}


async def test_crash_after_send_before_mark_sent_can_repeat_that_one_message(database_file, server):
    """The one window where a reminder can be delivered twice.

    Telegram accepted the message for user 102, and the process died before mark_sent was committed.
    The row is still claimed; when its lease expires the next run cannot know the message went out —
    sendMessage has no idempotency key, and the Bot API offers no way to ask "did you get this?" — so it
    sends it again. Not sending it again would lose every reminder whose send failed before the crash,
    which is worse. So 102 gets it at least once and at most twice (here exactly twice); the others once.
    The window is as short as one local SQLite commit after the HTTP answer.
    """
    code, report = await run_worker(database_file, server, T0, crash_at="after_send", crash_on=2)
    assert (code, report) == (CRASH_EXIT, {"crashed": "after_send"})
    assert deliveries(server) == {101: 1, 102: 1}
    assert await statuses(database_file) == {101: SENT, 102: CLAIMED, 103: CLAIMED}

    code, report = await run_worker(database_file, server, PAST_LEASE)
    assert code == 0

    delivered = deliveries(server)
    assert 1 <= delivered[102] <= 2
    assert (delivered[101], delivered[103]) == (1, 1)
    assert await statuses(database_file) == {101: SENT, 102: SENT, 103: SENT}


async def test_crash_after_mark_sent_does_not_resend(database_file, server):
    code, report = await run_worker(database_file, server, T0, crash_at="after_mark", crash_on=2)
    assert (code, report) == (CRASH_EXIT, {"crashed": "after_mark"})
    assert deliveries(server) == {101: 1, 102: 1}
    assert await statuses(database_file) == {101: SENT, 102: SENT, 103: CLAIMED}

    code, report = await run_worker(database_file, server, PAST_LEASE)
    assert (code, report["sent"]) == (0, 1)
    assert deliveries(server) == {101: 1, 102: 1, 103: 1}
    assert await statuses(database_file) == {101: SENT, 102: SENT, 103: SENT}


async def test_two_scheduler_processes_at_once_never_send_the_same_reminder(tmp_path, server):
    """Two bot processes on one database file (a deploy overlapping the old process): the claims,
    one UPDATE … RETURNING each, split the work; every reminder goes out once."""
    path = tmp_path / "shared.db"
    users = range(1000, 1120)
    database = await open_database(f"sqlite+aiosqlite:///{path}")
    try:
        await seed(database, users)
    finally:
        await database.close()

    # Both must really work, whichever starts first: no message is answered before each worker has
    # sent one. The first worker then waits on its first batch (a worker claims its next batch only
    # when the last one is done), so the second finds rows left to claim.
    tokens = {"111:worker-a", "222:worker-b"}
    server.hold("sendMessage", until=lambda calls: tokens <= {call.token for call in calls}, timeout=45)
    (code_a, a), (code_b, b) = await asyncio.gather(
        run_worker(path, server, T0, BOT_TOKEN="111:worker-a", CONCURRENCY="5", BATCH_SIZE="10"),
        run_worker(path, server, T0, BOT_TOKEN="222:worker-b", CONCURRENCY="5", BATCH_SIZE="10"),
    )

    assert (code_a, code_b) == (0, 0)
    assert a["sent"] + b["sent"] == len(users)
    assert a["sent"] > 0 and b["sent"] > 0, (a, b)
    assert deliveries(server) == Counter({user: 1 for user in users})
    assert set((await statuses(path)).values()) == {SENT}
