"""The case card through the real dispatcher: valid moves only, when things happened, stale cards,
undo, edits, close and delete with confirmation, the paged list, titles in the reader's language."""

from __future__ import annotations

from datetime import UTC, timedelta

from sqlalchemy import func, select

from bot.evidence_files import stored_path
from bot.persistence.models import Case, CaseEvent, Evidence, Reminder
from flows.clock import BEIJING
from tests.bot.conftest import button_data, buttons
from tests.bot.handlers.test_flows import walk_apply

#: When the seller refused in most walks: after the request (11月24日 20:30), before the dates these
#: tests give the intervention (an intervention before the seller's answer is out of order).
REFUSED_AT = "11月24日 22:00"


def labels(message) -> list[str]:
    return [text for text, _ in buttons(message)]


async def open_card(h, user_id: int = 501):
    sent = await h.say("/cases", user_id=user_id)
    sent = await h.press(buttons(sent[-1])[0][1], user_id=user_id)
    return sent[-1]


async def record(
    h, card, button: str, *, when: str = "刚刚", typed: str | None = None, outcome: str | None = None
):
    sent = await h.press(button_data(card, button))
    if outcome is not None:
        sent = await h.press(button_data(sent[-1], outcome))
    assert "什么时候" in sent[-1].text, sent[-1].text
    if typed is not None:
        sent = await h.press(button_data(sent[-1], "输入日期时间"))
        sent = await h.say(typed)
    else:
        sent = await h.press(button_data(sent[-1], when))
    return sent


async def the_case(h) -> Case:
    async with h.app.database.sessions() as session:
        return (await session.scalars(select(Case))).one()


async def pending_kinds(h) -> set[str]:
    async with h.app.database.sessions() as session:
        return set((await session.scalars(select(Reminder.kind).where(Reminder.status == "pending"))).all())


async def event_count(h) -> int:
    async with h.app.database.sessions() as session:
        return await session.scalar(select(func.count()).select_from(CaseEvent)) or 0


async def test_the_card_offers_only_valid_moves_in_dispute_order(harness):
    await walk_apply(harness)  # after-sales requested 11月24日 20:30; the seller's 72 h not yet passed
    card = await open_card(harness)
    moves = labels(card)
    assert moves.index("卖家同意了") < moves.index("卖家拒绝了") < moves.index("结案")
    for absent in ("卖家没回复", "我已申请介入", "收到裁决", "已提交申诉", "重新打开"):
        assert absent not in moves
    assert "卖家有 72 小时处理" in card.text  # the next step, with the deadline
    harness.clock.advance(timedelta(hours=1))  # 72 h have passed
    moves = labels(await open_card(harness))
    assert "卖家没回复" in moves and "我已申请介入" in moves


async def test_the_timeline_says_what_the_seller_answered(harness):
    """Was "卖家回复售后申请" whatever the answer."""
    await walk_apply(harness, seller="拒绝了", seller_when=REFUSED_AT)
    card = await open_card(harness)
    assert "卖家拒绝售后申请" in card.text and "卖家回复售后申请" not in card.text


async def test_a_ruling_recorded_five_days_late_has_no_appeal_window_left(harness):
    await walk_apply(harness, seller="拒绝了", seller_when=REFUSED_AT)  # request 11月24日 20:30
    harness.clock.advance(timedelta(days=10))  # 12月7日: 7 and 5 days ago come after the request
    card = await open_card(harness)
    sent = await record(harness, card, "我已申请介入", typed="7天前")
    card = sent[-1]
    sent = await record(harness, card, "收到裁决", outcome="未获支持", typed="5天前")
    card = sent[-1]
    assert "申诉期" in card.text and "已于" in card.text and "申诉通道已关闭" in card.text
    case = await the_case(harness)
    assert case.status == "ruling_received"
    assert case.ruling_at == harness.clock.now().replace(hour=16, minute=0) - timedelta(
        days=6
    )  # Beijing midnight
    assert not {"appeal_24h", "appeal_6h"} & await pending_kinds(harness)
    assert "已提交申诉" not in labels(card) and "去申诉" not in labels(card)


