"""/cases: the user's cases, a card per case with its timeline and evidence, and buttons to record
what happened. A user sees and changes only their own cases."""

from __future__ import annotations

from datetime import datetime

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.callbacks import MenuCallback, RowId
from bot.case_actions import ACTIONS
from bot.config import Settings
from bot.effects import case_title
from bot.handlers.flows import FlowChat, start_flow
from bot.persistence.cases import (
    case_events,
    case_facts,
    evidence_by_category,
    load_record,
    refresh_reminders,
    save_record,
    user_case,
    user_cases,
)
from bot.persistence.models import Case
from bot.scheduler import SchedulerWakeup
from flows import lifecycle
from flows.cases import (
    RULING_OUTCOMES,
    deadline_label,
    event_label,
    next_deadline,
    outcome_label,
    status_label,
)
from flows.clock import Clock
from flows.dates import format_date, format_when
from flows.deadlines import ExpectedWindow, appeal_result_expected, ruling_expected
from flows.defs.common import rule_params
from flows.evidence import category_label, coverage
from flows.workdays import WorkCalendar

MAX_LISTED = 20


class CaseCallback(CallbackData, prefix="c"):
    case: RowId
    action: str  # open / ruling / seller / evidence / an ACTIONS key


async def cases_command(
    message: Message,
    bot: Bot,
    session: AsyncSession,
    i18n: I18nContext,
    clock: Clock,
    calendar: WorkCalendar,
) -> None:
    await _send_list(message.chat.id, bot, session, i18n, clock, calendar)


async def cases_from_menu(
    query: CallbackQuery,
    bot: Bot,
    session: AsyncSession,
    i18n: I18nContext,
    clock: Clock,
    calendar: WorkCalendar,
) -> None:
    await query.answer()
    await _send_list(query.from_user.id, bot, session, i18n, clock, calendar)


async def _send_list(
    chat_id: int, bot: Bot, session: AsyncSession, i18n: I18nContext, clock: Clock, calendar: WorkCalendar
) -> None:
    cases = await user_cases(session, chat_id)
    if not cases:
        builder = InlineKeyboardBuilder()
        builder.button(text=i18n.get("menu-apply"), callback_data=MenuCallback(action="apply"))
        builder.button(text=i18n.get("menu-negotiate"), callback_data=MenuCallback(action="negotiate"))
        await bot.send_message(chat_id, i18n.get("cases-none"), reply_markup=builder.as_markup())
        return
    now = clock.now()
    lines, builder = [i18n.get("cases-title")], InlineKeyboardBuilder()
    for case in cases[:MAX_LISTED]:
        lines.append(
            i18n.get(
                "cases-line",
                title=case_title(case, i18n),
                status=i18n.get(status_label(case.status)),
                deadline=_deadline_text(case, i18n, now, calendar),
            )
        )
        builder.button(text=case_title(case, i18n), callback_data=CaseCallback(case=case.id, action="open"))
    builder.adjust(1)
    await bot.send_message(chat_id, "\n".join(lines), reply_markup=builder.as_markup())


async def case_button(
    query: CallbackQuery,
    callback_data: CaseCallback,
    session: AsyncSession,
    i18n: I18nContext,
    clock: Clock,
    calendar: WorkCalendar,
    state: FSMContext,
    bot: Bot,
    settings: Settings,
    scheduler: SchedulerWakeup,
) -> None:
    user_id = query.from_user.id
    case = await user_case(session, user_id, callback_data.case)
    if case is None:  # not this user's case (or deleted): say nothing about it
        await query.answer(i18n.get("case-not-found"), show_alert=True)
        return
    await query.answer()
    action = callback_data.action
    if action == "open":
        await _send_card(case, user_id, bot, session, i18n, clock.now(), calendar)
    elif action == "ruling":
        await bot.send_message(
            user_id, i18n.get("case-ask-ruling"), reply_markup=_ruling_keyboard(case, i18n)
        )
    elif action == "seller":
        await bot.send_message(
            user_id, i18n.get("case-ask-seller"), reply_markup=_seller_keyboard(case, i18n)
        )
    elif action == "later":
        await bot.send_message(user_id, i18n.get("case-later"))
    elif action == "evidence":
        chat = FlowChat(user_id, state, bot, session, i18n, clock, settings, calendar, scheduler)
        await start_flow("evidence", chat, {"case_id": str(case.id)})
    elif action in ACTIONS:
        now = clock.now()
        lifecycle_action, outcome = ACTIONS[action]
        try:
            record = lifecycle.perform(
                await load_record(session, case), lifecycle_action, at=now, now=now, outcome=outcome
            )
        except lifecycle.NotAllowed:
            await _send_card(case, user_id, bot, session, i18n, now, calendar)
            return
        await save_record(session, case, record, now)
        await refresh_reminders(session, case, calendar, now)
        await session.commit()
        scheduler.wake()
        await bot.send_message(user_id, i18n.get("case-recorded", status=i18n.get(status_label(case.status))))
        await _send_card(case, user_id, bot, session, i18n, now, calendar)
    else:
        await bot.send_message(user_id, i18n.get("button-expired"))


