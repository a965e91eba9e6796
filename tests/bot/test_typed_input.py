"""Typed button labels count as presses; a pasted "订单号：…" keeps the digits; dates are said back —
through the real dispatcher."""

from __future__ import annotations

from sqlalchemy import select

from bot.persistence.models import Case
from tests.bot.conftest import button_data


def last_keyboard(sent):
    return [m for m in sent if m.reply_markup is not None][-1]


async def test_typed_labels_and_pasted_order_number(harness):
    sent = await harness.say("/apply")
    sent = await harness.say("质量问题")  # typed, not tapped
    assert "怎么解决" in sent[-1].text or "解决" in sent[-1].text
    sent = await harness.say("「仅退款」")
    sent = await harness.say("订单号：3712345678901234567")
    assert "交易" in sent[-1].text  # accepted, on to the transaction date
    sent = await harness.say("11月22日")
    assert "按 11月22日（周日）算" in sent[0].text
    sent = await harness.say("已提交")
    sent = await harness.say("11月24日 20:30")
    assert "按 11月24日（周二）20:30（北京时间）算" in sent[0].text
    sent = await harness.press(button_data(last_keyboard(sent), "还没回复"))
    async with harness.app.database.sessions() as session:
        case = (await session.scalars(select(Case))).one()
    assert case.order_no == "3712345678901234567"
    assert case.service_type == "refund_only"


async def test_typed_skip_and_cancel(harness):
    sent = await harness.say("/apply")
    await harness.say("质量问题")
    await harness.say("仅退款")
    sent = await harness.say("跳过")
    assert "交易" in sent[-1].text
    sent = await harness.say("取消")
    assert any("取消" in m.text or "已退出" in m.text or "结束" in m.text for m in sent)
    sent = await harness.say("昨天")  # no flow any more: not taken as a date answer
    assert all("按 " not in m.text for m in sent)


async def test_far_back_date_is_confirmed_by_typing_yes(harness):
    await harness.say("/apply")
    await harness.say("质量问题")
    await harness.say("仅退款")
    await harness.say("跳过")
    sent = await harness.say("12月20日")  # harness clock: late November 2026 → 2025-12-20, far back
    assert "2025年12月20日" in sent[-1].text
    sent = await harness.say("是的")
    assert "按 2025年12月20日（周六）算" in sent[0].text
