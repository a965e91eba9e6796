"""Security defects of issue #8, checked against the real `dispute-bot run` over HTTP."""

from __future__ import annotations

import asyncio
import io
import time
from pathlib import Path

import pytest
from PIL import Image

from tests.e2e.harness import (
    CASE_THEN_EVIDENCE,
    REPLY_TIMEOUT,
    TOKEN,
    TOKEN_SECRET,
    BotProcess,
    Turn,
    find_button,
    fsm_rows,
    play,
    replies_since,
)
from tests.fakeapi.server import FakeBotAPI


def _jpeg(seed: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40 + seed, 30), (seed * 20 % 255, 30, 30)).save(buffer, format="JPEG")
    return buffer.getvalue()


def _log(bot: BotProcess) -> str:
    stdout = bot.stdout_path.read_text(errors="replace") if bot.stdout_path.exists() else ""
    return bot.stderr_text() + stdout


@pytest.mark.parametrize("level", ["INFO", "DEBUG"])
async def test_token_never_logged_when_files_fail(fake_api: FakeBotAPI, tmp_path: Path, level: str) -> None:
    """Defect 1: getFile failing, the download answering 500, the download cut midway, sendDocument
    failing: the token (or its secret half) appears 0 times in stdout+stderr, at INFO and at DEBUG."""
    bot = BotProcess(fake_api, tmp_path, LOG_LEVEL=level)
    try:
        await bot.start()
        user = 4101
        for turn in CASE_THEN_EVIDENCE:
            await play(fake_api, user, turn)
        faults = [("getFile", 500), ("download", 500), ("download", 0)]
        for index, (method, status) in enumerate(faults):
            fake_api.fail_next(method, status=status, retry_after=None)
            since = time.perf_counter()
            fake_api.user_sends_photo(user, _jpeg(index), 40 + index, 30)
            replies = await replies_since(fake_api, user, since, timeout=REPLY_TIMEOUT)
            assert replies, (method, status)
        # sendDocument failing: /mydata uploads the export as a document
        fake_api.fail_next("sendDocument", status=500, retry_after=None, times=10)
        since = time.perf_counter()
        fake_api.user_says(user, "/mydata")
        await fake_api.wait_for(
            lambda calls: [c for c in calls if c.method == "sendDocument" and c.at >= since and not c.ok],
            REPLY_TIMEOUT,
        )
        await replies_since(fake_api, user, since, at_least=2, timeout=REPLY_TIMEOUT)
        await bot.terminate()
    finally:
        await bot.stop()
    log = _log(bot)
    failures = [c for c in fake_api.calls if not c.ok and c.method in ("getFile", "download", "sendDocument")]
    assert {c.method for c in failures} == {"getFile", "download", "sendDocument"}, failures
    assert "Traceback" in log or "ERROR" in log or "WARNING" in log, "the faults were not logged at all"
    assert log.count(TOKEN_SECRET) == 0, [line for line in log.splitlines() if TOKEN_SECRET in line][:3]
    assert log.count(TOKEN) == 0


ORDER_NO = "3141592653589793"


async def _press_and_type_in_one_batch(server: FakeBotAPI, bot: BotProcess, user: int) -> bool:
    await play(server, user, Turn(say="/apply", expect="遇到了什么问题"))
    await play(server, user, Turn(press="质量问题"))
    keyboard = server.latest_keyboard(user)
    assert keyboard is not None
    service = find_button(keyboard, label="仅退款")
    since = time.perf_counter()
    # Queued together: the next getUpdates answer carries both, in this order.
    press_update = server.user_presses(user, service, keyboard.result["message_id"])
    text_update = server.user_says(user, ORDER_NO)
    await replies_since(server, user, since, at_least=2, quiet=0.5)
    assert press_update.fetched_at is not None and press_update.fetched_at == text_update.fetched_at
    rows = fsm_rows(bot.workdir / "bot.db", user)
    run = rows[0][1].get("run", {}) if rows else {}
    return run.get("step") == "success_at" and run.get("answers", {}).get("order_no") == ORDER_NO


async def test_press_and_typed_answer_in_one_batch_keep_their_order(
    fake_api: FakeBotAPI, running_bot: BotProcess
) -> None:
    """Defect 2: the button that leads to the order-number step and the order number typed right
    after it, delivered in one getUpdates batch, 50 times through the real polling loop."""
    kept = 0
    users = list(range(4201, 4251))
    for start in range(0, len(users), 10):
        results = await asyncio.gather(
            *(_press_and_type_in_one_batch(fake_api, running_bot, u) for u in users[start : start + 10])
        )
        kept += sum(results)
    assert kept == 50
