"""Updates of one user never run at the same time; different users' do."""
from __future__ import annotations

import asyncio

from aiogram.types import User

from bot.middlewares.serial import PerUserSerialMiddleware


async def test_one_user_at_a_time_others_in_parallel():
    middleware = PerUserSerialMiddleware()
    running: dict[int, int] = {}
    overlap: dict[int, int] = {}

    async def handler(event, data):  # type: ignore[no-untyped-def]
        uid = data["event_from_user"].id
        running[uid] = running.get(uid, 0) + 1
        overlap[uid] = max(overlap.get(uid, 0), running[uid])
        await asyncio.sleep(0.01)
        running[uid] -= 1

    def call(uid: int):  # type: ignore[no-untyped-def]
        return middleware(handler, object(), {"event_from_user": User(id=uid, is_bot=False, first_name="u")})

    started = asyncio.get_running_loop().time()
    await asyncio.gather(*(call(1) for _ in range(5)), *(call(uid) for uid in range(2, 7)))
    elapsed = asyncio.get_running_loop().time() - started
    assert overlap[1] == 1  # user 1's five updates ran one after another
    assert all(overlap[uid] == 1 for uid in range(2, 7))
    assert elapsed < 0.2  # the other users did not wait behind user 1's queue for long
    assert middleware._locks == {}  # no lock kept once nobody waits
