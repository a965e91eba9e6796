"""Languages and catalogues.

We use aiogram-i18n with its Fluent runtime core: catalogues are plain `.ftl` text files with named
variables (`{ $deadline }`), loaded as they are — no compile step to `.mo` files that an install could
forget — and one folder per language, one file per part of the bot.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from aiogram.types import User as TelegramUser
from aiogram_i18n.cores import FluentRuntimeCore
from aiogram_i18n.managers import BaseManager

LOCALES_DIR = Path(__file__).parent / "locales"
LANGUAGES = ("zh", "en")


def language_from_telegram(language_code: str | None, default: str) -> str:
    """Telegram's `language_code` decides until the user picks one: zh… → zh, anything else → en."""
    if not language_code:
        return default
    return "zh" if language_code.lower().startswith("zh") else "en"


def make_core(default_language: str) -> FluentRuntimeCore:
    # use_td=False: Telegram formatting comes from HTML in the catalogue, not from aiogram's helpers.
    return FluentRuntimeCore(
        path=LOCALES_DIR / "{locale}", default_locale=default_language, use_isolating=False, use_td=False
    )


class UserLanguageManager(BaseManager):
    """The user's stored choice (/lang) wins; otherwise Telegram's language; otherwise the default."""

    async def get_locale(self, event_from_user: TelegramUser | None = None, db_user: Any = None) -> str:
        if db_user is not None and db_user.language in LANGUAGES:
            return db_user.language
        code = event_from_user.language_code if event_from_user else None
        return language_from_telegram(code, self.default_locale or "zh")

    async def set_locale(self, locale: str, db_user: Any = None) -> None:
        # The user row lives in the update's session, committed by the database middleware.
        if db_user is not None:
            db_user.language = locale
