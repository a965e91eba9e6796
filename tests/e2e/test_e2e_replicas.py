"""Two replicas: two `dispute-bot run` processes in webhook mode on one PostgreSQL database and one
evidence directory. The fake Bot API server plays Telegram and the load balancer: it POSTs each update
with the secret, one at a time per chat, chats spread over both replicas (a failed delivery is retried
on the other, as Telegram redelivers a failed request). 50 users go through /apply and upload a photo
of evidence; halfway through, replica 1 is killed with -9 and started again: an update it was in the
middle of is delivered again to replica 2, which must neither handle it twice (its changes may already
be committed) nor leave the user without an answer (bot/middlewares/once.py). The seller's "24 hours left" reminder of every case comes due at once.

Asserted: every user ends at the same step with every answer (same case facts, same FSM state);
each due reminder is delivered exactly once; no duplicate case, event or evidence row; a request with
a wrong or missing secret gets 403 and changes nothing."""

from __future__ import annotations

import asyncio
import io
import json
import time
from collections import Counter
from pathlib import Path
from typing import Any

import aiohttp
import asyncpg
import pytest
from PIL import Image

from tests.e2e.harness import REPLY_TIMEOUT, BotProcess, Turn, replies_since
from tests.e2e.test_e2e_reminders import apply_turns, request_time, skip_when_morning_would_hold_it
from tests.e2e.test_e2e_webhook import free_port
from tests.fakeapi.server import FakeBotAPI

pytestmark = [pytest.mark.postgresql, pytest.mark.slow]

SECRET = "replica-secret_0123456789"
PUBLIC_URL = "https://bot.example.com/tg/hook"
USERS = list(range(7001, 7051))
STARTUP = 180.0  # two processes importing at once on two busy shared cores


def _jpeg(seed: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40 + seed % 50, 30), (seed * 7 % 255, 60, 90)).save(buffer, format="JPEG")
    return buffer.getvalue()


async def _turn(server: FakeBotAPI, user: int, turn: Turn) -> None:
    """One turn, waiting for the bot's answer; intermediate texts are not judged here (an update in
    flight when a replica dies is answered by the other one), the final state is."""
    since = time.perf_counter()
    if turn.say is not None:
        server.user_says(user, turn.say)
    else:
        # The newest keyboard that has the button (a reply repeated by a fail-over may come after it).
        # (The previous turn's reply can come in several messages: wait for the one with the button.)
        def offered(_: object) -> list[tuple[Any, str]]:
            return [
                (call, data)
                for call in server.sent(user)
                if call.result is not None  # answered: its message id is known
                for label, data in call.buttons()
                if turn.press and turn.press in label
            ]

        try:
            found = await server.wait_for(offered, REPLY_TIMEOUT * 3)
        except TimeoutError:
            texts = [call.text for call in server.sent(user)]
            raise AssertionError(f"no button {turn.press!r} was sent to {user}: {texts}") from None
        keyboard, data = found[-1]
        server.user_presses(user, data, keyboard.result["message_id"])
    try:
        await replies_since(server, user, since, quiet=0.2, timeout=REPLY_TIMEOUT * 3)
    except TimeoutError:
        raise AssertionError(f"user {user} got no answer to {turn}:\n{_history(server, user)}") from None


def _history(server: FakeBotAPI, user: int) -> str:
    """What Telegram saw of this chat: every delivery attempt and every message sent, in time order."""
    lines = [
        (d.at, f"deliver update {d.update_id} -> {d.target}: {d.status} {d.error or ''}")
        for d in server.deliveries
        if d.chat_id == user
    ]
    lines += [(c.at, f"{c.method}: {(c.text or '')[:60]!r}") for c in server.calls if c.chat_id == user]
    return "\n".join(f"{at:.3f} {line}" for at, line in sorted(lines))


async def _rows(url: str, query: str) -> list[asyncpg.Record]:
    connection = await asyncpg.connect(url.replace("postgresql+asyncpg", "postgresql"))
    try:
        return list(await connection.fetch(query))
    finally:
        await connection.close()


