"""Questions: /faq topics, free text outside a flow, and the "did you mean" buttons."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import MenuCallback
from bot.faq_service import FaqCallback, FaqService


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
    session: AsyncSession,
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
    message: Message, faq: FaqService, i18n: I18nContext, session: AsyncSession, state: FSMContext
) -> None:
    await faq.respond(message, message.text or "", i18n, session, state)


def build_router() -> Router:
    router = Router(name="faq")
    router.message.register(faq_command, Command("faq"))
    router.callback_query.register(faq_from_menu, MenuCallback.filter(F.action == "faq"))
    router.callback_query.register(faq_button, FaqCallback.filter())
    # Only text that no flow is waiting for, and not a command we don't know.
    router.message.register(free_text, StateFilter(None), F.text, ~F.text.startswith("/"))
    return router
