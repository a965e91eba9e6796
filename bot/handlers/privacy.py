"""/privacy, /mydata and /forget: what is kept, a copy of it, and erasing it."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram_i18n import I18nContext

from bot.config import Settings
from bot.evidence_files import discard_staged, stored_path
from bot.persistence.database import Database, DbSession
from bot.persistence.privacy import erase_user, user_counts, user_data
from bot.retention import delete_unreferenced_files
from bot.scheduler import SchedulerWakeup
from bot.zip_export import Entry, build_parts

DATA_FILE = "data.json"


class PrivacyCallback(CallbackData, prefix="p"):
    action: str  # forget_yes / forget_no


async def privacy_command(message: Message, i18n: I18nContext, settings: Settings) -> None:
    await message.answer(i18n.get("privacy", days=settings.retention_days))


# -- /mydata -------------------------------------------------------------------------------------------


def export_entries(data: dict[str, Any], settings: Settings) -> tuple[list[Entry], int]:
    """data.json and one entry per evidence row whose file is on disk: (entries, number of files)."""
    entries: list[Entry] = []
    files = 0
    for row in data.get("evidence", []):
        path = stored_path(settings.evidence_dir, row["sha256"], row["mime"])
        if not path.is_file():
            row["file_in_export"] = None
            continue
        name = f"evidence/case-{row['case_id']}/{row['id']}-{row['category']}{path.suffix}"
        row["file_in_export"] = name
        entries.append(Entry(name, path=path))
        files += 1
    return entries, files


async def mydata_command(
    message: Message, bot: Bot, session: DbSession, i18n: I18nContext, settings: Settings
) -> None:
    user_id = message.chat.id
    await message.answer(i18n.get("mydata-preparing"))
    data = await user_data(session, user_id)
    entries, files = export_entries(data, settings)
    limit = settings.max_upload_mb * 1024 * 1024

    def build() -> tuple[list[bytes], list[Entry]]:
        names = {e.name for e in entries}
        too_big = [e for e in entries if e.size + 4096 > limit]
        for entry in too_big:
            for row in data.get("evidence", []):
                if row.get("file_in_export") == entry.name:
                    row["file_in_export"] = None
                    row["too_big"] = True
        document = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True, default=str)
        kept = [e for e in entries if e.name in names and e not in too_big]
        return build_parts([Entry(DATA_FILE, data=document.encode()), *kept], limit, first=[DATA_FILE])

    parts, too_big = await asyncio.to_thread(build)
    for index, part in enumerate(parts, start=1):
        name = f"mydata-{user_id}.zip" if len(parts) == 1 else f"mydata-{user_id}-part{index}.zip"
        await bot.send_document(
            user_id,
            BufferedInputFile(part, filename=name),
            caption=i18n.get("mydata-caption", part=index, parts=len(parts)),
        )
    over = sum(1 for row in data.get("evidence", []) if row.get("too_big")) + len(too_big)
    await message.answer(
        i18n.get("mydata-done", parts=len(parts), cases=len(data.get("cases", [])), files=files - over)
    )
    if over:
        await message.answer(i18n.get("mydata-too-big", count=over))


# -- /forget -------------------------------------------------------------------------------------------


def _confirm_keyboard(i18n: I18nContext) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=i18n.get("forget-btn-yes"), callback_data=PrivacyCallback(action="forget_yes"))
    builder.button(text=i18n.get("forget-btn-no"), callback_data=PrivacyCallback(action="forget_no"))
    builder.adjust(2)
    return builder.as_markup()


async def forget_command(message: Message, session: DbSession, i18n: I18nContext) -> None:
    counts = await user_counts(session, message.chat.id)
    await message.answer(i18n.get("forget-confirm", **counts), reply_markup=_confirm_keyboard(i18n))


async def forget_cancelled(query: CallbackQuery, i18n: I18nContext) -> None:
    await query.answer()
    await query.bot.send_message(query.from_user.id, i18n.get("forget-cancelled"))  # type: ignore[union-attr]


async def forget_confirmed(
    query: CallbackQuery,
    bot: Bot,
    session: DbSession,
    i18n: I18nContext,
    settings: Settings,
    database: Database,
    scheduler: SchedulerWakeup,
) -> None:
    user_id = query.from_user.id
    await query.answer()
    if query.message is not None:  # the confirmation cannot be pressed twice
        await bot.edit_message_reply_markup(
            chat_id=user_id, message_id=query.message.message_id, reply_markup=None
        )
    language = i18n.locale
    erased = await erase_user(session, user_id)
    await scheduler.commit(session)
    files = await delete_unreferenced_files(database, settings.evidence_dir, erased.unreferenced_hashes)
    await discard_staged(settings.evidence_dir, user_id)
    await bot.send_message(
        user_id,
        i18n.core.get(
            "forget-done",
            language,
            cases=erased.count("cases"),
            events=erased.count("case_events"),
            evidence=erased.count("evidence"),
            files=files,
            reminders=erased.count("reminders"),
        ),
    )


def build_router() -> Router:
    router = Router(name="privacy")
    router.message.register(privacy_command, Command("privacy"))
    router.message.register(mydata_command, Command("mydata"))
    router.message.register(forget_command, Command("forget"))
    router.callback_query.register(forget_confirmed, PrivacyCallback.filter(F.action == "forget_yes"))
    router.callback_query.register(forget_cancelled, PrivacyCallback.filter(F.action == "forget_no"))
    return router
