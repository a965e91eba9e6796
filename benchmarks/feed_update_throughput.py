"""Updates handled per second through `Dispatcher.feed_update`, with our SQLite FSM storage and with
aiogram's MemoryStorage: the same app, the same handlers, the same run.

In-process, no network: the bot's session is a `LocalSession` (as in `dispute-bot chat`), so the figure is
the cost of aiogram's dispatch, our middlewares (user row touched and committed on every update) and the
FSM storage read that aiogram's FSM middleware makes for every update.

    .venv/bin/python benchmarks/feed_update_throughput.py [--updates 2000] [--users 50] [--repeat 3]

Two modes: "sequential" feeds one update and awaits it before the next (pure per-update cost);
"concurrent" feeds them in batches of --users at once, as polling does with handle_as_tasks.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

from aiogram.fsm.storage.memory import MemoryStorage
from aiogram.types import Chat, Message, Update, User

from bot.app import build_app, create_bot
from bot.chat import LOCAL_TOKEN
from bot.config import load_settings
from bot.local_session import LocalSession
from bot.persistence.database import open_database
from flows.clock import SystemClock


def make_updates(count: int, users: int, first_id: int = 1) -> list[Update]:
    """`count` /start messages from `users` users, interleaved: 1, 2, …, users, 1, 2, …"""
    updates = []
    now = datetime.now(UTC)
    for index in range(count):
        user_id = 500_000 + index % users
        language = "zh" if user_id % 2 else "en"
        user = User(id=user_id, is_bot=False, first_name=f"U{user_id}", language_code=language)
        updates.append(
            Update(
                update_id=first_id + index,
                message=Message(
                    message_id=first_id + index,
                    date=now,
                    chat=Chat(id=user_id, type="private"),
                    from_user=user,
                    text="/start",
                ),
            )
        )
    return updates


async def assemble(workdir: Path, memory: bool):
    settings = load_settings(
        {"DATABASE_URL": f"sqlite+aiosqlite:///{workdir}/bench.db", "EVIDENCE_DIR": str(workdir / "evidence")}
    )
    database = await open_database(settings.database_url)
    session = LocalSession()
    bot = create_bot(settings, LOCAL_TOKEN, session=session)
    app = build_app(settings, database, SystemClock(), album_quiet_period=0.0)
    app.attach(bot)
    if memory:
        # Dispatcher.storage is a read-only property returning dispatcher.fsm.storage; the FSM
        # middleware instance stays registered, only the storage it reads and writes changes.
        await app.dispatcher.fsm.storage.close()
        app.dispatcher.fsm.storage = MemoryStorage()
        assert isinstance(app.dispatcher.storage, MemoryStorage)
    await app.dispatcher.emit_startup(bot=bot, dispatcher=app.dispatcher, **app.dispatcher.workflow_data)
    return app, bot, session, database


async def run_once(workdir: Path, *, memory: bool, count: int, users: int, concurrent: bool) -> float:
    app, bot, session, database = await assemble(workdir, memory)
    dispatcher = app.dispatcher
    try:
        # warm-up: every user once (creates the user rows), not timed
        for update in make_updates(users, users, first_id=1):
            await dispatcher.feed_update(bot, update)
        updates = make_updates(count, users, first_id=1_000_000)
        session.requests.clear()
        started = time.perf_counter()
        if concurrent:
            for start in range(0, count, users):
                await asyncio.gather(
                    *(dispatcher.feed_update(bot, update) for update in updates[start : start + users])
                )
        else:
            for update in updates:
                await dispatcher.feed_update(bot, update)
        elapsed = time.perf_counter() - started
        sent = len(session.sent())
        assert sent == 2 * count, f"expected {2 * count} messages (welcome + menu per /start), got {sent}"
        return count / elapsed
    finally:
        await dispatcher.emit_shutdown(bot=bot, dispatcher=dispatcher, **dispatcher.workflow_data)
        await database.close()


async def measure(label: str, run: Callable[[Path], Awaitable[float]], repeat: int) -> float:
    rates = []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory(prefix="feed-bench-") as directory:
            rates.append(await run(Path(directory)))
    median = statistics.median(rates)
    print(
        f"  {label:<28} {median:8.0f} updates/s   (runs: {', '.join(f'{rate:.0f}' for rate in rates)})",
        flush=True,
    )
    return median


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=2000)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(
        f"feed_update throughput: {args.updates} /start updates from {args.users} users, interleaved; "
        f"median of {args.repeat} runs (each on a fresh SQLite file; user rows in SQLite in both cases)"
    )
    for concurrent in (False, True):
        run = functools.partial(run_once, count=args.updates, users=args.users, concurrent=concurrent)
        mode = f"concurrent, batches of {args.users}" if concurrent else "sequential"
        print(f"{mode}:")
        results = {}
        for memory in (False, True):
            storage = "MemoryStorage" if memory else "SqlStorage (SQLite)"
            results[memory] = await measure(storage, functools.partial(run, memory=memory), args.repeat)
        print(
            f"  ratio SqlStorage / MemoryStorage: {results[False] / results[True]:.2f} "
            f"(MemoryStorage is {results[True] / results[False]:.2f}× as fast)",
            flush=True,
        )


if __name__ == "__main__":
    asyncio.run(main())
