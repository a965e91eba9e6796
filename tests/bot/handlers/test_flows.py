"""The flows, cases, FAQ and evidence through the real dispatcher, database and catalogues."""

from __future__ import annotations

import io
from datetime import UTC
from pathlib import Path

from PIL import Image
from sqlalchemy import func, select

from bot.persistence.models import Case, CaseEvent, Evidence, FaqMiss, Reminder
from flows.clock import BEIJING
from tests.bot.conftest import button_data, buttons


def last_keyboard(sent):
    return [m for m in sent if m.reply_markup is not None][-1]


async def walk_apply(h, *, seller="还没回复", user_id=501, seller_when="刚刚"):
    sent = await h.say("/apply", user_id=user_id)
    if "新的订单" in str(buttons(sent[-1])):  # the user's open cases are offered first
        sent = await h.press(button_data(sent[-1], "新的订单"), user_id=user_id)
    assert "遇到了什么问题" in sent[-1].text
    sent = await h.press(button_data(last_keyboard(sent), "质量问题"), user_id=user_id)
    sent = await h.press(button_data(last_keyboard(sent), "退货退款"), user_id=user_id)
    sent = await h.press(button_data(last_keyboard(sent), "跳过"), user_id=user_id)  # order number
    sent = await h.say("11月22日", user_id=user_id)  # transaction succeeded
    sent = await h.press(button_data(last_keyboard(sent), "已提交"), user_id=user_id)
    sent = await h.say("11月24日 20:30", user_id=user_id)
    sent = await h.press(button_data(last_keyboard(sent), seller), user_id=user_id)
    if "卖家什么时候回复的" in sent[-1].text:  # agreed / refused: asked when, not stamped with now
        if seller_when in ("刚刚", "今天早些时候", "昨天"):
            sent = await h.press(button_data(sent[-1], seller_when), user_id=user_id)
        else:  # a date typed straight at the question, without pressing 输入日期时间 first
            sent = await h.say(seller_when, user_id=user_id)
    return sent


async def test_the_summary_shown_again_still_says_the_case_was_opened(harness):
    """Typing at the summary shows it again; it said "已更新你的案件" although this run opened the case."""
    sent = await walk_apply(harness)
    assert "已为你建了一个案件" in sent[-1].text
    sent = await harness.say("3")
    assert "请点下面的按钮" in sent[0].text
    assert "已为你建了一个案件" in sent[-1].text and "已更新" not in sent[-1].text


async def test_a_date_typed_at_the_when_question_is_read_at_once(harness):
    sent = await walk_apply(harness, seller="拒绝了", seller_when="11月25日 9:00")
    text = "\n".join(m.text for m in sent)
    assert "11月25日（周三）09:00" in text  # said back with its weekday
    assert "请点下面的按钮" not in text
    async with harness.app.database.sessions() as session:
        case = (await session.scalars(select(Case))).one()
        answered = (await session.scalars(select(CaseEvent).where(CaseEvent.kind == "seller_answered"))).one()
    assert case.status == "seller_refused"
    assert answered.at.replace(tzinfo=UTC).astimezone(BEIJING).strftime("%m-%d %H:%M") == "11-25 09:00"


async def test_a_typed_seller_answer_before_the_request_is_pointed_out(harness):
    sent = await walk_apply(harness, seller="拒绝了", seller_when="11月23日 9:00")
    text = sent[-1].text
    assert (
        "「卖家答复」是 11月23日（周一）09:00" in text and "「提交售后申请」的 11月24日（周二）20:30" in text
    )
    assert "没有保存" in text
    assert [label for label, _ in buttons(sent[-1])][:2] == [
        "改「提交售后申请」的日期",
        "改「卖家答复」的日期",
    ]
    async with harness.app.database.sessions() as session:
        assert (await session.scalars(select(Case))).first() is None  # nothing saved yet
    sent = await harness.press(button_data(sent[-1], "改「卖家答复」的日期"))
    assert "卖家什么时候回复的" in sent[-1].text  # asked again
    sent = await harness.say("11月25日 9:00")
    async with harness.app.database.sessions() as session:
        case = (await session.scalars(select(Case))).one()
        answered = (await session.scalars(select(CaseEvent).where(CaseEvent.kind == "seller_answered"))).one()
    assert case.status == "seller_refused"
    assert answered.at.replace(tzinfo=UTC).astimezone(BEIJING).strftime("%m-%d %H:%M") == "11-25 09:00"


