"""Reminder delivery figures (prints numbers; not a pass/fail test).

(a) delivery: COUNT reminders fall due at once (after downtime, or 08:00 after quiet hours) and go
    through the real ReminderScheduler, SendPacer and DeliveryMiddleware over real HTTP to the fake
    Bot API server (tests/fakeapi) on 127.0.0.1. The server answers 429 (retry_after 1) to a sendMessage
    that would make more than 30 accepted in the last second, as Telegram would; the goal is none.
    Reported: time to deliver all, peak rate (most accepted messages in any 1 s window, and in the
    busiest whole second counted from the start, by the server's receive times), 429s, duplicates, lost.
    At 25 messages/s 10,000 take ~400 s; `--count` runs fewer. `--per-user K` gives each user K reminders
    (stored one after another, the hardest order for the per-chat limit of 1 message/s).

(b) finding due reminders in a big table: ROWS reminder rows (mostly history: sent, cancelled, failed;
    pending ones in the future; a backlog of due ones; some claims), made with INSERT … SELECT from a
    recursive CTE. Times claim_due(limit=200) — with a backlog, and with nothing due — and next_wakeup,
    median of `--runs` runs (each claim rolled back), and prints EXPLAIN QUERY PLAN of their statements.

    .venv/bin/python benchmarks/reminders_delivery.py                  # both, 10,000 and 1,000,000
    .venv/bin/python benchmarks/reminders_delivery.py --count 1000 --per-user 4 --skip-query
    .venv/bin/python benchmarks/reminders_delivery.py --skip-delivery --rows 1000000 --runs 9
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import statistics
import sys
import tempfile
import time
from collections import Counter, deque
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script: make tests.fakeapi importable
    sys.path.insert(0, str(ROOT))

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from sqlalchemy import event, func, insert, select, text

from bot.pacing import SendPacer
from bot.persistence.database import Database, open_database
from bot.persistence.models import Case, Reminder, User
from bot.persistence.reminders import claim_due, next_wakeup
from bot.scheduler import OutgoingReminder, ReminderScheduler
from bot.sending import DeliveryMiddleware
from flows.clock import BEIJING, FrozenClock
from tests.fakeapi import FakeBotAPI

T0 = datetime(2026, 3, 2, 10, 0, tzinfo=BEIJING).astimezone(UTC)  # a Monday, 10:00 in Beijing
TOKEN = "123456:benchmark"
SERVER_LIMIT = 30  # accepted sendMessage per any 1 s window before the fake server answers 429


# --- (a) delivery --------------------------------------------------------------------------------------


class RateCheckingAPI(FakeBotAPI):
    """The fake Bot API, plus Telegram's flood control: over SERVER_LIMIT messages in 1 s → 429."""

    def __init__(self) -> None:
        super().__init__()
        self._accepted: deque[float] = deque()

    async def _handle_method(self, request):
        if request.match_info["method"].lower() == "sendmessage":
            now = time.perf_counter()
            while self._accepted and self._accepted[0] <= now - 1.0:
                self._accepted.popleft()
            if len(self._accepted) >= SERVER_LIMIT:
                self.fail_next("sendMessage", status=429, retry_after=1)  # answered by the server's own path
            else:
                self._accepted.append(now)
        return await super()._handle_method(request)


async def seed_due(database: Database, count: int, per_user: int) -> None:
    """`count` reminders due at T0 − 1 min, `per_user` per user, each user's stored consecutively."""
    users = (count + per_user - 1) // per_user
    async with database.sessions() as session:
        await session.execute(
            insert(User),
            [
                {
                    "id": 10_000_000 + n,
                    "blocked": False,
                    "reminders_enabled": True,
                    "first_seen": T0,
                    "last_seen": T0,
                }
                for n in range(users)
            ],
        )
        await session.execute(
            insert(Case),
            [
                {
                    "id": n + 1,
                    "user_id": 10_000_000 + n,
                    "problem": "quality",
                    "status": "after_sales_requested",
                    "created_at": T0,
                    "updated_at": T0,
                }
                for n in range(users)
            ],
        )
        await session.execute(
            insert(Reminder),
            [
                {
                    "case_id": n // per_user + 1,
                    "user_id": 10_000_000 + n // per_user,
                    "kind": f"k{n % per_user}",
                    "due_at": T0 - timedelta(minutes=1),
                    "deadline_at": T0 + timedelta(days=1),
                    "estimated": False,
                    "status": "pending",
                    "attempts": 0,
                    "created_at": T0,
                }
                for n in range(count)
            ],
        )
        await session.commit()


async def render(reminder: Reminder, now: datetime) -> OutgoingReminder:
    return OutgoingReminder(chat_id=reminder.user_id, text=f"reminder #{reminder.id}", markup=None)


def busiest_window(moments: list[float], width: float = 1.0) -> int:
    moments = sorted(moments)
    best, start = 0, 0
    for end, moment in enumerate(moments):
        while moment - moments[start] >= width:
            start += 1
        best = max(best, end - start + 1)
    return best


