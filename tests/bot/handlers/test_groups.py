"""Defect 10: an update from a group gets the private-chat pointer and nothing else; no state, no rows."""

from __future__ import annotations

import itertools

from aiogram.methods import AnswerCallbackQuery, SendMessage
from aiogram.types import CallbackQuery, Chat, Message, PhotoSize, Update
from sqlalchemy import func, select

from bot.persistence.models import Case, FsmRecord, User

GROUP = Chat(id=-100777, type="supergroup", title="买家群")
_ids = itertools.count(90_000)


def _group_message(h, **content) -> Update:
    n = next(_ids)
    return Update(
        update_id=n,
        message=Message(message_id=n, date=h.clock.now(), chat=GROUP, from_user=h.user(502), **content),
    )


def _group_press(h, data: str) -> Update:
    n = next(_ids)
    message = Message(message_id=n, date=h.clock.now(), chat=GROUP, text="菜单")
    return Update(
        update_id=n,
        callback_query=CallbackQuery(
            id=str(n), from_user=h.user(502), chat_instance="g", message=message, data=data
        ),
    )


async def _rows(h) -> tuple[int, int, int]:
    async with h.app.database.sessions() as session:
        return (
            await session.scalar(select(func.count()).select_from(FsmRecord)),
            await session.scalar(select(func.count()).select_from(User)),
            await session.scalar(select(func.count()).select_from(Case)),
        )


async def test_buttons_pressed_in_a_group_answer_privately_and_keep_no_state(harness) -> None:
    for data in ("m:apply", "m:cases", "m:faq", "f:apply:problem:quality", "c:1:open", "l:en"):
        before = len(harness.session.requests)
        await harness.dispatcher.feed_update(harness.bot, _group_press(harness, data))
        calls = harness.session.requests[before:]
        assert not [c for c in calls if isinstance(c, SendMessage)], (data, calls)  # nothing into the group
        popups = [c for c in calls if isinstance(c, AnswerCallbackQuery)]
        assert len(popups) == 1 and "私聊" in (popups[0].text or ""), (data, calls)
    assert await _rows(harness) == (0, 0, 0)  # no FSM record under the group's key, no user row


async def test_commands_and_files_in_a_group_get_only_the_pointer(harness) -> None:
    for content in (
        {"text": "/apply"},
        {"text": "/start"},
        {"text": "/mydata"},
        {"photo": [PhotoSize(file_id="g1", file_unique_id="g1", width=10, height=10)]},
    ):
        before = len(harness.session.requests)
        await harness.dispatcher.feed_update(harness.bot, _group_message(harness, **content))
        sent = [c for c in harness.session.requests[before:] if isinstance(c, SendMessage)]
        assert len(sent) == 1 and "私聊" in sent[0].text and sent[0].chat_id == GROUP.id, content
    # ordinary chatter is not for us: silence
    before = len(harness.session.requests)
    await harness.dispatcher.feed_update(harness.bot, _group_message(harness, text="大家好"))
    assert harness.session.requests[before:] == []
    assert await _rows(harness) == (0, 0, 0)
