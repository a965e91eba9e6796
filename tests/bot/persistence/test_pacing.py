"""Reminder pacing shared by replicas through PostgreSQL: two pacers on separate connection pools (as two
processes) together stay at the configured overall rate."""

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
    sent.sort()
    worst = max(
        sum(1 for moment in sent if start <= moment < start + 1.0) for start in sent
    )  # the most messages within any 1 s window
    # Slots are 1/rate apart; on a busy machine late wake-ups can bunch a few of them together.
    assert worst <= rate * 1.3, worst
