"""Routers, in the order the dispatcher tries them: see `get_routers`."""
from __future__ import annotations

from aiogram import Router


def get_routers() -> list[Router]:
    from bot.handlers import common, errors, fallback

    return [
        errors.router,  # one error handler for every update
        common.router,  # /start /help /lang /cancel: work in any state
        fallback.router,  # last: menu entries not built yet, messages nobody else took
    ]