async def _totals(url: str) -> dict[str, int]:
    totals: dict[str, int] = {}
    for table in ("users", "cases", "case_events", "evidence", "reminders", "fsm_records"):
        totals[table] = int((await _rows(url, f"SELECT count(*) AS n FROM {table}"))[0]["n"])
    return totals


async def test_two_replicas_with_a_kill_lose_and_repeat_nothing(
    fake_api: FakeBotAPI, tmp_path: Path, empty_postgres_url: str
) -> None:
    skip_when_morning_would_hold_it()  # its reminders come due as in test_e2e_reminders
    ports = [free_port(), free_port()]
    fake_api.webhook_targets = [f"http://127.0.0.1:{port}/tg/hook" for port in ports]

    def replica(index: int) -> BotProcess:
        return BotProcess(
            fake_api,
            tmp_path,  # one working directory: the evidence directory is shared, as a volume would be
            name=f"replica{index + 1}-{time.monotonic_ns()}",
            DATABASE_URL=empty_postgres_url,
            WEBHOOK_URL=PUBLIC_URL,
            WEBHOOK_SECRET=SECRET,
            WEBHOOK_LISTEN=f"127.0.0.1:{ports[index]}",
        )

    replicas = [replica(0), replica(1)]
    started: list[BotProcess] = []
    try:
        # Both start at once on an empty database: the migrations run once, under the lock.
        await asyncio.gather(*(process.start(timeout=STARTUP) for process in replicas))
        started.extend(replicas)

        turns = [
            *apply_turns(request_time()),
            Turn(say="/evidence", expect="是这个订单的证据吗"),
            Turn(press="📁", expect="照片"),
        ]
        # The second half starts with a button press: the update replica 1 dies in is a press whose
        # step it had already committed (handled again, it would be a stale button and get no reply).
        half = next(n for n, turn in enumerate(turns) if n >= len(turns) // 2 and turn.press)
        semaphore = asyncio.Semaphore(25)

        async def walk(user: int, part: list[Turn]) -> None:
            async with semaphore:
                for turn in part:
                    await _turn(fake_api, user, turn)

        await asyncio.gather(*(walk(user, turns[:half]) for user in USERS))

        # Midway: replica 1 dies while users keep talking; their chats fail over to replica 2. It dies
        # in the middle of an update for sure: one of its chats' turn is committed, and its answer has
        # not gone out (Telegram answered 502; the retry is due 0.5 s later) when the kill comes.
        victim = next(user for user in USERS if user % len(ports) == 0)  # routed to replica 1 first
        fake_api.fail_next("sendMessage", 502, retry_after=None, times=2, chat_id=victim)
        midway = time.perf_counter()
        second_half = asyncio.gather(*(walk(user, turns[half:]) for user in USERS))

        def victim_in_flight(calls: list[Any]) -> bool:
            return any(
                c.method == "sendMessage" and c.chat_id == victim and c.at > midway and c.status == 502
                for c in calls
            )

        await fake_api.wait_for(victim_in_flight, REPLY_TIMEOUT * 3)
        in_flight = [d for d in fake_api.deliveries if d.chat_id == victim and d.answered_at is None]
        await replicas[0].kill()
        restarted = replica(0)
        started.append(restarted)
        await restarted.start(timeout=STARTUP)
        await second_half

        # Evidence: one photo each, answered before the next user turn.
        async def upload(user: int) -> None:
            async with semaphore:
                since = time.perf_counter()
                fake_api.user_sends_photo(user, _jpeg(user), 40 + user % 50, 30)
                await replies_since(fake_api, user, since, quiet=0.3, timeout=REPLY_TIMEOUT * 3)

        await asyncio.gather(*(upload(user) for user in USERS))
        # Its category, then done: the evidence is kept.
        keep = [Turn(press="商品问题照片"), Turn(press="完成")]
        await asyncio.gather(*(walk(user, keep) for user in USERS))

        # Every case's "24 hours left" reminder: exactly once per user.
        def reminders(user: int) -> list[Any]:
            return [call for call in fake_api.sent(user) if "⏰" in (call.text or "")]

        await fake_api.wait_for(lambda _: all(reminders(user) for user in USERS), 120)
        await asyncio.sleep(2.0)  # time for a duplicate to show up
        assert {user: len(reminders(user)) for user in USERS} == dict.fromkeys(USERS, 1)

        # A request without the right secret: 403, nothing changes.
        before = await _totals(empty_postgres_url)
        sent_before = len(fake_api.sent())
        forged = {
            "update_id": 10**9,
            "message": {
                "message_id": 1,
                "date": int(time.time()),
                "chat": {"id": 6660, "type": "private"},
                "from": {"id": 6660, "is_bot": False, "first_name": "Mallory"},
                "text": "/start",
                "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
            },
        }
        async with aiohttp.ClientSession() as client:
            for port in ports:
                for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "not-the-secret"}):
                    url = f"http://127.0.0.1:{port}/tg/hook"
                    async with client.post(url, json=forged, headers=headers) as response:
                        assert response.status == 403
        assert await _totals(empty_postgres_url) == before
        assert len(fake_api.sent()) == sent_before

        for process in (restarted, replicas[1]):
            assert await process.terminate() == 0
    finally:
        for process in started:
            await process.stop()

    # The update replica 1 died in was delivered again, to replica 2, and accepted there.
    assert len(in_flight) == 1, in_flight
    again = fake_api.delivered(in_flight[0].update_id)
    assert again[0].status == 0 and any(d.status == 200 for d in again[1:]), again
    # Both replicas served chats, and the killed one's chats were answered by the other.
    served = Counter(delivery.target for delivery in fake_api.deliveries if delivery.status == 200)
    assert all(served[target] > 20 for target in fake_api.webhook_targets), served
    assert all(any(d.status == 200 for d in fake_api.delivered(q.update_id)) for q in fake_api.updates), (
        "an update was never accepted"
    )

    url = empty_postgres_url
    cases = await _rows(
        url,
        "SELECT user_id, count(*) AS n, min(problem) AS problem, min(service_type) AS service FROM cases GROUP BY user_id",
    )
    assert {row["user_id"]: row["n"] for row in cases} == dict.fromkeys(USERS, 1), (
        "a missing or duplicate case"
    )
    assert len({(row["problem"], row["service"]) for row in cases}) == 1, "users' answers differ"
    events = await _rows(
        url,
        "SELECT c.user_id, e.kind, e.at, count(*) AS n FROM case_events e JOIN cases c ON c.id = e.case_id"
        " GROUP BY c.user_id, e.kind, e.at",
    )
    assert all(row["n"] == 1 for row in events), "a duplicate event"
    per_user_events = Counter(row["user_id"] for row in events)
    assert len(set(per_user_events.values())) == 1 and set(per_user_events) == set(USERS), per_user_events
    evidence = await _rows(
        url,
        "SELECT c.user_id, count(*) AS n FROM evidence v JOIN cases c ON c.id = v.case_id GROUP BY c.user_id",
    )
    assert {row["user_id"]: row["n"] for row in evidence} == dict.fromkeys(USERS, 1), (
        "missing or duplicate evidence"
    )
    sent_reminders = await _rows(
        url,
        "SELECT user_id, count(*) AS n FROM reminders WHERE kind = 'seller_24h' AND status = 'sent' GROUP BY user_id",
    )
    assert {row["user_id"]: row["n"] for row in sent_reminders} == dict.fromkeys(USERS, 1)
    states = await _rows(url, "SELECT key, state, data::text AS data FROM fsm_records")
    by_user: dict[int, tuple[Any, ...]] = {}
    for row in states:
        if row["state"] is None and row["data"] in ("{}", "null"):
            continue
        user = json.loads(row["key"])[2]
        data = json.loads(row["data"])
        run = data.get("run", {}) if isinstance(data, dict) else {}
        by_user[user] = (
            row["state"],
            run.get("flow"),
            run.get("step"),
            tuple(sorted(run.get("answers", {}))),
        )
    finished: tuple[Any, ...] = (None, None, None, ())  # no flow running any more
    final = Counter(by_user.get(user, finished) for user in USERS)
    assert len(final) == 1, final
    # Every evidence file is in the shared directory.
    files = [path for path in (tmp_path / "evidence").rglob("*") if path.is_file()]
    assert len(files) >= len(USERS)
