"""Send pacing shared by every replica (PostgreSQL): one row holds the theoretical moment of the next send.

The rule is the generic cell rate algorithm: a message may leave when `next_at - tolerance` has come,
and leaving moves `next_at` to max(next_at, now) + 1/rate, in one UPDATE at the moment it leaves (the
row lock serialises the replicas). Whoever finds the moment still ahead sleeps until then and tries
again. Nothing is reserved ahead, so a replica that wakes up late cannot send several earlier slots at
once (reserving slots and sleeping until them had let 32 messages out within one second with 2 replicas
at 25/s). By the database server's clock at most 1 + (1 + tolerance) * rate messages leave within any
1 s — 28 at the default 25/s with 0.1 s, under Telegram's ~30/s — while a sender that reaches the
database up to `tolerance` late loses no throughput. The server's clock is used, so the replicas'
clocks need not agree.

In each process one task at a time competes for the row (the others queue behind it locally), so the
database sees about `per_second` attempts per second per replica, not one per waiting message.
Per-chat spacing (1 message/s) stays with each process's `SendPacer`.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Awaitable, Callable

from sqlalchemy import text

from bot.pacing import SendPacer
from bot.persistence.database import Database

TAKE = text(
    """
    UPDATE send_pacing
       SET next_at = GREATEST(next_at, clock_timestamp()) + make_interval(secs => :interval)
     WHERE id = 1 AND next_at - make_interval(secs => :tolerance) <= clock_timestamp()
    RETURNING EXTRACT(EPOCH FROM clock_timestamp())::float8
    """
)
WAIT = text(
    "SELECT EXTRACT(EPOCH FROM (next_at - clock_timestamp()))::float8 - :tolerance"
    " FROM send_pacing WHERE id = 1"
)
ENSURE_ROW = text(
    "INSERT INTO send_pacing (id, next_at) VALUES (1, clock_timestamp()) ON CONFLICT (id) DO NOTHING"
)
MIN_RETRY = 0.002  # seconds: never spin on the row


class SharedSendPacer(SendPacer):
    """A SendPacer (this process: 1 message/s per chat, `per_second` overall) whose overall rate is also
    shared with every other replica through the database."""

    def __init__(
        self,
        database: Database,
        per_second: float = 25.0,  # below Telegram's ~30/s for the bot as a whole, replies need room too
        per_chat_interval: float = 1.0,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        tolerance: float = 0.1,  # seconds a sender may reach the database late without losing its turn
    ) -> None:
        super().__init__(per_second=per_second, per_chat_interval=per_chat_interval, sleep=sleep)
        self.database = database
        self.tolerance = tolerance
        self._row_ready = False
        self._turn = asyncio.Lock()  # one task of this process at the row at a time
        self.departures: list[float] = []  # recent send moments taken (database clock, epoch seconds)

    @property
    def most_in_one_second(self) -> int:
        """The most messages that can leave within any 1 s (database clock), all replicas together."""
        return 1 + math.floor((1.0 + self.tolerance) * self.per_second + 1e-9)

    async def wait(self, chat_id: int) -> None:
        await super().wait(chat_id)  # this chat's 1/s, and this process's share
        async with self._turn:
            while True:
                departed, delay = await self._take()
                if departed is not None:
                    self.departures.append(departed)
                    del self.departures[:-1000]
                    return
                await self.sleep(max(MIN_RETRY, delay))

    async def _take(self) -> tuple[float | None, float]:
        """(the send moment taken, 0) or (None, seconds until the row's moment comes)."""
        async with self.database.engine.begin() as connection:
            if not self._row_ready:
                await connection.execute(ENSURE_ROW)
                self._row_ready = True
            departed = await connection.scalar(TAKE, {"interval": self.interval, "tolerance": self.tolerance})
            if departed is not None:
                return float(departed), 0.0
            delay = await connection.scalar(WAIT, {"tolerance": self.tolerance})
        return None, float(delay or 0.0)
