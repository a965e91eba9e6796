"""What nobody else handled: buttons no handler knows (an old or forged menu entry too), files outside a
flow, and unknown messages."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext


async def stale_button(query: CallbackQuery, i18n: I18nContext) -> None:
    await query.answer(i18n.get("button-expired"), show_alert=True)


async def file_outside_flow(message: Message, i18n: I18nContext) -> None:
    await message.answer(i18n.get("file-outside-flow"))


async def unknown_command(message: Message, i18n: I18nContext) -> None:
    command = (message.text or "").split(maxsplit=1)[0][:40]
    await message.answer(i18n.get("unknown-command", command=command))


async def unsupported(message: Message, i18n: I18nContext) -> None:
    await message.answer(i18n.get("unsupported-message"))


def build_router() -> Router:
    router = Router(name="fallback")
    router.callback_query.register(stale_button)
    router.message.register(file_outside_flow, F.photo | F.document)
    router.message.register(unknown_command, F.text.startswith("/"))
    router.message.register(unsupported)
    return router