async def test_a_ruling_just_now_offers_the_appeal_with_its_deadline(harness):
    await walk_apply(harness, seller="拒绝了", seller_when=REFUSED_AT)
    sent = await record(harness, await open_card(harness), "我已申请介入")
    sent = await record(harness, sent[-1], "收到裁决", outcome="部分退款")
    card = sent[-1]
    assert "11月30日 20:00" in card.text and "去申诉" in labels(card)  # 3 days after the ruling
    assert {"appeal_24h", "appeal_6h"} <= await pending_kinds(harness)


async def test_a_stale_card_is_refused_and_changes_nothing(harness):
    await walk_apply(harness, seller="拒绝了", seller_when=REFUSED_AT)
    card = await open_card(harness)
    old_intervene = button_data(card, "我已申请介入")
    sent = await record(harness, card, "我已申请介入")
    events, status = await event_count(harness), (await the_case(harness)).status
    before = len(harness.session.requests)
    sent = await harness.press(old_intervene)  # a double tap, or the old card
    popups = [r.text for r in harness.session.requests[before:] if type(r).__name__ == "AnswerCallbackQuery"]
    assert any("这张卡片已过期" in (p or "") for p in popups)
    assert "时间线" in sent[-1].text and "收到裁决" in labels(sent[-1])  # the fresh card
    assert await event_count(harness) == events and (await the_case(harness)).status == status


async def test_close_asks_first_and_an_old_card_cannot_move_a_closed_case(harness):
    await walk_apply(harness, seller="拒绝了", seller_when=REFUSED_AT)
    card = await open_card(harness)
    old_intervene = button_data(card, "我已申请介入")
    sent = await harness.press(button_data(card, "结案"))
    assert "确定要结案吗" in sent[-1].text
    assert (await the_case(harness)).status == "seller_refused"  # nothing yet
    sent = await harness.press(button_data(sent[-1], "确定结案"))
    assert (await the_case(harness)).status == "closed" and await pending_kinds(harness) == set()
    assert labels(sent[-1])[:1] == ["重新打开"]
    await harness.press(old_intervene)
    assert (await the_case(harness)).status == "closed"
    sent = await harness.press(button_data(sent[-1], "重新打开"))
    assert (await the_case(harness)).status == "seller_refused"


async def test_undo_restores_the_status_the_timeline_and_the_reminders(harness):
    await walk_apply(harness, seller="拒绝了", seller_when=REFUSED_AT)
    events = await event_count(harness)
    sent = await record(harness, await open_card(harness), "我已申请介入")
    assert await pending_kinds(harness) == {"ruling_checkin"}
    sent = await harness.press(button_data(sent[-1], "撤销"))
    assert "已撤销" in sent[0].text
    case = await the_case(harness)
    assert case.status == "seller_refused" and case.intervention_requested_at is None
    assert await event_count(harness) == events and await pending_kinds(harness) == set()


async def test_edit_order_number_title_and_an_event_date(harness):
    await walk_apply(harness)  # seller waiting: seller reminders planned from 11月24日 20:30
    card = await open_card(harness)
    sent = await harness.press(button_data(card, "修改"))
    sent = await harness.press(button_data(sent[-1], "订单号"))
    sent = await harness.say("12345")
    assert "15–20" in sent[-1].text  # asked again
    sent = await harness.say("1234 5678 9012 3456")
    card = sent[-1]
    assert "尾号3456" in card.text
    sent = await harness.press(button_data(card, "修改"))
    sent = await harness.press(button_data(sent[-1], "标题"))
    sent = await harness.say("蓝牙<耳机>")
    assert "蓝牙&lt;耳机&gt;" in sent[-1].text  # user text is escaped
    assert "seller_due" in await pending_kinds(harness)
    sent = await harness.press(button_data(sent[-1], "修改"))
    sent = await harness.press(button_data(sent[-1], "某件事的日期"))
    sent = await harness.press(button_data(sent[-1], "提交售后申请"))
    sent = await harness.press(button_data(sent[-1], "输入日期时间"))
    sent = await harness.say("11月23日 10:00")  # after the transaction (11月22日); the seller's 72 h are over
    case = await the_case(harness)
    assert case.after_sales_requested_at.day == 23 and case.title == "蓝牙<耳机>"
    assert "seller_24h" not in await pending_kinds(harness)  # re-planned from the corrected date
    assert "卖家没回复" in labels(sent[-1])