async def test_a_request_before_the_transaction_is_pointed_out_in_english(harness):
    en = "en"
    sent = await harness.say("/apply", language=en)
    for label in ("Quality problem", "(refund only)"):
        sent = await harness.press(button_data(sent[-1], label), language=en)
    sent = await harness.press(button_data(sent[-1], "Skip"), language=en)  # order number
    sent = await harness.say("25 Nov", language=en)
    sent = await harness.press(button_data(sent[-1], "Yes, submitted"), language=en)
    sent = await harness.say("23 Nov 10:00", language=en)
    text = sent[-1].text
    assert "Mon 23 Nov, 10:00" in text and "Wed 25 Nov" in text and "nothing was saved" in text
    sent = await harness.press(button_data(sent[-1], "Fix the date of the transaction success"), language=en)
    sent = await harness.say("22 Nov", language=en)
    assert "seller" in sent[-1].text.lower()  # on to the seller's answer; the request is kept


async def test_apply_opens_case_with_deadlines_and_reminders(harness):
    sent = await walk_apply(harness)
    summary = "\n".join(m.text for m in sent)
    assert "12月7日" in summary  # 15 days after 11月22日
    assert "11月27日 20:30" in summary  # 72 hours after the request
    async with harness.app.database.sessions() as session:
        case = (await session.scalars(select(Case))).one()
        assert (case.problem, case.service_type, case.status) == (
            "quality",
            "return_refund",
            "after_sales_requested",
        )
        kinds = set((await session.scalars(select(Reminder.kind).where(Reminder.status == "pending"))).all())
        events = (await session.scalars(select(CaseEvent.kind))).all()
    assert {"seller_24h", "seller_due"} <= kinds
    assert "after_sales_requested" in events


async def test_order_number_is_checked(harness):
    sent = await harness.say("/apply")
    sent = await harness.press(button_data(last_keyboard(sent), "质量问题"))
    sent = await harness.press(button_data(last_keyboard(sent), "仅退款"))
    sent = await harness.say("12345")
    assert "15–20" in sent[0].text
    sent = await harness.say("1234567890123456")
    assert "交易" in sent[-1].text  # moved on to the transaction date


async def test_bad_date_reprompts_with_example_and_keeps_answers(harness):
    sent = await harness.say("/apply")
    sent = await harness.press(button_data(last_keyboard(sent), "质量问题"))
    sent = await harness.press(button_data(last_keyboard(sent), "仅退款"))
    sent = await harness.press(button_data(last_keyboard(sent), "跳过"))
    sent = await harness.say("下个月吧")
    assert "11月20日" in "\n".join(m.text for m in sent) or "例如" in "\n".join(m.text for m in sent)
    sent = await harness.say("2027-01-01")  # the future, for something that already happened
    assert sent and all("服务类型" not in m.text for m in sent)
    sent = await harness.say("昨天")
    assert "售后申请" in sent[-1].text


async def test_question_mid_flow_is_answered_then_prompt_repeats(harness):
    sent = await harness.say("/apply")
    sent = await harness.say("申诉电话是多少？")
    assert "9510211" in sent[0].text and "来源" in sent[0].text
    assert "遇到了什么问题" in sent[-1].text and buttons(sent[-1])


async def test_cancel_mid_flow_keeps_saved_case(harness):
    await walk_apply(harness)
    sent = await harness.say("/apply")
    sent = await harness.say("/cancel")
    assert "已退出" in sent[0].text
    sent = await harness.say("卖家不理我怎么办")  # free text goes to the FAQ again, not the flow
    assert "来源" in sent[0].text
    async with harness.app.database.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Case)) == 1


async def test_stale_flow_button_is_refused(harness):
    sent = await harness.say("/apply")
    old = button_data(last_keyboard(sent), "质量问题")
    await harness.press(old)
    before = len(harness.session.requests)
    sent = await harness.press(old)  # pressed again: that step is over
    assert sent == []
    answers = [r for r in harness.session.requests[before:] if type(r).__name__ == "AnswerCallbackQuery"]
    assert answers and answers[0].text


