"""End-to-end harness (used by conftest.py, the e2e tests and the benchmarks): the fake Bot API server and the real bot as a subprocess talking to it over HTTP.

Reusable pieces (also for flows added later):

* fixtures in conftest.py: `fake_api` (a started `FakeBotAPI`), `running_bot`, `bot_factory`; modules
  that share one bot for many tests build module-scoped ones with `FakeBotAPI()` and `BotProcess`.
* `BotProcess` — `dispute-bot run` in a subprocess with a test environment in a temporary directory:
  `await bot.start()` (waits for the first getUpdates), `await bot.terminate()` (SIGTERM, exit code),
  `bot.kill()` (SIGKILL), `bot.stderr_text()`. Start a second `BotProcess` on the same directory and
  server to restart the bot on the same database.
* `converse(server, user_id, text)` / `press(server, user_id, label=…)` — one user turn, returning
  the messages the bot sent back (it waits for the first one and then for a short quiet period).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import sqlite3
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.fakeapi.server import Call, FakeBotAPI

TOKEN = "123456789:AAE_fake-token-for-tests-0123456789abcd"
TOKEN_SECRET = TOKEN.split(":", 1)[1]

# How the bot is started: the real entry point.
CLI_ARGV = [sys.executable, "-m", "bot"]
BOT_ARGV = [*CLI_ARGV, "run"]

# Generous but bounded: two shared cores, other people's test runs.
STARTUP_TIMEOUT = 60.0
REPLY_TIMEOUT = 20.0
EXIT_TIMEOUT = 30.0

SETTINGS_VARIABLES = (
    "BOT_TOKEN",
    "BOT_API_URL",
    "DATABASE_URL",
    "EVIDENCE_DIR",
    "DEFAULT_LANGUAGE",
    "ADMIN_IDS",
    "LOG_LEVEL",
    "HOLIDAY_OVERRIDES_FILE",
    "WEBHOOK_URL",
    "WEBHOOK_SECRET",
    "WEBHOOK_LISTEN",
    "WEBHOOK_MAX_CONNECTIONS",
    "METRICS_LISTEN",
)


def bot_environment(
    workdir: Path, api_url: str | None, token: str | None = TOKEN, **extra: str
) -> dict[str, str]:
    """The process environment for the bot: nothing of the developer's bot settings leaks in."""
    env = {key: value for key, value in os.environ.items() if key.upper() not in SETTINGS_VARIABLES}
    env.update(
        {
            "DATABASE_URL": f"sqlite+aiosqlite:///{workdir}/bot.db",
            "EVIDENCE_DIR": str(workdir / "evidence"),
            "LOG_LEVEL": "INFO",
            "NO_PROXY": "127.0.0.1,localhost",
            "PYTHONUNBUFFERED": "1",
        }
    )
    if api_url is not None:
        env["BOT_API_URL"] = api_url
    if token is not None:
        env["BOT_TOKEN"] = token
    env.update(extra)
    return env


