"""Questions: /faq topics, free text outside a flow, and the "did you mean" buttons."""

from __future__ import annotations

import html

from aiogram import Bot, F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram_i18n import I18nContext

from bot.callbacks import FaqCallback, MenuCallback, MissCallback
from bot.config import Settings
from bot.faq_service import FaqService
from bot.persistence.database import DbSession
from bot.persistence.faq_misses import delete_misses_with_text, frequent_misses_with_ids, miss_text
from faq.overlay import add_ignored, add_paraphrase


async def faq_command(message: Message, faq: FaqService, i18n: I18nContext) -> None:
    await message.answer(i18n.get("faq-topics-title"), reply_markup=faq.topics_keyboard(i18n.locale))


async def faq_from_menu(query: CallbackQuery, bot: Bot, faq: FaqService, i18n: I18nContext) -> None:
    await query.answer()
    await bot.send_message(
        query.from_user.id,
        i18n.get("faq-topics-title"),
        reply_markup=faq.topics_keyboard(i18n.locale),
    )


async def faq_button(
    query: CallbackQuery,
    callback_data: FaqCallback,
    bot: Bot,
    faq: FaqService,
    i18n: I18nContext,
    session: DbSession,
    state: FSMContext,
) -> None:
    await query.answer()
    if callback_data.kind == "t":
        await bot.send_message(
            query.from_user.id,
            i18n.get("faq-topic-questions"),
            reply_markup=faq.topic_keyboard(callback_data.id, i18n.locale),
        )
        return
    entry = faq.knowledge.get(callback_data.id)
    if entry is None:
        await bot.send_message(query.from_user.id, i18n.get("button-expired"))
        return
    lang = await faq.picked(session, state, callback_data.token)  # the question's language
    await bot.send_message(query.from_user.id, faq.answer_text(entry, lang or i18n.locale, i18n))


async def free_text(
    message: Message, faq: FaqService, i18n: I18nContext, session: DbSession, state: FSMContext
) -> None:
    await faq.respond(message, message.text or "", i18n, session, state)


# How many misses /misses shows (one message each, with its buttons).
MISSES_SHOWN = 8
# Button labels: the entry's question cut to this many characters.
MISS_LABEL = 30


def _is_operator(user_id: int | None, settings: Settings) -> bool:
    return user_id is not None and user_id in settings.admin_ids


async def misses_command(
    message: Message, faq: FaqService, i18n: I18nContext, session: DbSession, settings: Settings
) -> None:
    """Operators (ADMIN_IDS): the most frequent misses, each with "add as a paraphrase of …" for the
    best three candidate entries and "ignore"."""
    user_id = message.from_user.id if message.from_user else None
    if not _is_operator(user_id, settings):
        await message.answer(i18n.get("faq-misses-not-admin"))
        return
    ignored = set(faq.overlay().ignored)
    rows = [r for r in await frequent_misses_with_ids(session, MISSES_SHOWN * 3) if r[1] not in ignored]
    rows = rows[:MISSES_SHOWN]
    if not rows:
        await message.answer(i18n.get("faq-misses-empty"))
        return
    await message.answer(i18n.get("faq-misses-title", count=str(len(rows))))
    lang = i18n.locale
    for miss_id, query, q_lang, times in rows:
        builder = InlineKeyboardBuilder()
        for entry, _score in faq.matcher.rank(query, 3):
            question = entry.question_in(lang)
            label = question if len(question) <= MISS_LABEL else question[: MISS_LABEL - 1] + "…"
            builder.button(
                text=i18n.get("faq-misses-btn-add", question=label),
                callback_data=MissCallback(action="a", miss=miss_id, id=entry.id),
            )
        builder.button(
            text=i18n.get("faq-misses-btn-ignore"), callback_data=MissCallback(action="i", miss=miss_id)
        )
        builder.adjust(1)
        text = i18n.get("faq-misses-item", query=html.escape(query), times=str(times), lang=q_lang)
        await message.answer(text, reply_markup=builder.as_markup())


async def miss_button(
    query: CallbackQuery,
    bot: Bot,
    callback_data: MissCallback,
    faq: FaqService,
    i18n: I18nContext,
    session: DbSession,
    settings: Settings,
) -> None:
    await query.answer()
    if not _is_operator(query.from_user.id, settings) or faq.overlay_path is None:
        await bot.send_message(query.from_user.id, i18n.get("faq-misses-not-admin"))
        return
    found = await miss_text(session, callback_data.miss)
    entry = faq.knowledge.get(callback_data.id) if callback_data.action == "a" else None
    if found is None or (callback_data.action == "a" and entry is None):
        await bot.send_message(query.from_user.id, i18n.get("button-expired"))
        return
    text, lang = found
    if entry is not None:
        add_paraphrase(faq.overlay_path, entry.id, lang, text)
        reply = i18n.get("faq-misses-added", query=html.escape(text), question=entry.question_in(i18n.locale))
    else:
        add_ignored(faq.overlay_path, text)
        reply = i18n.get("faq-misses-ignored", query=html.escape(text))
    await delete_misses_with_text(session, text)
    await session.commit()
    faq.reload_if_changed()
    await bot.send_message(query.from_user.id, reply)


def build_router() -> Router:
    router = Router(name="faq")
    router.message.register(faq_command, Command("faq"))
    router.message.register(misses_command, Command("misses"))
    router.callback_query.register(miss_button, MissCallback.filter())
    router.callback_query.register(faq_from_menu, MenuCallback.filter(F.action == "faq"))
    router.callback_query.register(faq_button, FaqCallback.filter())
    # Only text that no flow is waiting for, and not a command we don't know.
    router.message.register(free_text, StateFilter(None), F.text, ~F.text.startswith("/"))
    return router
