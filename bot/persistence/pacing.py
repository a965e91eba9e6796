"""Send pacing shared by every replica (PostgreSQL): one row holds the earliest moment of the next send.

A message leaves only when it takes the row's moment at the moment it leaves: one UPDATE moves
`next_at` from a moment already past to now + 1/rate, atomically (the row lock serialises the
replicas); whoever finds `next_at` still in the future sleeps until then and tries again. So sends are
at least 1/rate apart by the database server's clock, whichever replica makes them — a replica that
wakes up late cannot send several earlier slots at once, because nothing is reserved ahead: at most
`per_second` + 1 messages leave within any 1 s. (Reserving slots ahead and sleeping until them let a
late wake-up bunch its slot with the next ones: 32 messages in one second had been measured with 2
replicas at 25/s.) The server's clock is used, so the replicas' clocks need not agree.

In each process one task at a time competes for the row (the others queue behind it locally), so the
database sees about `per_second` attempts per second per replica, not one per waiting message.
Per-chat spacing (1 message/s) stays with each process's `SendPacer`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from sqlalchemy import text

from bot.pacing import SendPacer
from bot.persistence.database import Database

TAKE = text(
    """
    UPDATE send_pacing
       SET next_at = clock_timestamp() + make_interval(secs => :interval)
     WHERE id = 1 AND next_at <= clock_timestamp()
    RETURNING EXTRACT(EPOCH FROM next_at)::float8 - :interval
    """
)
WAIT = text("SELECT EXTRACT(EPOCH FROM (next_at - clock_timestamp()))::float8 FROM send_pacing WHERE id = 1")
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
    ) -> None:
        super().__init__(per_second=per_second, per_chat_interval=per_chat_interval, sleep=sleep)
        self.database = database
        self._row_ready = False
        self._turn = asyncio.Lock()  # one task of this process at the row at a time
        self.departures: list[float] = []  # recent send moments taken (database clock, epoch seconds)

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
            departed = await connection.scalar(TAKE, {"interval": self.interval})
            if departed is not None:
                return float(departed), 0.0
            delay = await connection.scalar(WAIT)
        return None, float(delay or 0.0)
