"""Figures for the production modes, same workload in every configuration, one run:

(a) updates per second and reply latency (p50/p99) of the real `dispute-bot run` process(es) against the
    fake Bot API server, for: polling + SQLite; webhook + SQLite; webhook + PostgreSQL, 1 replica;
    webhook + PostgreSQL, 2 replicas (the fake server spreads chats over both, as a load balancer).
    Workload: --users users at once, each sending --messages "/help" one after another (the next when
    the reply came), after one untimed warm-up /start each. Latency: from the update becoming available
    to the bot's reply reaching the server. Updates/s: timed updates / wall time of the timed phase.
(b) reminder delivery with 2 replicas (webhook + PostgreSQL): --reminders reminders due at once (one per
    user, deadline 20 min away so quiet hours give way), both replicas started together; the overall
    rate (and the busiest 1 s), duplicates and lost ones.

PostgreSQL is a throwaway cluster (tests/pgcluster.py). Every wait is bounded; every process is stopped.

    .venv/bin/python benchmarks/production_modes.py [--users 20] [--messages 10] [--reminders 10000]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import math
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import asyncpg

from bot.persistence.database import open_database
from tests.e2e.harness import BotProcess
from tests.e2e.test_e2e_webhook import free_port
from tests.fakeapi.server import Call, FakeBotAPI
from tests.pgcluster import Cluster, start_cluster

SECRET = "bench-secret_0123456789"
TIMEOUT = 120.0
STARTUP = 300.0


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.99 * len(ordered)) - 1)]


async def new_database(cluster: Cluster, name: str) -> str:
    admin = await asyncpg.connect(cluster.url(driver="postgresql"))
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    return cluster.url(name)


def replicas(
    server: FakeBotAPI, workdir: Path, count: int, database_url: str | None, webhook: bool
) -> list[BotProcess]:
    processes = []
    ports = [free_port() for _ in range(count)]
    if webhook:
        server.webhook_targets = [f"http://127.0.0.1:{port}/tg/hook" for port in ports]
    for index, port in enumerate(ports):
        env: dict[str, str] = {}
        if database_url is not None:
            env["DATABASE_URL"] = database_url
        if webhook:
            env |= {
                "WEBHOOK_URL": "https://bot.example.com/tg/hook",
                "WEBHOOK_SECRET": SECRET,
                "WEBHOOK_LISTEN": f"127.0.0.1:{port}",
            }
        process = BotProcess(server, workdir, name=f"replica{index + 1}", LOG_LEVEL="WARNING")
        process.env.update(env)
        processes.append(process)
    return processes


async def exchange(server: FakeBotAPI, user: int, text: str) -> float:
    queued = server.user_says(user, text)
    sent = await server.wait_for(lambda _: server.sent_after(user, queued.available_at), TIMEOUT)
    return (sent[0].at - queued.available_at) * 1000


async def bench_updates(
    label: str, users: int, messages: int, cluster: Cluster | None, count: int, webhook: bool
) -> str:
    with tempfile.TemporaryDirectory(prefix="bench-modes-") as directory:
        server = await FakeBotAPI().start()
        database_url = None
        if cluster is not None:
            database_url = await new_database(
                cluster, f"bench_{label.replace(' ', '_').replace('+', '')}_{time.monotonic_ns()}"
            )
        processes = replicas(server, Path(directory), count, database_url, webhook)
        try:
            await asyncio.gather(*(process.start(timeout=STARTUP) for process in processes))
            ids = range(900_000, 900_000 + users)
            await asyncio.gather(*(exchange(server, user, "/start") for user in ids))  # warm-up
            latencies: list[float] = []

            async def user_loop(user: int) -> None:
                for _ in range(messages):
                    latencies.append(await exchange(server, user, "/help"))

            started = time.perf_counter()
            await asyncio.gather(*(user_loop(user) for user in ids))
            elapsed = time.perf_counter() - started
        finally:
            for process in processes:
                await process.stop()
            await server.stop()
    rate = len(latencies) / elapsed
    return (
        f"  {label:<32} {rate:7.1f} updates/s   reply p50 {statistics.median(latencies):7.1f} ms"
        f"   p99 {p99(latencies):7.1f} ms   (n={len(latencies)})"
    )


async def seed_reminders(database_url: str, count: int) -> None:
    database = await open_database(database_url)  # the schema, as the bot would make it
    await database.close()
    now = datetime.now(UTC).replace(tzinfo=None)
    connection = await asyncpg.connect(database_url.replace("postgresql+asyncpg", "postgresql"))
    try:
        first = 800_000_000
        await connection.executemany(
            "INSERT INTO users (id, blocked, reminders_enabled, first_seen, last_seen, telegram_language)"
            " VALUES ($1, false, true, $2, $2, 'zh')",
            [(first + n, now) for n in range(count)],
        )
        await connection.executemany(
            "INSERT INTO cases (id, user_id, problem, status, created_at, updated_at, after_sales_requested_at)"
            " VALUES ($1, $2, 'quality', 'after_sales_requested', $3, $3, $4)",
            [(n + 1, first + n, now, now - timedelta(hours=71, minutes=40)) for n in range(count)],
        )
        await connection.execute("SELECT setval(pg_get_serial_sequence('cases', 'id'), $1)", count)
        await connection.executemany(
            "INSERT INTO reminders (case_id, user_id, kind, due_at, deadline_at, estimated, status, attempts, created_at)"
            " VALUES ($1, $2, 'seller_24h', $3, $4, false, 'pending', 0, $3)",
            [
                (n + 1, first + n, now - timedelta(minutes=1), now + timedelta(minutes=20))
                for n in range(count)
            ],
        )
    finally:
        await connection.close()


async def bench_reminders(cluster: Cluster, count: int) -> list[str]:
    database_url = await new_database(cluster, f"bench_reminders_{time.monotonic_ns()}")
    await seed_reminders(database_url, count)
    with tempfile.TemporaryDirectory(prefix="bench-reminders-") as directory:
        server = await FakeBotAPI().start()
        processes = replicas(server, Path(directory), 2, database_url, webhook=True)
        try:
            await asyncio.gather(*(process.start(timeout=STARTUP) for process in processes))

            seen = [0, 0]  # calls looked at, reminders among them (incremental: wait_for runs on every call)

            def all_arrived(calls: list[Call]) -> bool:
                for call in calls[seen[0] :]:
                    if call.method == "sendMessage" and "⏰" in (call.text or ""):
                        seen[1] += 1
                seen[0] = len(calls)
                return seen[1] >= count

            with contextlib.suppress(TimeoutError):  # bounded: report what arrived
                await server.wait_for(all_arrived, count / 20 + 300)
            await asyncio.sleep(5)  # duplicates, if any, show up
            sent = [
                call for call in server.calls if call.method == "sendMessage" and "⏰" in (call.text or "")
            ]
        finally:
            for process in processes:
                await process.stop()
            await server.stop()
    moments = sorted(call.at for call in sent)
    per_chat = Counter(call.chat_id for call in sent)
    duplicates = sum(n - 1 for n in per_chat.values() if n > 1)
    lost = count - len(per_chat)
    span = moments[-1] - moments[0] if len(moments) > 1 else 0.0
    busiest = max(
        (sum(1 for m in moments[i : i + 200] if m < start + 1.0) for i, start in enumerate(moments)),
        default=0,
    )
    connection = await asyncpg.connect(database_url.replace("postgresql+asyncpg", "postgresql"))
    try:
        statuses = dict(await connection.fetch("SELECT status, count(*) FROM reminders GROUP BY status"))
    finally:
        await connection.close()
    return [
        f"  reminders due at once        {count}",
        f"  delivered (distinct chats)   {len(per_chat)}   duplicates {duplicates}   lost {lost}",
        f"  overall rate                 {len(moments) / span if span else 0:.1f} messages/s over {span:.0f} s",
        f"  busiest 1 s window           {busiest} messages",
        f"  rows by status               {statuses}",
    ]


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--messages", type=int, default=10)
    parser.add_argument("--reminders", type=int, default=10_000)
    parser.add_argument("--skip-updates", action="store_true")
    parser.add_argument("--skip-reminders", action="store_true")
    args = parser.parse_args()
    cluster = start_cluster()
    try:
        if not args.skip_updates:
            print(f"(a) {args.users} users × {args.messages} /help each, after a warm-up /start", flush=True)
            for label, use_pg, count, webhook in (
                ("polling + SQLite", False, 1, False),
                ("webhook + SQLite", False, 1, True),
                ("webhook + PostgreSQL, 1 replica", True, 1, True),
                ("webhook + PostgreSQL, 2 replicas", True, 2, True),
            ):
                print(
                    await bench_updates(
                        label, args.users, args.messages, cluster if use_pg else None, count, webhook
                    ),
                    flush=True,
                )
        if not args.skip_reminders:
            print("(b) reminder delivery, 2 replicas, webhook + PostgreSQL", flush=True)
            for line in await bench_reminders(cluster, args.reminders):
                print(line, flush=True)
    finally:
        cluster.stop()


if __name__ == "__main__":
    asyncio.run(main())
