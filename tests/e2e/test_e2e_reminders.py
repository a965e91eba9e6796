"""Reminders from the real bot process to the fake Bot API server: due ones are sent once, a 429 is
waited out, a 403 stops them. The bot runs on the real clock, so the case is dated so that the seller's
"24 hours left" reminder is already due and its deadline ~20 minutes away: it goes out at once (outside
07:38–08:00 Beijing, see skip_when_morning_would_hold_it), saying how long is really left (quiet hours give way when waiting would miss the deadline)."""

from __future__ import annotations

import sqlite3
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest

from flows.clock import BEIJING
from tests.e2e.harness import Turn, play
from tests.fakeapi.server import FakeBotAPI


def apply_turns(requested_at: str, seller: str = "还没回复") -> list[Turn]:
    return [
        Turn(say="/apply", expect="遇到了什么问题"),
        Turn(press="质量问题"),
        Turn(press="退货退款"),
        Turn(press="跳过"),
        Turn(say="5天前"),  # the transaction succeeded before the request (about 3 days ago)
        Turn(press="已提交"),
        Turn(say=requested_at),
        Turn(press=seller),
    ]


def skip_when_morning_would_hold_it() -> None:
    """The bot process runs on the real clock. Between 07:38 and 08:00 Beijing a deadline 20 minutes
    away falls after 08:00, so quiet hours rightly hold the overdue reminder until 08:00 and it is not
    sent "at once". Those 22 minutes a day the scenario cannot be staged without a clock injected into
    the process (not built yet), so the test says so instead of failing on the hour."""
    local = datetime.now(BEIJING).time()
    if time(7, 38) <= local < time(8, 0):
        pytest.skip("07:38–08:00 Beijing: quiet hours would hold the reminder until 08:00 (real clock)")


def request_time() -> str:
    # 72 hours before now, plus 20 minutes: the seller's deadline is 20 minutes away.
    moment = datetime.now(BEIJING) - timedelta(hours=72) + timedelta(minutes=20)
    return moment.strftime("%Y-%m-%d %H:%M")


def reminder_rows(database: Path, user: int) -> list[tuple[str, str]]:
    with sqlite3.connect(database) as db:
        return list(db.execute("SELECT kind, status FROM reminders WHERE user_id = ? ORDER BY kind", (user,)))


async def test_due_reminder_is_delivered_once_despite_a_429(fake_api: FakeBotAPI, bot_factory, tmp_path):
    skip_when_morning_would_hold_it()
    user = 4001
    bot = await bot_factory().start()
    turns = apply_turns(request_time())
    for turn in turns[:-1]:
        await play(fake_api, user, turn)
    fake_api.fail_next("sendMessage", status=429, retry_after=1, times=1, chat_id=user)
    await play(fake_api, user, turns[-1])
    await fake_api.wait_for(lambda _: any("⏰" in (c.text or "") for c in fake_api.sent(user)), 30)
    reminders = [c for c in fake_api.sent(user) if "⏰" in (c.text or "")]
    # The "24 hours left" reminder tells the time really left when it is sent: about 20 minutes.
    assert len(reminders) == 1 and "不到 1 小时" in reminders[0].text
    assert reminders[0].buttons()  # "the seller answered" / "not now"
    assert any(c.status == 429 for c in fake_api.calls if c.method == "sendMessage")
    rows = dict(reminder_rows(tmp_path / "bot.db", user))
    assert rows["seller_24h"] == "sent" and rows["seller_due"] == "pending"
    assert await bot.terminate() == 0


async def test_403_marks_blocked_and_cancels_reminders(fake_api: FakeBotAPI, bot_factory, tmp_path):
    skip_when_morning_would_hold_it()
    user = 4002
    bot = await bot_factory().start()
    turns = apply_turns(request_time())
    for turn in turns[:-1]:
        await play(fake_api, user, turn)
    # The user blocks the bot just as the case is saved: the summary and the reminder both meet a 403.
    fake_api.fail_next("sendMessage", status=403, times=5, chat_id=user)
    since = len(fake_api.calls)
    keyboard = fake_api.latest_keyboard(user)
    seller_silent = next(data for label, data in keyboard.buttons() if "还没回复" in label)
    fake_api.user_presses(user, seller_silent, keyboard.result["message_id"])
    await fake_api.wait_for(
        lambda calls: any(c.method == "sendMessage" and c.status == 403 for c in calls[since:]), 30
    )

    def settled() -> bool:
        rows = reminder_rows(tmp_path / "bot.db", user)
        return bool(rows) and all(status in ("cancelled", "failed") for _, status in rows)

    await fake_api.wait_for(lambda _: settled(), 30)
    with sqlite3.connect(tmp_path / "bot.db") as db:
        assert db.execute("SELECT blocked FROM users WHERE id = ?", (user,)).fetchone() == (1,)
    attempts = [c for c in fake_api.calls[since:] if c.method == "sendMessage" and c.chat_id == user]
    # The summary and the reminder may both be on their way before the first 403 comes back; after
    # that, nothing more is tried for this user.
    assert 1 <= len(attempts) <= 2 and all(c.status == 403 for c in attempts)
    assert await bot.terminate() == 0
