"""Routers, in the order the dispatcher tries them: see `get_routers`."""
from __future__ import annotations

from aiogram import Router


def get_routers() -> list[Router]:
    """Fresh routers on every call, so several bots (tests, the terminal chat) can be assembled."""
    from bot.handlers import common, errors, fallback

    return [
        errors.build_router(),  # one error handler for every update
        common.build_router(),  # /start /help /lang /cancel: work in any state
        fallback.build_router(),  # last: menu entries not built yet, messages nobody else took
    ]