async def _send_card(
    case: Case,
    chat_id: int,
    bot: Bot,
    session: AsyncSession,
    i18n: I18nContext,
    now: datetime,
    calendar: WorkCalendar,
) -> None:
    language = i18n.locale
    events = await case_events(session, case.id)
    timeline = []
    for event in events:
        label = i18n.get(event_label(event.kind))
        if event.details.get("outcome"):
            label = i18n.get(
                "case-event-with-outcome",
                event=label,
                outcome=i18n.get(outcome_label(event.details["outcome"])),
            )
        when = format_when(event.at, language, has_time=not event.details.get("date_only"), now=now)
        timeline.append(f"· {when} {label}")
    counts = await evidence_by_category(session, case.id)
    _covered, missing = coverage(counts, case.problem)
    separator = i18n.get("list-separator")  # 、 in Chinese, ", " in English
    evidence = separator.join(f"{i18n.get(category_label(c))} {counts[c]}" for c in counts) or i18n.get(
        "case-evidence-none"
    )
    text = i18n.get(
        "case-card",
        title=case_title(case, i18n),
        status=i18n.get(status_label(case.status)),
        order=case.order_no or "—",
        deadline=_deadline_text(case, i18n, now, calendar),
        timeline="\n".join(timeline) or i18n.get("case-timeline-empty"),
        evidence=evidence,
        missing=separator.join(i18n.get(category_label(c)) for c in missing) or "—",
    )
    await bot.send_message(chat_id, text, reply_markup=_card_keyboard(case, i18n))


def _deadline_text(case: Case, i18n: I18nContext, now: datetime, calendar: WorkCalendar) -> str:
    deadline = next_deadline(case_facts(case), now)
    if deadline is None:
        return _platform_expectation(case, i18n, now, calendar) or i18n.get("case-no-deadline")
    return i18n.get(
        "case-next-deadline",
        what=i18n.get(deadline_label(deadline.kind)),
        when=format_when(deadline.at, i18n.locale, now=now),
    )


def _platform_expectation(case: Case, i18n: I18nContext, now: datetime, calendar: WorkCalendar) -> str | None:
    """While the platform works (ruling, appeal review), when its answer is usually due."""
    language = i18n.locale
    window: ExpectedWindow | None = None
    if case.status == "intervention_requested" and case.intervention_requested_at is not None:
        window, key = ruling_expected(case.intervention_requested_at, calendar), "case-expect-ruling"
    elif case.status == "appeal_submitted" and case.appeal_submitted_at is not None:
        window, key = appeal_result_expected(case.appeal_submitted_at, calendar), "case-expect-appeal"
    if window is None:
        return None
    text = i18n.get(
        key,
        earliest=format_date(window.earliest.date(), language),
        latest=format_date(window.latest.date(), language),
        **rule_params(),
    )
    return text + (i18n.get("case-expect-estimated") if window.estimated else "")


def _card_keyboard(case: Case, i18n: I18nContext) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for action in ("agreed", "refused", "silent", "intervene", "ruling", "appealed", "closed", "evidence"):
        builder.button(
            text=i18n.get(f"case-btn-{action}"), callback_data=CaseCallback(case=case.id, action=action)
        )
    builder.adjust(3, 2, 2, 1)
    return builder.as_markup()


def _ruling_keyboard(case: Case, i18n: I18nContext) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for outcome in RULING_OUTCOMES:
        builder.button(
            text=i18n.get(outcome_label(outcome)),
            callback_data=CaseCallback(case=case.id, action=f"r_{outcome}"),
        )
    builder.adjust(2)
    return builder.as_markup()


def _seller_keyboard(case: Case, i18n: I18nContext) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for action in ("agreed", "refused"):
        builder.button(
            text=i18n.get(f"case-btn-{action}"), callback_data=CaseCallback(case=case.id, action=action)
        )
    return builder.as_markup()


def build_router() -> Router:
    router = Router(name="cases")
    router.message.register(cases_command, Command("cases"))
    router.callback_query.register(cases_from_menu, MenuCallback.filter(F.action == "cases"))
    router.callback_query.register(case_button, CaseCallback.filter())
    return router
