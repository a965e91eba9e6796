"""/start, /help, /lang and /cancel: available everywhere, in any state."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext

from bot.callbacks import LanguageCallback, MenuCallback
from bot.config import Settings
from bot.evidence_files import discard_staged
from bot.keyboards import language_choice, main_menu


async def start(message: Message, i18n: I18nContext, state: FSMContext) -> None:
    await message.answer(i18n.get("welcome"))
    if await state.get_state() is not None:
        # A flow is still open: it keeps waiting for its answer unless the user leaves it.
        await message.answer(i18n.get("flow-still-open"))
    await message.answer(i18n.get("menu-title"), reply_markup=main_menu(i18n))


async def group_chat(message: Message, i18n: I18nContext) -> None:
    await message.answer(i18n.get("private-only"))


async def menu_from_button(query: CallbackQuery, i18n: I18nContext) -> None:
    await query.answer()
    if query.message is not None:
        await query.message.answer(i18n.get("menu-title"), reply_markup=main_menu(i18n))


async def help_command(message: Message, i18n: I18nContext) -> None:
    await message.answer(i18n.get("help"))


#: What may follow /lang to switch at once ("/lang en", "/lang 中文"); anything else shows the choice.
LANGUAGE_ARGS = {
    **dict.fromkeys(("zh", "cn", "中文", "chinese"), "zh"),
    **dict.fromkeys(("en", "english", "英文"), "en"),
}


async def lang_command(message: Message, command: CommandObject, i18n: I18nContext) -> None:
    language = LANGUAGE_ARGS.get((command.args or "").strip().lower())
    if language is None:
        await message.answer(i18n.get("lang-choose"), reply_markup=language_choice())
        return
    await i18n.set_locale(language)
    await message.answer(i18n.get("lang-set"))
    await message.answer(i18n.get("menu-title"), reply_markup=main_menu(i18n))


async def lang_from_menu(query: CallbackQuery, i18n: I18nContext) -> None:
    # The menu button offers the other language directly.
    await _switch_language(query, i18n, "en" if i18n.locale == "zh" else "zh")


async def lang_chosen(query: CallbackQuery, callback_data: LanguageCallback, i18n: I18nContext) -> None:
    await _switch_language(query, i18n, callback_data.language)


async def _switch_language(query: CallbackQuery, i18n: I18nContext, language: str) -> None:
    if language not in ("zh", "en"):  # a forged button: say so rather than nothing
        await query.answer(i18n.get("button-expired"), show_alert=True)
        return
    await i18n.set_locale(language)
    await query.answer()
    if query.message is not None:
        await query.message.answer(i18n.get("lang-set"))
        await query.message.answer(i18n.get("menu-title"), reply_markup=main_menu(i18n))


async def cancel(message: Message, state: FSMContext, i18n: I18nContext, settings: Settings) -> None:
    if await state.get_state() is None:
        await message.answer(i18n.get("cancel-nothing"))
        return
    await state.clear()
    # Files waiting for a case or a category are dropped with the run: nothing stays without a row.
    removed = await discard_staged(settings.evidence_dir, message.chat.id)
    await message.answer(i18n.get("cancel-done"))
    if removed:
        await message.answer(i18n.get("evidence-pending-deleted", count=removed))


async def _ignore(message: Message) -> None:
    """Ordinary group chatter is not for us."""


def build_router() -> Router:
    router = Router(name="common")
    # Cases, evidence and reminders are personal: the bot works in private chats only.
    router.message.register(group_chat, F.chat.type != "private", F.text.startswith("/"))
    router.message.register(_ignore, F.chat.type != "private")
    router.message.register(start, CommandStart())
    router.message.register(help_command, Command("help"))
    router.message.register(lang_command, Command("lang"))
    router.message.register(cancel, Command("cancel"))
    router.callback_query.register(menu_from_button, MenuCallback.filter(F.action == "menu"))
    router.callback_query.register(lang_from_menu, MenuCallback.filter(F.action == "language"))
    router.callback_query.register(lang_chosen, LanguageCallback.filter())
    return router
