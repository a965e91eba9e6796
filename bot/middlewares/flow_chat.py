"""One typed bundle per update for the handlers that run flows or change cases.

Those handlers need the same nine things (the chat, its FSM context, the bot, the database session, the
language, the clock, the settings, the calendar, the scheduler's wake-up). Rather than name them all in
every handler, an inner middleware of their routers builds :class:`FlowChat` once, after the filters
matched, and aiogram injects it as ``flow_chat``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.fsm.context import FSMContext
from aiogram.types import Message, TelegramObject, User
from aiogram_i18n import I18nContext

from bot.config import Settings
from bot.persistence.database import DbSession
from bot.scheduler import SchedulerWakeup
from flows.clock import Clock
from flows.workdays import WorkCalendar


@dataclass(frozen=True)
class FlowChat:
    """One chat's side of a turn: where the replies go and what applying the effects needs."""

    chat_id: int
    state: FSMContext
    bot: Bot
    session: DbSession
    i18n: I18nContext
    clock: Clock
    settings: Settings
    calendar: WorkCalendar
    scheduler: SchedulerWakeup


class FlowChatMiddleware(BaseMiddleware):
    """Puts ``flow_chat`` into the handler's data (private chats only, see ``private_only.py``: a message's
    chat, or the user who pressed a button)."""

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        user: User | None = data.get("event_from_user")
        if user is not None:
            data["flow_chat"] = FlowChat(
                chat_id=event.chat.id if isinstance(event, Message) else user.id,
                state=data["state"],
                bot=data["bot"],
                session=data["session"],
                i18n=data["i18n"],
                clock=data["clock"],
                settings=data["settings"],
                calendar=data["calendar"],
                scheduler=data["scheduler"],
            )
        return await handler(event, data)