async def test_delete_asks_then_removes_rows_and_unshared_files(harness):
    await walk_apply(harness)
    await walk_apply(harness)  # a second case holding one of the same files
    evidence_dir = harness.app.settings.evidence_dir
    async with harness.app.database.sessions() as session:
        first, second = (await session.scalars(select(Case).order_by(Case.id))).all()
        for case_id, sha in ((first.id, "a" * 64), (first.id, "b" * 64), (second.id, "b" * 64)):
            session.add(
                Evidence(
                    case_id=case_id,
                    category="chat",
                    mime="image/jpeg",
                    size=1,
                    sha256=sha,
                    telegram_file_id="f",
                    created_at=harness.clock.now(),
                )
            )
            path = stored_path(evidence_dir, sha, "image/jpeg")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(b"x")
        await session.commit()
        first_id = first.id
    sent = await harness.say("/cases")
    card = (await harness.press(button_data(sent[-1], f"#{first_id}")))[-1]
    sent = await harness.press(button_data(card, "删除"))
    assert "确定删除" in sent[-1].text and "2 份证据" in sent[-1].text
    sent = await harness.press(button_data(sent[-1], "确定删除"))
    assert "已删除" in sent[-1].text
    async with harness.app.database.sessions() as session:
        assert await session.get(Case, first_id) is None
        for model in (CaseEvent, Evidence, Reminder):
            assert not (await session.scalars(select(model).where(model.case_id == first_id))).all()
        assert len((await session.scalars(select(Evidence))).all()) == 1
    assert not stored_path(evidence_dir, "a" * 64, "image/jpeg").exists()
    assert stored_path(evidence_dir, "b" * 64, "image/jpeg").exists()  # the other case still uses it


async def test_the_list_shows_status_deadline_and_order_tail_and_pages_over_eight(harness):
    await harness.say("/start")  # the user row
    async with harness.app.database.sessions() as session:
        from bot.persistence.cases import create_case

        for n in range(10):
            await create_case(
                session,
                501,
                {"status": "negotiating", "problem": "quality", "order_no": f"10000000000{n:04d}"},
                harness.clock.now(),
            )
        await session.commit()
    sent = await harness.say("/cases")
    page = sent[-1]
    assert "第 1/2 页" in page.text and "协商中" in page.text and "尾号000" in page.text
    assert len([b for b in labels(page) if "#" in b]) == 8
    sent = await harness.press(button_data(page, "下一页"))
    assert "第 2/2 页" in sent[-1].text and len([b for b in labels(sent[-1]) if "#" in b]) == 2


async def test_titles_follow_the_readers_language(harness):
    await walk_apply(harness)
    assert "质量问题 · 退货退款" in (await open_card(harness)).text
    await harness.press("l:en")  # /lang → English: stored titles are not translated, so this follows
    card = await open_card(harness)
    assert "Quality problem" in card.text and "质量问题" not in card.text.split("\n")[0]


ORDER = "123456789012345678"


async def test_negotiate_then_apply_with_the_same_order_is_one_case(harness):
    sent = await harness.say("/negotiate")
    sent = await harness.press(button_data(sent[-1], "质量问题"))
    sent = await harness.press(button_data(sent[-1], "退货退款"))
    sent = await harness.press(button_data(sent[-1], "跳过"))  # detail
    sent = await harness.say(ORDER)
    sent = await harness.say("还没确认收货")  # the button's label typed: a press
    sent = await harness.press(button_data(sent[-1], "24"))
    keyboard = [m for m in sent if m.reply_markup is not None][-1]
    sent = await harness.press(button_data(keyboard, "案件"))  # keep it as a case
    sent = await harness.say("/apply")
    assert "是这个订单的事吗" in sent[-1].text  # the one open case is proposed…
    assert "新的订单" in str(labels(sent[-1])) and "尾号5678" in str(labels(sent[-1]))  # …with its tail
    sent = await harness.press(button_data(sent[-1], "新的订单"))  # the user thinks it is another order…
    sent = await harness.press(button_data(sent[-1], "质量问题"))
    sent = await harness.press(button_data(sent[-1], "退货退款"))
    sent = await harness.say(ORDER)  # …but the order number says otherwise
    assert any("已经有案件" in m.text for m in sent)
    sent = await harness.say("11月22日")
    sent = await harness.press(button_data([m for m in sent if m.reply_markup][-1], "已提交"))
    sent = await harness.say("11月24日 20:30")
    await harness.press(button_data([m for m in sent if m.reply_markup][-1], "还没回复"))
    async with harness.app.database.sessions() as session:
        case = (await session.scalars(select(Case))).one()  # one case holding both
        kinds = (await session.scalars(select(CaseEvent.kind).order_by(CaseEvent.id))).all()
    assert case.status == "after_sales_requested" and case.order_no == ORDER
    assert kinds[0] == "negotiation_started" and "after_sales_requested" in kinds


