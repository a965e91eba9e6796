"""Inline keyboards built from catalogue keys."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram_i18n import I18nContext

from bot.callbacks import LanguageCallback, MenuCallback
from bot.commands import MENU_ACTIONS


def main_menu(i18n: I18nContext) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for action in MENU_ACTIONS:
        builder.button(text=i18n.get(f"menu-{action}"), callback_data=MenuCallback(action=action))
    builder.adjust(2)
    return builder.as_markup()


def language_choice() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text="中文", callback_data=LanguageCallback(language="zh"))
    builder.button(text="English", callback_data=LanguageCallback(language="en"))
    return builder.as_markup()
