"""FAQ through the real dispatcher: the language of the question, platform names, stored misses."""

from __future__ import annotations

from sqlalchemy import select

from bot.persistence.models import FaqMiss
from tests.bot.conftest import buttons, unsure_question


async def test_english_question_in_a_chinese_chat_is_answered_in_english(harness):
    sent = await harness.say("what is the deadline to appeal a ruling?", language="zh")
    text = sent[0].text
    assert "Source:" in text and "来源" not in text
    assert "3 days" in text


async def test_chinese_question_in_an_english_chat_is_answered_in_chinese(harness):
    sent = await harness.say("申诉期限是几天", language="en")
    assert "来源：" in sent[0].text and "Source:" not in sent[0].text


async def test_suggestions_header_buttons_and_answer_follow_the_question(harness):
    # "appeal" names three entries (where, how long, what it needs). Not "evidence" any more: the classifier,
    # trained on the outsiders' questions (faq/examples.yaml), answers it with the evidence overview.
    sent = await harness.say("appeal", language="zh")
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


async def test_greetings_and_thanks_get_a_kind_word_and_are_no_misses(harness):
    """Were answered "这个问题我暂时答不上来" and kept as misses for the operator."""
    sent = await harness.say("谢谢！", language="en")
    assert "不客气" in sent[0].text
    sent = await harness.say("hi", language="zh")
    assert "Hello" in sent[0].text and "can't answer" not in sent[0].text
    async with harness.app.database.sessions() as session:
        assert (await session.scalars(select(FaqMiss.query))).all() == []


async def test_stored_misses_keep_no_long_digit_runs(harness):
    await harness.say("asdkjh 13800138000 qwe 3456789012345678 zzz")
    async with harness.app.database.sessions() as session:
        stored = (await session.scalars(select(FaqMiss.query))).all()
    assert stored and all(sum(c.isdigit() for c in q) < 7 for q in stored)


async def test_misses_for_operators_add_a_paraphrase_that_works_at_once(harness, tmp_path):
    faq = harness.dispatcher["faq"]
    faq.overlay_path = tmp_path / "faq-overlay.yaml"
    # A miss with seller-refused among the candidates.
    question = unsure_question(
        faq.matcher, ["卖家说不", "卖家说不给", "商家耍赖皮 就是不给我弄"], among="seller-refused"
    )
    before = faq.matcher.match(question)
    await harness.say(question)
    await harness.say(question)
    sent = await harness.say("/misses", user_id=777)
    assert "运营" in sent[0].text  # not an operator: refused
    harness.app.settings.admin_ids = [777]
    sent = await harness.say("/misses", user_id=777)
    item = next(m for m in sent if question in m.text)
    assert "2 次" in item.text
    labels = [label for label, _ in buttons(item)]
    assert any(label.startswith("➕") for label in labels) and labels[-1].startswith("🙈")
    target = next(data for label, data in buttons(item) if "卖家拒绝" in label or "拒绝" in label)
    sent = await harness.press(target, user_id=777)
    assert "已把" in sent[0].text
    assert faq.overlay_path.exists()
    after = faq.matcher.match(question)
    assert after.kind == "answer" and after.entry is not None and after.entry.id == "seller-refused", (
        before,
        after,
    )
    sent = await harness.say("/misses", user_id=777)
    assert all(question not in m.text for m in sent)  # handled: no longer listed


async def test_misses_ignore(harness, tmp_path):
    faq = harness.dispatcher["faq"]
    faq.overlay_path = tmp_path / "faq-overlay.yaml"
    harness.app.settings.admin_ids = [777]
    await harness.say("zzq xxv qqp")
    sent = await harness.say("/misses", user_id=777)
    item = next(m for m in sent if "zzq" in m.text)
    sent = await harness.press(buttons(item)[-1][1], user_id=777)
    assert "忽略" in sent[0].text
    assert "zzq xxv qqp" in faq.overlay().ignored
