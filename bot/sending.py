"""The one place every Bot API call goes through (a session middleware on the bot).

- 429 Too Many Requests: wait `retry_after`, then make the same call again.
- 5xx from the Bot API, or a timeout/network error: retry the same call a bounded number of times
  with a growing pause (0.5 s, 1 s, 2 s). getUpdates is left to aiogram's own polling back-off, and a
  file download does not pass here. When every retry fails the error goes on to the error handler,
  which apologises and asks the flow's current question again (bot/handlers/errors.py).
- 403 Forbidden (the user blocked the bot): remember it, mark the user in the database, and send
  nothing more to that chat until the user writes to us again.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from typing import Any

from aiogram import Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.exceptions import (
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import GetUpdates, TelegramMethod
from aiogram.methods.base import Response, TelegramType

log = logging.getLogger(__name__)

#: False in code that has its own retry plan for 5xx/timeouts (the reminder scheduler's leases).
retry_server_errors: ContextVar[bool] = ContextVar("retry_server_errors", default=True)

Sleep = Callable[[float], Awaitable[None]]
OnBlocked = Callable[[int], Awaitable[None]]


class BlockedChatError(TelegramForbiddenError):
    """Raised instead of sending to a chat that has blocked the bot."""


class DeliveryMiddleware(BaseRequestMiddleware):
    def __init__(
        self,
        blocked: set[int],
        on_blocked: OnBlocked | None = None,
        sleep: Sleep = asyncio.sleep,
        max_retries: int = 5,
        server_error_retries: int = 3,
        backoff: float = 0.5,
    ) -> None:
        self.blocked = blocked
        self.on_blocked = on_blocked
        self.sleep = sleep
        self.max_retries = max_retries
        self.retries_after_429 = 0  # for logs and benchmarks
        self.server_error_retries = server_error_retries
        self.backoff = backoff
        self.retries_after_5xx = 0

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        chat_id = _target_chat(method)
        if chat_id is not None and chat_id in self.blocked:
            raise BlockedChatError(method=method, message="the user has blocked the bot")
        attempt = 0
        while True:
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as error:
                attempt += 1
                if attempt > self.max_retries:
                    raise
                self.retries_after_429 += 1
                log.warning("429 on %s: retrying after %s s", type(method).__name__, error.retry_after)
                await self.sleep(error.retry_after)
            except (TelegramServerError, TelegramNetworkError) as error:
                if (
                    isinstance(method, GetUpdates)
                    or not retry_server_errors.get()
                    or attempt >= self.server_error_retries
                ):
                    raise
                pause = self.backoff * 2**attempt
                attempt += 1
                self.retries_after_5xx += 1
                log.warning(
                    "%s on %s: retry %d after %.1f s",
                    type(error).__name__,
                    type(method).__name__,
                    attempt,
                    pause,
                )
                await self.sleep(pause)
            except TelegramForbiddenError:
                if chat_id is not None and chat_id > 0:  # private chats only; a user id
                    self.blocked.add(chat_id)
                    log.info("chat %s blocked the bot", chat_id)
                    if self.on_blocked is not None:
                        await self.on_blocked(chat_id)
                raise


def _target_chat(method: TelegramMethod[Any]) -> int | None:
    chat_id = getattr(method, "chat_id", None)
    return chat_id if isinstance(chat_id, int) else None
