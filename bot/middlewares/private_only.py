"""Group chats get one pointer to the private chat and nothing else.

Cases, evidence and reminders are personal. An update from a group (or a channel) never reaches the
FSM middleware, the database or a handler: no user row, no state under the group's key, no flow
started from a button pressed on a message in a group. An outer middleware on the update, before the
per-user lock, so it costs nothing.

What gets the pointer: a button (as a popup, so nothing is posted into the group), a command, a file,
a reply to one of the bot's messages or a mention. Ordinary chatter in a group the bot was added to
gets silence (with privacy mode off the bot would see every message).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import CallbackQuery, Message, TelegramObject, Update
from aiogram_i18n.cores import FluentRuntimeCore

from bot.i18n import language_from_telegram

POINTER_KEY = "private-only"


class PrivateChatsOnlyMiddleware(BaseMiddleware):
    def __init__(self, core: FluentRuntimeCore, default_language: str) -> None:
        self.core = core
        self.default_language = default_language

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        if not isinstance(event, Update):
            return await handler(event, data)
        if event.callback_query is not None:
            query = event.callback_query
            chat = query.message.chat if query.message is not None else None
            if chat is None or chat.type != "private":
                await query.answer(self._pointer(query), show_alert=True)
                return None
        elif event.message is not None and event.message.chat.type != "private":
            if _addressed_to_bot(event.message, data):
                await event.message.answer(self._pointer(event.message))
            return None
        return await handler(event, data)

    def _pointer(self, event: Message | CallbackQuery) -> str:
        user = event.from_user
        language = language_from_telegram(user.language_code if user else None, self.default_language)
        return self.core.get(POINTER_KEY, language)


def _addressed_to_bot(message: Message, data: dict[str, Any]) -> bool:
    if message.text is None:
        # files, stickers, locations… sent to a group the bot is in: only what it can see is meant for it
        return bool(message.photo or message.document)
    if message.text.startswith("/"):
        return True
    bot = data.get("bot")
    replied = message.reply_to_message
    if (
        bot is not None
        and replied is not None
        and replied.from_user is not None
        and replied.from_user.id == bot.id
    ):
        return True
    return any(entity.type == "mention" for entity in message.entities or [])
