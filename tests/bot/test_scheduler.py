"""The reminder scheduler (bot/scheduler.py) with the send pacer (bot/pacing.py) and the delivery
middleware (bot/sending.py), on a LocalSession: no network, and no sleeping on real time — the wall
clock is a FrozenClock, the pacer and the middleware get fake `monotonic`/`sleep`.

Only the run_forever tests wait on the event loop's real clock, bounded by short timeouts: that loop
sleeps with asyncio.wait_for by design.
"""

from __future__ import annotations

import asyncio
import contextvars
import itertools
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest
from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import SendMessage
from sqlalchemy import select

from bot.local_session import LocalSession
from bot.pacing import SendPacer
from bot.persistence.database import Database
from bot.persistence.models import Case, Reminder, User
from bot.persistence.reminders import CANCELLED, CLAIMED, FAILED, PENDING, SENT, sync_case_reminders
from bot.persistence.users import mark_blocked
from bot.scheduler import OutgoingReminder, ReminderScheduler
from bot.sending import DeliveryMiddleware
from flows.clock import BEIJING, FrozenClock
from flows.reminder_plan import PlannedReminder

T0 = datetime(2026, 3, 2, 10, 0, tzinfo=BEIJING).astimezone(UTC)  # a Monday morning in Beijing
LEASE = timedelta(minutes=5)


# --- fakes -----------------------------------------------------------------------------------------------

# The pacer moment at which the current delivery task resumed from its pacing sleep.
_resumed_at: contextvars.ContextVar[float | None] = contextvars.ContextVar("resumed_at", default=None)


class PacerTime:
    """`monotonic` and `sleep` for SendPacer. Time stands still (a backlog: every message is queued
    before the first goes out), and `sleep(d)` returns at once, remembering that this task resumes at
    `now + d`. So each message is stamped with the moment the pacer chose for it, and the test checks
    the pacer's schedule without waiting for it."""

    def __init__(self, start: float = 5000.0) -> None:
        self.now = start
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        _resumed_at.set(self.now + seconds)
        await asyncio.sleep(0)

    def stamp(self) -> float:
        resumed = _resumed_at.get()
        return self.now if resumed is None else resumed


@dataclass
class Harness:
    database: Database
    clock: FrozenClock
    session: LocalSession
    scheduler: ReminderScheduler
    pacer_time: PacerTime
    delivery: DeliveryMiddleware
    retry_sleeps: list[float]
    stamps: list[tuple[int | str, float]] = field(default_factory=list)  # (chat_id, pacer time) per send

    def sent(self) -> list[tuple[int, str]]:
        return [(request.chat_id, request.text) for request in self.session.sent()]

    def sent_texts(self) -> list[str]:
        return [text for _, text in self.sent()]

    async def add_user_case(self, user_id: int) -> int:
        async with self.database.sessions() as session:
            if await session.get(User, user_id) is None:
                session.add(User(id=user_id, first_seen=T0, last_seen=T0))
                await session.flush()
            case = Case(
                user_id=user_id, problem="quality", status="negotiating", created_at=T0, updated_at=T0
            )
            session.add(case)
            await session.commit()
            return case.id

    async def plan(
        self,
        user_id: int,
        *reminders: tuple[str, datetime] | tuple[str, datetime, datetime | None],
        case_id: int | None = None,
    ) -> int:
        """Give the user a case (new unless given) whose plan is `reminders`: (kind, due_at[, deadline_at])."""
        if case_id is None:
            case_id = await self.add_user_case(user_id)
        plan = [
            PlannedReminder(
                kind=item[0], due_at=item[1], deadline_at=item[2] if len(item) > 2 else None, estimated=False
            )
            for item in reminders
        ]
        async with self.database.sessions() as session:
            await sync_case_reminders(session, case_id, user_id, plan, T0)
            await session.commit()
        return case_id

    async def rows(self) -> list[Reminder]:
        async with self.database.sessions() as session:
            return list(
                (await session.scalars(select(Reminder).order_by(Reminder.due_at, Reminder.id))).all()
            )

    async def status(self) -> dict[str, str]:
        return {row.kind: row.status for row in await self.rows()}

    async def row(self, kind: str) -> Reminder:
        return next(row for row in await self.rows() if row.kind == kind)


async def render(reminder: Reminder, now: datetime) -> OutgoingReminder | None:
    if reminder.kind.startswith("gone"):
        return None  # e.g. the case was closed meanwhile
    return OutgoingReminder(chat_id=reminder.user_id, text=reminder.kind, markup=None)


