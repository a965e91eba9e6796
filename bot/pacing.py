"""Spacing outgoing messages to Telegram's limits: about 30 messages/s per bot, 1 message/s per chat.

Written here rather than taken from aiolimiter because aiolimiter reads the event loop's clock, and the
tests must run it on an injected clock without sleeping.
"""

from __future__ import annotations

import asyncio
import time
from bisect import bisect_left, bisect_right, insort
from collections.abc import Awaitable, Callable


class SendPacer:
    def __init__(
        self,
        per_second: float = 25.0,  # below Telegram's ~30/s, leaving room for replies to users
        per_chat_interval: float = 1.0,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.interval = 1.0 / per_second
        self.per_chat_interval = per_chat_interval
        self.monotonic = monotonic
        self.sleep = sleep
        self.per_second = per_second
        self._reserved: list[float] = []  # sorted send moments handed out, at least `interval` apart
        self._departed: list[float] = []  # sorted moments at which callers were let go
        self._next_for_chat: dict[int, float] = {}

    async def wait(self, chat_id: int) -> None:
        """Wait for this message's turn. Slots are reserved before sleeping, so concurrent callers
        (no await between reading and reserving) each get their own.

        The slot is the earliest moment that is free for the chat (1 s after its last message) and at
        least `interval` away from every slot already handed out. A message that must wait for its chat
        does not hold back messages to other chats: they take the free slots before it."""
        now = self.monotonic()
        del self._reserved[: bisect_left(self._reserved, now - self.interval)]  # can no longer collide
        slot = self._free_slot(max(now, self._next_for_chat.get(chat_id, 0.0)))
        insort(self._reserved, slot)
        self._next_for_chat[chat_id] = slot + self.per_chat_interval
        if len(self._next_for_chat) > 10_000:
            self._next_for_chat = {chat: at for chat, at in self._next_for_chat.items() if at > now}
        if slot > now:
            await self.sleep(slot - now)
        await self._depart(slot)

    async def _depart(self, slot: float) -> None:
        """Count the message when it really leaves. After a late wake-up (the event loop was busy) every
        message whose slot passed meanwhile would leave at once, on top of the next second's: so at
        most `per_second` leave within any 1 s, by the moments they leave at."""
        limit = max(1, int(self.per_second))
        departed = self._departed
        del departed[: bisect_right(departed, self.monotonic() - 1.0)]
        moment = max(slot, self.monotonic())
        while True:
            in_window = bisect_right(departed, moment) - bisect_right(departed, moment - 1.0 + 1e-9)
            if in_window < limit:
                break
            free_at = departed[bisect_right(departed, moment) - limit] + 1.0  # the oldest leaves the window
            await self.sleep(free_at - self.monotonic())
            moment = max(free_at, self.monotonic())
        insort(departed, moment)

    def _free_slot(self, earliest: float) -> float:
        reserved, interval = self._reserved, self.interval
        index = bisect_right(reserved, earliest)
        slot = earliest
        if index > 0 and slot - reserved[index - 1] < interval:
            slot = reserved[index - 1] + interval
        while index < len(reserved) and reserved[index] - slot < interval:
            slot = max(slot, reserved[index] + interval)
            index += 1
        return slot
