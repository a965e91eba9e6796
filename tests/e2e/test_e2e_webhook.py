"""Webhook mode (WEBHOOK_URL set) of the real process on SQLite, one replica; the fake Bot API server
delivers updates as webhook POSTs with the secret token. Also: /healthz /readyz /metrics on the webhook
listener, and on METRICS_LISTEN in polling mode."""

from __future__ import annotations

import socket
import sqlite3
import time
from pathlib import Path

import aiohttp

from tests.e2e.harness import BotProcess, converse, press
from tests.fakeapi.server import FakeBotAPI

SECRET = "s3cret-token_for-tests"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def webhook_env(port: int, secret: str | None = SECRET) -> dict[str, str]:
    env = {"WEBHOOK_URL": f"http://127.0.0.1:{port}/tg/hook", "WEBHOOK_LISTEN": f"127.0.0.1:{port}"}
    if secret is not None:
        env["WEBHOOK_SECRET"] = secret
    return env


def count(database: Path, table: str) -> int:
    with sqlite3.connect(database) as db:
        return int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


async def test_webhook_mode_without_a_secret_refuses_to_start(bot_factory) -> None:
    bot = bot_factory(**webhook_env(free_port(), secret=None))
    await bot.spawn()
    assert await bot.wait() == 2
    lines = [line for line in bot.stderr_text().splitlines() if line.strip()]
    assert len(lines) == 1 and "WEBHOOK_SECRET" in lines[0], lines
    assert not bot.server.calls_of("setWebhook")


async def test_webhook_on_sqlite_serves_updates_refuses_wrong_secrets_and_reports(
    fake_api: FakeBotAPI,
    bot_factory,
    tmp_path: Path,
) -> None:
    port = free_port()
    bot: BotProcess = bot_factory(**webhook_env(port))
    await bot.start()
    (set_webhook,) = fake_api.calls_of("setWebhook")
    assert set_webhook.params["url"] == f"http://127.0.0.1:{port}/tg/hook"
    assert set_webhook.params["secret_token"] == SECRET
    assert set_webhook.params["max_connections"] == 40
    assert "message" in set_webhook.params["allowed_updates"]
    assert "callback_query" in set_webhook.params["allowed_updates"]
    assert SECRET not in bot.stderr_text()

    # A conversation, delivered as webhook POSTs, each answered 200 after it was handled.
    welcome = await converse(fake_api, 1001, "/start")
    assert welcome
    _, replies = await press(fake_api, 1001, label="申请", at_least=1)
    assert replies
    deliveries = [delivery for delivery in fake_api.deliveries if delivery.chat_id == 1001]
    assert deliveries and all(delivery.status == 200 for delivery in deliveries)
    # Handled inside the request: the replies went out before the request was answered.
    first = deliveries[0]
    assert first.answered_at is not None
    assert any(call.at < first.answered_at for call in fake_api.sent(1001))
    assert not fake_api.calls_of("getUpdates")

    # Wrong or missing secret: 403, and nothing changes (no user row, no message).
    users_before = count(tmp_path / "bot.db", "users")
    sent_before = len(fake_api.sent())
    forged = {
        "update_id": 999_999,
        "message": {
            "message_id": 1,
            "date": int(time.time()),
            "chat": {"id": 666, "type": "private"},
            "from": {"id": 666, "is_bot": False, "first_name": "Mallory"},
            "text": "/start",
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        },
    }
    url = f"http://127.0.0.1:{port}/tg/hook"
    async with aiohttp.ClientSession() as client:
        for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}):
            async with client.post(url, json=forged, headers=headers) as response:
                assert response.status == 403
        async with client.get(f"http://127.0.0.1:{port}/healthz") as response:
            assert response.status == 200
        async with client.get(f"http://127.0.0.1:{port}/readyz") as response:
            assert response.status == 200
        async with client.get(f"http://127.0.0.1:{port}/metrics") as response:
            assert response.status == 200
            metrics = await response.text()
    assert count(tmp_path / "bot.db", "users") == users_before
    assert len(fake_api.sent()) == sent_before
    assert not fake_api.sent(666)
    assert 'bot_updates_total{type="message"}' in metrics
    assert 'bot_updates_total{type="callback_query"}' in metrics
    assert 'bot_api_calls_total{method="sendMessage",status="200"}' in metrics
    assert "bot_handler_seconds_bucket" in metrics
    assert "bot_webhook_rejected_total 2.0" in metrics
    assert 'bot_reminders_total{state="sent"}' in metrics
    assert 'bot_faq_questions_total{outcome="answered"}' in metrics

    # SIGTERM: a clean stop; the webhook stays set for the other replicas.
    assert await bot.terminate() == 0
    assert not fake_api.calls_of("deleteWebhook")


async def test_polling_with_metrics_listen_serves_the_probes(bot_factory) -> None:
    port = free_port()
    bot = bot_factory(METRICS_LISTEN=f"127.0.0.1:{port}")
    await bot.start()
    await converse(bot.server, 1002, "/start")
    async with aiohttp.ClientSession() as client:
        for path in ("/healthz", "/readyz"):
            async with client.get(f"http://127.0.0.1:{port}{path}") as response:
                assert response.status == 200, path
        async with client.get(f"http://127.0.0.1:{port}/metrics") as response:
            text = await response.text()
    assert 'bot_updates_total{type="message"}' in text
    assert 'bot_api_calls_total{method="getUpdates",status="200"}' in text
    assert await bot.terminate() == 0
