"""`dispute-bot chat` with piped input: the same bot in a terminal, scripted line by line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.harness import CLI_ARGV, bot_environment

CONSOLE_SCRIPT = Path(sys.executable).with_name("dispute-bot")
CHAT_ARGV = [str(CONSOLE_SCRIPT), "chat"] if CONSOLE_SCRIPT.exists() else [*CLI_ARGV, "chat"]

SCRIPT = "/start\n1\n/photo /nonexistent/broken-parcel.jpg\n/file /nonexistent\n"


@pytest.fixture(scope="module")
def chat_run(tmp_path_factory: pytest.TempPathFactory) -> subprocess.CompletedProcess[str]:
    """One piped session serves every test of this module (each process costs seconds of imports)."""
    workdir = tmp_path_factory.mktemp("chat")
    env = bot_environment(workdir, api_url=None, token=None)  # no token needed, nothing on the network
    return subprocess.run(
        CHAT_ARGV,
        input=SCRIPT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=workdir,
        env=env,
        timeout=90,
        check=False,
    )


def _after(output: str, typed: str) -> list[str]:
    """The lines printed after the echo of the typed line `typed`, up to the next typed line."""
    lines = output.splitlines()
    start = lines.index(f"> {typed}") + 1
    end = next((index for index in range(start, len(lines)) if lines[index].startswith("> ")), len(lines))
    return lines[start:end]


def test_chat_start_then_press_1(chat_run: subprocess.CompletedProcess[str]) -> None:
    assert chat_run.returncode == 0, chat_run.stderr
    assert "Traceback" not in chat_run.stderr
    welcome = "\n".join(_after(chat_run.stdout, "/start"))
    assert "与淘宝官方无关" in welcome
    buttons = [line.strip() for line in _after(chat_run.stdout, "/start") if line.strip().startswith("[")]
    assert buttons[0].startswith("[1] ") and len(buttons) >= 4, welcome
    pressed = _after(chat_run.stdout, "1")
    assert any(line.startswith("Bot: ") and len(line) > len("Bot: ") for line in pressed), chat_run.stdout
    assert "<" not in "\n".join(pressed)  # HTML is turned into plain text


def test_chat_missing_file_hint(chat_run: subprocess.CompletedProcess[str]) -> None:
    for typed in ("/photo /nonexistent/broken-parcel.jpg", "/file /nonexistent"):
        hint = "\n".join(_after(chat_run.stdout, typed))
        assert "找不到这个文件" in hint, chat_run.stdout  # the catalogue's chat-file-missing
    assert "Traceback" not in chat_run.stderr
