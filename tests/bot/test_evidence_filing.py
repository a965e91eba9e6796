"""Nothing thrown away: a photo or file sent outside any flow is downloaded once, the bot asks which case
(open cases + 新的订单) and which category, and files it; /cancel and silence delete what waits."""

from __future__ import annotations

import json
from datetime import timedelta

from aiogram.methods import GetFile, SendMessage
from sqlalchemy import select

from bot.persistence.models import Case, FsmRecord
from flows.evidence import PENDING_HOURS
from tests.bot.conftest import button_data, buttons
from tests.bot.handlers.test_flows import jpeg_bytes, last_keyboard, send_file, walk_apply
from tests.bot.test_evidence_intake import rows, send_album, staged, stored, text_of


async def cases(h) -> list[Case]:
    async with h.app.database.sessions() as session:
        return list((await session.scalars(select(Case).order_by(Case.id))).all())


async def fsm_text(h) -> str:
    async with h.app.database.sessions() as session:
        return json.dumps([r.data for r in (await session.scalars(select(FsmRecord))).all()])


def downloads(h) -> int:
    return sum(isinstance(r, GetFile) for r in h.session.requests)


async def test_photo_outside_a_flow_is_filed_after_choosing_case_and_category(harness, tmp_path):
    h = harness
    await walk_apply(h)
    await h.say("/cancel")
    before = downloads(h)
    sent = await send_file(h, tmp_path, "p.jpg", jpeg_bytes(color=(5, 6, 7)), photo=True)
    question = sent[-1]
    assert "收到 1 张照片" in question.text and "是哪个案件的" in question.text
    assert f"{PENDING_HOURS} 小时内没有选" in question.text and "/cancel" in question.text
    labels = [text for text, _ in buttons(question)]
    [case] = await cases(h)
    assert any(f"#{case.id}" in label and "售后" in label for label in labels), labels  # title + status
    assert any("新的订单" in label for label in labels)
    assert downloads(h) - before == 1
    # Waiting: the file is on disk, named in the saved conversation (so no sweep takes it), no row yet.
    [waiting] = staged(h)
    assert waiting.name in await fsm_text(h) and await rows(h) == []

    sent = await h.press(button_data(question, f"#{case.id}"))
    assert "属于哪一类" in sent[-1].text
    sent = await h.press(button_data(last_keyboard(sent), "物流"))
    said = text_of(sent)
    assert "已存入案件" in said and "1 份" in said and "物流" in said
    # The evidence flow goes on with this case: its progress, with the ✅ 完成 button.
    assert any("完成" in str(buttons(m)) for m in sent if m.reply_markup is not None)
    [row] = await rows(h)
    assert (row.case_id, row.category) == (case.id, "logistics")
    assert staged(h) == [] and [p.name for p in stored(h)] == [f"{row.sha256}.jpg"]
    assert downloads(h) - before == 1  # downloaded once

    # The evidence flow carries on: the next photo goes to the same case without asking which.
    sent = await send_file(h, tmp_path, "q.jpg", jpeg_bytes(color=(9, 9, 9)), photo=True, caption="聊天")
    assert "是哪个案件的" not in text_of(sent)
    assert len(await rows(h)) == 2


async def test_album_outside_a_flow_asks_once_and_can_open_a_new_case(harness, tmp_path):
    h = harness
    await walk_apply(h)
    await h.say("/cancel")
    sent = await send_album(h, tmp_path, [jpeg_bytes(color=(30 * i, 1, 1)) for i in range(3)])
    questions = [m for m in sent if "是哪个案件的" in m.text]
    assert len(questions) == 1 and "收到 3 张照片" in questions[0].text
    sent = await h.press(button_data(questions[0], "新的订单"))
    assert "订单号" in sent[-1].text
    sent = await h.say("12345")  # a mistake: too short
    assert "15–20" in text_of(sent)
    sent = await h.say("订单号：3712 3456 7890 1234 56")
    assert "属于哪一类" in sent[-1].text
    sent = await h.press(button_data(last_keyboard(sent), "商品"))
    assert "已新建案件" in text_of(sent) and "3 份" in text_of(sent)
    _first, second = await cases(h)
    assert second.order_no == "371234567890123456"
    assert {(r.case_id, r.category) for r in await rows(h)} == {(second.id, "product")}
    assert len(await rows(h)) == 3 and staged(h) == []


async def test_no_case_yet_asks_the_order_and_a_caption_names_the_category(harness, tmp_path):
    h = harness
    sent = await send_file(h, tmp_path, "a.jpg", jpeg_bytes(), photo=True, caption="快递签收截图")
    assert "收到 1 张照片" in sent[-1].text and "是哪个订单的" in sent[-1].text and "订单号" in sent[-1].text
    assert f"{PENDING_HOURS} 小时内没有选" in sent[-1].text
    sent = await h.press(button_data(last_keyboard(sent), "跳过"))
    assert "已新建案件" in text_of(sent) and "物流" in text_of(sent)
    [case] = await cases(h)
    [row] = await rows(h)
    assert row.case_id == case.id and row.category == "logistics"


