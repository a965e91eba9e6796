"""One error handler for every update: apologise in the user's language, log with the update id, go on."""

from __future__ import annotations

import logging

from aiogram import Bot, Router
from aiogram.exceptions import TelegramForbiddenError
from aiogram.types import ErrorEvent, User
from aiogram_i18n.cores import FluentRuntimeCore

from bot.i18n import UserLanguageManager
from bot.persistence.models import User as DbUser

log = logging.getLogger(__name__)


async def on_error(
    event: ErrorEvent,
    bot: Bot,
    i18n_core: FluentRuntimeCore,
    language_manager: UserLanguageManager,
    db_user: DbUser | None = None,  # absent when the error came before the user was loaded
) -> bool:
    update = event.update
    if isinstance(event.exception, TelegramForbiddenError):
        log.info("update %s: the user has blocked the bot", update.update_id)
        return True
    log.error("update %s failed: %r", update.update_id, event.exception, exc_info=event.exception)
    chat_id, user = _chat_and_user(event)
    if chat_id is None:
        return True
    language = await language_manager.get_locale(event_from_user=user, db_user=db_user)
    try:
        if update.callback_query is not None:
            await update.callback_query.answer()
        await bot.send_message(chat_id, i18n_core.get("error-generic", language))
    except Exception:  # the apology itself failed (network, blocked): nothing more to do
        log.warning("update %s: could not send the apology", update.update_id, exc_info=True)
    return True


def _chat_and_user(event: ErrorEvent) -> tuple[int | None, User | None]:
    update = event.update
    if update.message is not None:
        return update.message.chat.id, update.message.from_user
    if update.callback_query is not None:
        message = update.callback_query.message
        chat_id = message.chat.id if message is not None else update.callback_query.from_user.id
        return chat_id, update.callback_query.from_user
    return None, None


def build_router() -> Router:
    router = Router(name="errors")
    router.errors.register(on_error)
    return router