@pytest.fixture()
def make(database):
    def make(**options) -> Harness:
        clock = FrozenClock(T0)
        pacer_time = PacerTime()
        stamps: list[tuple[int | str, float]] = []
        session = LocalSession(
            on_request=lambda method: (
                stamps.append((method.chat_id, pacer_time.stamp()))
                if isinstance(method, SendMessage)
                else None
            )
        )
        bot = Bot(token="123456:test", session=session)
        retry_sleeps: list[float] = []

        async def fake_sleep(seconds: float) -> None:
            retry_sleeps.append(seconds)

        async def on_blocked(user_id: int) -> None:
            async with database.sessions() as db_session:
                await mark_blocked(db_session, user_id)
                await db_session.commit()

        delivery = DeliveryMiddleware(set(), on_blocked=on_blocked, sleep=fake_sleep)
        bot.session.middleware(delivery)
        pacer = SendPacer(monotonic=pacer_time.monotonic, sleep=pacer_time.sleep)
        scheduler = ReminderScheduler(database, bot, clock, render, pacer=pacer, lease=LEASE, **options)
        return Harness(database, clock, session, scheduler, pacer_time, delivery, retry_sleeps, stamps)

    return make


@pytest.fixture()
def h(make) -> Harness:
    return make()


def forbidden() -> TelegramForbiddenError:
    return TelegramForbiddenError(
        method=SendMessage(chat_id=1, text="x"), message="Forbidden: bot was blocked by the user"
    )


# --- delivery ------------------------------------------------------------------------------------------


async def test_a_due_reminder_is_delivered_once_and_not_before(h):
    await h.plan(7, ("seller_24h", T0 + timedelta(minutes=10)))

    assert await h.scheduler.run_due() == 0
    h.clock.set(T0 + timedelta(minutes=10) - timedelta(microseconds=1))
    assert await h.scheduler.run_due() == 0
    assert h.sent() == []

    h.clock.set(T0 + timedelta(minutes=10))
    assert await h.scheduler.run_due() == 1
    assert h.sent() == [(7, "seller_24h")]

    for later in (timedelta(minutes=11), timedelta(hours=2), timedelta(days=3)):
        h.clock.set(T0 + later)
        assert await h.scheduler.run_due() == 0
    assert h.sent() == [(7, "seller_24h")]
    row = await h.row("seller_24h")
    assert (row.status, row.sent_at, row.attempts, row.lease_until) == (
        SENT,
        T0 + timedelta(minutes=10),
        1,
        None,
    )
    assert (h.scheduler.sent, h.scheduler.failed) == (1, 0)


async def test_after_downtime_everything_that_fell_due_is_sent_once_in_due_order(h):
    # Due at various times while the bot was down, some at night (deadlines far away): at 10:00 they go.
    await h.plan(
        7,
        ("d", T0 + timedelta(days=2, hours=13)),  # 23:00 Beijing
        ("a", T0 + timedelta(hours=1)),
        ("c", T0 + timedelta(days=1, hours=18)),  # 04:00 Beijing
        ("b", T0 + timedelta(hours=5)),
    )
    await h.plan(8, ("e", T0 + timedelta(days=6)), ("not_yet", T0 + timedelta(days=7, minutes=1)))

    h.clock.set(T0 + timedelta(days=7))  # back up a week later, 10:00 Beijing
    assert await h.scheduler.run_due() == 5
    assert h.sent_texts() == ["a", "b", "c", "d", "e"]
    assert await h.scheduler.run_due() == 0
    assert Counter(h.sent_texts()) == Counter("abcde")
    assert (await h.status())["not_yet"] == PENDING

    h.clock.advance(timedelta(minutes=1))
    assert await h.scheduler.run_due() == 1
    assert h.sent_texts()[-1] == "not_yet"


async def test_more_due_reminders_than_one_batch(make):
    h = make(batch_size=7)
    for user_id in range(1, 11):
        await h.plan(user_id, *((f"u{user_id}-k{i}", T0 - timedelta(minutes=i)) for i in range(3)))
    assert await h.scheduler.run_due() == 30
    assert sorted(h.sent_texts()) == sorted(f"u{u}-k{i}" for u in range(1, 11) for i in range(3))
    assert set((await h.status()).values()) == {SENT}


async def test_nothing_to_send_any_more(h):
    await h.plan(7, ("gone_case_closed", T0))
    assert await h.scheduler.run_due() == 1
    assert h.sent() == []
    row = await h.row("gone_case_closed")
    assert (row.status, row.last_error) == (FAILED, "nothing to send")