async def test_case_card_and_actions_update_status_and_reminders(harness):
    await walk_apply(harness, seller="拒绝了")  # intervention can be requested once the seller refused
    sent = await harness.say("/cases")
    case_button = buttons(sent[-1])[0][1]
    sent = await harness.press(case_button)
    card = sent[-1]
    assert "时间线" in card.text and "提交售后申请" in card.text
    sent = await harness.press(button_data(card, "我已申请介入"))
    assert "什么时候" in sent[-1].text  # when it happened, not the moment of the tap
    sent = await harness.press(button_data(sent[-1], "刚刚"))
    assert "已申请客服介入" in sent[0].text
    async with harness.app.database.sessions() as session:
        case = (await session.scalars(select(Case))).one()
        pending = set(
            (await session.scalars(select(Reminder.kind).where(Reminder.status == "pending"))).all()
        )
    assert case.status == "intervention_requested" and case.intervention_requested_at is not None
    assert pending == {"ruling_checkin"}


async def test_forged_callback_for_another_users_case_is_refused(harness):
    await walk_apply(harness, user_id=501)
    async with harness.app.database.sessions() as session:
        case_id = (await session.scalars(select(Case.id))).one()
    before = len(harness.session.requests)
    for action in ("open", "close:::1", "evidence"):
        sent = await harness.press(
            f"cc:{case_id}:0:{action}" + ("" if ":" in action else ":::0"), user_id=666
        )
        assert sent == []  # nothing about the case reaches the other user
    answers = [r for r in harness.session.requests[before:] if type(r).__name__ == "AnswerCallbackQuery"]
    assert len(answers) == 3 and all("找不到" in a.text for a in answers)
    async with harness.app.database.sessions() as session:
        assert (await session.get(Case, case_id)).status == "after_sales_requested"