async def bench_delivery(
    count: int, per_user: int, workdir: Path, make_pacer: Callable[[], Any] = SendPacer
) -> None:
    print(
        f"(a) delivery: {count:,} reminders due at once, {per_user} per user "
        f"({(count + per_user - 1) // per_user:,} users), real HTTP to the fake Bot API on 127.0.0.1"
    )
    database = await open_database(f"sqlite+aiosqlite:///{workdir / 'delivery.db'}")
    await seed_due(database, count, per_user)
    server = await RateCheckingAPI().start()
    session = AiohttpSession(api=TelegramAPIServer.from_base(server.base_url, is_local=False))
    bot = Bot(token=TOKEN, session=session)
    delivery = DeliveryMiddleware(set())  # real asyncio.sleep on 429
    bot.session.middleware(delivery)
    scheduler = ReminderScheduler(database, bot, FrozenClock(T0), render, pacer=make_pacer())

    async def progress() -> None:
        while True:
            await asyncio.sleep(30)
            print(
                f"    … {len(server.sent()):,} delivered after {time.perf_counter() - started:.0f} s",
                file=sys.stderr,
                flush=True,
            )

    started = time.perf_counter()
    reporter = asyncio.create_task(progress())
    try:
        handled = await scheduler.run_due()
    finally:
        reporter.cancel()
    elapsed = time.perf_counter() - started
    await bot.session.close()

    accepted = server.sent()
    moments = [call.at for call in accepted]
    texts = Counter(call.text for call in accepted)
    duplicates = sum(n - 1 for n in texts.values() if n > 1)
    async with database.sessions() as db_session:
        ids = (await db_session.scalars(select(Reminder.id))).all()
        by_status = dict(
            (await db_session.execute(select(Reminder.status, func.count()).group_by(Reminder.status))).all()
        )
    lost = sum(1 for reminder_id in ids if f"reminder #{reminder_id}" not in texts)
    rejected = [call for call in server.calls if call.method == "sendMessage" and call.status == 429]
    first = min(moments) if moments else 0.0
    per_second = Counter(int(moment - first) for moment in moments)
    chat_gaps = []
    by_chat: dict[Any, list[float]] = {}
    for call in accepted:
        by_chat.setdefault(call.chat_id, []).append(call.at)
    for chat_moments in by_chat.values():
        chat_moments.sort()
        chat_gaps += [b - a for a, b in itertools.pairwise(chat_moments)]
    await server.stop()
    await database.close()

    print(f"    handled by run_due:        {handled:,}")
    print(
        f"    time to deliver all:       {elapsed:.1f} s  ({len(accepted) / elapsed:.1f} messages/s on average)"
    )
    print(
        f"    peak rate:                 {busiest_window(moments)} in the busiest 1 s window; "
        f"{max(per_second.values(), default=0)} in the busiest whole second from the start"
    )
    print(
        f"    429 answered by server:    {len(rejected)}  (retries after 429 in the middleware: "
        f"{delivery.retries_after_429})"
    )
    print(f"    duplicates:                {duplicates}")
    print(f"    lost:                      {lost}")
    if chat_gaps:
        print(f"    same-chat gap:             min {min(chat_gaps):.3f} s (limit 1 message/s per chat)")
    print(f"    rows by status:            {by_status}")


# --- (b) finding due reminders among many rows ---------------------------------------------------------------

STEP_SECONDS = 30  # one reminder every 30 s: 1,000,000 span ~347 days


def fill_sql(rows: int, users: int, cases: int, now_index: int) -> list[str]:
    """Statements that fill the tables inside SQLite. Datetimes in SQLAlchemy's SQLite format."""
    base = int((T0 - timedelta(seconds=STEP_SECONDS * now_index)).timestamp())
    stamp = "strftime('%Y-%m-%d %H:%M:%S', {} , 'unixepoch') || '.000000'"
    t0 = stamp.format(int(T0.timestamp()))
    due = stamp.format(f"{base} + i * {STEP_SECONDS}")
    return [
        f"""INSERT INTO users (id, blocked, reminders_enabled, first_seen, last_seen)
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {users})
            SELECT i, 0, 1, {t0}, {t0} FROM n""",
        f"""INSERT INTO cases (id, user_id, problem, status, created_at, updated_at)
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {cases})
            SELECT i, 1 + (i - 1) % {users}, 'quality', 'negotiating', {t0}, {t0} FROM n""",
        # Past rows (i < now_index) are history, except 1 in 1,000 still pending (a backlog) and 1 in
        # 1,000 claimed (half of those with an expired lease). Future rows are pending, 1 in 10 cancelled.
        f"""INSERT INTO reminders (case_id, user_id, kind, due_at, deadline_at, estimated, status,
                                   lease_until, attempts, sent_at, created_at)
            WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {rows - 1})
            SELECT 1 + i % {cases}, 1 + (i % {cases}) % {users}, 'k' || (i % 8), {due}, NULL, 0,
                   CASE WHEN i >= {now_index} THEN (CASE WHEN i % 10 = 9 THEN 'cancelled' ELSE 'pending' END)
                        WHEN i % 1000 = 0 THEN 'pending'
                        WHEN i % 1000 = 1 THEN 'claimed'
                        WHEN i % 10 < 8 THEN 'sent'
                        WHEN i % 10 = 8 THEN 'cancelled'
                        ELSE 'failed' END,
                   CASE WHEN i < {now_index} AND i % 1000 = 1
                        THEN {stamp.format(f"{int(T0.timestamp())} + (CASE WHEN i % 2000 = 1 THEN -60 ELSE 240 END)")}
                        END,
                   1, NULL, {t0}
            FROM n""",
    ]


