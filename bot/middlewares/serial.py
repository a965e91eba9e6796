"""One update at a time per user, in the order the updates arrived; albums collected on the way.

aiogram runs the updates of one getUpdates batch as concurrent tasks. A button press and the typed
answer right after it would otherwise both read the saved flow state and race (the answer handled
before the press that leads to its step, a double tap opening two cases).

This is an OUTER middleware on the update, registered right after aiogram's own user-context middleware
and BEFORE its FSM middleware (which reads the state that routing filters use) and before our database
middleware (which writes the user row). Nothing before it awaits anything, so the updates reach it in
the order the polling loop created their tasks, and `asyncio.Lock` hands itself to waiters in FIFO
order: a user's updates run one after another in arrival order. Different users run side by side.

Albums: photos sent together share a `media_group_id` but arrive as separate updates. The first one
takes the user's lock and then waits for a short quiet period; the others of the same group join it
without queueing for the lock (they would wait for the first forever), and the handler is called once
with `album` = every message of the group, in order. A message without a group gets `album` = [it].

Several replicas (PostgreSQL): a user's updates can reach different processes. Inside the in-process
lock the middleware also holds `cross_process(user_id)`, the database's transaction-scoped advisory
lock on the user id (`Database.user_lock`; nothing on SQLite), for as long as the update runs. The
in-process lock comes first, so one process keeps at most one connection waiting for a given user.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager, nullcontext
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import Message, TelegramObject, Update

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]
CrossProcessLock = Callable[[int], AbstractAsyncContextManager[None]]


def update_message(event: TelegramObject) -> Message | None:
    if isinstance(event, Update):
        return event.message
    return event if isinstance(event, Message) else None


class PerUserSerialMiddleware(BaseMiddleware):
    def __init__(
        self, album_quiet_period: float = 0.6, cross_process: CrossProcessLock | None = None
    ) -> None:
        self._cross_process = cross_process
        # Telegram delivers an album's updates back to back; this much silence means it is complete.
        self.album_quiet_period = album_quiet_period
        self._locks: dict[int, asyncio.Lock] = {}
        self._waiting: dict[int, int] = {}
        self._albums: dict[tuple[int, str], list[Message]] = {}
        self._arrived: dict[tuple[int, str], asyncio.Event] = {}

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        message = update_message(event)
        data["album"] = [message] if message is not None else []
        user = data.get("event_from_user")
        if user is None:
            return await handler(event, data)
        group = (user.id, message.media_group_id) if message and message.media_group_id else None
        if group is not None and message is not None and group in self._albums:
            # A later part of an album being collected: hand it over, nothing more to do.
            self._albums[group].append(message)
            self._arrived[group].set()
            return None
        if group is not None and message is not None:  # registered before any await, so later parts find it
            self._albums[group] = [message]
            self._arrived[group] = asyncio.Event()
        lock = self._locks.setdefault(user.id, asyncio.Lock())
        self._waiting[user.id] = self._waiting.get(user.id, 0) + 1
        try:
            async with lock:
                if group is not None:
                    data["album"] = await self._collect(group)
                cross_process = self._cross_process(user.id) if self._cross_process else nullcontext()
                async with cross_process:
                    return await handler(event, data)
        finally:
            self._waiting[user.id] -= 1
            if not self._waiting[user.id]:  # nobody else queued: forget the lock
                del self._waiting[user.id]
                del self._locks[user.id]
            if group is not None and group in self._albums:
                del self._albums[group], self._arrived[group]

    async def _collect(self, group: tuple[int, str]) -> list[Message]:
        arrived = self._arrived[group]
        try:
            while True:
                arrived.clear()
                try:
                    await asyncio.wait_for(arrived.wait(), timeout=self.album_quiet_period)
                except TimeoutError:
                    break
        finally:
            messages = self._albums.pop(group)
            del self._arrived[group]
        return sorted(messages, key=lambda message: message.message_id)


def install(dispatcher: Any, middleware: BaseMiddleware, before: Any) -> None:
    """Register `middleware` on the dispatcher's update observer just before `before` (aiogram's FSM
    middleware, registered by the Dispatcher itself), keeping every other middleware where it is."""
    outer = dispatcher.update.outer_middleware
    after = list(outer)[list(outer).index(before) :]
    for item in after:
        outer.unregister(item)
    outer.register(middleware)
    for item in after:
        outer.register(item)