class BotProcess:
    """`dispute-bot run` as a real subprocess (cwd = workdir, so no developer's .env is read)."""

    def __init__(
        self,
        server: FakeBotAPI,
        workdir: Path,
        *,
        token: str | None = TOKEN,
        argv: list[str] | None = None,
        name: str = "bot",
        **env: str,
    ) -> None:
        self.server = server
        self.workdir = workdir
        self.argv = argv or BOT_ARGV
        self.env = bot_environment(workdir, server.base_url, token, **env)
        self.stderr_path = workdir / f"{name}.stderr.log"
        self.stdout_path = workdir / f"{name}.stdout.log"
        self.process: asyncio.subprocess.Process | None = None
        self.spawned_at = 0.0
        self.returncode: int | None = None

    async def spawn(self) -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
        with self.stderr_path.open("ab") as stderr, self.stdout_path.open("ab") as stdout:
            self.spawned_at = time.perf_counter()
            self.process = await asyncio.create_subprocess_exec(
                *self.argv,
                cwd=self.workdir,
                env=self.env,
                stdin=asyncio.subprocess.DEVNULL,
                stdout=stdout,
                stderr=stderr,
            )

    async def start(self, timeout: float = STARTUP_TIMEOUT) -> BotProcess:
        """Spawn and wait until the bot polls (its first getUpdates after the spawn), or in webhook mode
        (WEBHOOK_URL set) until it has set its webhook and so listens."""
        await self.spawn()
        spawned = self.spawned_at
        ready_call = "setWebhook" if self.env.get("WEBHOOK_URL") else "getUpdates"
        try:
            await self.server.wait_for(
                lambda calls: (
                    any(call.method == ready_call and call.at >= spawned for call in calls) or self._exited()
                ),
                timeout,
            )
        except TimeoutError:
            await self.stop()
            raise
        if self._exited():
            raise AssertionError(
                f"the bot exited with {self.process.returncode} during start-up:\n"
                f"{self.stderr_text()[-3000:]}"
            )
        return self

    def _exited(self) -> bool:
        return self.process is not None and self.process.returncode is not None

    async def wait(self, timeout: float = EXIT_TIMEOUT) -> int:
        assert self.process is not None
        self.returncode = await asyncio.wait_for(self.process.wait(), timeout)
        return self.returncode

    async def terminate(self, timeout: float = EXIT_TIMEOUT) -> int:
        """SIGTERM and the exit code (raises TimeoutError if it did not exit in time)."""
        assert self.process is not None
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
        return await self.wait(timeout)

    async def kill(self) -> int:
        assert self.process is not None
        if self.process.returncode is None:
            self.process.kill()
        return await self.wait(15)

    async def stop(self) -> None:
        """Teardown: SIGTERM, then SIGKILL after a bounded wait. Never raises."""
        if self.process is None or self.process.returncode is not None:
            return
        try:
            await self.terminate(15)
        except (TimeoutError, ProcessLookupError):
            with contextlib.suppress(TimeoutError, ProcessLookupError):
                await self.kill()

    def stderr_text(self) -> str:
        return (
            self.stderr_path.read_text(encoding="utf-8", errors="replace")
            if self.stderr_path.exists()
            else ""
        )


# -- conversation helpers -------------------------------------------------------------------------------


async def replies_since(
    server: FakeBotAPI,
    user_id: int,
    since: float,
    *,
    at_least: int = 1,
    quiet: float = 0.3,
    timeout: float = REPLY_TIMEOUT,
) -> list[Call]:
    """Messages delivered to `user_id` since `since`: at least `at_least`, then none new for `quiet` s."""
    await server.wait_for(lambda _: len(server.sent_after(user_id, since)) >= at_least, timeout)
    count = -1
    while count != len(server.sent_after(user_id, since)):
        count = len(server.sent_after(user_id, since))
        await asyncio.sleep(quiet)
    return server.sent_after(user_id, since)


async def converse(
    server: FakeBotAPI,
    user_id: int,
    text: str,
    *,
    language_code: str | None = "zh",
    at_least: int = 1,
    quiet: float = 0.3,
) -> list[Call]:
    """The user sends `text`; returns the messages the bot sent back."""
    since = time.perf_counter()
    server.user_says(user_id, text, language_code=language_code)
    return await replies_since(server, user_id, since, at_least=at_least, quiet=quiet)


def find_button(message: Call, *, label: str | None = None, data_prefix: str | None = None) -> str:
    """The callback data of the button whose label contains `label` (or whose data starts with…)."""
    for button_label, data in message.buttons():
        if (label is not None and label in button_label) or (
            data_prefix is not None and data.startswith(data_prefix)
        ):
            return data
    raise AssertionError(f"no button {label or data_prefix!r} in {message.buttons()}")


