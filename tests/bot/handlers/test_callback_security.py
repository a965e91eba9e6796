"""Defects 3 and 4: numbers in callback data are range-checked; callback data cannot reach rows the
user does not own."""

from __future__ import annotations

import pytest
from aiogram.methods import AnswerCallbackQuery
from sqlalchemy import func, select

from bot.persistence.models import FaqMiss
from tests.bot.conftest import buttons, unsure_question

HUGE = "12345678901234567890123"  # 23 digits: beyond SQLite's 64-bit integers


def _popups(h, before: int) -> list[str]:
    return [r.text or "" for r in h.session.requests[before:] if isinstance(r, AnswerCallbackQuery)]


@pytest.mark.parametrize(
    "data",
    [
        f"cc:{HUGE}:0:open:::0",
        f"cc:-{HUGE}:0:close:::1",
        "cc:9223372036854775808:0:open:::0",  # 2**63
        "cc:-1:0:open:::0",
        f"cc:1:{HUGE}:open:::0",  # the case version
        "cc:1:0:open:::7",
        f"q:e:some-entry:{HUGE}",
    ],
)
async def test_out_of_range_numbers_are_an_expired_button(harness, data: str) -> None:
    before = len(harness.session.requests)
    sent = await harness.press(data)
    popups = _popups(harness, before)
    text = "\n".join([m.text for m in sent] + popups)
    assert "出了点问题" not in text  # not the generic apology
    assert "过期" in text, text


async def test_a_forged_faq_button_does_not_delete_another_users_miss(harness) -> None:
    # user 501 asks something the FAQ is unsure about: a miss row is stored, with buttons
    question = unsure_question(
        harness.dispatcher["faq"].matcher, ["我跟卖家的事", "卖家的事", "卖家的问题怎么办"]
    )
    sent = await harness.say(question, user_id=501)
    async with harness.app.database.sessions() as session:
        misses = (await session.scalars(select(FaqMiss))).all()
    assert misses, "the text must get suggestions, not an answer"
    miss_id = misses[0].id
    assert sent[-1].reply_markup is not None
    # user 666 forges a button carrying that row's id, for any entry
    for data in (f"q:e:x:{miss_id}", f"q:e:{_first_entry(harness)}:{miss_id}"):
        await harness.press(data, user_id=666)
    async with harness.app.database.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(FaqMiss)) == len(misses)
    # the buttons carry an opaque token, not the row id
    suggestion = buttons(sent[-1])[0][1]
    assert suggestion.rsplit(":", 1)[1] != str(miss_id)
    # another user pressing the real button drops nothing either
    await harness.press(suggestion, user_id=666)
    async with harness.app.database.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(FaqMiss)) == len(misses)
    # the asker picking it does: the question was answered after all
    await harness.press(suggestion, user_id=501)
    async with harness.app.database.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(FaqMiss)) == len(misses) - 1


def _first_entry(h) -> str:
    faq = h.dispatcher["faq"]
    return next(iter(faq.knowledge.entries)).id
