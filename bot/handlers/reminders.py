"""/reminders: what is scheduled, and switching reminders off and on."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram_i18n import I18nContext

from bot.callbacks import MenuCallback, RemindersCallback
from bot.effects import case_title
from bot.persistence.cases import switch_reminders, user_cases_by_id
from bot.persistence.database import DbSession
from bot.persistence.models import User
from bot.persistence.reminders import user_reminders
from bot.scheduler import SchedulerWakeup
from flows.clock import Clock
from flows.dates import format_when
from flows.workdays import WorkCalendar

MAX_LISTED = 15


async def show_reminders(
    event: Message | CallbackQuery,
    bot: Bot,
    session: DbSession,
    i18n: I18nContext,
    clock: Clock,
    db_user: User,
) -> None:
    """/reminders, and the menu's 提醒 button."""
    if isinstance(event, CallbackQuery):
        await event.answer()
    await _send_overview(db_user.id, bot, session, i18n, clock, db_user)


async def _send_overview(
    chat_id: int, bot: Bot, session: DbSession, i18n: I18nContext, clock: Clock, db_user: User
) -> None:
    now = clock.now()
    rows = await user_reminders(session, chat_id)
    lines = []
    if not db_user.reminders_enabled:
        lines.append(i18n.get("reminders-off-note"))
    elif rows:
        lines.append(i18n.get("reminders-title"))
        listed = rows[:MAX_LISTED]
        cases = await user_cases_by_id(session, chat_id, (reminder.case_id for reminder in listed))
        for reminder in listed:
            case = cases.get(reminder.case_id)
            lines.append(
                i18n.get(
                    "reminders-line",
                    when=format_when(reminder.due_at, i18n.locale, now=now),
                    what=i18n.get(f"reminder-kind-{reminder.kind.replace('_', '-')}"),
                    title=case_title(case, i18n) if case else "—",
                )
            )
    else:
        lines.append(i18n.get("reminders-none"))
    builder = InlineKeyboardBuilder()
    turn_on = not db_user.reminders_enabled
    builder.button(
        text=i18n.get("reminders-btn-on" if turn_on else "reminders-btn-off"),
        callback_data=RemindersCallback(on=turn_on),
    )
    await bot.send_message(chat_id, "\n".join(lines), reply_markup=builder.as_markup())


async def toggle(
    query: CallbackQuery,
    callback_data: RemindersCallback,
    session: DbSession,
    i18n: I18nContext,
    clock: Clock,
    calendar: WorkCalendar,
    db_user: User,
    bot: Bot,
    scheduler: SchedulerWakeup,
) -> None:
    await query.answer()
    now = clock.now()
    await switch_reminders(session, db_user, callback_data.on, calendar, now)
    await scheduler.commit(session)
    await bot.send_message(
        db_user.id,
        i18n.get("reminders-turned-on" if callback_data.on else "reminders-turned-off"),
    )


def build_router() -> Router:
    router = Router(name="reminders")
    router.message.register(show_reminders, Command("reminders"))
    router.callback_query.register(show_reminders, MenuCallback.filter(F.action == "reminders"))
    router.callback_query.register(toggle, RemindersCallback.filter())
    return router
