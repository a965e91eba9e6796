"""Spacing outgoing messages to Telegram's limits: about 30 messages/s per bot, 1 message/s per chat.

Written here rather than taken from aiolimiter because aiolimiter reads the event loop's clock, and the
tests must run it on an injected clock without sleeping.
"""
from __future__ import annotations

import asyncio
import time
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
        self._next_slot = 0.0
        self._next_for_chat: dict[int, float] = {}

    async def wait(self, chat_id: int) -> None:
        """Wait for this message's turn. Slots are reserved before sleeping, so concurrent callers
        (no await between reading and reserving) each get their own."""
        now = self.monotonic()
        slot = max(now, self._next_slot, self._next_for_chat.get(chat_id, 0.0))
        self._next_slot = slot + self.interval
        self._next_for_chat[chat_id] = slot + self.per_chat_interval
        if len(self._next_for_chat) > 10_000:
            self._next_for_chat = {chat: at for chat, at in self._next_for_chat.items() if at > now}
        if slot > now:
            await self.sleep(slot - now)
