"""Reminder pacing shared by replicas through PostgreSQL: two pacers on separate connection pools (as two
processes) together stay at the configured overall rate: by the database's clock, never more than
`most_in_one_second` within any second, however late a process wakes up."""

from __future__ import annotations

import asyncio
import time

import pytest

from bot.persistence.database import Database
from bot.persistence.pacing import SharedSendPacer

pytestmark = pytest.mark.postgresql


async def test_two_replicas_share_one_rate(postgres_url: str) -> None:
    rate = 50.0
    databases = [Database(postgres_url), Database(postgres_url)]
    pacers = [SharedSendPacer(database, per_second=rate) for database in databases]
    sent: list[float] = []

    async def send(pacer: SharedSendPacer, chat_id: int) -> None:
        await pacer.wait(chat_id)
        sent.append(time.monotonic())

    try:
        started = time.monotonic()
        # 60 messages to 60 chats, half through each replica, all at once.
        await asyncio.gather(*(send(pacers[n % 2], 1000 + n) for n in range(60)))
        elapsed = time.monotonic() - started
    finally:
        for database in databases:
            await database.close()
    # Each replica alone would let its 30 go within 0.6 s; shared, 60 at 50/s take at least ~1.2 s.
    assert elapsed >= 59 / rate * 0.9, elapsed
    departures = sorted(pacers[0].departures + pacers[1].departures)
    assert len(departures) == 60 and pacers[0].departures and pacers[1].departures
    # The guarantee, on the database's clock: never more than most_in_one_second within any 1 s.
    busiest = max(sum(1 for moment in departures if start <= moment < start + 1.0) for start in departures)
    assert busiest <= pacers[0].most_in_one_second, busiest


def test_the_default_shared_rate_stays_under_telegrams_30_per_second() -> None:
    pacer = SharedSendPacer(Database("postgresql+asyncpg://nobody@127.0.0.1/none"))
    assert pacer.most_in_one_second < 30
