"""Starting and stopping `dispute-bot run`: bad tokens, kill -9 and restart.

(SIGTERM during a reply is the last test of test_e2e_conversation.py, on that module's bot.)"""

from __future__ import annotations

import asyncio
import re
import socket
from pathlib import Path
from typing import Any

from tests.e2e.harness import (
    CLI_ARGV,
    TOKEN,
    TOKEN_SECRET,
    Turn,
    bot_environment,
    fsm_rows,
    play,
)
from tests.fakeapi.server import FakeBotAPI

# A record of our log format ("2026-01-01 12:00:00,123 INFO name: message").
LOG_RECORD = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (DEBUG|INFO|WARNING|ERROR|CRITICAL) ")


async def run_cli(
    args: list[str], workdir: Path, env: dict[str, str], timeout: float = 60
) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        *CLI_ARGV,
        *args,
        cwd=workdir,
        env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        _, stderr = await asyncio.wait_for(process.communicate(), timeout)
    except TimeoutError:
        process.kill()
        await process.wait()
        raise
    assert process.returncode is not None
    return process.returncode, stderr.decode("utf-8", errors="replace")


def _assert_one_line_error(stderr: str) -> str:
    assert "Traceback" not in stderr, stderr
    assert TOKEN_SECRET not in stderr
    problems = [line for line in stderr.splitlines() if line.strip() and not LOG_RECORD.match(line)]
    assert len(problems) == 1, stderr
    assert problems[0].startswith("dispute-bot: "), stderr
    # log records around it are fine at LOG_LEVEL=INFO, but nothing is logged as an error
    assert not re.search(r" (ERROR|CRITICAL) ", stderr), stderr
    return problems[0]


def _free_port() -> int:
    """A port nothing listens on (bound and closed again, so it is free)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def test_startup_failures_exit_2_with_one_line(fake_api: FakeBotAPI, tmp_path: Path) -> None:
    """No token, a malformed one, one the API rejects (401 on getMe), an API nobody answers.

    The runs are independent processes; they run side by side, since each spends seconds importing.
    At LOG_LEVEL=INFO the 401 and unreachable runs also log (alembic's migration lines) before the
    error: allowed, as long as exactly one line is not a log record and nothing is logged as ERROR."""
    fake_api.unauthorized_tokens.add(TOKEN)
    unreachable = f"http://127.0.0.1:{_free_port()}"
    cases: dict[str, tuple[str | None, str, dict[str, str], str]] = {
        # name: (token, api url, extra env, expected text in the error line)
        "unset": (None, unreachable, {}, "BOT_TOKEN is not set"),
        "malformed": ("abc", unreachable, {}, "does not look like a Telegram bot token"),
        "401 on getMe": (TOKEN, fake_api.base_url, {}, "401"),
        "API unreachable": (TOKEN, unreachable, {}, "Cannot reach the Bot API"),
    }

    async def run(name: str) -> tuple[int, str]:
        token, url, extra, _ = cases[name]
        workdir = tmp_path / re.sub(r"\W+", "-", name)
        workdir.mkdir()
        return await run_cli(["run"], workdir, bot_environment(workdir, url, token, **extra))

    results = dict(zip(cases, await asyncio.gather(*(run(name) for name in cases)), strict=True))
    for name, (code, stderr) in results.items():
        expected = cases[name][3]
        assert code == 2, (name, stderr)
        line = _assert_one_line_error(stderr)
        assert expected in line, (name, line)
        if name in ("unset", "malformed"):
            assert len(stderr.strip().splitlines()) == 1, (name, stderr)  # nothing but the error
    assert {call.method for call in fake_api.calls} == {"getMe"}  # the 401 runs stopped at once


# -- kill -9 and restart ---------------------------------------------------------------------------------

# The /apply flow (flows/defs/apply.py): problem → service → order_no → success_at → …
# Two steps are answered before the kill; the third (order_no, a typed answer) after the restart.
ORDER_NO = "3141592653589793238"
APPLY_BEFORE_KILL = [
    Turn(say="/apply", expect="遇到了什么问题"),  # → step "problem"
    Turn(press="没收到货", expect="服务类型"),  # answer "problem" → step "service"
    Turn(press="仅退款", expect="订单号"),  # answer "service" → step "order_no"
]
APPLY_AFTER_RESTART = [
    Turn(say=ORDER_NO, expect="交易是哪天成功"),  # answer "order_no" → step "success_at"
]
# What the FSM data must hold after the restart: the answers given before the kill, and the new one.
EARLIER_ANSWERS = {"problem": "not_received", "service": "refund_only"}
NEW_ANSWERS = {"order_no": ORDER_NO}


def answers_of(data: dict[str, Any]) -> dict[str, Any]:
    """The flow's answers inside the FSM data (the engine keeps its run state under "run")."""
    run = data.get("run", data)
    return run.get("answers", {}) if isinstance(run, dict) else {}


async def test_restart_keeps_conversation(fake_api: FakeBotAPI, bot_factory, tmp_path: Path) -> None:
    """Two steps of /apply, kill -9, a new process on the same database: the third answer continues the
    same run at the same step, with the earlier answers."""
    user = 3002
    first = await bot_factory().start()
    for turn in APPLY_BEFORE_KILL:
        await play(fake_api, user, turn)
    before = fsm_rows(tmp_path / "bot.db", user)
    assert len(before) == 1 and before[0][0] is not None, "the flow keeps no FSM state"
    assert answers_of(before[0][1]) == EARLIER_ANSWERS, before
    await first.kill()  # SIGKILL: no shutdown hooks, nothing flushed on the way out

    second = await bot_factory().start()  # same directory, same DATABASE_URL, same server
    assert fsm_rows(tmp_path / "bot.db", user) == before  # nothing lost, nothing reset at start-up
    for turn in APPLY_AFTER_RESTART:
        await play(fake_api, user, turn)
    after = fsm_rows(tmp_path / "bot.db", user)
    assert len(after) == 1 and after[0][0] is not None, after
    assert answers_of(after[0][1]) == {**EARLIER_ANSWERS, **NEW_ANSWERS}, after
    assert await second.terminate() == 0