# --- quiet hours (22:00–08:00 Beijing), decided at send time ------------------------------------------------

NIGHT = datetime(2026, 3, 2, 23, 0, tzinfo=BEIJING)
MORNING = datetime(2026, 3, 3, 8, 0, tzinfo=BEIJING)


async def test_at_night_a_reminder_that_can_wait_waits_for_eight_oclock(h):
    # Fell due at 21:30 while the bot was down; it is back at 23:00.
    await h.plan(
        7,
        (
            "can_wait",
            datetime(2026, 3, 2, 21, 30, tzinfo=BEIJING),
            datetime(2026, 3, 3, 12, 0, tzinfo=BEIJING),
        ),
        ("no_deadline", datetime(2026, 3, 2, 21, 45, tzinfo=BEIJING)),
    )
    h.clock.set(NIGHT)

    assert await h.scheduler.run_due() == 2
    assert h.sent() == []
    for kind in ("can_wait", "no_deadline"):
        row = await h.row(kind)
        assert (row.status, row.lease_until) == (CLAIMED, MORNING)  # postponed, not lost
    assert await h.scheduler._seconds_until_next() == min(3600, (MORNING - NIGHT).total_seconds())

    h.clock.set(MORNING - timedelta(seconds=1))
    assert await h.scheduler.run_due() == 0
    h.clock.set(MORNING)
    assert await h.scheduler.run_due() == 2
    assert h.sent_texts() == ["can_wait", "no_deadline"]
    assert set((await h.status()).values()) == {SENT}


async def test_at_night_a_reminder_whose_deadline_comes_before_eight_is_sent_now(h):
    await h.plan(
        7,
        ("urgent", datetime(2026, 3, 2, 21, 30, tzinfo=BEIJING), datetime(2026, 3, 3, 7, 0, tzinfo=BEIJING)),
        ("at_eight", datetime(2026, 3, 2, 21, 40, tzinfo=BEIJING), MORNING),
        (
            "can_wait",
            datetime(2026, 3, 2, 21, 50, tzinfo=BEIJING),
            datetime(2026, 3, 3, 8, 0, 1, tzinfo=BEIJING),
        ),
    )
    h.clock.set(NIGHT)

    await h.scheduler.run_due()

    assert h.sent_texts() == ["urgent", "at_eight"]  # waiting until 08:00 would reach the deadline
    assert await h.status() == {"urgent": SENT, "at_eight": SENT, "can_wait": CLAIMED}


async def test_daytime_is_not_quiet(h):
    await h.plan(7, ("x", datetime(2026, 3, 2, 21, 59, tzinfo=BEIJING), datetime(2026, 3, 9, tzinfo=BEIJING)))
    h.clock.set(datetime(2026, 3, 2, 21, 59, 59, tzinfo=BEIJING))
    await h.scheduler.run_due()
    assert h.sent_texts() == ["x"]


# --- Telegram's answers -----------------------------------------------------------------------------------


async def test_429_waits_retry_after_and_delivers_once(h):
    await h.plan(7, ("x", T0))
    h.session.fail_next(
        SendMessage,
        TelegramRetryAfter(
            method=SendMessage(chat_id=7, text="x"),
            message="Too Many Requests: retry after 17",
            retry_after=17,
        ),
    )

    assert await h.scheduler.run_due() == 1

    assert h.retry_sleeps == [17]  # the middleware waited (on the fake sleep) and retried
    assert h.sent() == [(7, "x")]  # LocalSession records only calls that succeeded
    row = await h.row("x")
    assert (row.status, row.attempts) == (SENT, 1)
    assert h.delivery.retries_after_429 == 1


async def test_429_again_and_again_is_retried_later_by_the_scheduler(h):
    await h.plan(7, ("x", T0))
    for _ in range(h.delivery.max_retries + 1):
        h.session.fail_next(
            SendMessage,
            TelegramRetryAfter(
                method=SendMessage(chat_id=7, text="x"), message="Too Many Requests", retry_after=3
            ),
        )
    await h.scheduler.run_due()
    assert h.sent() == [] and h.retry_sleeps == [3] * h.delivery.max_retries
    row = await h.row("x")
    assert (row.status, row.lease_until) == (CLAIMED, T0 + timedelta(seconds=15))

    h.clock.advance(timedelta(seconds=15))
    await h.scheduler.run_due()
    assert h.sent() == [(7, "x")]


