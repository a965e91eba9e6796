"""The reminder scheduler: a task inside the bot process.

It sleeps until the next reminder falls due (no busy polling) and is woken early when a sooner one is
added. After downtime it sends what fell due meanwhile, once. See persistence/reminders.py for the
claim → send → mark-sent protocol that keeps a crash from losing or repeating a reminder.

Claims are short (`lease`, 1 minute) and renewed every quarter of it while their batch is being
delivered, so a replica that dies holds its reminders for at most a minute, and one that stops
gracefully gives back at once what it has not started to send. A reminder is sent only while its claim
is held (not expired, not taken over), so the short lease never lets two replicas send it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError
from aiogram.types import InlineKeyboardMarkup

from bot.pacing import SendPacer
from bot.persistence.database import Database, DbSession
from bot.persistence.heartbeats import beat, start_run
from bot.persistence.models import Reminder
from bot.persistence.reminders import (
    cancel_user_reminders,
    claim_due,
    mark_failed,
    mark_sent,
    next_wakeup,
    release_claim,
    renew_claims,
    retry_later,
)
from bot.sending import retry_server_errors
from flows.clock import Clock
from flows.reminder_plan import apply_quiet_hours

log = logging.getLogger(__name__)

#: How often a running scheduler records its heartbeat (it wakes at least this often to do so).
HEARTBEAT_EVERY = timedelta(minutes=1)
#: A run still counts as running this long after its last recorded beat (a few missed beats).
HEARTBEAT_SLACK = 3 * HEARTBEAT_EVERY


@dataclass(frozen=True)
class OutgoingReminder:
    chat_id: int
    text: str
    markup: InlineKeyboardMarkup | None


@dataclass
class _Claim:
    attempts: int  # the claim's attempt number: with the id, names this claim (reminders.py)
    until: datetime  # its lease, as last written


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
        lease: timedelta = timedelta(minutes=1),
        batch_size: int = 200,
        concurrency: int = 25,
        max_attempts: int = 5,
        max_idle: timedelta = timedelta(hours=1),
        housekeeping: Callable[[], Awaitable[None]] | None = None,
        housekeeping_every: timedelta = timedelta(hours=1),
        heartbeat_every: timedelta = HEARTBEAT_EVERY,
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
        self._held: dict[int, _Claim] = {}  # claims of the batch being delivered, renewed meanwhile
        self._pacing: set[asyncio.Task[object]] = set()  # deliveries waiting for their turn to send
        self.claimed = 0  # reminders that came due and were claimed for delivery (metrics)
        self.sent = 0
        self.failed = 0
        # The heartbeat: when this scheduler started running, and its latest beat — also in the database
        # (persistence/heartbeats.py, one row per run), so "the assistant was offline" is decided from
        # every run of every replica, across restarts, not from this process's memory.
        self.run_id = uuid.uuid4().hex
        self.heartbeat_every = heartbeat_every
        self.started_at: datetime | None = None
        self.heartbeat_at: datetime | None = None
        self._beat_recorded_at: datetime | None = None

    def wake(self) -> None:
        """Called after reminders were added or changed: re-read the next due time now."""
        self._wakeup.set()

    def stop(self) -> None:
        """Stop after the sends under way; reminders claimed but not yet being sent are given back."""
        self._stopping = True
        self._wakeup.set()
        for task in list(self._pacing):
            task.cancel()

    async def heartbeat(self) -> None:
        """Record that this run is alive (the first time: that it started), at most every half
        ``heartbeat_every``."""
        now = self.clock.now()
        self.heartbeat_at = now
        recorded = self._beat_recorded_at
        if recorded is not None and now - recorded < self.heartbeat_every / 2:
            return
        async with self.database.sessions() as session:
            if recorded is None:
                await start_run(session, self.run_id, self.started_at or now)
            else:
                await beat(session, self.run_id, now)
            await session.commit()
        self._beat_recorded_at = now

    async def run_forever(self) -> None:
        self.started_at = self.clock.now()
        while not self._stopping:
            # Cleared before reading, not after: a wake() that comes while we read counts.
            self._wakeup.clear()
            try:
                await self.heartbeat()
                await self.run_housekeeping()
                await self.run_due()
                delay = await self._seconds_until_next()
            except Exception:  # a failing database must not kill the task: log and try again later
                log.exception("reminder scheduler iteration failed")
                delay = 30.0
            delay = min(delay, self.heartbeat_every.total_seconds())
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
            await self.heartbeat()  # a long backlog still beats
            self.claimed += len(batch)
            for reminder in batch:
                assert reminder.lease_until is not None
                self._held[reminder.id] = _Claim(reminder.attempts, reminder.lease_until)
            renewer = asyncio.create_task(self._renew_held(), name="reminder-lease-renewal")
            try:
                await asyncio.gather(*(self._deliver(reminder) for reminder in batch))
            finally:
                renewer.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await renewer
                for reminder in batch:
                    self._held.pop(reminder.id, None)
            handled += len(batch)
        return handled

    async def _renew_held(self) -> None:
        """Every quarter of the lease, extend the claims still being delivered (real time: the lease is
        about this process being alive)."""
        while True:
            await asyncio.sleep(self.lease.total_seconds() / 4)
            claims = {reminder_id: claim.attempts for reminder_id, claim in self._held.items()}
            until = self.clock.now() + self.lease
            try:
                async with self.database.sessions() as session:
                    renewed = await renew_claims(session, claims, until)
                    await session.commit()
            except Exception:  # the database is away: the claims run out, and are not sent then
                log.warning("could not renew reminder claims", exc_info=True)
                continue
            for reminder_id in renewed:
                claim = self._held.get(reminder_id)
                if claim is not None:
                    claim.until = until

    def _holds(self, reminder: Reminder) -> bool:
        claim = self._held.get(reminder.id)
        return claim is None or claim.until > self.clock.now()  # None: delivered outside run_due

    async def _release(self, reminder: Reminder) -> None:
        self._held.pop(reminder.id, None)
        async with self.database.sessions() as session:
            await release_claim(session, reminder.id, reminder.attempts)
            await session.commit()

    async def _paced(self, chat_id: int) -> bool:
        """Wait for the pacer's turn; False when the scheduler was stopped meanwhile (stop() cancels
        the waits, in this same task, so the pacer's context stays the caller's)."""
        task = asyncio.current_task()
        assert task is not None
        self._pacing.add(task)
        try:
            await self.pacer.wait(chat_id)
        except asyncio.CancelledError:
            if not self._stopping:
                raise
            task.uncancel()
            return False
        finally:
            self._pacing.discard(task)
        return True

    async def _deliver(self, reminder: Reminder) -> None:
        # A failed send is retried later under the reminder's lease (below), not at once by the
        # delivery middleware; this task's context only.
        retry_server_errors.set(False)
        async with self._slots:
            if self._stopping:
                await self._release(reminder)
                return
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
                if self._stopping or not await self._paced(outgoing.chat_id):
                    await self._release(reminder)  # not started: another replica takes it at once
                    return
                if not self._holds(reminder):
                    # The claim ran out (it could not be renewed): another scheduler may hold it now.
                    log.warning(
                        "reminder %s: claim expired before sending; left to the next claim", reminder.id
                    )
                    return
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
                if not await mark_sent(session, reminder.id, self.clock.now(), reminder.attempts):
                    log.error("reminder %s was sent but its claim had been taken over", reminder.id)
                await session.commit()
            self.sent += 1

    async def _update(self, operation: Callable[..., Awaitable[object]], *args: object) -> None:
        async with self.database.sessions() as session:
            await operation(session, *args)
            await session.commit()
