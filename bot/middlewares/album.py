"""Albums: photos sent together share a `media_group_id` but arrive as separate updates.

aiogram has no built-in aggregation. This middleware holds the first message of a group for a short
quiet period, collects the others, and calls the handler once with `album` = all messages in order;
the other messages stop here. A message without a group gets `album` = [message].
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import Message, TelegramObject


class AlbumMiddleware(BaseMiddleware):
    def __init__(self, quiet_period: float = 0.6) -> None:
        # Telegram delivers an album's updates back to back; 0.6 s of silence means it is complete.
        self.quiet_period = quiet_period
        self._groups: dict[tuple[int, str], list[Message]] = {}
        self._arrived: dict[tuple[int, str], asyncio.Event] = {}

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        if not isinstance(event, Message) or not event.media_group_id:
            data["album"] = [event] if isinstance(event, Message) else []
            return await handler(event, data)

        key = (event.chat.id, event.media_group_id)
        if key in self._groups:
            self._groups[key].append(event)
            self._arrived[key].set()
            return None

        self._groups[key] = [event]
        self._arrived[key] = arrived = asyncio.Event()
        try:
            while True:
                arrived.clear()
                try:
                    await asyncio.wait_for(arrived.wait(), timeout=self.quiet_period)
                except TimeoutError:
                    break
        finally:
            messages = self._groups.pop(key)
            del self._arrived[key]
        data["album"] = sorted(messages, key=lambda message: message.message_id)
        return await handler(event, data)
