"""Evidence that comes back out: /export (and the case card's button) sends a case's pack — ZIP of the
originals, PDF 证据清单, text to paste — and the card's list button shows the items, sends one back,
and lets the user change its category, edit its caption or delete it."""

from __future__ import annotations

import asyncio
import contextlib
import html
import logging
import secrets
from datetime import datetime
from pathlib import Path

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import BufferedInputFile, CallbackQuery, FSInputFile, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram_i18n import I18nContext
from aiogram_i18n.cores import FluentRuntimeCore

from bot.callbacks import EvidenceItemCallback as ItemCallback
from bot.callbacks import EvidenceListCallback as ListCallback
from bot.callbacks import ExportCallback
from bot.config import Settings
from bot.effects import case_title
from bot.evidence_export import (
    LOCAL_UPLOAD_BYTES,
    PUBLIC_UPLOAD_BYTES,
    CaseSheet,
    PackItem,
    build_pdf,
    find_cjk_font,
    order_items,
    paste_text,
    split_parts,
    write_zip,
)
from bot.evidence_files import EXPORTS, stored_path
from bot.permissions import private_dir
from bot.persistence.cases import case_events, user_case, user_cases
from bot.persistence.database import DbSession
from bot.persistence.evidence import case_evidence, delete_evidence, user_evidence
from bot.persistence.models import Case, CaseEvent, Evidence
from flows.cases import demand_label, event_label, outcome_label, problem_label, service_label
from flows.dates import format_when
from flows.evidence import CATEGORIES, category_label

log = logging.getLogger(__name__)

EDIT_KEY = "evidence_caption_edit"
MAX_LISTED = 40
MAX_CAPTION = 200


# -- export ------------------------------------------------------------------------------------------------

_exporting: set[int] = set()


async def export_command(
    message: Message,
    session: DbSession,
    i18n: I18nContext,
    settings: Settings,
    i18n_core: FluentRuntimeCore,
) -> None:
    user_id = message.chat.id
    cases = await user_cases(session, user_id)
    if not cases:
        await message.answer(i18n.get("export-no-case"))
        return
    if len(cases) == 1:
        await export_case(cases[0], user_id, message.bot, session, i18n, settings, i18n_core)  # type: ignore[arg-type]
        return
    builder = InlineKeyboardBuilder()
    for case in cases[:MAX_LISTED]:
        builder.button(text=case_title(case, i18n), callback_data=ExportCallback(case=case.id))
    builder.adjust(1)
    await message.answer(i18n.get("export-choose-case"), reply_markup=builder.as_markup())


async def export_chosen(
    query: CallbackQuery,
    callback_data: ExportCallback,
    session: DbSession,
    i18n: I18nContext,
    settings: Settings,
    i18n_core: FluentRuntimeCore,
) -> None:
    case = await _pressed_case(query, session, i18n, callback_data.case)
    if case is None:
        return
    await export_case(case, query.from_user.id, query.bot, session, i18n, settings, i18n_core)  # type: ignore[arg-type]


async def export_case(
    case: Case,
    chat_id: int,
    bot: Bot,
    session: DbSession,
    i18n: I18nContext,
    settings: Settings,
    i18n_core: FluentRuntimeCore,
) -> None:
    """Build the pack off the event loop and send it: ZIP part(s), the PDF (or why not), the text."""
    rows = await case_evidence(session, case.id)
    if not rows:
        await bot.send_message(chat_id, i18n.get("export-empty"))
        return
    if chat_id in _exporting:
        await bot.send_message(chat_id, i18n.get("export-busy"))
        return
    _exporting.add(chat_id)
    try:
        await bot.send_message(
            chat_id, i18n.get("export-working", title=case_title(case, i18n), count=len(rows))
        )
        events = await case_events(session, case.id)
        pack = await asyncio.to_thread(
            build_pack, case, rows, events_of(events, i18n_core), settings, i18n_core
        )
        try:
            for index, path in enumerate(pack.zips, 1):
                caption = (
                    i18n.get("export-zip-caption")
                    if len(pack.zips) == 1
                    else i18n.get("export-zip-part-caption", part=index, parts=len(pack.zips))
                )
                await bot.send_document(chat_id, FSInputFile(path, filename=path.name), caption=caption)
        finally:
            await asyncio.to_thread(_remove, pack.zips)
        if pack.pdf is not None:
            await bot.send_document(
                chat_id,
                BufferedInputFile(pack.pdf, filename=pack.pdf_name),
                caption=i18n.get("export-pdf-caption-msg"),
            )
        else:
            await bot.send_message(chat_id, i18n.get("export-pdf-no-font"))
        await bot.send_message(
            chat_id, i18n.get("export-paste-intro", chars=len(pack.paste), limit=settings.paste_text_chars)
        )
        await bot.send_message(chat_id, html.escape(pack.paste))
        await bot.send_message(chat_id, i18n.get("export-done"))
    finally:
        _exporting.discard(chat_id)


