"""One update at a time per user.

aiogram runs updates concurrently; a double-tapped button or two quick messages would otherwise read the
same saved flow state and both act on it (two cases opened, one answer lost). Registered as an inner
middleware, after the album middleware has grouped photos, so an album is never split by the lock.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject


class PerUserSerialMiddleware(BaseMiddleware):
    def __init__(self) -> None:
        self._locks: dict[int, asyncio.Lock] = {}
        self._waiting: dict[int, int] = {}

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        user = data.get("event_from_user")
        if user is None:
            return await handler(event, data)
        lock = self._locks.setdefault(user.id, asyncio.Lock())
        self._waiting[user.id] = self._waiting.get(user.id, 0) + 1
        try:
            async with lock:
                return await handler(event, data)
        finally:
            self._waiting[user.id] -= 1
            if not self._waiting[user.id]:  # nobody else queued: forget the lock
                del self._waiting[user.id]
                del self._locks[user.id]
