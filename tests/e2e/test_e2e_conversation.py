"""The running bot over real HTTP: start-up calls, /start, menu, /lang, photos, 429 and 403, the token.

One bot process serves the whole module (start-up costs seconds); every test plays its own user ids,
so the tests do not see each other's messages. Order matters only for the last test, which reads the
log the others produced.
"""

from __future__ import annotations

import asyncio
import io
import re
import signal
import sqlite3
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from bot.commands import COMMANDS
from tests.e2e.harness import (
    CASE_THEN_EVIDENCE,
    EXIT_TIMEOUT,
    FAILURE_MARKERS,
    REPLY_TIMEOUT,
    TOKEN,
    TOKEN_SECRET,
    BotProcess,
    converse,
    play,
    press,
    replies_since,
)
from tests.fakeapi.server import FakeBotAPI

pytestmark = pytest.mark.asyncio(loop_scope="module")

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def server() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI() as api:
        yield api


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def bot(server: FakeBotAPI, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[BotProcess]:
    process = BotProcess(server, tmp_path_factory.mktemp("shared-bot"))
    try:
        await process.start()
        yield process
    finally:
        await process.stop()


def _image(width: int = 64, height: int = 48) -> bytes:
    try:
        from PIL import Image

        buffer = io.BytesIO()
        Image.new("RGB", (width, height), (200, 30, 30)).save(buffer, format="JPEG")
        return buffer.getvalue()
    except ImportError:  # pragma: no cover - Pillow is a dependency of the bot
        return b"\xff\xd8\xff\xe0" + b"\0" * 200 + b"\xff\xd9"


async def test_startup_calls(server: FakeBotAPI, bot: BotProcess) -> None:
    calls = [call for call in server.calls if call.at >= bot.spawned_at]
    methods = [call.method for call in calls]
    assert "getUpdates" in methods
    first_poll = methods.index("getUpdates")
    before = methods[:first_poll]
    assert before.index("getMe") < before.index("deleteWebhook") < before.index("setMyCommands")
    commands = [call for call in calls[:first_poll] if call.method == "setMyCommands"]
    assert len(commands) == 2, commands
    default, chinese = commands
    assert default.params.get("language_code") in (None, "")
    assert chinese.params.get("language_code") == "zh"
    for call in commands:
        assert {item["command"] for item in call.params["commands"]} == set(COMMANDS)
        assert call.params.get("scope", {"type": "default"}) == {"type": "default"}
    assert not any(CJK.search(item["description"]) for item in default.params["commands"])
    assert all(CJK.search(item["description"]) for item in chinese.params["commands"])
    assert all(call.ok for call in calls[:first_poll])
    assert server.calls_of("getUpdates")[0].params.get("timeout", 0) > 0  # long polling, not busy polling


async def test_start_in_chinese(server: FakeBotAPI, bot: BotProcess) -> None:
    sent = await converse(server, 1001, "/start", language_code="zh", at_least=2)
    welcome = "\n".join(call.text or "" for call in sent)
    assert "与淘宝官方无关" in welcome
    assert sum("与淘宝官方无关" in (call.text or "") for call in sent) == 1  # said once
    menu = [call for call in sent if call.buttons()]
    assert len(menu) == 1, sent
    labels = [label for label, _ in menu[0].buttons()]
    assert len(labels) >= 4 and all(CJK.search(label) or "English" in label for label in labels)
    assert all(len(data.encode()) <= 64 for _, data in menu[0].buttons())
    assert all(call.params.get("parse_mode") == "HTML" for call in sent)


async def test_start_in_english(server: FakeBotAPI, bot: BotProcess) -> None:
    sent = await converse(server, 1002, "/start", language_code="en-US", at_least=2)
    text = "\n".join(call.text or "" for call in sent)
    assert "not affiliated with Taobao" in text
    assert "与淘宝官方无关" not in text
    menu = next(call for call in sent if call.buttons())
    labels = [label for label, _ in menu.buttons()]
    assert all(re.search(r"[A-Za-z]{3,}", label) or label.endswith("中文") for label in labels), labels


async def test_every_menu_button_gets_an_answer(server: FakeBotAPI, bot: BotProcess) -> None:
    user = 1003
    sent = await converse(server, user, "/start", at_least=2)
    menu = next(call for call in sent if call.buttons())
    for label, data in menu.buttons():
        since = time.perf_counter()
        answers, messages = await press(server, user, message=menu, data=data, quiet=0.2)
        assert len(answers) == 1, (label, answers)
        assert answers[0].ok
        # either a popup text or a message: the user is never left with a spinning button. The
        # press is answered first; the message may follow later on a loaded machine, so wait for it.
        if not answers[0].params.get("text") and not messages:
            messages = await replies_since(server, user, since, at_least=1, quiet=0.2)
        assert answers[0].params.get("text") or messages, label


async def test_lang_switches_to_english(server: FakeBotAPI, bot: BotProcess) -> None:
    user = 1004
    sent = await converse(server, user, "/lang", language_code="zh")
    choice = next(call for call in sent if call.buttons())
    answers, messages = await press(server, user, message=choice, label="English", at_least=1)
    assert answers
    assert messages and not CJK.search(messages[0].text or "")
    # later replies are in English, although the user's Telegram is still Chinese
    later = await converse(server, user, "/start", language_code="zh", at_least=2)
    text = "\n".join(call.text or "" for call in later)
    assert "not affiliated with Taobao" in text and "与淘宝官方无关" not in text
    # and back
    choice = next(call for call in await converse(server, user, "/lang") if call.buttons())
    await press(server, user, message=choice, label="中文", at_least=1)
    again = await converse(server, user, "/start", at_least=2)
    assert "与淘宝官方无关" in "\n".join(call.text or "" for call in again)


async def test_photo_is_downloaded(server: FakeBotAPI, bot: BotProcess) -> None:
    user = 1005
    for turn in CASE_THEN_EVIDENCE:
        await play(server, user, turn)
    image = _image()
    since = time.perf_counter()
    queued = server.user_sends_photo(user, image, 64, 48, caption="物流截图")
    largest = queued.payload["message"]["photo"][-1]
    downloads = await server.wait_for(
        lambda calls: [call for call in calls if call.method == "download" and call.at >= since and call.ok],
        REPLY_TIMEOUT,
    )
    get_file = [call for call in server.calls_of("getFile") if call.at >= since]
    assert [call.params["file_id"] for call in get_file] == [largest["file_id"]]  # the full size only
    assert downloads[0].params["file_path"] == server.files[largest["file_id"]].file_path
    replies = await replies_since(server, user, since)
    assert not any(marker in (call.text or "") for call in replies for marker in FAILURE_MARKERS), replies
    # the file lands in EVIDENCE_DIR, byte for byte
    deadline = time.monotonic() + 10
    while not any(
        path.is_file() and path.read_bytes() == image for path in (bot.workdir / "evidence").rglob("*")
    ):
        assert time.monotonic() < deadline, list((bot.workdir / "evidence").rglob("*"))
        await asyncio.sleep(0.1)


async def test_429_burst_loses_and_duplicates_nothing(server: FakeBotAPI, bot: BotProcess) -> None:
    users = (1006, 1007)
    since = time.perf_counter()
    server.fail_next("sendMessage", status=429, retry_after=1, times=3)
    for user in users:
        server.user_says(user, "/start")
    for user in users:
        await replies_since(server, user, since, at_least=2, quiet=1.0, timeout=REPLY_TIMEOUT + 15)
    refused = [call for call in server.calls_of("sendMessage", ok=False) if call.at >= since]
    assert len(refused) == 3 and all(call.status == 429 for call in refused)
    for user in users:
        delivered = server.sent_after(user, since)
        assert len(delivered) == 2, delivered  # none lost, none duplicated
        assert "与淘宝官方无关" in (delivered[0].text or "")  # in order: welcome, then the menu
        assert delivered[1].buttons()
        # every refused send was made again: each refused text was eventually delivered exactly once
    for call in refused:
        assert sum(other.text == call.text for other in server.sent_after(call.chat_id, since)) == 1
    assert "429" in bot.stderr_text()


async def test_403_stops_sending_to_that_user(server: FakeBotAPI, bot: BotProcess) -> None:
    blocked, other = 1008, 1009
    since = time.perf_counter()
    server.fail_next("sendMessage", status=403, chat_id=blocked)
    server.user_says(blocked, "/start")
    await server.wait_for(
        lambda calls: [
            call
            for call in server.calls_of("sendMessage", ok=False)
            if call.chat_id == blocked and call.at >= since
        ],
        REPLY_TIMEOUT,
    )
    # the bot keeps serving others
    await converse(server, other, "/start", at_least=2)
    await asyncio.sleep(1.0)
    attempts = [call for call in server.calls if call.at >= since and call.chat_id == blocked]
    assert len(attempts) == 1 and attempts[0].status == 403, attempts  # no menu, no apology, no retry
    # remembered in the database (so it survives a restart)
    with sqlite3.connect(bot.workdir / "bot.db") as db:
        row = db.execute("SELECT blocked FROM users WHERE id = ?", (blocked,)).fetchone()
    assert row is not None and bool(row[0]) is True
    # the user writes again: unblocked, answered
    sent = await converse(server, blocked, "/help")
    assert sent and sent[0].ok


async def test_token_is_never_printed(server: FakeBotAPI, bot: BotProcess) -> None:
    # provoke a failing poll too, so that error logs are part of what we read: the pending long poll
    # returns with the /start update, the next one gets the 500, aiogram backs off and polls again
    since = time.perf_counter()
    server.fail_next("getUpdates", status=500)
    await converse(server, 1010, "/start", at_least=2)
    await server.wait_for(
        lambda calls: [
            call
            for call in server.calls_of("getUpdates", ok=True)
            if call.at >= since
            and call.params.get("offset")
            and any(
                failed.at < call.at
                for failed in server.calls_of("getUpdates", ok=False)
                if failed.at >= since
            )
        ],
        REPLY_TIMEOUT,
    )
    log = bot.stderr_text() + (
        bot.stdout_path.read_text(errors="replace") if bot.stdout_path.exists() else ""
    )
    assert log.strip(), "the bot logged nothing at INFO"
    assert "Failed to fetch updates" in log or "500" in log or "Internal Server Error" in log
    assert TOKEN_SECRET not in log
    assert TOKEN not in log
    assert "Traceback" not in log
    # and not in anything the bot wrote to its directory besides the database
    for path in Path(bot.workdir).rglob("*"):
        if path.is_file() and path.suffix in (".log", ".txt", ".json"):
            assert TOKEN_SECRET not in path.read_text(errors="replace"), path


async def test_sigterm_while_replying_finishes_the_reply(server: FakeBotAPI, bot: BotProcess) -> None:
    """Last: stops the module's bot. SIGTERM arrives while a handler waits on the network; the reply is
    finished (both messages of /start), then the bot exits 0 — without waiting for its long poll."""
    user = 1011
    server.delay_next("sendMessage", 1.0, chat_id=user)
    since = time.perf_counter()
    server.user_says(user, "/start")
    # the handler is running: its first sendMessage is at the server, which holds the answer for 1 s
    await server.wait_for(
        lambda calls: [
            call
            for call in calls
            if call.method == "sendMessage" and call.chat_id == user and call.at >= since
        ],
        REPLY_TIMEOUT,
    )
    signalled = time.perf_counter()
    bot.process.send_signal(signal.SIGTERM)
    code = await bot.wait(EXIT_TIMEOUT)
    delivered = server.sent_after(user, since)
    assert [bool(call.buttons()) for call in delivered] == [False, True], delivered  # welcome, then menu
    assert code == 0, bot.stderr_text()[-2000:]
    assert time.perf_counter() - signalled < 15  # the pending 10 s long poll does not hold the exit
    assert "Traceback" not in bot.stderr_text()
