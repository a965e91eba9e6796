"""Reminder texts rendered at the moment they are sent: the time left is counted then, from the real
deadline, and never overstated; the deadline shown is the real one, not the send time that quiet hours
moved; a reminder whose deadline passed is one honest line; "offline" only when no scheduler ran."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from bot.i18n import make_core
from bot.persistence.database import Database
from bot.persistence.heartbeats import beat, start_run, was_running
from bot.persistence.models import Case, Reminder
from bot.reminder_messages import ReminderRenderer
from bot.scheduler import HEARTBEAT_SLACK
from flows.clock import BEIJING
from flows.dates import time_left
from flows.reminder_plan import CaseFacts, plan_reminders
from flows.workdays import WorkCalendar
from tests.beijing import bj


@pytest.fixture
async def core():
    core = make_core("zh")
    await core.startup()
    return core


def _case(**facts: datetime) -> Case:
    return Case(id=7, user_id=1, problem="quality", service_type="refund_only", status="negotiating", **facts)


def _planned(facts: CaseFacts, kind: str, now: datetime) -> Reminder:
    [planned] = [p for p in plan_reminders(facts, WorkCalendar(), now=now) if p.kind == kind]
    return Reminder(
        id=1,
        case_id=7,
        user_id=1,
        kind=kind,
        due_at=planned.due_at,
        deadline_at=planned.deadline_at,
        estimated=planned.estimated,
        created_at=now.astimezone(UTC),
    )


def _render(core, reminder: Reminder, case: Case, now: datetime, lang: str = "zh") -> str:
    renderer = ReminderRenderer(
        database=None,  # type: ignore[arg-type]  # text() reads no database
        core=core,
        default_language="zh",
    )
    return renderer.text(reminder, case, lang, now)


async def test_seller_24h_moved_by_quiet_hours_says_the_hours_really_left(core) -> None:
    requested = bj(2026, 11, 26, 23, 30)  # seller's 72 h end Sun 29 Nov 23:30
    facts = CaseFacts(status="after_sales_requested", after_sales_requested_at=requested)
    reminder = _planned(facts, "seller_24h", requested)
    assert reminder.due_at == bj(2026, 11, 29, 8, 0)  # 28 Nov 23:30 is quiet: moved to 08:00
    text = _render(core, reminder, _case(after_sales_requested_at=requested), reminder.due_at)
    assert "还剩约 15 小时" in text and "24 小时" not in text
    assert "11月29日 23:30（北京时间）" in text
    en = _render(core, reminder, _case(after_sales_requested_at=requested), reminder.due_at, "en")
    assert "About 15 hours left" in en and "29 Nov 23:30 (Beijing time)" in en


async def test_seller_due_shows_the_real_end_not_the_morning_send_time(core) -> None:
    requested = bj(2026, 11, 24, 23, 30)
    facts = CaseFacts(status="after_sales_requested", after_sales_requested_at=requested)
    reminder = _planned(facts, "seller_due", requested)
    assert reminder.due_at == bj(2026, 11, 28, 8, 0)
    text = _render(core, reminder, _case(after_sales_requested_at=requested), reminder.due_at)
    assert "11月27日 23:30（北京时间）" in text and "08:00" not in text


@pytest.mark.parametrize(
    ("send_at", "says", "never"),
    [
        (bj(2026, 11, 28, 6, 0), "还剩约 6 小时", "7 小时"),  # on time
        (bj(2026, 11, 28, 10, 0), "还剩约 2 小时", "6 小时"),  # late start: 2 h left
        (bj(2026, 11, 28, 10, 1), "还剩约 1 小时", "2 小时"),  # 1 h 59 min: rounded down
        (bj(2026, 11, 28, 11, 20), "还剩不到 1 小时", "还剩约"),
    ],
)
async def test_appeal_6h_time_left_at_send_time(core, send_at: datetime, says: str, never: str) -> None:
    ruling = bj(2026, 11, 25, 12, 0)  # appeal deadline 28 Nov 12:00
    facts = CaseFacts(status="ruling_received", ruling_at=ruling)
    reminder = _planned(facts, "appeal_6h", ruling)
    text = _render(core, reminder, _case(ruling_at=ruling), send_at)
    assert says in text and never not in text
    assert text.count("北京时间") == 1


async def test_deadline_passed_before_sending_is_one_honest_line(core) -> None:
    ruling = bj(2026, 11, 25, 12, 0)
    reminder = _planned(CaseFacts(status="ruling_received", ruling_at=ruling), "appeal_24h", ruling)
    text = _render(core, reminder, _case(ruling_at=ruling), bj(2026, 11, 28, 12, 30))
    assert "\n" not in text and "已经过了" in text and "还剩" not in text
    assert "11月28日 12:00（北京时间）" in text


DUE = bj(2026, 11, 27, 12, 0)
SENT = DUE + timedelta(hours=3)

# Scheduler runs recorded in the database before the reminder is sent (start, last beat), whether the
# reminder was created after its due time (an event reported late), and whether it may say "offline".
OFFLINE_ROWS = [
    ([], False, False),  # no heartbeat at all (a database from before they were kept): nothing claimed
    ([(SENT, SENT)], False, False),  # the first recorded run started after the due time: unknown
    ([(DUE - timedelta(days=1), DUE - timedelta(hours=2)), (SENT, SENT)], False, True),  # down at DUE
    ([(DUE - timedelta(days=1), SENT)], False, False),  # one run beating all along: late for another reason
    ([(DUE - timedelta(days=1), DUE - timedelta(minutes=2)), (SENT, SENT)], False, False),  # within slack
    ([(DUE - timedelta(days=1), DUE - timedelta(minutes=4)), (SENT, SENT)], False, True),  # beyond slack
    # another replica was running at DUE while this process restarted
    (
        [(DUE - timedelta(days=1), DUE - timedelta(hours=2)), (DUE - timedelta(hours=1), SENT), (SENT, SENT)],
        False,
        False,
    ),
    ([(DUE - timedelta(days=1), DUE - timedelta(hours=2)), (SENT, SENT)], True, False),  # reported late
]


@pytest.mark.parametrize(("runs", "created_late", "offline"), OFFLINE_ROWS)
async def test_offline_only_when_the_heartbeats_show_no_scheduler_was_running(
    core, database: Database, runs: list[tuple[datetime, datetime]], created_late: bool, offline: bool
) -> None:
    async with database.sessions() as session:
        for n, (started, beat_at) in enumerate(runs):
            await start_run(session, f"run{n}", started)
            await beat(session, f"run{n}", beat_at)
        await session.commit()
    renderer = ReminderRenderer(database, core, "zh")
    reminder = Reminder(
        id=1,
        case_id=7,
        user_id=1,
        kind="appeal_24h",
        due_at=DUE,
        deadline_at=DUE + timedelta(days=1),
        estimated=False,
        created_at=SENT - timedelta(minutes=1) if created_late else DUE - timedelta(days=1),
    )
    async with database.sessions() as session:
        assert await renderer.was_offline(session, reminder, SENT) is offline
    text = renderer.text(reminder, _case(ruling_at=DUE - timedelta(days=2)), "zh", SENT, offline=offline)
    assert ("没有在运行" in text) is offline


async def test_the_heartbeat_survives_a_restart(core, database: Database) -> None:
    """Two scheduler objects on one database (a restart, or two replicas): what the first recorded is
    what the second's reminders are judged by — nothing is kept in a process's memory."""
    from bot.scheduler import ReminderScheduler
    from flows.clock import FrozenClock

    clock = FrozenClock(DUE - timedelta(days=1))
    first = ReminderScheduler(database, bot=None, clock=clock, render=None)  # type: ignore[arg-type]  # only beats
    await first.heartbeat()
    clock.advance(timedelta(hours=22))
    await first.heartbeat()  # last beat 2 h before DUE, then the process died
    clock.set(SENT)
    second = ReminderScheduler(database, bot=None, clock=clock, render=None)  # type: ignore[arg-type]
    await second.heartbeat()
    assert second.run_id != first.run_id
    async with database.sessions() as session:
        assert await was_running(session, DUE, HEARTBEAT_SLACK) is False
        assert await was_running(session, DUE - timedelta(hours=3), HEARTBEAT_SLACK) is True
        assert await was_running(session, SENT, HEARTBEAT_SLACK) is True


async def test_window_from_a_date_without_time_ends_that_day_and_warns_the_day_before(core) -> None:
    succeeded = bj(2026, 11, 20)  # typed as 11月20日: no hour
    facts = CaseFacts(status="negotiating", transaction_succeeded_at=succeeded)
    reminder = _planned(facts, "window_1d", succeeded)
    assert reminder.due_at.astimezone(BEIJING).date() == bj(2026, 12, 4).date()  # the day before
    text = _render(core, reminder, _case(transaction_succeeded_at=succeeded), reminder.due_at)
    assert "12月5日当天截止（具体时间以淘宝页面为准，建议前一天完成）" in text
    assert "00:00" not in text and "北京时间" not in text


def test_time_left_is_never_rounded_up() -> None:
    for minutes in range(0, 4 * 24 * 60, 7):
        days, hours = time_left(timedelta(minutes=minutes))
        assert (days * 24 + hours) * 60 <= minutes < (days * 24 + hours + 1) * 60


async def test_stated_hours_never_exceed_the_real_ones(core) -> None:
    ruling = bj(2026, 11, 25, 12, 0)
    reminder = _planned(CaseFacts(status="ruling_received", ruling_at=ruling), "appeal_24h", ruling)
    deadline = bj(2026, 11, 28, 12, 0)
    send_at = reminder.due_at
    while send_at < deadline:
        text = _render(core, reminder, _case(ruling_at=ruling), send_at)
        stated = re.search(r"还剩约 (\d+) 小时", text)
        real_hours = (deadline - send_at).total_seconds() / 3600
        assert stated is None or int(stated.group(1)) <= real_hours, (send_at, text)
        send_at += timedelta(minutes=37)


@pytest.mark.parametrize(
    ("send_at", "says"),
    [
        (bj(2026, 12, 4, 20, 0), "还剩 1 天 4 小时"),  # to the end of 12月5日, not its start (4 h)
        (bj(2026, 12, 5, 9, 0), "还剩约 15 小时"),  # on the day itself: not passed yet
        (bj(2026, 12, 5, 23, 30), "还剩不到 1 小时"),
    ],
)
async def test_a_day_without_an_hour_counts_the_time_left_to_the_end_of_that_day(core, send_at, says) -> None:
    succeeded = bj(2026, 11, 20)  # typed as 11月20日: the window ends some time on 12月5日
    facts = CaseFacts(status="negotiating", transaction_succeeded_at=succeeded)
    reminder = _planned(facts, "window_1d", succeeded)
    text = _render(core, reminder, _case(transaction_succeeded_at=succeeded), send_at)
    assert says in text and "12月5日当天截止" in text and "已经过了" not in text


async def test_a_day_without_an_hour_has_passed_once_that_day_is_over(core) -> None:
    succeeded = bj(2026, 11, 20)
    facts = CaseFacts(status="negotiating", transaction_succeeded_at=succeeded)
    reminder = _planned(facts, "window_1d", succeeded)
    text = _render(core, reminder, _case(transaction_succeeded_at=succeeded), bj(2026, 12, 6, 0, 5))
    assert "已经过了" in text
