"""One error handler for every update: apologise in the user's language, log with the update id, go on.

When the user is in the middle of a flow, the apology is followed by the question the flow waits for
now: a failure after the step advanced (a reply that could not be delivered even after the retries in
bot/sending.py) must not leave the user without the prompt."""

from __future__ import annotations

import logging

from aiogram import Bot, Router
from aiogram.exceptions import TelegramForbiddenError
from aiogram.fsm.context import FSMContext
from aiogram.types import ErrorEvent, User
from aiogram_i18n.cores import FluentRuntimeCore

from bot.i18n import UserLanguageManager
from bot.persistence.errors import StorageError
from bot.persistence.models import User as DbUser
from bot.rendering import render_keyboard, render_text
from flows import engine
from flows.clock import Clock
from flows.registry import get_flow

log = logging.getLogger(__name__)


async def on_error(
    event: ErrorEvent,
    bot: Bot,
    i18n_core: FluentRuntimeCore,
    language_manager: UserLanguageManager,
    clock: Clock,
    db_user: DbUser | None = None,  # absent when the error came before the user was loaded
    state: FSMContext | None = None,  # absent for updates without a chat
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
        key = "storage-unavailable" if _is_storage_failure(event.exception) else "error-generic"
        await bot.send_message(chat_id, i18n_core.get(key, language))
        if state is not None:
            await repeat_question(bot, chat_id, state, i18n_core, language, clock)
    except Exception:  # the apology itself failed (network, blocked): nothing more to do
        log.warning("update %s: could not send the apology", update.update_id, exc_info=True)
    return True


def _is_storage_failure(error: BaseException) -> bool:
    """Writing is impossible (disk full, read-only database): the user's earlier answers are safe."""
    return isinstance(error, StorageError | OSError) and any(
        marker in str(error).lower()
        for marker in ("readonly", "read-only", "read only", "disk is full", "no space", "disk i/o")
    )


async def repeat_question(
    bot: Bot, chat_id: int, state: FSMContext, core: FluentRuntimeCore, language: str, clock: Clock
) -> bool:
    """Send the question the chat's flow waits for now; False when no flow is running."""
    from bot.handlers.flows import load_run  # late: the flows router imports much more

    run = await load_run(state)
    if run is None:
        return False
    now = clock.now()
    for reply in engine.current_prompt(get_flow(run.flow), run, now):
        await bot.send_message(
            chat_id,
            render_text(core, reply, language, now),
            reply_markup=render_keyboard(core, reply, language, run.flow, run.step),
        )
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
