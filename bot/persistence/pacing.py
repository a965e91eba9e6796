"""Send pacing shared by every replica (PostgreSQL): one row holds the next free send moment.

Each message reserves its moment with one UPDATE, atomically (the row lock serialises the replicas):
slot = max(next_at, now), next_at = slot + 1/rate, and the caller sleeps until its slot. The database
server's clock is used, so the replicas' clocks need not agree. Per-chat spacing (1 message/s) stays
with each process's `SendPacer`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from sqlalchemy import text

from bot.pacing import SendPacer
from bot.persistence.database import Database

RESERVE = text(
    """
    UPDATE send_pacing
       SET next_at = GREATEST(next_at, clock_timestamp()) + make_interval(secs => :interval)
     WHERE id = 1
    RETURNING EXTRACT(EPOCH FROM (next_at - clock_timestamp()))::float8 - :interval
    """
)
ENSURE_ROW = text(
    "INSERT INTO send_pacing (id, next_at) VALUES (1, clock_timestamp()) ON CONFLICT (id) DO NOTHING"
)


class SharedSendPacer(SendPacer):
    """A SendPacer (this process: 1 message/s per chat, `per_second` overall) whose overall rate is also
    shared with every other replica through the database."""

    def __init__(
        self,
        database: Database,
        per_second: float = 25.0,  # below Telegram's ~30/s for the bot as a whole, replies need room too
        per_chat_interval: float = 1.0,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        super().__init__(per_second=per_second, per_chat_interval=per_chat_interval, sleep=sleep)
        self.database = database
        self._row_ready = False

    async def wait(self, chat_id: int) -> None:
        await super().wait(chat_id)  # this chat's 1/s, and this process's share
        async with self.database.engine.begin() as connection:
            if not self._row_ready:
                await connection.execute(ENSURE_ROW)
                self._row_ready = True
            delay = await connection.scalar(RESERVE, {"interval": self.interval})
        if delay is not None and delay > 0:
            await self.sleep(float(delay))