class Pack:
    def __init__(self, zips: list[Path], pdf: bytes | None, pdf_name: str, paste: str) -> None:
        self.zips, self.pdf, self.pdf_name, self.paste = zips, pdf, pdf_name, paste


def events_of(events: list[CaseEvent], core: FluentRuntimeCore) -> list[tuple[datetime, str, bool]]:
    timeline = []
    for event in events:
        if event.kind == "evidence_added":  # the pack itself shows the evidence
            continue
        label = core.get(event_label(event.kind, event.details), "zh")
        if event.details.get("outcome"):
            label += "（" + core.get(outcome_label(event.details["outcome"]), "zh") + "）"
        timeline.append((event.at, label, not event.details.get("date_only")))
    return timeline


def case_sheet(case: Case, timeline: list[tuple[datetime, str, bool]], core: FluentRuntimeCore) -> CaseSheet:
    def zh(key: str, **params: object) -> str:
        return core.get(key, "zh", **params)

    return CaseSheet(
        case_id=case.id,
        title=html.unescape(case_title(case, zh)),  # the pack is plain text, not Telegram HTML
        order_no=case.order_no,
        problem=zh(problem_label(case.problem)) if case.problem else zh("export-none"),
        service=zh(service_label(case.service_type)) if case.service_type else None,
        demand=zh(demand_label(case.demand)) if case.demand else None,
        timeline=timeline,
    )


def build_pack(
    case: Case,
    rows: list[Evidence],
    timeline: list[tuple[datetime, str, bool]],
    settings: Settings,
    core: FluentRuntimeCore,
    *,
    part_limit: int | None = None,
) -> Pack:
    """Synchronous: run it in a worker thread."""

    def zh(key: str, **params: object) -> str:
        return core.get(key, "zh", **params)

    names = {category: zh(f"export-cat-{category}") for category in CATEGORIES}
    items = pack_items(rows, settings.evidence_dir)
    sheet = case_sheet(case, timeline, core)
    paste = paste_text(items, sheet, names, zh, settings.paste_text_chars)
    readme = zh("export-readme", title=sheet.title, paste=paste)
    limit = part_limit or (PUBLIC_UPLOAD_BYTES if settings.uses_public_api else LOCAL_UPLOAD_BYTES)
    parts = split_parts(items, limit)
    out_dir = private_dir(settings.evidence_dir / EXPORTS / secrets.token_hex(8))
    base = zh("export-zip-name", case=str(case.id))
    zips = []
    for index, part in enumerate(parts, 1):
        name = f"{base}.zip" if len(parts) == 1 else f"{base}-{index}.zip"
        path = out_dir / name
        write_zip(path, part, items, sheet, names, readme, zh)
        zips.append(path)
    font = find_cjk_font()
    pdf = None
    if font is not None:
        created = max(row.created_at for row in rows)
        pdf = build_pdf(items, sheet, names, zh, font, created)
    else:
        log.warning("no CJK font found: the PDF evidence list is not made")
    return Pack(zips, pdf, zh("export-pdf-name", case=str(case.id)) + ".pdf", paste)


def pack_items(rows: list[Evidence], evidence_dir: Path) -> list[PackItem]:
    return order_items(
        (
            row.category,
            row.original_name,
            row.caption,
            row.mime,
            row.size,
            row.sha256,
            row.created_at,
            stored_path(evidence_dir, row.sha256, row.mime),
        )
        for row in rows
    )


