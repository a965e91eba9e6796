"""Dates out of order in the flows, through the real dispatcher: both dates named, nothing saved, the
user re-enters one and the flow goes on; a date the case already had is corrected when saved."""

from __future__ import annotations

from datetime import UTC

from sqlalchemy import select

from bot.persistence.models import Case, CaseEvent
from flows.clock import BEIJING
from tests.bot.conftest import button_data
from tests.bot.handlers.test_flows import walk_apply


async def the_case(h) -> Case:
    async with h.app.database.sessions() as session:
        return (await session.scalars(select(Case))).one()


async def test_apply_intervention_before_the_saved_request_corrects_the_request(harness):
    # request 11月24日 20:30, the seller refused 11月25日 9:00
    sent = await walk_apply(harness, seller="拒绝了", seller_when="11月25日 9:00")
    sent = await harness.press(button_data(sent[-1], "我已申请介入"))
    sent = await harness.say("11月24日 9:00")
    text = sent[-1].text
    assert (
        "「申请客服介入」是 11月24日（周二）09:00" in text
        and "「提交售后申请」的 11月24日（周二）20:30" in text
    )
    assert (await the_case(harness)).status == "seller_refused"  # the intervention not recorded
    sent = await harness.press(button_data(sent[-1], "改「提交售后申请」的日期"))
    assert "「提交售后申请」是什么时候" in sent[-1].text
    sent = await harness.say("11月23日 18:00")
    # The request is in order now, but the intervention still comes before the seller's refusal.
    text = sent[-1].text
    assert (
        "「申请客服介入」是 11月24日（周二）09:00" in text and "「卖家答复」的 11月25日（周三）09:00" in text
    )
    assert (await the_case(harness)).status == "seller_refused"
    sent = await harness.press(button_data(sent[-1], "改「申请客服介入」的日期"))
    sent = await harness.say("11月26日 10:00")
    case = await the_case(harness)
    assert case.status == "intervention_requested"
    assert case.intervention_requested_at.astimezone(BEIJING).strftime("%d %H:%M") == "26 10:00"
    assert case.after_sales_requested_at.astimezone(BEIJING).strftime("%d %H:%M") == "23 18:00"
    async with harness.app.database.sessions() as session:
        requests = (
            await session.scalars(select(CaseEvent).where(CaseEvent.kind == "after_sales_requested"))
        ).all()
    # The timeline follows the corrected date (the event edited, not a second one added).
    assert [e.at.replace(tzinfo=UTC).astimezone(BEIJING).day for e in requests] == [23]


async def test_appeal_submitted_before_the_ruling_is_pointed_out(harness):
    await walk_apply(harness, seller="拒绝了")
    sent = await harness.say("/appeal")
    sent = await harness.press(button_data(sent[-1], "#1"))
    sent = await harness.press(button_data(sent[-1], "未获支持"))
    sent = await harness.say("今天 10:00")
    sent = await harness.press(button_data(sent[-1], "明显错误"))
    sent = await harness.press(button_data(sent[-1], "已提交申诉"))
    sent = await harness.say("昨天")
    text = sent[-1].text
    assert "「提交申诉」是 11月26日（周四）" in text and "「收到裁决」的 11月27日（周五）10:00" in text
    assert (await the_case(harness)).appeal_submitted_at is None
    sent = await harness.press(button_data(sent[-1], "改「提交申诉」的日期"))
    sent = await harness.say("今天 15:00")
    case = await the_case(harness)
    assert case.status == "appeal_submitted"
    assert case.appeal_submitted_at.astimezone(BEIJING).strftime("%d %H:%M") == "27 15:00"


async def test_negotiate_transaction_after_the_cases_request_is_pointed_out(harness):
    order = "1234 5678 9012 3456"
    sent = await harness.say("/apply")
    for label in ("质量问题", "退货退款"):
        sent = await harness.press(button_data(sent[-1], label))
    sent = await harness.say(order)
    sent = await harness.press(button_data(sent[-1], "还没确认收货"))
    sent = await harness.press(button_data(sent[-1], "已提交"))
    sent = await harness.say("11月24日 20:30")
    sent = await harness.press(button_data(sent[-1], "还没回复"))
    sent = await harness.say("/negotiate")
    sent = await harness.press(button_data(sent[-1], "质量问题"))
    sent = await harness.press(button_data(sent[-1], "退货退款"))
    sent = await harness.press(button_data(sent[-1], "跳过"))  # detail
    sent = await harness.say(order)  # the same order: its case (request 11月24日 20:30) goes on
    sent = await harness.say("11月25日")
    text = sent[-1].text
    assert (
        "「提交售后申请」是 11月24日（周二）20:30" in text
        and "「交易成功（确认收货）」的 11月25日（周三）" in text
    )
    sent = await harness.press(button_data(sent[-1], "改「交易成功（确认收货）」的日期"))
    sent = await harness.say("11月20日")
    assert "希望卖家多久内回复" in sent[-1].text  # in order now: on with /negotiate
