"""What nobody else handled: menu entries whose feature is not there yet, and unknown messages."""
from __future__ import annotations

from aiogram import Router
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext

from bot.callbacks import MenuCallback

router = Router(name="fallback")


@router.callback_query(MenuCallback.filter())
async def feature_not_ready(query: CallbackQuery, i18n: I18nContext) -> None:
    await query.answer(i18n.get("not-ready"), show_alert=True)


@router.callback_query()
async def stale_button(query: CallbackQuery, i18n: I18nContext) -> None:
    await query.answer(i18n.get("button-expired"), show_alert=True)


@router.message()
async def unsupported(message: Message, i18n: I18nContext) -> None:
    await message.answer(i18n.get("unsupported-message"))