def _remove(paths: list[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            path.parent.rmdir()


# -- list, resend, fix ---------------------------------------------------------------------------------------


async def send_item_list(case: Case, chat_id: int, bot: Bot, session: DbSession, i18n: I18nContext) -> bool:
    """The case's items by category, one button each. False when the case has none."""
    rows = await case_evidence(session, case.id)
    if not rows:
        return False
    lines = [i18n.get("evidence-list-title", title=case_title(case, i18n), count=len(rows))]
    builder = InlineKeyboardBuilder()
    ordered = sorted(
        rows,
        key=lambda r: (CATEGORIES.index(r.category) if r.category in CATEGORIES else 99, r.created_at, r.id),
    )
    current = None
    for number, row in enumerate(ordered[:MAX_LISTED], 1):
        if row.category != current:
            current = row.category
            lines.append(f"\n<b>{i18n.get(category_label(row.category))}</b>")
        lines.append(i18n.get("evidence-list-line", n=number, item=_describe(row, i18n)))
        builder.button(
            text=f"{number}. {_short_name(row, i18n)}", callback_data=ItemCallback(item=row.id, action="show")
        )
    if len(rows) > MAX_LISTED:
        lines.append(i18n.get("evidence-list-more", count=len(rows) - MAX_LISTED))
    builder.adjust(2)
    await bot.send_message(chat_id, "\n".join(lines), reply_markup=builder.as_markup())
    return True


def _short_name(row: Evidence, i18n: I18nContext) -> str:
    name = row.original_name or i18n.get("evidence-photo")
    return name if len(name) <= 24 else name[:23] + "…"


def _describe(row: Evidence, i18n: I18nContext) -> str:
    return i18n.get(
        "evidence-item",
        name=html.escape(row.original_name or i18n.get("evidence-photo")),
        size=_size(row.size, i18n),
        when=format_when(row.created_at, i18n.locale),
        caption=html.escape(row.caption or ""),
        has_caption="yes" if row.caption else "no",
    )


def _size(size: int, i18n: I18nContext) -> str:
    if size >= 1024 * 1024:
        return i18n.get("evidence-size-mb", mb=f"{size / 1024 / 1024:.1f}")
    return i18n.get("evidence-size-kb", kb=str(max(1, round(size / 1024))))


def _item_keyboard(row: Evidence, i18n: I18nContext) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for action in ("cat", "caption", "delete"):
        builder.button(
            text=i18n.get(f"evidence-btn-{action}"), callback_data=ItemCallback(item=row.id, action=action)
        )
    builder.button(text=i18n.get("evidence-btn-list"), callback_data=ListCallback(case=row.case_id))
    builder.adjust(3, 1)
    return builder.as_markup()


async def _pressed_case(
    query: CallbackQuery, session: DbSession, i18n: I18nContext, case_id: int
) -> Case | None:
    """The presser's own case named by a button, the press answered; None (told so) when it is gone."""
    case = await user_case(session, query.from_user.id, case_id)
    if case is None:
        await query.answer(i18n.get("case-not-found"), show_alert=True)
        return None
    await query.answer()
    return case


async def list_button(
    query: CallbackQuery, callback_data: ListCallback, session: DbSession, i18n: I18nContext
) -> None:
    case = await _pressed_case(query, session, i18n, callback_data.case)
    if case is None:
        return
    if not await send_item_list(case, query.from_user.id, query.bot, session, i18n):  # type: ignore[arg-type]
        await query.bot.send_message(query.from_user.id, i18n.get("export-empty"))  # type: ignore[union-attr]


async def item_button(
    query: CallbackQuery,
    callback_data: ItemCallback,
    session: DbSession,
    i18n: I18nContext,
    state: FSMContext,
    settings: Settings,
) -> None:
    user_id = query.from_user.id
    row = await user_evidence(session, user_id, callback_data.item)
    if row is None:
        await query.answer(i18n.get("evidence-gone"), show_alert=True)
        return
    await query.answer()
    bot: Bot = query.bot  # type: ignore[assignment]
    action = callback_data.action
    if action == "show":
        await send_back(row, user_id, bot, i18n, settings)
    elif action == "cat":
        builder = InlineKeyboardBuilder()
        for category in CATEGORIES:
            builder.button(
                text=("✓ " if category == row.category else "") + i18n.get(category_label(category)),
                callback_data=ItemCallback(item=row.id, action="set", value=category),
            )
        builder.adjust(2)
        await bot.send_message(user_id, i18n.get("evidence-ask-category"), reply_markup=builder.as_markup())
    elif action == "set" and callback_data.value in CATEGORIES:
        row.category = callback_data.value
        await session.commit()
        await bot.send_message(
            user_id, i18n.get("evidence-category-set", category=i18n.get(category_label(row.category)))
        )
    elif action == "caption":
        await state.update_data({EDIT_KEY: row.id})
        await bot.send_message(user_id, i18n.get("evidence-ask-caption", max=MAX_CAPTION))
    elif action == "delete":
        builder = InlineKeyboardBuilder()
        builder.button(
            text=i18n.get("evidence-btn-confirm-delete"),
            callback_data=ItemCallback(item=row.id, action="confirm"),
        )
        builder.button(
            text=i18n.get("evidence-btn-keep"), callback_data=ItemCallback(item=row.id, action="keep")
        )
        await bot.send_message(
            user_id,
            i18n.get("evidence-confirm-delete", item=_describe(row, i18n)),
            reply_markup=builder.as_markup(),
        )
    elif action == "confirm":
        sha256, mime = row.sha256, row.mime
        still_used = await delete_evidence(session, row)
        await session.commit()
        if not still_used:
            path = stored_path(settings.evidence_dir, sha256, mime)
            await asyncio.to_thread(path.unlink, missing_ok=True)
        await bot.send_message(user_id, i18n.get("evidence-deleted"))
    elif action == "keep":
        await bot.send_message(user_id, i18n.get("evidence-kept"))
    else:
        await bot.send_message(user_id, i18n.get("button-expired"))


async def send_back(row: Evidence, chat_id: int, bot: Bot, i18n: I18nContext, settings: Settings) -> None:
    """By Telegram file id first (no upload); from disk when Telegram no longer knows the id."""
    caption = _describe(row, i18n)
    markup = _item_keyboard(row, i18n)
    is_photo = row.mime.startswith("image/") and not row.original_name
    if row.telegram_file_id:
        try:
            if is_photo:
                await bot.send_photo(chat_id, row.telegram_file_id, caption=caption, reply_markup=markup)
            else:
                await bot.send_document(chat_id, row.telegram_file_id, caption=caption, reply_markup=markup)
            return
        except TelegramBadRequest:
            log.info("evidence %s: Telegram no longer has the file id; sending from disk", row.id)
    path = stored_path(settings.evidence_dir, row.sha256, row.mime)
    if not path.exists():
        await bot.send_message(chat_id, i18n.get("evidence-file-missing"), reply_markup=markup)
        return
    name = row.original_name or path.name
    await bot.send_document(chat_id, FSInputFile(path, filename=name), caption=caption, reply_markup=markup)


async def _editing_caption(message: Message, state: FSMContext) -> bool:
    return bool((await state.get_data()).get(EDIT_KEY))


async def caption_text(message: Message, state: FSMContext, session: DbSession, i18n: I18nContext) -> None:
    data = await state.get_data()
    item_id = data.pop(EDIT_KEY, None)
    await state.set_data(data)
    row = await user_evidence(session, message.chat.id, int(item_id)) if item_id else None
    if row is None:
        await message.answer(i18n.get("evidence-gone"))
        return
    text = (message.text or "").strip()
    if len(text) > MAX_CAPTION:
        await state.update_data({EDIT_KEY: row.id})
        await message.answer(i18n.get("evidence-caption-too-long", max=MAX_CAPTION))
        return
    row.caption = text or None
    await session.commit()
    await message.answer(i18n.get("evidence-caption-set", caption=html.escape(text) or "—"))


def build_router() -> Router:
    router = Router(name="evidence")
    router.message.register(export_command, Command("export"))
    router.callback_query.register(export_chosen, ExportCallback.filter())
    router.callback_query.register(item_button, ItemCallback.filter())
    router.callback_query.register(list_button, ListCallback.filter())
    router.message.register(caption_text, F.text, ~F.text.startswith("/"), _editing_caption)
    return router
