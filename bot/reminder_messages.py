"""The text and buttons of each reminder kind, in the user's language."""

from __future__ import annotations

from datetime import datetime, timedelta

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram_i18n.cores import FluentRuntimeCore

from bot.callbacks import CaseCallback, MenuCallback
from bot.effects import case_title
from bot.i18n import language_from_telegram
from bot.persistence.database import Database
from bot.persistence.models import Case, Reminder, User
from bot.scheduler import OutgoingReminder
from flows.cases import RULING_OUTCOMES, outcome_label
from flows.dates import format_when
from flows.defs.common import rule_params

# A reminder sent this much after its time says it is late.
LATE_AFTER = timedelta(minutes=30)

# Buttons per kind: ("case", action) records on the case; ("menu", action) opens a flow.
BUTTONS: dict[str, list[tuple[str, str]]] = {
    "seller_24h": [("case", "seller"), ("case", "later")],
    "seller_due": [("case", "seller"), ("case", "intervene"), ("case", "later")],
    "window_3d": [("menu", "apply"), ("case", "later")],
    "window_1d": [("menu", "apply"), ("case", "later")],
    "negotiation_checkin": [("case", "agreed"), ("menu", "apply"), ("case", "later")],
    "ruling_checkin": [*(("ruling", outcome) for outcome in RULING_OUTCOMES), ("case", "later")],
    "appeal_24h": [("case", "appealed"), ("menu", "appeal"), ("case", "later")],
    "appeal_6h": [("case", "appealed"), ("menu", "appeal"), ("case", "later")],
}


class ReminderRenderer:
    def __init__(self, database: Database, core: FluentRuntimeCore, default_language: str) -> None:
        self.database = database
        self.core = core
        self.default_language = default_language

    async def __call__(self, reminder: Reminder, now: datetime) -> OutgoingReminder | None:
        async with self.database.sessions() as session:
            case = await session.get(Case, reminder.case_id)
            user = await session.get(User, reminder.user_id)
        if case is None or user is None or case.status == "closed":
            return None
        language = user.language or language_from_telegram(user.telegram_language, self.default_language)
        return OutgoingReminder(
            reminder.user_id,
            self.text(reminder, case, language, now),
            self.keyboard(reminder, case, language),
        )

    def text(self, reminder: Reminder, case: Case, language: str, now: datetime) -> str:
        get = self.core.get
        deadline = reminder.deadline_at or reminder.due_at
        text = get(
            f"reminder-{reminder.kind.replace('_', '-')}",
            language,
            title=case_title(case, lambda key: get(key, language)),
            deadline=format_when(deadline, language, now=now),
            **rule_params(),
        )
        if reminder.deadline_at is not None and now >= reminder.deadline_at:
            text += "\n" + get("reminder-late-missed", language)
        elif now - reminder.due_at > LATE_AFTER:
            text += "\n" + get("reminder-late", language)
        if reminder.estimated:
            text += "\n" + get("reminder-estimated", language)
        return text

    def keyboard(self, reminder: Reminder, case: Case, language: str) -> InlineKeyboardMarkup:
        builder = InlineKeyboardBuilder()
        for target, action in BUTTONS.get(reminder.kind, [("case", "later")]):
            if target == "menu":
                builder.button(
                    text=self.core.get(f"menu-{action}", language), callback_data=MenuCallback(action=action)
                )
            elif target == "ruling":  # the outcome is chosen here; when it happened is asked next
                builder.button(
                    text=self.core.get(outcome_label(action), language),
                    callback_data=CaseCallback(case=case.id, v=case.version or 0, a="ruling", o=action),
                )
            else:
                builder.button(
                    text=self.core.get(f"reminder-btn-{action}", language),
                    callback_data=CaseCallback(case=case.id, v=case.version or 0, a=action),
                )
        builder.adjust(2)
        return builder.as_markup()