async def test_apply_on_a_known_case_shows_what_is_known_instead_of_asking(harness):
    await walk_apply(harness)
    sent = await harness.say("/apply")
    assert len([b for b in labels(sent[-1]) if "#1" in b]) == 1  # the one open case, proposed
    sent = await harness.press(buttons(sent[-1])[0][1])
    assert "已经记下了" in sent[-1].text and "11月24日" in sent[-1].text  # the request, not asked again
    assert labels(sent[-1])[:2] == ["对，继续", "修改"]
    sent = await harness.press(button_data(sent[-1], "对，继续"))
    assert "订单号" in sent[-1].text  # the one fact still missing…
    sent = await harness.say("1234567890123456")
    assert "卖家回复了吗" in sent[-1].text  # …then straight on: the dates are not asked again
    sent = await harness.press(button_data(sent[-1], "拒绝了"))
    assert "卖家什么时候回复的" in sent[-1].text  # asked when, with the card's quick answers
    assert labels(sent[-1])[:4] == ["刚刚", "今天早些时候", "昨天", "输入日期时间"]
    sent = await harness.press(button_data(sent[-1], "昨天"))
    async with harness.app.database.sessions() as session:
        case = (await session.scalars(select(Case))).one()
        answered = (await session.scalars(select(CaseEvent).where(CaseEvent.kind == "seller_answered"))).one()
    assert case.status == "seller_refused"
    assert (
        answered.at.astimezone(BEIJING).date()
        == (harness.clock.now() - timedelta(days=1)).astimezone(BEIJING).date()
    )  # yesterday, not the moment of the tap


async def test_appeal_proposes_the_open_case_and_a_new_order(harness):
    await walk_apply(harness, seller="拒绝了", seller_when=REFUSED_AT)
    sent = await harness.say("/appeal")
    options = labels(sent[-1])
    assert any("#1" in o and "尾号" not in o for o in options) and any("新的订单" in o for o in options)
    sent = await harness.press(buttons(sent[-1])[0][1])  # this case
    sent = await harness.press(button_data(sent[-1], "部分退款"))
    sent = await harness.say("今天 9:30")
    async with harness.app.database.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Case)) == 1


async def test_a_window_from_a_date_without_an_hour_ends_that_day_on_the_card(harness):
    """No fake 00:00 and no "到 12月7日": the card says the day the window ends on, all that day."""
    sent = await harness.say("/apply")
    for label in ("质量问题", "退货退款", "跳过"):
        sent = await harness.press(button_data(sent[-1], label))
    sent = await harness.say("11月22日")  # transaction succeeded, no hour: the window ends on 12月7日
    sent = await harness.press(button_data(sent[-1], "还没有"))
    card = await open_card(harness)
    assert "下一个期限：售后申请期，12月7日当天截止（具体时间以淘宝页面为准，建议前一天完成）" in card.text
    assert "00:00" not in card.text and "到 12月7日" not in card.text
    harness.clock.advance(timedelta(days=9, hours=13))  # 7 Dec, 09:00 Beijing: still "that day"
    card = await open_card(harness)
    assert "12月7日当天截止" in card.text
    harness.clock.advance(timedelta(days=1))  # 8 Dec: over
    card = await open_card(harness)
    assert "当天截止" not in card.text


