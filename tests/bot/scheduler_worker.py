"""One scheduler process for the crash tests (test_scheduler_crash.py): not a test itself.

    python scheduler_worker.py DATABASE_FILE BOT_API_BASE_URL NOW_ISO

It opens the database file (running migrations, as the bot does), runs `ReminderScheduler.run_due()`
once with the clock frozen at NOW against the Bot API at BOT_API_BASE_URL over real HTTP (the fake
server of tests/fakeapi), prints a JSON summary and exits 0.

Environment:
    CRASH_AT     after_claim | after_send | after_mark — die with os._exit(75) at that point
                 (no clean-up, no flush: as if the process were killed);
    CRASH_ON     on which delivery (1-based, counted in delivery order; default 1);
    CONCURRENCY  deliveries in flight at once (default 1, so the crash point is exact);
    BATCH_SIZE   rows per claim (default 200);
    BOT_TOKEN    the token it sends with (default 123456:test), so a test can tell two workers apart.

The crash points, each injected by wrapping what bot.scheduler calls:
    after_claim  the batch's claim is committed; the process dies when it starts rendering the
                 CRASH_ON-th reminder, before anything is sent for it;
    after_send   Telegram answered the CRASH_ON-th sendMessage with ok; the process dies before
                 mark_sent runs;
    after_mark   mark_sent for the CRASH_ON-th reminder is committed (SQLAlchemy after_commit
                 event); the process dies right after the commit.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from datetime import datetime, timedelta

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from sqlalchemy import event

import bot.scheduler as scheduler_module
from bot.pacing import SendPacer
from bot.persistence.database import open_database
from bot.persistence.models import Reminder
from bot.scheduler import OutgoingReminder, ReminderScheduler
from bot.sending import DeliveryMiddleware
from flows.clock import FrozenClock

CRASH_EXIT = 75
TOKEN = "123456:test"
LEASE = timedelta(minutes=5)


def message_text(reminder_id: int) -> str:
    return f"reminder #{reminder_id}"


async def render(reminder: Reminder, now: datetime) -> OutgoingReminder:
    return OutgoingReminder(chat_id=reminder.user_id, text=message_text(reminder.id), markup=None)


def die(point: str) -> None:
    print(json.dumps({"crashed": point}), flush=True)
    os._exit(CRASH_EXIT)


def install_crash(scheduler: ReminderScheduler, point: str, on: int) -> None:
    counter = {"render": 0, "mark": 0}
    if point == "after_claim":
        original_render = scheduler.render

        async def crashing_render(reminder: Reminder, now: datetime) -> OutgoingReminder | None:
            counter["render"] += 1
            if counter["render"] == on:
                die(point)
            return await original_render(reminder, now)

        scheduler.render = crashing_render
    elif point in ("after_send", "after_mark"):
        original_mark_sent = scheduler_module.mark_sent

        async def crashing_mark_sent(session, reminder_id, now, attempts=None):
            counter["mark"] += 1
            if counter["mark"] != on:
                return await original_mark_sent(session, reminder_id, now, attempts)
            if point == "after_send":
                die(point)
            event.listen(session.sync_session, "after_commit", lambda _session: die(point))
            return await original_mark_sent(session, reminder_id, now, attempts)

        scheduler_module.mark_sent = crashing_mark_sent  # what ReminderScheduler._deliver calls
    else:
        raise SystemExit(f"unknown CRASH_AT {point!r}")


async def main(database_file: str, api_base: str, now: str) -> None:
    database = await open_database(f"sqlite+aiosqlite:///{database_file}")
    session = AiohttpSession(api=TelegramAPIServer.from_base(api_base, is_local=False))
    bot = Bot(token=os.environ.get("BOT_TOKEN", TOKEN), session=session)
    bot.session.middleware(DeliveryMiddleware(set()))
    scheduler = ReminderScheduler(
        database,
        bot,
        FrozenClock(datetime.fromisoformat(now)),
        render,
        pacer=SendPacer(),
        lease=LEASE,
        concurrency=int(os.environ.get("CONCURRENCY", "1")),
        batch_size=int(os.environ.get("BATCH_SIZE", "200")),
    )
    if point := os.environ.get("CRASH_AT"):
        install_crash(scheduler, point, int(os.environ.get("CRASH_ON", "1")))
    try:
        handled = await scheduler.run_due()
    finally:
        await bot.session.close()
        await database.close()
    print(json.dumps({"handled": handled, "sent": scheduler.sent, "failed": scheduler.failed}), flush=True)


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:4]))