async def test_403_marks_the_user_blocked_and_cancels_their_other_reminders(h):
    await h.plan(7, ("first", T0), ("later", T0 + timedelta(days=1)))
    await h.plan(7, ("other_case", T0 + timedelta(days=2)))
    await h.plan(8, ("someone_else", T0 + timedelta(days=1)))
    h.session.fail_next(SendMessage, forbidden())

    await h.scheduler.run_due()

    assert h.sent() == []
    status = await h.status()
    assert status == {"first": FAILED, "later": CANCELLED, "other_case": CANCELLED, "someone_else": PENDING}
    assert (await h.row("first")).last_error == "blocked by the user"
    async with h.database.sessions() as session:
        assert (await session.get(User, 7)).blocked is True
        assert (await session.get(User, 8)).blocked is False
    assert 7 in h.delivery.blocked
    assert h.scheduler.failed == 1

    h.clock.advance(timedelta(days=3))
    await h.scheduler.run_due()
    assert h.sent() == [(8, "someone_else")]


async def test_403_with_two_reminders_for_that_user_in_the_same_batch(h):
    await h.plan(7, ("a", T0 - timedelta(minutes=2)), ("b", T0 - timedelta(minutes=1)))
    h.session.fail_next(SendMessage, forbidden())
    await h.scheduler.run_due()
    assert h.sent() == []  # the second is stopped by the middleware's blocked set, before the network
    assert set((await h.status()).values()) <= {FAILED, CANCELLED}


async def test_a_network_failure_is_retried_later_with_backoff(h):
    await h.plan(7, ("x", T0))
    h.session.fail_next(
        SendMessage, TelegramNetworkError(method=SendMessage(chat_id=7, text="x"), message="connection reset")
    )
    await h.scheduler.run_due()
    assert h.sent() == []
    row = await h.row("x")
    assert (row.status, row.lease_until, row.attempts) == (CLAIMED, T0 + timedelta(seconds=15), 1)
    assert "connection reset" in row.last_error
    assert await h.scheduler._seconds_until_next() == 15.0

    h.clock.advance(timedelta(seconds=14))
    assert await h.scheduler.run_due() == 0
    h.clock.advance(timedelta(seconds=1))
    assert await h.scheduler.run_due() == 1
    assert h.sent() == [(7, "x")]
    assert ((await h.row("x")).status, (await h.row("x")).attempts) == (SENT, 2)


async def test_after_max_attempts_a_failing_reminder_is_marked_failed(make):
    h = make(max_attempts=4)
    await h.plan(7, ("x", T0))
    for _ in range(10):
        h.session.fail_next(
            SendMessage,
            TelegramServerError(method=SendMessage(chat_id=7, text="x"), message="Internal Server Error"),
        )
    backoffs = []
    for _ in range(3):
        await h.scheduler.run_due()
        row = await h.row("x")
        assert row.status == CLAIMED
        backoffs.append((row.lease_until - h.clock.now()).total_seconds())
        h.clock.set(row.lease_until)
    assert backoffs == [15, 30, 60]  # doubling

    await h.scheduler.run_due()  # the 4th attempt
    row = await h.row("x")
    assert (row.status, row.attempts, row.lease_until) == (FAILED, 4, None)
    assert "Internal Server Error" in row.last_error
    assert h.scheduler.failed == 1 and h.sent() == []
    h.clock.advance(timedelta(days=1))
    assert await h.scheduler.run_due() == 0


async def test_a_bad_request_is_not_retried(h):
    await h.plan(7, ("x", T0))
    h.session.fail_next(
        SendMessage,
        TelegramBadRequest(method=SendMessage(chat_id=7, text="x"), message="Bad Request: chat not found"),
    )
    await h.scheduler.run_due()
    row = await h.row("x")
    assert (row.status, row.last_error) == (FAILED, "Bad Request: chat not found")


# --- pacing: 1 message/s per chat, at most 25/s overall, on the pacer's injected clock ------------------------


def busiest_second(moments: list[float]) -> int:
    """The most messages in any window [t, t + 1 s)."""
    moments = sorted(moments)
    best, start = 0, 0
    for end, moment in enumerate(moments):
        while moment - moments[start] >= 1.0 - 1e-9:
            start += 1
        best = max(best, end - start + 1)
    return best


