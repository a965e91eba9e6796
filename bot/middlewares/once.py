"""Each Telegram update handled once, even when Telegram delivers it again (bot/persistence/updates.py).

Telegram redelivers a webhook update whose request failed (a replica killed mid-request, a reset
connection, a non-2xx answer, a timeout), possibly to another replica; getUpdates does the same for a
poller that died before confirming. This middleware runs inside the user's lock and the per-update
session (after DatabaseSessionMiddleware, UserMiddleware and the language middleware):

- an update never committed is handled normally; the session's first commit of the handler's changes
  also writes the update's row, in the same transaction, and the row is marked answered when the
  handler returns (in the session's last commit);
- an update already handled and answered is skipped: nothing is written or sent again;
- an update whose changes were committed but whose answer may not have gone out (the process died in
  between) is not handled again: the user gets the question their flow waits for now (or, outside a
  flow, a line saying the message was handled), so nobody is left without a reply.

Only `dispute-bot run` installs it (updates from Telegram); the terminal chat and the handler tests
number their own updates.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.fsm.context import FSMContext
from aiogram.types import TelegramObject, Update
from aiogram_i18n import I18nContext

from bot.handlers.errors import repeat_question
from bot.persistence.database import DbSession
from bot.persistence.updates import processed_status, record_answered, record_on_commit
from flows.clock import Clock

log = logging.getLogger(__name__)

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class UpdateOnceMiddleware(BaseMiddleware):
    def __init__(self, clock: Clock) -> None:
        self.clock = clock

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        session: DbSession | None = data.get("session")
        if not isinstance(event, Update) or session is None:
            return await handler(event, data)
        update_id = event.update_id
        status = await processed_status(session, update_id)
        # End the read at once: the session gives its connection back to the pool while the handler
        # runs (on PostgreSQL an update already holds one for the user's lock; the FSM storage takes
        # its own), so a burst of redelivered updates cannot exhaust the pool.
        await session.commit()
        if status is True:
            log.info("update %s was handled before: delivered again, skipped", update_id)
            return None
        if status is False:
            log.warning("update %s was committed but maybe not answered: answering again", update_id)
            await self._answer_again(event, data)
            await record_answered(session, update_id, self.clock.now())
            return None
        stop = record_on_commit(session, update_id, self.clock.now())
        try:
            result = await handler(event, data)
        finally:
            stop()
        await record_answered(session, update_id, self.clock.now())
        return result

    async def _answer_again(self, update: Update, data: dict[str, Any]) -> None:
        bot: Bot | None = data.get("bot")
        i18n: I18nContext | None = data.get("i18n")
        state: FSMContext | None = data.get("state")
        chat_id = _chat_id(update)
        if bot is None or i18n is None or chat_id is None:
            return
        if update.callback_query is not None:
            with contextlib.suppress(Exception):  # too old to answer: nothing to do
                await update.callback_query.answer()
        asked = False
        if state is not None:
            core = data["i18n_core"]  # the dispatcher's catalogues (bot/app.py)
            asked = await repeat_question(bot, chat_id, state, core, i18n.locale, self.clock)
        if not asked:
            await bot.send_message(chat_id, i18n.get("update-handled-before"))


def _chat_id(update: Update) -> int | None:
    if update.message is not None:
        return update.message.chat.id
    if update.callback_query is not None:
        message = update.callback_query.message
        return message.chat.id if message is not None else update.callback_query.from_user.id
    return None