async def test_a_file_sent_while_the_order_number_is_asked_joins_the_group(harness, tmp_path):
    """Was refused with "证据可以之后用 /evidence 上传" — wrong while the bot is filing files already."""
    h = harness
    await send_file(h, tmp_path, "a.jpg", jpeg_bytes(), photo=True)
    sent = await send_file(h, tmp_path, "b.jpg", jpeg_bytes(color=(1, 2, 3)), photo=True)
    assert "/evidence" not in text_of(sent)
    assert "收到 2 张照片" in sent[-1].text and "是哪个订单的" in sent[-1].text
    sent = await h.say("3712345678901234567")
    sent = await h.press(button_data(last_keyboard(sent), "商品"))
    [case] = await cases(h)
    assert case.order_no == "3712345678901234567"
    assert len(await rows(h)) == 2 and {r.case_id for r in await rows(h)} == {case.id}


async def test_cancel_deletes_the_waiting_files_at_once_and_says_so(harness, tmp_path):
    h = harness
    await send_album(h, tmp_path, [jpeg_bytes(color=(40 * i, 2, 2)) for i in range(2)])
    assert len(staged(h)) == 2
    sent = await h.say("/cancel")
    assert "2 个文件已删除" in text_of(sent)
    assert staged(h) == [] and stored(h) == [] and await rows(h) == []
    # The cancel button of the question does the same.
    sent = await send_file(h, tmp_path, "b.jpg", jpeg_bytes(color=(1, 2, 3)), photo=True)
    sent = await h.press(button_data(sent[-1], "取消"))
    assert "1 个文件已删除" in text_of(sent) and staged(h) == []


async def test_files_nobody_files_for_a_day_are_deleted_and_a_late_answer_says_so(harness, tmp_path):
    h = harness
    await walk_apply(h)
    await h.say("/cancel")
    sent = await send_file(h, tmp_path, "late.jpg", jpeg_bytes(color=(7, 7, 7)), photo=True)
    [case] = await cases(h)
    h.clock.advance(timedelta(hours=PENDING_HOURS, minutes=1))
    sent = await h.press(button_data(sent[-1], f"#{case.id}"))
    assert f"超过 {PENDING_HOURS} 小时" in text_of(sent) and "重新发送" in text_of(sent)
    assert await rows(h) == [] and staged(h) == []


async def test_a_photo_the_case_already_has_is_not_stored_twice(harness, tmp_path):
    h = harness
    await walk_apply(h)
    await h.evidence()
    await send_file(h, tmp_path, "d.jpg", jpeg_bytes(color=(8, 8, 8)), photo=True, caption="聊天记录")
    await h.say("/cancel")
    sent = await send_file(h, tmp_path, "d2.jpg", jpeg_bytes(color=(8, 8, 8)), photo=True)
    [case] = await cases(h)
    sent = await h.press(button_data(sent[-1], f"#{case.id}"))
    assert "之前已经收到了（在「聊天记录」里）" in text_of(sent)
    assert "属于哪一类" not in text_of(sent)
    assert len(await rows(h)) == 1 and staged(h) == []


async def test_a_file_that_cannot_be_kept_is_refused_without_a_question(harness, tmp_path):
    h = harness
    sent = await send_file(h, tmp_path, "notes.docx", b"PK\x03\x04 not evidence", photo=False)
    assert "是哪个案件的" not in text_of(sent) and "JPG/PNG/PDF" in text_of(sent)
    assert staged(h) == [] and "filing" not in await fsm_text(h)  # no question left waiting


async def test_english_question_and_answers(harness, tmp_path):
    h = harness
    path = tmp_path / "e.jpg"
    path.write_bytes(jpeg_bytes(color=(3, 3, 9)))
    file_id = h.session.register_file(path)
    update = h.photo_update(file_id)
    assert update.message is not None
    update = update.model_copy(
        update={"message": update.message.model_copy(update={"from_user": h.user(language="en")})}
    )
    before = len(h.session.requests)
    await h.dispatcher.feed_update(h.bot, update)
    sent = [r for r in h.session.requests[before:] if isinstance(r, SendMessage)]
    assert "I got 1 photo and am holding on to it" in sent[-1].text
    assert "Which order is this for?" in sent[-1].text
    assert f"within {PENDING_HOURS} hours, what you sent is deleted" in sent[-1].text
    sent = await h.press(button_data(sent[-1], "Skip"), language="en")
    sent = await h.press(button_data(last_keyboard(sent), "Chat"), language="en")
    assert "New case opened; 1 file saved" in text_of(sent)


async def test_every_progress_message_keeps_the_done_button(harness, tmp_path):
    h = harness
    await walk_apply(h)
    sent = list(await h.evidence())
    sent += await send_file(h, tmp_path, "1.jpg", jpeg_bytes(color=(1, 0, 0)), photo=True, caption="聊天")
    sent += await send_file(h, tmp_path, "1b.jpg", jpeg_bytes(color=(1, 0, 0)), photo=True)  # duplicate
    sent += await send_file(h, tmp_path, "x.docx", b"PK\x03\x04 no", photo=False)  # refused
    album = await send_album(h, tmp_path, [jpeg_bytes(color=(2, 40 * i, 0)) for i in range(2)])
    sent += album
    sent += await h.press(button_data(last_keyboard(album), "物流"))
    progress = [m for m in sent if "已覆盖" in m.text]
    assert len(progress) >= 4
    for message in progress:
        assert message.reply_markup is not None and "完成" in str(buttons(message)), message.text