async def test_case_buttons_in_a_flow_follow_a_language_change_mid_flow(harness):
    await walk_apply(harness)
    sent = await harness.say("/evidence")
    assert "是这个订单的证据吗" in sent[-1].text
    assert [b for b in labels(sent[-1]) if b.startswith("📁")] == [
        "📁 质量问题 · 退货退款 #1 · 已申请售后，等卖家处理"
    ]
    await harness.press("l:en")  # /lang → English in the middle of the run
    sent = await harness.say("what?")  # the run asks again: its buttons are rendered now, in English
    case_buttons = [
        b for run in (sent,) for m in run if m.reply_markup for b in labels(m) if b.startswith("📁")
    ]
    assert case_buttons and all("Quality problem" in b and "质量" not in b for b in case_buttons), (
        case_buttons
    )


async def test_evidence_proposes_the_one_open_case_and_a_new_order_opens_another(harness):
    await walk_apply(harness)
    sent = await harness.say("/evidence")
    assert labels(sent[-1])[-2:] == ["🆕 新的订单", "取消"] or "🆕 新的订单" in labels(sent[-1])
    sent = await harness.press(button_data(sent[-1], "新的订单"))
    sent = await harness.press(button_data(sent[-1], "没收到货"))
    sent = await harness.say("9876543210987654")
    assert any("照片" in m.text for m in sent)  # the checklist of the new case
    async with harness.app.database.sessions() as session:
        cases = (await session.scalars(select(Case).order_by(Case.id))).all()
    assert [(c.problem, c.order_no, c.status) for c in cases][1] == (
        "not_received",
        "9876543210987654",
        "negotiating",
    )


async def test_an_event_recorded_out_of_order_is_named_and_nothing_is_saved(harness):
    """Intervention typed before the after-sales request: both dates named, nothing stored, and the
    user picks which one to re-enter."""
    await walk_apply(harness, seller="拒绝了", seller_when=REFUSED_AT)  # after-sales requested 11月24日 20:30
    card = await open_card(harness)
    events_before = await event_count(harness)
    sent = await record(harness, card, "我已申请介入", typed="11月23日")
    text = sent[-1].text
    assert (
        "「申请客服介入」是 11月23日（周一）" in text and "「提交售后申请」的 11月24日（周二）20:30" in text
    )
    assert "没有保存" in text
    case = await the_case(harness)
    assert case.status == "seller_refused" and case.intervention_requested_at is None
    assert await event_count(harness) == events_before
    fix = labels(sent[-1])
    assert "改「申请客服介入」的日期" in fix and "改「提交售后申请」的日期" in fix
    # Re-enter the intervention date: asked when again, then it is stored.
    sent = await harness.press(button_data(sent[-1], "改「申请客服介入」的日期"))
    assert "什么时候" in sent[-1].text
    sent = await harness.press(button_data(sent[-1], "输入日期时间"))
    sent = await harness.say("11月25日 10:00")
    case = await the_case(harness)
    assert case.status == "intervention_requested" and case.intervention_requested_at is not None
    assert await event_count(harness) == events_before + 1


async def test_a_ruling_before_the_intervention_request_is_refused_on_the_card(harness):
    await walk_apply(harness, seller="拒绝了", seller_when=REFUSED_AT)
    card = await open_card(harness)
    sent = await record(harness, card, "我已申请介入", typed="11月27日 10:00")
    sent = await record(harness, sent[-1], "收到裁决", outcome="未获支持", typed="11月26日")
    text = sent[-1].text
    assert "「收到裁决」是 11月26日（周四）" in text and "「申请客服介入」的 11月27日（周五）10:00" in text
    case = await the_case(harness)
    assert case.status == "intervention_requested" and case.ruling_at is None
    # This time the intervention date was the wrong one: 修改 of its event, then the ruling again.
    sent = await harness.press(button_data(sent[-1], "改「申请客服介入」的日期"))
    sent = await harness.press(button_data(sent[-1], "输入日期时间"))
    sent = await harness.say("11月25日 10:00")
    case = await the_case(harness)
    assert case.intervention_requested_at.astimezone(BEIJING).day == 25
    sent = await record(harness, sent[-1], "收到裁决", outcome="未获支持", typed="11月26日")
    assert (await the_case(harness)).status == "ruling_received"


