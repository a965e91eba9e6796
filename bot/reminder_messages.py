"""The text and buttons of each reminder kind, in the user's language."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram_i18n.cores import FluentRuntimeCore

from bot.callbacks import CaseCallback, MenuCallback
from bot.effects import case_title
from bot.i18n import language_from_telegram
from bot.persistence.cases import case_and_owner
from bot.persistence.database import Database, DbSession
from bot.persistence.heartbeats import was_running
from bot.persistence.models import Case, Reminder
from bot.scheduler import HEARTBEAT_SLACK, OutgoingReminder
from flows.case_facts import CaseStatus
from flows.cases import RULING_OUTCOMES, outcome_label
from flows.dates import format_when, is_day_only, time_left
from flows.deadlines import seller_deadline
from flows.replies import BEIJING_LABEL
from flows.rules import rule_params

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
    "ruling_complex": [*(("ruling", outcome) for outcome in RULING_OUTCOMES), ("case", "later")],
    "appeal_review_checkin": [("case", "later")],
}


#: Reminders whose text says how much time is left before ``deadline_at``.
TIME_LEFT_KINDS = frozenset({"seller_24h", "window_3d", "window_1d", "appeal_24h", "appeal_6h"})


class ReminderRenderer:
    """Renders a reminder at the moment it is sent: the time left is counted from the real deadline then.

    A reminder says "the assistant was offline" only when the scheduler heartbeats in the database
    (every run, every replica, across restarts: persistence/heartbeats.py) show that no scheduler was
    running when it fell due.
    """

    def __init__(
        self,
        database: Database,
        core: FluentRuntimeCore,
        default_language: str,
        *,
        heartbeat_slack: timedelta = HEARTBEAT_SLACK,
    ) -> None:
        self.database = database
        self.core = core
        self.default_language = default_language
        self.heartbeat_slack = heartbeat_slack

    async def __call__(self, reminder: Reminder, now: datetime) -> OutgoingReminder | None:
        async with self.database.sessions() as session:
            case, user = await case_and_owner(session, reminder.case_id, reminder.user_id)
            offline = await self.was_offline(session, reminder, now)
        if case is None or user is None or case.status == CaseStatus.CLOSED:
            return None
        language = user.language or language_from_telegram(user.telegram_language, self.default_language)
        return OutgoingReminder(
            reminder.user_id,
            self.text(reminder, case, language, now, offline=offline),
            self.keyboard(reminder, case, language),
        )

    async def was_offline(self, session: DbSession, reminder: Reminder, now: datetime) -> bool:
        """Late because no scheduler was running when it fell due — not because it was planned late
        (an event reported after the fact), and not when nothing is known about that moment."""
        due = _aware(reminder.due_at)
        created = _aware(reminder.created_at) if reminder.created_at is not None else None
        if now - due <= LATE_AFTER or (created is not None and created > due):
            return False
        return await was_running(session, due, self.heartbeat_slack) is False

    def moment(self, reminder: Reminder, case: Case) -> datetime:
        """The real moment the reminder is about: the deadline, or (seller_due) the end of the seller's
        72 hours — never the send time moved by quiet hours."""
        if reminder.kind == "seller_due" and case.after_sales_requested_at is not None:
            return seller_deadline(_aware(case.after_sales_requested_at))
        return _aware(reminder.deadline_at or reminder.due_at)

    def text(
        self, reminder: Reminder, case: Case, language: str, now: datetime, *, offline: bool = False
    ) -> str:
        def get(key: str, **params: str | int) -> str:
            return self.core.get(key, language, **params)

        title = case_title(case, get)
        moment = self.moment(reminder, case)
        day_only = is_day_only(moment)
        shown = format_when(moment, language, has_time=not day_only, now=now)
        # A deadline counted from a day without an hour is that whole Beijing day ("当天截止"): the time
        # left runs to its end, and it has passed only once the day is over.
        end = moment + timedelta(days=1) if day_only else moment
        if reminder.deadline_at is not None and now >= _aware(reminder.deadline_at) + (end - moment):
            # Too late to help: one honest line instead of a reminder that pretends otherwise.
            return self._label(get("reminder-passed", title=title, deadline=shown), shown, day_only, language)
        ends = get("deadline-day", day=shown) if day_only else get("deadline-at", when=shown)
        days, hours = time_left(end - now)
        if days:
            left = get("reminder-left-days", days=days, hours=hours)
        elif hours:
            left = get("reminder-left-hours", hours=hours)
        else:
            left = get("reminder-left-under-hour")
        text = get(
            f"reminder-{reminder.kind.replace('_', '-')}",
            title=title,
            deadline=shown,
            ends=ends,
            left=left,
            **rule_params(),
        )
        text = self._label(text, shown, day_only, language)
        if offline:
            text += "\n" + get("reminder-late")
        if reminder.estimated:
            text += "\n" + get("reminder-estimated")
        return text

    @staticmethod
    def _label(text: str, shown: str, day_only: bool, language: str) -> str:
        """（北京时间） once, after the first time of day shown."""
        label = BEIJING_LABEL["zh" if language == "zh" else "en"]
        if day_only or label.strip(" （）()") in text or shown not in text:
            return text
        at = text.index(shown) + len(shown)
        return text[:at] + label + text[at:]

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


def _aware(moment: datetime) -> datetime:
    """SQLite hands datetimes back naive (they are stored in UTC)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
