"""FAQ through the real dispatcher: the language of the question, platform names, stored misses."""

from __future__ import annotations

from sqlalchemy import select

from bot.persistence.models import FaqMiss
from tests.bot.conftest import buttons


async def test_english_question_in_a_chinese_chat_is_answered_in_english(harness):
    sent = await harness.say("what is the deadline to appeal a ruling?", language="zh")
    text = sent[0].text
    assert "Source:" in text and "来源" not in text
    assert "3 days" in text


async def test_chinese_question_in_an_english_chat_is_answered_in_chinese(harness):
    sent = await harness.say("申诉期限是几天", language="en")
    assert "来源：" in sent[0].text and "Source:" not in sent[0].text


async def test_suggestions_header_buttons_and_answer_follow_the_question(harness):
    sent = await harness.say("evidence", language="zh")
    msg = sent[0]
    assert msg.reply_markup is not None, msg.text
    assert "not sure" in msg.text  # the English header, not the Chinese one
    labels = [label for label, _data in buttons(msg)]
    assert labels and all(not any("\u4e00" <= ch <= "\u9fff" for ch in label) for label in labels)
    sent = await harness.press(buttons(msg)[0][1], language="zh")
    assert "Source:" in sent[0].text


async def test_gibberish_gets_the_users_language_and_english_none_gets_english(harness):
    sent = await harness.say("asdkjh qwe zzz", language="zh")
    assert "答不上来" in sent[0].text
    sent = await harness.say("how do I bake bread at home?", language="zh")
    assert "can't answer" in sent[0].text


async def test_other_platform_named_in_english(harness):
    sent = await harness.say("how do I get a refund on JD?", language="en")
    assert "JD.com" in sent[0].text and "京东" not in sent[0].text


async def test_stored_misses_keep_no_long_digit_runs(harness):
    await harness.say("asdkjh 13800138000 qwe 3456789012345678 zzz")
    async with harness.app.database.sessions() as session:
        stored = (await session.scalars(select(FaqMiss.query))).all()
    assert stored and all(sum(c.isdigit() for c in q) < 7 for q in stored)