def jpeg_bytes(size=(1280, 960), color=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG")
    return buffer.getvalue()


def png_bytes(size=(300, 200)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (0, 90, 200)).save(buffer, "PNG")
    return buffer.getvalue()


PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


async def send_file(h, tmp_path: Path, name: str, data: bytes, *, photo: bool, caption=None):
    from aiogram.methods import SendMessage
    from aiogram.types import Chat, Document, Message, Update

    path = tmp_path / name
    path.write_bytes(data)
    file_id = h.session.register_file(path)
    before = len(h.session.requests)
    if photo:
        update = h.photo_update(file_id, caption=caption)
    else:
        n = 50_000 + len(h.session.requests)
        update = Update(
            update_id=n,
            message=Message(
                message_id=n,
                date=h.clock.now(),
                chat=Chat(id=501, type="private"),
                from_user=h.user(),
                caption=caption,
                document=Document(
                    file_id=file_id, file_unique_id=file_id, file_name=name, file_size=len(data)
                ),
            ),
        )
    await h.dispatcher.feed_update(h.bot, update)
    return [r for r in h.session.requests[before:] if isinstance(r, SendMessage)]


async def test_evidence_upload_by_content_with_duplicates_and_refusals(harness, tmp_path):
    await walk_apply(harness)
    sent = await harness.evidence()
    assert "聊天记录" in "\n".join(m.text for m in sent)
    sent = await send_file(harness, tmp_path, "a.jpg", jpeg_bytes(), photo=True, caption="商品坏了的照片")
    text = "\n".join(m.text for m in sent)
    if "哪一类" in text or "属于" in text:
        sent = await harness.press(button_data(last_keyboard(sent), "商品"))
    sent = await send_file(harness, tmp_path, "chat.png", png_bytes(), photo=False, caption="聊天记录")
    sent = await send_file(harness, tmp_path, "order.pdf", PDF, photo=False, caption="订单截图")
    sent = await send_file(harness, tmp_path, "again.jpg", jpeg_bytes(), photo=True, caption="商品")
    assert "这张照片之前已经收到了（在「商品问题照片/报告」里），不再重复保存。" in "\n".join(
        m.text for m in sent
    )
    sent = await send_file(harness, tmp_path, "fake.jpg", b"PK\x03\x04 this is really a docx", photo=False)
    assert "「fake.jpg」看名字是图片，但内容其实不是图片" in "\n".join(m.text for m in sent)
    assert "JPG/PNG/PDF" in "\n".join(m.text for m in sent)
    sent = await harness.say("/done")
    async with harness.app.database.sessions() as session:
        rows = (await session.scalars(select(Evidence))).all()
    assert sorted(r.mime for r in rows) == ["application/pdf", "image/jpeg", "image/png"]
    assert {r.category for r in rows} >= {"chat", "transaction"}
    chat = next(r for r in rows if r.category == "chat")
    assert (chat.caption, chat.original_name, chat.width, chat.height) == ("聊天记录", "chat.png", 300, 200)
    assert chat.telegram_file_id.startswith("local-")
    evidence_dir = Path(harness.app.settings.evidence_dir)
    for row in rows:
        stored = list(evidence_dir.rglob(f"{row.sha256}.*"))
        assert len(stored) == 1 and stored[0].stat().st_size == row.size


async def test_faq_answer_suggestions_and_misses(harness):
    sent = await harness.say("申述期限是几天")
    assert "3" in sent[0].text and "来源" in sent[0].text
    sent = await harness.say("京东怎么退货")
    assert "淘宝" in sent[0].text and "京东" in sent[0].text
    sent = await harness.say("asdkjh qwe zzz")
    assert "答不上来" in sent[0].text
    async with harness.app.database.sessions() as session:
        misses = (await session.scalars(select(FaqMiss.query))).all()
    assert "asdkjh qwe zzz" in misses


async def test_faq_topics_menu(harness):
    sent = await harness.say("/faq")
    topic = buttons(sent[0])[0][1]
    sent = await harness.press(topic)
    question = buttons(sent[0])[0][1]
    sent = await harness.press(question)
    assert "来源" in sent[0].text


async def test_negotiate_gives_ready_message_and_can_open_case(harness):
    sent = await harness.say("/negotiate")
    sent = await harness.press(button_data(last_keyboard(sent), "没收到货"))
    texts: list[str] = []
    for _ in range(8):  # answer each step with its first content button or a skip
        markup = last_keyboard(sent)
        labels = [label for label, _ in buttons(markup)]
        texts.extend(m.text for m in sent)
        if any("建个案件" in label for label in labels):
            sent = await harness.press(button_data(markup, "建个案件"))
            break
        skip = [d for label, d in buttons(markup) if "跳过" in label]
        sent = await harness.press(skip[0] if skip else buttons(markup)[0][1])
    texts.extend(m.text for m in sent)
    joined = "\n".join(texts)
    assert "您好" in joined or "你好" in joined  # the ready-to-send message to the seller
    async with harness.app.database.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Case)) == 1


async def test_negotiate_with_the_transaction_date_plans_the_window_reminders(harness):
    """START is 11月27日 20:00 Beijing; success 11月20日 (no hour): the window ends on 12月5日, its
    reminders fire 3 days and 1 day before (08:00, after quiet hours), and the texts say so."""
    sent = await harness.say("/negotiate")
    for label in ("质量问题", "退货退款", "跳过", "跳过"):
        sent = await harness.press(button_data(last_keyboard(sent), label))
    assert "交易是哪天成功" in sent[-1].text
    assert "还没确认收货" in [label for label, _ in buttons(last_keyboard(sent))]
    sent = await harness.say("11月20日")
    assert "好的，按 11月20日（周五）算。" in sent[0].text
    sent = await harness.press(button_data(last_keyboard(sent), "24"))
    assert "售后申请期截止前我也会提醒你" in sent[-1].text
    sent = await harness.press(button_data(last_keyboard(sent), "建个案件"))
    assert (
        "售后申请期（交易成功后 15 天内）：12月5日当天截止（具体时间以淘宝页面为准，建议前一天完成）"
        in sent[-1].text
    )
    async with harness.app.database.sessions() as session:
        case = (await session.scalars(select(Case))).one()
        rows = (await session.scalars(select(Reminder).where(Reminder.status == "pending"))).all()
    assert case.status == "negotiating" and case.transaction_succeeded_at is not None
    due = {r.kind: r.due_at.replace(tzinfo=UTC).astimezone(BEIJING).strftime("%m-%d %H:%M") for r in rows}
    assert due["window_3d"] == "12-02 08:00" and due["window_1d"] == "12-04 08:00"
    assert "negotiation_checkin" in due