async def test_a_date_edit_that_breaks_the_order_can_fix_the_other_date(harness):
    # Success 11月22日, request 11月24日 20:30, refused 刚刚 (11月27日 20:00).
    await walk_apply(harness, seller="拒绝了")
    card = await open_card(harness)
    sent = await harness.press(button_data(card, "修改"))
    sent = await harness.press(button_data(sent[-1], "某件事的日期"))
    sent = await harness.press(button_data(sent[-1], "交易成功"))
    sent = await harness.press(button_data(sent[-1], "输入日期时间"))
    sent = await harness.say("11月26日")  # after the request: impossible
    assert (
        "「提交售后申请」是 11月24日（周二）20:30（北京时间），比「交易成功（确认收货）」的 11月26日（周四）还早"
        in sent[-1].text
    )
    case = await the_case(harness)
    assert case.transaction_succeeded_at.astimezone(BEIJING).day == 22  # unchanged
    sent = await harness.press(button_data(sent[-1], "改「提交售后申请」的日期"))  # the other one was wrong
    sent = await harness.press(button_data(sent[-1], "输入日期时间"))
    sent = await harness.say("11月27日 9:00")
    case = await the_case(harness)
    assert case.after_sales_requested_at.astimezone(BEIJING).day == 27


async def test_appeal_ruling_before_the_recorded_intervention_is_pointed_out(harness):
    """/appeal on a case whose intervention was requested 11月27日 10:00: a ruling typed for 11月26日 is
    named with both dates; the user corrects the ruling date and the appeal goes on."""
    await walk_apply(harness, seller="拒绝了", seller_when=REFUSED_AT)
    await record(harness, await open_card(harness), "我已申请介入", typed="11月27日 10:00")
    sent = await harness.say("/appeal")
    sent = await harness.press(buttons(sent[-1])[0][1])  # this case
    sent = await harness.press(button_data(sent[-1], "未获支持"))
    sent = await harness.say("11月26日 18:00")
    text = sent[-1].text
    assert (
        "「收到裁决」是 11月26日（周四）18:00" in text and "「申请客服介入」的 11月27日（周五）10:00" in text
    )
    assert (await the_case(harness)).ruling_at is None  # nothing saved
    sent = await harness.press(button_data(sent[-1], "改「收到裁决」的日期"))
    sent = await harness.say("今天 15:00")
    assert "申诉" in sent[-1].text  # on with the appeal: what it needs
    sent = await harness.press(button_data(sent[-1], "都没有"))
    sent = await harness.press(button_data(sent[-1], "完成"))
    case = await the_case(harness)
    assert case.status == "ruling_received" and case.ruling_at.astimezone(BEIJING).day == 27


async def test_a_date_typed_at_the_cards_when_question_is_read_at_once(harness):
    await walk_apply(harness, seller="拒绝了", seller_when=REFUSED_AT)
    card = await open_card(harness)
    sent = await harness.press(button_data(card, "我已申请介入"))
    assert "直接输入日期时间" in sent[-1].text
    sent = await harness.say("11月25日 10:00")  # without pressing 输入日期时间 first
    case = await the_case(harness)
    assert case.status == "intervention_requested"
    assert case.intervention_requested_at.astimezone(BEIJING).strftime("%d %H:%M") == "25 10:00"
    # A quick button pressed instead: no typed answer is waited for afterwards.
    sent = await harness.press(button_data(sent[-1], "收到裁决"))
    sent = await harness.press(button_data(sent[-1], "未获支持"))
    sent = await harness.press(button_data(sent[-1], "刚刚"))
    assert (await the_case(harness)).status == "ruling_received"
    sent = await harness.say("11月26日")
    assert "没能读懂这个时间" not in sent[-1].text and (await the_case(harness)).status == "ruling_received"


async def test_a_question_typed_at_the_cards_when_buttons_is_still_answered(harness):
    await walk_apply(harness, seller="拒绝了", seller_when=REFUSED_AT)
    sent = await harness.press(button_data(await open_card(harness), "我已申请介入"))
    sent = await harness.say("申请介入后多久出结果？")
    assert "没能读懂这个时间" not in sent[-1].text and "工作日" in "\n".join(m.text for m in sent)
    assert (await the_case(harness)).status == "seller_refused"
    sent = await harness.say("11月30日")  # no longer waited for as a date
    assert (await the_case(harness)).status == "seller_refused"


