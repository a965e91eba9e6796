"""Turning the engine's abstract replies into Telegram messages (text + inline keyboard)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram_i18n.cores import BaseCore

from bot.callbacks import FlowCallback
from flows.replies import Reply, ReplyOption, label_beijing, resolve_params


def render_text(core: BaseCore[Any], reply: Reply, language: str, now: datetime) -> str:
    params = resolve_params(reply, language, lambda key, values: core.get(key, language, **values), now=now)
    return label_beijing(core.get(reply.key, language, **params), reply, language, now)


def render_keyboard(
    core: BaseCore[Any], reply: Reply, language: str, flow: str, step: str
) -> InlineKeyboardMarkup | None:
    def button(option: ReplyOption) -> InlineKeyboardButton:
        return InlineKeyboardButton(
            text=core.get(option.label, language, **option.label_params),
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