async def test_negotiate_without_the_date_promises_no_window_reminder(harness):
    sent = await harness.say("/negotiate")
    for label in ("质量问题", "退货退款", "跳过", "跳过", "跳过", "24"):
        sent = await harness.press(button_data(last_keyboard(sent), label))
    assert "期限前我也会提醒你" not in sent[-1].text and "过几天我会问问你" in sent[-1].text
    sent = await harness.press(button_data(last_keyboard(sent), "建个案件"))
    assert "不会提醒这个期限" in sent[-1].text
    async with harness.app.database.sessions() as session:
        kinds = set((await session.scalars(select(Reminder.kind).where(Reminder.status == "pending"))).all())
    assert kinds == {"negotiation_checkin"}


async def test_appeal_after_three_days_says_channel_closed(harness):
    from datetime import timedelta

    await walk_apply(harness)  # the after-sales request 11月24日: the ruling comes after it
    harness.clock.advance(timedelta(days=10))  # 12月7日
    sent = await harness.say("/appeal")
    for _ in range(4):
        joined = "\n".join(m.text for m in sent)
        if "什么时候" in joined or "哪天" in joined:
            break
        sent = await harness.press(buttons(last_keyboard(sent))[0][1])
    sent = await harness.say("12月1日")
    assert "关闭" in "\n".join(m.text for m in sent)


async def test_second_apply_opens_a_second_case(harness):
    await walk_apply(harness)
    await walk_apply(harness, seller="拒绝了")
    async with harness.app.database.sessions() as session:
        statuses = sorted((await session.scalars(select(Case.status))).all())
    assert statuses == ["after_sales_requested", "seller_refused"]


async def test_reminder_message_and_its_buttons_update_the_case(harness):
    from datetime import timedelta

    from bot.reminder_messages import ReminderRenderer

    await walk_apply(harness)
    async with harness.app.database.sessions() as session:
        due = (await session.scalars(select(Reminder).where(Reminder.kind == "seller_due"))).one()
    renderer = ReminderRenderer(harness.app.database, harness.dispatcher["i18n_core"], "zh")
    harness.clock.advance(timedelta(hours=1))  # past the seller's 72 hours
    outgoing = await renderer(due, harness.clock.now())
    assert outgoing is not None and outgoing.chat_id == 501
    assert "72 小时已到" in outgoing.text and "申请客服介入" in outgoing.text
    labels = {b.text: b.callback_data for row in outgoing.markup.inline_keyboard for b in row}
    assert set(labels) == {"卖家已回复", "我已申请介入", "暂不处理"}
    sent = await harness.press(labels["我已申请介入"])
    assert "什么时候" in sent[-1].text  # the reminder's button asks when, too
    sent = await harness.press(button_data(sent[-1], "刚刚"))
    assert "已申请客服介入" in sent[0].text
    async with harness.app.database.sessions() as session:
        case = (await session.scalars(select(Case))).one()
        pending = set(
            (await session.scalars(select(Reminder.kind).where(Reminder.status == "pending"))).all()
        )
    assert case.status == "intervention_requested" and pending == {"ruling_checkin"}
    sent = await harness.say("/reminders")
    assert "12月5日 08:00" in sent[0].text and "裁决" in sent[0].text  # 5 working days, then quiet hours
    sent = await harness.press(buttons(sent[0])[0][1])  # turn off
    async with harness.app.database.sessions() as session:
        assert not (await session.scalars(select(Reminder).where(Reminder.status == "pending"))).all()
    sent = await harness.say("/reminders")
    sent = await harness.press(buttons(sent[0])[0][1])  # on again: planned from the case once more
    async with harness.app.database.sessions() as session:
        pending = set(
            (await session.scalars(select(Reminder.kind).where(Reminder.status == "pending"))).all()
        )
    assert pending == {"ruling_checkin"}


