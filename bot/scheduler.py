"""The reminder scheduler: a task inside the bot process.

It sleeps until the next reminder falls due (no busy polling) and is woken early when a sooner one is
added. After downtime it sends what fell due meanwhile, once. See persistence/reminders.py for the
claim → send → mark-sent protocol that keeps a crash from losing or repeating a reminder.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError
from aiogram.types import InlineKeyboardMarkup

from bot.pacing import SendPacer
from bot.persistence.database import Database, DbSession
from bot.persistence.models import Reminder
from bot.persistence.reminders import (
    cancel_user_reminders,
    claim_due,
    mark_failed,
    mark_sent,
    next_wakeup,
    retry_later,
)
from bot.sending import retry_server_errors
from flows.clock import Clock
from flows.reminder_plan import apply_quiet_hours

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class OutgoingReminder:
    chat_id: int
    text: str
    markup: InlineKeyboardMarkup | None


# Turns a claimed reminder into the message to send (None: nothing to send any more, e.g. case closed).
Render = Callable[[Reminder, datetime], Awaitable[OutgoingReminder | None]]


class SchedulerWakeup:
    """How handlers tell this process's scheduler, after their commit, that reminders changed. The
    runner connects the scheduler once the bot exists; until then (and in tests without one) waking
    does nothing: the scheduler reads the database when it starts anyway."""

    def __init__(self) -> None:
        self.scheduler: ReminderScheduler | None = None

    def wake(self) -> None:
        if self.scheduler is not None:
            self.scheduler.wake()

    async def commit(self, session: DbSession, *, reminders_changed: bool = True) -> None:
        """Commit the handler's transaction, then wake the scheduler (it reads only what is committed)
        if reminders changed."""
        await session.commit()
        if reminders_changed:
            self.wake()


class ReminderScheduler:
    def __init__(
        self,
        database: Database,
        bot: Bot,
        clock: Clock,
        render: Render,
        *,
        pacer: SendPacer | None = None,
        lease: timedelta = timedelta(minutes=5),
        batch_size: int = 200,
        concurrency: int = 25,
        max_attempts: int = 5,
        max_idle: timedelta = timedelta(hours=1),
        housekeeping: Callable[[], Awaitable[None]] | None = None,
        housekeeping_every: timedelta = timedelta(hours=1),
    ) -> None:
        self.database = database
        self.bot = bot
        self.clock = clock
        self.render = render
        self.pacer = pacer or SendPacer()
        self.lease = lease
        self.batch_size = batch_size
        self.max_attempts = max_attempts
        self.max_idle = max_idle
        # Periodic work beside the reminders (the retention purge, bot/retention.py), on this clock.
        self.housekeeping = housekeeping
        self.housekeeping_every = housekeeping_every
        self._housekeeping_at: datetime | None = None
        self._slots = asyncio.Semaphore(concurrency)
        self._wakeup = asyncio.Event()
        self._stopping = False
        self.claimed = 0  # reminders that came due and were claimed for delivery (metrics)
        self.sent = 0
        self.failed = 0
        # The heartbeat: when this scheduler started running, and its latest loop. A reminder that fell
        # due before ``started_at`` was missed because no scheduler was running (the bot was offline).
        self.started_at: datetime | None = None
        self.heartbeat_at: datetime | None = None

    def wake(self) -> None:
        """Called after reminders were added or changed: re-read the next due time now."""
        self._wakeup.set()

    def stop(self) -> None:
        self._stopping = True
        self._wakeup.set()

    async def run_forever(self) -> None:
        self.started_at = self.clock.now()
        while not self._stopping:
            self.heartbeat_at = self.clock.now()
            # Cleared before reading, not after: a wake() that comes while we read counts.
            self._wakeup.clear()
            try:
                await self.run_housekeeping()
                await self.run_due()
                delay = await self._seconds_until_next()
            except Exception:  # a failing database must not kill the task: log and try again later
                log.exception("reminder scheduler iteration failed")
                delay = 30.0
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wakeup.wait(), timeout=delay)

    async def run_housekeeping(self) -> bool:
        """Run the housekeeping task when it is due (at start, then every `housekeeping_every`)."""
        now = self.clock.now()
        if self.housekeeping is None:
            return False
        if self._housekeeping_at is not None and now - self._housekeeping_at < self.housekeeping_every:
            return False
        self._housekeeping_at = now
        try:
            await self.housekeeping()
        except Exception:  # the reminders must go on whatever the purge does
            log.exception("scheduler housekeeping failed")
        return True

    async def _seconds_until_next(self) -> float:
        async with self.database.sessions() as session:
            wake_at = await next_wakeup(session)
        idle = self.max_idle.total_seconds()
        if wake_at is None:
            return idle
        return min(idle, max(0.0, (wake_at - self.clock.now()).total_seconds()))

    async def run_due(self) -> int:
        """Deliver every reminder due now, batch by batch. Returns how many were handled."""
        handled = 0
        while not self._stopping:
            now = self.clock.now()
            async with self.database.sessions() as session:
                batch = await claim_due(session, now, self.lease, self.batch_size)
                await session.commit()
            if not batch:
                return handled
            self.claimed += len(batch)
            await asyncio.gather(*(self._deliver(reminder) for reminder in batch))
            handled += len(batch)
        return handled

    async def _deliver(self, reminder: Reminder) -> None:
        # A failed send is retried later under the reminder's lease (below), not at once by the
        # delivery middleware; this task's context only.
        retry_server_errors.set(False)
        async with self._slots:
            now = self.clock.now()
            # After downtime a reminder can come due at night: wait for the morning unless that misses
            # the deadline.
            morning = apply_quiet_hours(now, reminder.deadline_at)
            if morning > now:
                async with self.database.sessions() as session:
                    await retry_later(session, reminder.id, morning, None, counts_as_attempt=False)
                    await session.commit()
                return
            try:
                outgoing = await self.render(reminder, now)
                if outgoing is None:
                    await self._update(mark_failed, reminder.id, "nothing to send")
                    return
                await self.pacer.wait(outgoing.chat_id)
                await self.bot.send_message(outgoing.chat_id, outgoing.text, reply_markup=outgoing.markup)
            except TelegramForbiddenError:
                # The user blocked the bot (already marked by the delivery middleware): stop for them.
                async with self.database.sessions() as session:
                    await mark_failed(session, reminder.id, "blocked by the user")
                    await cancel_user_reminders(session, reminder.user_id)
                    await session.commit()
                self.failed += 1
                return
            except TelegramBadRequest as error:  # the request itself is wrong: retrying will not help
                log.error("reminder %s rejected: %s", reminder.id, error.message)
                await self._update(mark_failed, reminder.id, error.message)
                self.failed += 1
                return
            except Exception as error:  # noqa: BLE001 — network trouble, 5xx, too many 429s: retry with backoff
                if reminder.attempts >= self.max_attempts:
                    log.error(
                        "reminder %s failed after %d attempts: %r", reminder.id, reminder.attempts, error
                    )
                    await self._update(mark_failed, reminder.id, repr(error))
                    self.failed += 1
                else:
                    backoff = timedelta(seconds=min(3600, 15 * 2 ** (reminder.attempts - 1)))
                    await self._update(retry_later, reminder.id, now + backoff, repr(error))
                return
            async with self.database.sessions() as session:
                await mark_sent(session, reminder.id, self.clock.now())
                await session.commit()
            self.sent += 1

    async def _update(self, operation: Callable[..., Awaitable[object]], *args: object) -> None:
        async with self.database.sessions() as session:
            await operation(session, *args)
            await session.commit()
