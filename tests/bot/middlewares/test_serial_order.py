"""Defect 2: one user's updates are handled in the order they arrived, even when they arrive together.

A button press and the typed answer to the step it leads to, started as tasks in arrival order (what
aiogram's polling loop does with one getUpdates batch): the typed answer must be handled after the press.
"""

from __future__ import annotations

import asyncio
import itertools

from aiogram.fsm.middleware import FSMContextMiddleware
from aiogram.types import CallbackQuery, Chat, Message, Update

from bot.middlewares.database import DatabaseSessionMiddleware
from bot.middlewares.serial import PerUserSerialMiddleware
from bot.persistence.fsm_storage import build_key
from bot.persistence.models import FsmRecord
from tests.bot.conftest import button_data

ORDER_NO = "3141592653589793"
_ids = itertools.count(700_000)


def _text_update(h, user_id: int, text: str) -> Update:
    n = next(_ids)
    return Update(
        update_id=n,
        message=Message(
            message_id=n,
            date=h.clock.now(),
            text=text,
            chat=Chat(id=user_id, type="private"),
            from_user=h.user(user_id),
        ),
    )


def _press_update(h, user_id: int, data: str) -> Update:
    n = next(_ids)
    message = Message(message_id=n, date=h.clock.now(), chat=Chat(id=user_id, type="private"), text="…")
    return Update(
        update_id=n,
        callback_query=CallbackQuery(
            id=str(n), from_user=h.user(user_id), chat_instance="t", message=message, data=data
        ),
    )


async def _run_state(h, user_id: int) -> dict:
    from aiogram.fsm.storage.base import StorageKey

    key = build_key(StorageKey(bot_id=h.bot.id, chat_id=user_id, user_id=user_id))
    async with h.app.database.sessions() as session:
        record = await session.get(FsmRecord, key)
    return (record.data or {}).get("run", {}) if record is not None else {}


async def test_press_then_typed_answer_in_one_batch_keep_their_order(harness):
    kept = 0
    rounds = 12
    for round_ in range(rounds):
        user = 8000 + round_
        sent = await harness.say("/apply", user_id=user)
        sent = await harness.press(button_data(sent[-1], "质量问题"), user_id=user)
        service = button_data(sent[-1], "仅退款")
        batch = [_press_update(harness, user, service), _text_update(harness, user, ORDER_NO)]
        # As the polling loop does: one task per update, created in arrival order.
        tasks = [asyncio.create_task(harness.dispatcher.feed_update(harness.bot, u)) for u in batch]
        await asyncio.gather(*tasks)
        run = await _run_state(harness, user)
        if run.get("step") == "success_at" and run.get("answers", {}).get("order_no") == ORDER_NO:
            kept += 1
    assert kept == rounds


def test_serial_middleware_runs_before_the_fsm_and_the_database():
    outer = list(_app_outer_middlewares())
    kinds = [type(m) for m in outer]
    serial = kinds.index(PerUserSerialMiddleware)
    assert serial < kinds.index(FSMContextMiddleware)  # routing filters read the state after the lock
    assert serial < kinds.index(DatabaseSessionMiddleware)  # the user row is written after the lock


def _app_outer_middlewares():
    from datetime import UTC, datetime

    from bot.app import build_app
    from bot.config import load_settings
    from bot.persistence.database import Database
    from flows.clock import FrozenClock

    settings = load_settings({"DATABASE_URL": "sqlite+aiosqlite:///:memory:"})
    app = build_app(settings, Database(settings.database_url), FrozenClock(datetime(2026, 1, 1, tzinfo=UTC)))
    return app.dispatcher.update.outer_middleware