async def test_english_reminder_keeps_taobao_button_names(harness):
    from datetime import timedelta

    from bot.reminder_messages import ReminderRenderer

    await walk_apply(harness)
    async with harness.app.database.sessions() as session:
        due = (await session.scalars(select(Reminder).where(Reminder.kind == "seller_due"))).one()
        from bot.persistence.models import User

        (await session.get(User, 501)).language = "en"
        await session.commit()
    from bot.persistence.heartbeats import start_run

    later = harness.clock.now() + timedelta(days=2)
    # The heartbeats say: a scheduler ran until now, then none until it started again at send time.
    async with harness.app.database.sessions() as session:
        await start_run(session, "before", harness.clock.now())
        await start_run(session, "after", later)
        await session.commit()
    renderer = ReminderRenderer(harness.app.database, harness.dispatcher["i18n_core"], "zh")
    outgoing = await renderer(due, later)
    assert "申请客服介入 (request customer-service intervention)" in outgoing.text
    assert "late" in outgoing.text  # sent two days after it was due


async def test_double_tap_opens_one_case(harness):
    import asyncio

    from aiogram.types import CallbackQuery, Chat, Message, Update

    sent = await harness.say("/apply")
    for label in ("质量问题", "退货退款", "跳过"):
        sent = await harness.press(button_data(last_keyboard(sent), label))
    sent = await harness.say("11月22日")
    sent = await harness.press(button_data(last_keyboard(sent), "已提交"))
    sent = await harness.say("11月24日 20:30")
    data = button_data(last_keyboard(sent), "还没回复")  # the answer that saves the case at once
    message = Message(message_id=1, date=harness.clock.now(), chat=Chat(id=501, type="private"), text="…")
    taps = [
        Update(
            update_id=90_000 + i,
            callback_query=CallbackQuery(
                id=f"tap{i}", from_user=harness.user(), chat_instance="t", message=message, data=data
            ),
        )
        for i in range(2)
    ]
    await asyncio.gather(*(harness.dispatcher.feed_update(harness.bot, tap) for tap in taps))
    async with harness.app.database.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Case)) == 1


async def test_photo_outside_a_flow_is_held_and_the_bot_asks_where_it_belongs(harness, tmp_path):
    # More in tests/bot/test_evidence_filing.py.
    sent = await send_file(harness, tmp_path, "a.jpg", jpeg_bytes(), photo=True)
    assert "收到 1 张照片" in sent[-1].text and "是哪个订单的" in sent[-1].text
    assert not list(Path(harness.app.settings.evidence_dir).rglob("*.jpg"))  # held, not stored yet


async def test_effect_naming_a_deleted_case_is_logged_and_told(harness, caplog):
    sent = await walk_apply(harness, seller="拒绝了")  # the summary: the run is bound to case #1
    async with harness.app.database.sessions() as session:
        case = (await session.scalars(select(Case))).one()
        await session.delete(case)
        await session.commit()
    with caplog.at_level("WARNING"):
        sent = await harness.press(button_data(last_keyboard(sent), "我已申请介入"))
        sent = await harness.press(button_data(last_keyboard(sent), "刚刚"))
    assert "案件已经不在了" in sent[0].text
    assert "names no case" in caplog.text
    async with harness.app.database.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Case)) == 0


async def test_a_typed_part_of_one_button_label_is_a_press_but_not_when_two_buttons_share_it(harness):
    sent = await harness.say("/apply")
    sent = await harness.press(button_data(sent[-1], "质量问题"))
    sent = await harness.say("退款")  # 仅退款 and 退货退款 both: not a press
    assert "仅退款" in str(buttons(sent[-1])) and "遇到了什么问题" not in sent[-1].text
    async with harness.app.database.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Case)) == 0
    sent = await harness.say("仅退款吧")  # the label with a filler word: a press
    sent = await harness.press(button_data(sent[-1], "跳过"))
    sent = await harness.say("11月22日")
    sent = await harness.say("是的，已提交")  # the button says 已提交
    assert "什么时候提交的" in sent[-1].text


async def test_english_typed_labels_match_by_whole_words(harness):
    en = "en"
    sent = await harness.say("/apply", language=en)
    sent = await harness.press(button_data(sent[-1], "Quality problem"), language=en)
    sent = await harness.press(button_data(sent[-1], "(refund only)"), language=en)
    sent = await harness.say("skip", language=en)
    sent = await harness.say("22 Nov", language=en)
    sent = await harness.say("Submitted", language=en)  # the button says "Yes, submitted"
    assert "when" in sent[-1].text.lower() and "submit" in sent[-1].text.lower()