async def test_pacing_per_chat_and_overall(make):
    h = make(batch_size=50)
    # 30 users with 1 reminder, 10 users with 5 each (stored one after another, so in the same batches).
    for user_id in range(1, 31):
        await h.plan(user_id, (f"single-{user_id}", T0 - timedelta(minutes=1)))
    for user_id in range(100, 110):
        await h.plan(user_id, *((f"many-{user_id}-{i}", T0 - timedelta(minutes=1)) for i in range(5)))

    assert await h.scheduler.run_due() == 80
    assert len(h.stamps) == 80 and Counter(h.sent_texts()).most_common(1)[0][1] == 1

    by_chat: dict[int, list[float]] = {}
    for chat_id, moment in h.stamps:
        by_chat.setdefault(chat_id, []).append(moment)
    for chat_id, moments in by_chat.items():
        gaps = [b - a for a, b in itertools.pairwise(sorted(moments))]
        assert all(gap >= 1.0 - 1e-9 for gap in gaps), (chat_id, gaps)
    assert busiest_second([moment for _, moment in h.stamps]) <= 25
    # …and not much slower than it must be: 80 messages at 25/s take 3.2 s, a chat's 5 messages 4 s.
    # (A pacer whose global slots only move forward let each waiting chat hold back all the others:
    # 41.6 s here.)
    span = max(m for _, m in h.stamps) - min(m for _, m in h.stamps)
    assert span <= 80 / 25 + 4, span


async def test_pacer_alone_keeps_both_limits_and_fills_the_gaps():
    """A message that must wait for its chat does not hold back the messages to other chats."""
    time = PacerTime(start=0.0)
    pacer = SendPacer(per_second=25, per_chat_interval=1.0, monotonic=time.monotonic, sleep=time.sleep)
    chats = [chat for chat in range(1, 21) for _ in range(3)] + list(range(100, 160))  # 120 messages

    async def one(chat_id: int) -> tuple[int, float]:
        await pacer.wait(chat_id)
        return chat_id, time.stamp()

    moments = await asyncio.gather(*(one(chat) for chat in chats))

    assert busiest_second([moment for _, moment in moments]) == 25
    for chat in range(1, 21):
        mine = sorted(moment for chat_id, moment in moments if chat_id == chat)
        assert all(b - a >= 1.0 - 1e-9 for a, b in itertools.pairwise(mine))
    assert max(moment for _, moment in moments) < 120 / 25 + 0.1
    spaced = sorted(moment for _, moment in moments)
    assert all(b - a >= 1 / 25 - 1e-9 for a, b in itertools.pairwise(spaced))


async def test_pacer_sleeps_on_the_injected_clock_as_time_passes():
    time = PacerTime(start=0.0)
    pacer = SendPacer(per_second=25, monotonic=time.monotonic, sleep=time.sleep)
    await pacer.wait(1)
    assert time.sleeps == []
    await pacer.wait(1)
    assert time.sleeps == [1.0]  # same chat: one second later
    time.now = 1.5
    await pacer.wait(2)
    assert len(time.sleeps) == 1  # a free chat at a free moment: no waiting
    await pacer.wait(3)
    assert time.sleeps[1:] == [pytest.approx(0.04)]  # 1.5 is taken: the next slot, 1/25 s later
    await pacer.wait(1)
    assert time.sleeps[2:] == [pytest.approx(0.5)]  # chat 1 sent at 1.0, so not before 2.0
    time.now = 100.0
    await pacer.wait(1)
    assert len(time.sleeps) == 3  # long idle: no waiting


# --- run_forever: sleep until the next due time, wake early ------------------------------------------------------


class Delays:
    """Records every delay run_forever computes, and lets a test wait for the next one."""

    def __init__(self, scheduler: ReminderScheduler) -> None:
        self.values: list[float] = []
        self._changed = asyncio.Event()
        self._original = scheduler._seconds_until_next
        self.after_read: Callable[[], Awaitable[None]] | None = (
            None  # an async hook run after the next delay was read, before it is used
        )
        scheduler._seconds_until_next = self._wrapped  # type: ignore[method-assign]  # a probe

    async def _wrapped(self) -> float:
        delay = await self._original()
        if self.after_read is not None:
            hook, self.after_read = self.after_read, None
            await hook()
        self.values.append(delay)
        self._changed.set()
        return delay

    async def next(self, count: int, timeout: float = 5.0) -> float:
        async def enough() -> None:
            while len(self.values) < count:
                self._changed.clear()
                await self._changed.wait()

        await asyncio.wait_for(enough(), timeout)
        return self.values[count - 1]


async def wait_sent(h: Harness, count: int, timeout: float = 5.0) -> None:
    async def enough() -> None:
        while len(h.sent()) < count:
            await asyncio.sleep(0.01)

    await asyncio.wait_for(enough(), timeout)


