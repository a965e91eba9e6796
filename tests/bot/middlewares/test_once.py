"""A redelivered update is handled once (bot/middlewares/once.py, bot/persistence/updates.py), through
the real dispatcher and database, as `dispute-bot run` assembles it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from aiogram.methods import SendMessage
from aiogram.types import CallbackQuery, Chat, Message, Update
from sqlalchemy import func, select

from bot.app import build_app, create_bot
from bot.config import load_settings
from bot.local_session import LocalSession
from bot.persistence.database import Database
from bot.persistence.models import Case, CaseEvent, FsmRecord, ProcessedUpdate, Reminder
from bot.persistence.updates import KEEP, processed_status, prune_processed
from flows.clock import FrozenClock
from tests.bot.conftest import START, Harness, button_data

USER = 501


class Crash(BaseException):
    """The process dying at this point: nothing after it runs, no error handler sees it."""


@pytest.fixture
async def once(tmp_path: Path, database_url: str, database: Database) -> AsyncIterator[Harness]:
    settings = load_settings({"DATABASE_URL": database_url, "EVIDENCE_DIR": str(tmp_path / "evidence")})
    clock = FrozenClock(START)
    app = build_app(settings, database, clock, album_quiet_period=0.05, once_per_update=True)
    session = LocalSession()
    bot = create_bot(settings, "123456:test-token-for-handler-tests-0000000", session=session)
    h = Harness(app, bot, session, clock)

    async def no_sleep(_: float) -> None:
        return None

    app.attach(bot, sleep=no_sleep)
    await app.dispatcher.emit_startup(bot=bot, dispatcher=app.dispatcher, **app.dispatcher.workflow_data)
    yield h
    await app.dispatcher.emit_shutdown(bot=bot, dispatcher=app.dispatcher, **app.dispatcher.workflow_data)


def text_update(h: Harness, update_id: int, text: str) -> Update:
    return Update(
        update_id=update_id,
        message=Message(
            message_id=update_id,
            date=h.clock.now(),
            text=text,
            chat=Chat(id=USER, type="private"),
            from_user=h.user(USER),
        ),
    )


def press_update(h: Harness, update_id: int, data: str) -> Update:
    message = Message(message_id=9000 + update_id, date=h.clock.now(), chat=Chat(id=USER, type="private"))
    query = CallbackQuery(
        id=str(update_id), from_user=h.user(USER), chat_instance="t", message=message, data=data
    )
    return Update(update_id=update_id, callback_query=query)


async def feed(h: Harness, update: Update) -> list[SendMessage]:
    before = len(h.session.requests)
    await h.dispatcher.feed_update(h.bot, update)
    return [r for r in h.session.requests[before:] if isinstance(r, SendMessage)]


async def counts(database: Database) -> tuple[int, ...]:
    async with database.sessions() as session:
        return tuple(
            [
                int(await session.scalar(select(func.count()).select_from(model)) or 0)
                for model in (Case, CaseEvent, Reminder)
            ]
        )


async def fsm(database: Database) -> list[tuple[str | None, object]]:
    async with database.sessions() as session:
        return [(row.state, row.data) for row in (await session.scalars(select(FsmRecord))).all()]


async def test_an_update_delivered_twice_is_handled_once(once: Harness) -> None:
    first = await feed(once, text_update(once, 1, "/apply"))
    assert "遇到了什么问题" in first[-1].text
    state = await fsm(once.app.database)
    again = await feed(once, text_update(once, 1, "/apply"))
    assert again == []  # nothing sent a second time
    assert await fsm(once.app.database) == state
    async with once.app.database.sessions() as session:
        assert await processed_status(session, 1) is True
    # A new update (a new id) is handled as usual.
    quality = await feed(once, press_update(once, 2, button_data(first[-1], "质量问题")))
    assert any("退货退款" in label for label, _ in (b for m in quality if m.reply_markup for b in _labels(m)))


def _labels(message: SendMessage) -> list[tuple[str, str]]:
    markup = message.reply_markup
    rows = getattr(markup, "inline_keyboard", [])
    return [(button.text, button.callback_data or "") for row in rows for button in row]


async def _walk_to_the_last_answer(h: Harness) -> SendMessage:
    """/apply up to the seller's answer, the turn that opens the case."""
    sent = await feed(h, text_update(h, 1, "/apply"))
    sent = await feed(h, press_update(h, 2, button_data(sent[-1], "质量问题")))
    sent = await feed(h, press_update(h, 3, button_data(sent[-1], "退货退款")))
    sent = await feed(h, press_update(h, 4, button_data(sent[-1], "跳过")))
    sent = await feed(h, text_update(h, 5, "11月22日"))
    sent = await feed(h, press_update(h, 6, button_data(sent[-1], "已提交")))
    sent = await feed(h, text_update(h, 7, "11月24日 20:30"))
    return sent[-1]


async def test_committed_but_unanswered_update_is_not_applied_again_and_the_user_is_answered(
    once: Harness,
) -> None:
    question = await _walk_to_the_last_answer(once)
    answer = press_update(once, 8, button_data(question, "还没回复"))
    # The turn commits (the case is opened), then the process dies while sending the reply.
    once.session.fail_next(SendMessage, Crash())  # type: ignore[arg-type]  # a BaseException, on purpose
    with pytest.raises(Crash):
        await feed(once, answer)
    after_crash = await counts(once.app.database)
    assert after_crash[0] == 1  # one case
    state = await fsm(once.app.database)
    async with once.app.database.sessions() as session:
        assert await processed_status(session, 8) is False  # committed, not known to be answered

    # Telegram delivers it again: no second case, event or reminder; the user is answered.
    again = await feed(once, answer)
    assert again, "the redelivered update got no answer"
    assert await counts(once.app.database) == after_crash
    assert await fsm(once.app.database) == state
    async with once.app.database.sessions() as session:
        assert await processed_status(session, 8) is True
    assert await feed(once, answer) == []  # and a third copy is skipped


async def test_update_that_died_before_its_commit_is_handled_again(
    once: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    question = await _walk_to_the_last_answer(once)
    answer = press_update(once, 8, button_data(question, "还没回复"))
    before = await counts(once.app.database)
    import bot.handlers.flows as flows_module

    real = flows_module.write_record
    calls = {"n": 0}

    async def dies_once(*args: object, **kwargs: object) -> None:
        calls["n"] += 1
        if calls["n"] == 1:
            raise Crash()  # after the effects were applied, before the commit
        await real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(flows_module, "write_record", dies_once)
    with pytest.raises(Crash):
        await feed(once, answer)
    assert await counts(once.app.database) == before  # nothing of the turn was kept
    async with once.app.database.sessions() as session:
        assert await processed_status(session, 8) is None

    again = await feed(once, answer)
    summary = "\n".join(m.text for m in again)
    assert "11月27日 20:30" in summary  # the turn's real answer: handled afresh, once
    cases, events, reminders = await counts(once.app.database)
    assert cases == before[0] + 1 and events > before[1] and reminders > before[2]


async def test_old_update_ids_are_pruned(once: Harness) -> None:
    await feed(once, text_update(once, 1, "/help"))
    async with once.app.database.sessions() as session:
        assert await prune_processed(session, START + KEEP - timedelta(minutes=1)) == 0
        assert await prune_processed(session, START + KEEP + timedelta(minutes=1)) == 1
        await session.commit()
        assert await session.scalar(select(func.count()).select_from(ProcessedUpdate)) == 0
