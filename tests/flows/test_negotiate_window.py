"""/negotiate asks when the transaction succeeded, says the after-sales window back, keeps it on the case
it opens, and promises window reminders only when they are planned (flows/defs/negotiate.py)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from flows.case_facts import CaseFacts, CaseStatus
from flows.effects import OpenCase, RecordEvent
from flows.reminder_plan import plan_reminders
from flows.workdays import WorkCalendar
from tests.flows.walk import NOW, Walk

DAY_ENDS_ZH = "12月5日当天截止（具体时间以淘宝页面为准，建议前一天完成）"

# (answer at the success_at step, zh text the case-opened message must hold, the promise in the
#  message step, window reminders planned (kinds, Beijing due times))
ROWS = [
    (("t", "11月20日"), DAY_ENDS_ZH, "售后申请期截止前我也会提醒你", ["12-02 08:00", "12-04 08:00"]),
    (
        ("t", "11月20日 15:00"),
        "12月5日 15:00（北京时间） 截止",
        "售后申请期截止前我也会提醒你",
        ["12-02 15:00", "12-04 15:00"],
    ),
    (("t", "8天前"), "12月5日当天截止", "售后申请期截止前我也会提醒你", ["12-02 08:00", "12-04 08:00"]),
    (("t", "昨天"), "12月12日当天截止", "售后申请期截止前我也会提醒你", ["12-09 08:00", "12-11 08:00"]),
    # 13 days ago: the 3-day reminder's time has passed but the window has not — it is sent at once
    (("t", "11月15日"), "11月30日当天截止", "售后申请期截止前我也会提醒你", ["11-27 08:00", "11-29 08:00"]),
    (("t", "11月1日"), "售后申请期（交易成功后 15 天内）已经过了", "过几天我会问问你", []),
    (("c", "not_confirmed"), "还没确认收货", "过几天我会问问你", []),
    ("skip", "我算不出售后申请期，所以不会提醒这个期限", "过几天我会问问你", []),
]


def _walk(answer) -> Walk:
    w = Walk("negotiate")
    w.start()
    w.send(("c", "quality"), ("c", "return_refund"), "skip", "skip")
    assert w.step == "success_at"
    w.send(answer)
    assert w.step == "reply_by"
    w.send(("c", "h24"))
    return w


def _beijing(moment: datetime) -> str:
    from flows.clock import BEIJING

    return moment.astimezone(BEIJING).strftime("%m-%d %H:%M")


@pytest.mark.parametrize(("answer", "opened_zh", "promise_zh", "window_due"), ROWS)
def test_negotiate_window(answer, opened_zh, promise_zh, window_due):
    w = _walk(answer)
    assert promise_zh in w.text("zh")  # the message step promises only what will be planned
    w.send(("c", "open_case"))
    zh = w.text("zh")
    assert opened_zh in zh
    assert "00:00" not in zh and "到 12月" not in zh
    opened = w.effects()[0]
    assert isinstance(opened, OpenCase)
    success = opened.facts.get("transaction_succeeded_at")
    recorded = [e.event for e in w.effects() if isinstance(e, RecordEvent)]
    assert ("transaction_succeeded" in recorded) == (success is not None)
    facts = CaseFacts(
        status=CaseStatus.NEGOTIATING,
        transaction_succeeded_at=datetime.fromisoformat(str(success)) if success else None,
        negotiation_started_at=NOW.astimezone(UTC),
    )
    plan = plan_reminders(facts, WorkCalendar(), now=NOW)
    window = [_beijing(r.due_at) for r in plan if r.kind.startswith("window_")]
    assert window == window_due


def test_said_back_with_weekday_and_english_wording():
    w = Walk("negotiate")
    w.start()
    w.send(("c", "quality"), ("c", "return_refund"), "skip", "skip", ("t", "11月20日"))
    assert "好的，按 11月20日（周五）算。" in w.text("zh")
    w.send(("c", "h24"), ("c", "open_case"))
    assert "ends on 5 Dec (the exact time is on Taobao's page; finish a day early)" in w.text("en")
    assert "I'll remind you 3 days and 1 day before it ends" in w.text("en")


def test_a_future_date_is_refused_and_asked_again():
    w = Walk("negotiate")
    w.start()
    w.send(("c", "quality"), ("c", "return_refund"), "skip", "skip", ("t", "明天"))
    assert w.step == "success_at" and "还没到" in w.text("zh")


def test_not_asked_when_the_orders_case_knows_it():
    w = Walk("negotiate")
    case = {"id": 7, "order_no": "1234567890123456", "transaction_succeeded_at": "2026-11-19T16:00:00+00:00"}
    w.start({"cases": [case]})
    w.send(("c", "quality"), ("c", "return_refund"), "skip", ("t", "1234567890123456"))
    assert w.step == "reply_by"