async def test_a_date_typed_on_the_card_is_said_back_and_a_future_one_refused_with_the_reason(harness):
    await walk_apply(harness, seller="拒绝了", seller_when=REFUSED_AT)
    sent = await harness.press(button_data(await open_card(harness), "我已申请介入"))
    sent = await harness.say("明天")
    assert "还没到" in sent[-1].text and (await the_case(harness)).status == "seller_refused"
    sent = await harness.say("11月25日 10:00")  # still waited for
    assert "按 11月25日（周三）10:00（北京时间）算" in "\n".join(m.text for m in sent)
    assert (await the_case(harness)).status == "intervention_requested"


async def test_a_date_far_back_typed_on_the_card_is_asked_about_before_it_is_used(harness):
    await walk_apply(harness, seller="拒绝了", seller_when=REFUSED_AT)  # transaction 11月22日
    card = await open_card(harness)
    sent = await harness.press(button_data(card, "修改"))
    sent = await harness.press(button_data(sent[-1], "某件事的日期"))
    sent = await harness.press(button_data(sent[-1], "交易成功"))
    sent = await harness.say("9月1日")  # typed straight at the when question, 87 days back
    assert "是 9月1日（周二）吗" in sent[-1].text
    assert (await the_case(harness)).transaction_succeeded_at.astimezone(BEIJING).day == 22  # not yet
    sent = await harness.press(button_data(sent[-1], "重新输入"))
    sent = await harness.say("9月2日")
    sent = await harness.press(button_data(sent[-1], "是"))
    assert "按 9月2日（周三）算" in "\n".join(m.text for m in sent)
    case = await the_case(harness)
    assert case.transaction_succeeded_at.astimezone(BEIJING).strftime("%m-%d") == "09-02"


async def seller_answer_at(h) -> str:
    async with h.app.database.sessions() as session:
        answered = (await session.scalars(select(CaseEvent).where(CaseEvent.kind == "seller_answered"))).one()
    return answered.at.replace(tzinfo=UTC).astimezone(BEIJING).strftime("%m-%d %H:%M")


async def test_the_sellers_answer_date_can_be_corrected_on_the_card_and_is_checked(harness):
    """The seller's answer was a timeline entry no 修改 could reach: a wrong date stayed for good.
    Now it is one of the dates to correct, checked against the after-sales request like the others."""
    await walk_apply(harness, seller="拒绝了", seller_when="11月25日 9:00")  # request 11月24日 20:30
    card = await open_card(harness)
    sent = await harness.press(button_data(card, "修改"))
    sent = await harness.press(button_data(sent[-1], "某件事的日期"))
    refused = next(text for text in labels(sent[-1]) if "卖家拒绝售后申请" in text)
    sent = await harness.press(button_data(sent[-1], refused))
    sent = await harness.press(button_data(sent[-1], "输入日期时间"))
    sent = await harness.say("11月23日 10:00")  # before the request: impossible
    text = sent[-1].text
    assert (
        "「卖家答复」是 11月23日（周一）10:00" in text and "「提交售后申请」的 11月24日（周二）20:30" in text
    )
    assert await seller_answer_at(harness) == "11-25 09:00"  # nothing saved
    sent = await harness.press(button_data(sent[-1], "改「卖家答复」的日期"))
    sent = await harness.press(button_data(sent[-1], "输入日期时间"))
    sent = await harness.say("11月26日 8:15")
    assert await seller_answer_at(harness) == "11-26 08:15"
    assert (await the_case(harness)).status == "seller_refused"
    # One undoable step, like every other correction.
    sent = await harness.press(button_data(sent[-1], "撤销"))
    assert await seller_answer_at(harness) == "11-25 09:00"


async def test_recording_the_intervention_before_the_sellers_answer_is_pointed_out(harness):
    await walk_apply(harness, seller="拒绝了", seller_when="11月26日 9:00")
    harness.clock.advance(timedelta(days=3))
    sent = await record(harness, await open_card(harness), "我已申请介入", typed="11月25日 10:00")
    text = sent[-1].text
    assert (
        "「申请客服介入」是 11月25日（周三）10:00" in text and "「卖家答复」的 11月26日（周四）09:00" in text
    )
    assert (await the_case(harness)).intervention_requested_at is None
    assert "改「卖家答复」的日期" in labels(sent[-1])
