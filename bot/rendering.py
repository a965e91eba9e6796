"""Turning the engine's abstract replies into Telegram messages (text + inline keyboard)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram_i18n.cores import BaseCore

from bot.callbacks import FlowCallback
from flows.clock import BEIJING
from flows.dates import format_date, format_when, is_day_only
from flows.replies import Reply, ReplyOption, label_beijing, label_params, resolve_params


def render_text(core: BaseCore[Any], reply: Reply, language: str, now: datetime) -> str:
    params = resolve_params(reply, language, lambda key, lang, values: core.get(key, lang, **values), now=now)
    return label_beijing(core.get(reply.key, language, **params), reply, language, now)


def deadline_text(
    get: Callable[..., str], moment: datetime, language: str, now: datetime, *, seller: bool = False
) -> str:
    """A deadline still ahead, as :func:`flows.replies.deadline_ref` words it: to the minute, or — counted
    from a date without an hour (Beijing midnight) — "12月5日当天截止（…建议前一天完成）", never "00:00"."""
    if not is_day_only(moment):
        return get("deadline-at", when=format_when(moment, language, now=now))
    return get(
        "deadline-day-seller" if seller else "deadline-day",
        day=format_date(moment.astimezone(BEIJING).date(), language),
    )


def moment_text(moment: datetime, language: str, now: datetime) -> str:
    """A moment already past (a deadline that ended): without a fake "00:00" when it is a whole day."""
    if is_day_only(moment):
        return format_date(moment.astimezone(BEIJING).date(), language)
    return format_when(moment, language, now=now)


def option_label(core: BaseCore[Any], option: ReplyOption, language: str) -> str:
    """A button's label in ``language`` (case titles inside it rendered now, not when the run began)."""
    params = label_params(option, language, lambda key, lang, values: core.get(key, lang, **values))
    return core.get(option.label, language, **params)


def render_keyboard(
    core: BaseCore[Any], reply: Reply, language: str, flow: str, step: str
) -> InlineKeyboardMarkup | None:
    def button(option: ReplyOption) -> InlineKeyboardButton:
        return InlineKeyboardButton(
            text=option_label(core, option, language),
            callback_data=FlowCallback(flow=flow, step=step, option=option.id).pack(),
        )

    # Content options two to a row when their labels are short, else one per row; navigation last.
    rows: list[list[InlineKeyboardButton]] = []
    content = [button(option) for option in reply.options]
    short = all(len(b.text) <= 8 for b in content)
    width = 2 if short else 1
    rows.extend(content[i : i + width] for i in range(0, len(content), width))
    if reply.nav:
        rows.append([button(option) for option in reply.nav])
    return InlineKeyboardMarkup(inline_keyboard=rows) if rows else None