async def press(
    server: FakeBotAPI,
    user_id: int,
    *,
    message: Call | None = None,
    label: str | None = None,
    data: str | None = None,
    language_code: str | None = "zh",
    at_least: int = 0,
    quiet: float = 0.3,
) -> tuple[list[Call], list[Call]]:
    """The user presses a button of `message` (default: the latest message with a keyboard).

    Returns (answerCallbackQuery calls for this press, messages sent back)."""
    message = message or server.latest_keyboard(user_id)
    assert message is not None, f"no keyboard was sent to {user_id}"
    callback_data = data if data is not None else find_button(message, label=label)
    since = time.perf_counter()
    queued = server.user_presses(user_id, callback_data, message.result["message_id"], language_code)
    query_id = queued.payload["callback_query"]["id"]
    answers = await server.wait_for(
        lambda calls: [
            call
            for call in calls
            if call.method == "answerCallbackQuery" and call.params.get("callback_query_id") == query_id
        ],
        REPLY_TIMEOUT,
    )
    if at_least:
        sent = await replies_since(server, user_id, since, at_least=at_least, quiet=quiet)
    else:
        await asyncio.sleep(quiet)
        sent = server.sent_after(user_id, since)
    return answers, sent


# -- scripted conversations (flows) ----------------------------------------------------------------------


@dataclass
class Turn:
    """One thing the user does, and (optionally) a piece of the bot's answer that must be there."""

    say: str | None = None  # a text message
    press: str | None = None  # a button label (substring) of the latest keyboard; "" = its first button
    expect: str | None = None  # a substring of the bot's reply to this turn (None: any non-error reply)
    language_code: str = "zh"


#: A case first (/apply to its summary), then /evidence, which asks for photos and PDFs.
CASE_THEN_EVIDENCE = [
    Turn(say="/apply", expect="遇到了什么问题"),
    Turn(press="没收到货"),
    Turn(press="仅退款"),
    Turn(press="跳过", expect="交易是哪天成功"),
    Turn(press="还没确认收货"),
    Turn(press="还没有", expect="案件"),
    Turn(say="/evidence", expect="是这个订单的证据吗"),  # the one open case is proposed…
    Turn(press="📁", expect="照片"),  # …and confirmed
]


def fsm_rows(database: Path, user: int) -> list[tuple[str | None, dict[str, Any]]]:
    """(state, data) of every FSM record of this user's private chat."""
    rows = []
    with sqlite3.connect(database) as db:
        for key, state, data in db.execute("SELECT key, state, data FROM fsm_records"):
            try:
                parts = json.loads(key)
            except ValueError:
                continue
            if isinstance(parts, list) and len(parts) > 2 and parts[1] == user and parts[2] == user:
                rows.append((state, json.loads(data) if isinstance(data, str) else data or {}))
    return rows


FAILURE_MARKERS = (
    "出了点问题",
    "went wrong",
    "过期",
    "expired",
    "处理不了",
    "can't handle",
    "还在准备中",
    "still being prepared",
)


async def play(server: FakeBotAPI, user: int, turn: Turn) -> list[Call]:
    """One turn; returns what the bot sent back (messages, and popup texts as pseudo-calls)."""
    if turn.say is not None:
        replies = await converse(server, user, turn.say, language_code=turn.language_code)
    else:
        label = turn.press or None
        keyboard = server.latest_keyboard(user)
        assert keyboard is not None, "the bot sent no keyboard to answer"
        data = None if label else keyboard.buttons()[0][1]
        answers, replies = await press(
            server,
            user,
            message=keyboard,
            label=label,
            data=data,
            language_code=turn.language_code,
            at_least=1,
        )
        replies = answers + replies
    text = "\n".join(call.text or call.params.get("text") or "" for call in replies)
    assert not any(marker in text for marker in FAILURE_MARKERS), text
    if turn.expect is not None:
        assert turn.expect in text, text
    return replies