async def timed(database: Database, operation: Callable[[Any], Any], runs: int) -> tuple[float, Any]:
    """Median seconds of `operation(session)`; each run in its own transaction, rolled back."""
    durations, result = [], None
    for _ in range(runs):
        async with database.sessions() as session:
            await session.execute(text("SELECT 1"))  # connection checked out and transaction begun
            started = time.perf_counter()
            result = await operation(session)
            durations.append(time.perf_counter() - started)
            await session.rollback()
    return statistics.median(durations), result


async def explain(database: Database, operation: Callable[[Any], Any]) -> list[tuple[str, list[str]]]:
    """EXPLAIN QUERY PLAN of every statement `operation` runs (captured as it runs, then rolled back)."""
    captured: list[tuple[str, Any]] = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        captured.append((statement, parameters))

    event.listen(database.engine.sync_engine, "before_cursor_execute", capture)
    try:
        async with database.sessions() as session:
            await operation(session)
            await session.rollback()
    finally:
        event.remove(database.engine.sync_engine, "before_cursor_execute", capture)
    plans = []
    async with database.engine.connect() as connection:
        for statement, parameters in captured:
            result = await connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)
            plans.append((" ".join(statement.split()), [tuple(row)[3] for row in result.all()]))
    return plans


async def bench_query(rows: int, runs: int, workdir: Path) -> None:
    users, cases = max(1, rows // 10), max(1, rows // 5)
    now_index = rows * 7 // 10
    print(f"(b) finding due reminders among {rows:,} rows ({users:,} users, {cases:,} cases)")
    database = await open_database(f"sqlite+aiosqlite:///{workdir / 'query.db'}")
    started = time.perf_counter()
    async with database.engine.begin() as connection:
        for statement in fill_sql(rows, users, cases, now_index):
            await connection.exec_driver_sql(statement)
    print(f"    filled in {time.perf_counter() - started:.1f} s")
    async with database.sessions() as session:
        by_status = dict(
            (await session.execute(select(Reminder.status, func.count()).group_by(Reminder.status))).all()
        )
        due = await session.scalar(
            select(func.count())
            .select_from(Reminder)
            .where(
                ((Reminder.status == "pending") & (Reminder.due_at <= T0))
                | ((Reminder.status == "claimed") & (Reminder.lease_until <= T0))
            )
        )
    print(f"    rows by status: {by_status}; due now: {due:,}")

    lease = timedelta(minutes=5)
    claim_backlog = await timed(database, lambda s: claim_due(s, T0, lease, 200), runs)
    quiet = T0 - timedelta(seconds=STEP_SECONDS * now_index + 1)  # before the first row: nothing due
    claim_nothing = await timed(database, lambda s: claim_due(s, quiet, lease, 200), runs)
    wakeup = await timed(database, next_wakeup, runs)
    print(
        f"    claim_due(limit=200), {due:,} due:   median {claim_backlog[0] * 1000:.2f} ms "
        f"over {runs} runs ({len(claim_backlog[1])} claimed)"
    )
    print(f"    claim_due(limit=200), nothing due:  median {claim_nothing[0] * 1000:.2f} ms")
    print(f"    next_wakeup:                        median {wakeup[0] * 1000:.2f} ms (→ {wakeup[1]})")

    for label, operation in (
        ("claim_due", lambda s: claim_due(s, T0, lease, 200)),
        ("next_wakeup", next_wakeup),
    ):
        for statement, plan in await explain(database, operation):
            print(f"    EXPLAIN QUERY PLAN ({label}): {statement[:150]}{'…' if len(statement) > 150 else ''}")
            for line in plan:
                print(f"        {line}")
    await database.close()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10_000, help="reminders to deliver (a)")
    parser.add_argument("--per-user", type=int, default=1, help="reminders per user (a)")
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows in the table (b)")
    parser.add_argument("--runs", type=int, default=7, help="runs per timing, median reported (b)")
    parser.add_argument("--skip-delivery", action="store_true")
    parser.add_argument("--skip-query", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="reminders-bench-") as directory:
        workdir = Path(directory)
        if not args.skip_delivery:
            await bench_delivery(args.count, args.per_user, workdir)
        if not args.skip_query:
            await bench_query(args.rows, args.runs, workdir)


if __name__ == "__main__":
    asyncio.run(main())
