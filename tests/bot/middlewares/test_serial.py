"""Updates of one user never run at the same time; different users' do."""

from __future__ import annotations

import asyncio

from aiogram.types import TelegramObject, User

from bot.middlewares.serial import PerUserSerialMiddleware


async def test_one_user_at_a_time_others_in_parallel():
    middleware = PerUserSerialMiddleware()
    running: dict[int, int] = {}
    overlap: dict[int, int] = {}
    at_once = {"now": 0, "max": 0}

    async def handler(event, data):
        uid = data["event_from_user"].id
        running[uid] = running.get(uid, 0) + 1
        overlap[uid] = max(overlap.get(uid, 0), running[uid])
        at_once["now"] += 1
        at_once["max"] = max(at_once["max"], at_once["now"])
        await asyncio.sleep(0)
        at_once["now"] -= 1
        running[uid] -= 1

    def call(uid: int):
        return middleware(
            handler, TelegramObject(), {"event_from_user": User(id=uid, is_bot=False, first_name="u")}
        )

    await asyncio.gather(*(call(1) for _ in range(5)), *(call(uid) for uid in range(2, 7)))
    assert overlap[1] == 1  # user 1's five updates ran one after another
    assert all(overlap[uid] == 1 for uid in range(2, 7))
    assert at_once["max"] > 1  # different users were handled side by side
    assert middleware._locks == {}  # no lock kept once nobody waits