@pytest.fixture()
async def running(h):
    """Starts run_forever as a task; the test gets the Delays recorder. Stopped afterwards, bounded."""
    delays = Delays(h.scheduler)
    tasks: list[asyncio.Task] = []

    def start() -> asyncio.Task:
        tasks.append(asyncio.create_task(h.scheduler.run_forever()))
        return tasks[-1]

    yield delays, start
    h.scheduler.stop()
    for task in tasks:
        await asyncio.wait_for(task, 5)


async def test_seconds_until_next(h):
    assert await h.scheduler._seconds_until_next() == 3600  # nothing to do: max_idle
    await h.plan(7, ("x", T0 + timedelta(seconds=90)))
    assert await h.scheduler._seconds_until_next() == 90
    await h.plan(8, ("overdue", T0 - timedelta(hours=1)))
    assert await h.scheduler._seconds_until_next() == 0
    await h.scheduler.run_due()
    assert await h.scheduler._seconds_until_next() == 90
    await h.plan(9, ("far", T0 + timedelta(days=2)))
    h.clock.advance(timedelta(seconds=90))
    await h.scheduler.run_due()
    assert await h.scheduler._seconds_until_next() == 3600  # capped: re-read at least hourly


async def test_run_forever_sleeps_until_the_next_due_time(h, running):
    delays, start = running
    await h.plan(7, ("soon", T0 + timedelta(seconds=0.3)))
    start()
    assert await delays.next(1) == pytest.approx(0.3)
    assert h.sent() == []
    h.clock.advance(timedelta(seconds=0.3))  # the frozen clock reaches the due time; nothing wakes it
    await wait_sent(h, 1)  # …it wakes by itself after its 0.3 s sleep
    assert h.sent() == [(7, "soon")]
    assert await delays.next(2) == 3600
    assert len(delays.values) == 2  # no polling in between


async def test_wake_rereads_the_next_due_time(h, running):
    delays, start = running
    await h.plan(7, ("tomorrow", T0 + timedelta(days=1)))
    start()
    assert await delays.next(1) == 3600
    await h.plan(8, ("now", T0))
    h.scheduler.wake()
    await wait_sent(h, 1, timeout=3)
    assert h.sent() == [(8, "now")]
    assert await delays.next(2) == 3600


async def test_a_wake_while_the_next_due_time_is_being_read_is_not_lost(h, running):
    """A handler adds a reminder and calls wake() while the scheduler is between reading the next due
    time and going to sleep. The wake must survive (it used to be cleared just before the sleep, so the
    scheduler slept up to an hour past the new reminder)."""
    delays, start = running

    async def handler_adds_a_reminder() -> None:
        await h.plan(7, ("now", T0))
        h.scheduler.wake()

    delays.after_read = handler_adds_a_reminder
    start()
    assert await delays.next(1) == 3600  # read before the reminder existed
    await wait_sent(h, 1, timeout=3)
    assert h.sent() == [(7, "now")]


async def test_stop_ends_run_forever(h):
    task = asyncio.create_task(h.scheduler.run_forever())
    await asyncio.sleep(0.05)
    h.scheduler.stop()
    await asyncio.wait_for(task, 3)


async def test_a_late_wake_up_does_not_turn_into_a_burst():
    """The event loop was busy for 1.5 s while messages waited for their slots: they must not all leave
    together on top of the next second's messages (Telegram would answer 429)."""
    clock = {"now": 0.0}
    gate = asyncio.Event()

    def monotonic() -> float:
        return clock["now"]

    async def sleep(seconds: float) -> None:
        due = clock["now"] + seconds
        await gate.wait()  # the loop is busy: nobody wakes up until the gate opens
        _resumed_at.set(max(due, clock["now"]))
        await asyncio.sleep(0)

    pacer = SendPacer(per_second=25, monotonic=monotonic, sleep=sleep)
    departures: list[float] = []

    async def one(chat_id: int) -> None:
        await pacer.wait(chat_id)
        resumed = _resumed_at.get()
        departures.append(clock["now"] if resumed is None else resumed)

    tasks = [asyncio.create_task(one(chat)) for chat in range(60)]  # slots 0, 0.04, …, 2.36
    await asyncio.sleep(0.01)
    clock["now"] = 1.5  # the loop comes back late
    gate.set()
    await asyncio.wait_for(asyncio.gather(*tasks), 5)

    assert len(departures) == 60
    assert busiest_second(departures) <= 25
