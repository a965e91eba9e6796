"""One database session per update, committed when the handler returns, rolled back on error."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject

from bot.persistence.database import Database
from bot.persistence.errors import StorageError
from bot.persistence.models import User
from bot.persistence.users import touch_user
from flows.clock import Clock

log = logging.getLogger(__name__)


class DatabaseSessionMiddleware(BaseMiddleware):
    def __init__(self, database: Database) -> None:
        self.database = database

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        async with self.database.sessions() as session:
            data["session"] = session
            result = await handler(event, data)
            await session.commit()
            return result  # keep the handler's result: aiogram uses it (e.g. UNHANDLED)


class UserMiddleware(BaseMiddleware):
    """Loads (or creates) the sender's row as `db_user`; the language manager reads it."""

    def __init__(self, clock: Clock, blocked: set[int]) -> None:
        self.clock = clock
        self.blocked = blocked

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        telegram_user = data.get("event_from_user")
        if telegram_user is not None and not telegram_user.is_bot:
            session = data["session"]
            try:
                data["db_user"] = await touch_user(
                    session, telegram_user.id, telegram_user.language_code, self.clock.now()
                )
                # Commit at once: SQLite has one writer, and a handler may wait on the network.
                await session.commit()
            except StorageError:
                # Disk full or a read-only database: answer what needs no write (help, FAQ, privacy)
                # with the row as it is; a handler that must write fails and the error handler says
                # that saving is unavailable for now.
                await session.rollback()
                log.warning("the database cannot be written: serving read-only", exc_info=True)
                data["db_user"] = await session.get(User, telegram_user.id)
            self.blocked.discard(telegram_user.id)
        return await handler(event, data)
