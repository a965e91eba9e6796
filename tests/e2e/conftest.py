"""Fixtures of the end-to-end tests; the harness itself is in harness.py."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest_asyncio

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # `tests` is not a package of the installed project
    sys.path.insert(0, str(ROOT))

from tests.e2e.harness import BotProcess
from tests.fakeapi.server import FakeBotAPI

# -- fixtures -------------------------------------------------------------------------------------------


@pytest_asyncio.fixture
async def fake_api() -> AsyncIterator[FakeBotAPI]:
    server = FakeBotAPI()
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


@pytest_asyncio.fixture
async def running_bot(fake_api: FakeBotAPI, tmp_path: Path) -> AsyncIterator[BotProcess]:
    """A started bot of its own (function scope), stopped in teardown whatever happened."""
    process = BotProcess(fake_api, tmp_path)
    try:
        await process.start()
        yield process
    finally:
        await process.stop()


@pytest_asyncio.fixture
async def bot_factory(fake_api: FakeBotAPI, tmp_path: Path) -> AsyncIterator:
    """Make BotProcess objects on this test's server and directory; all are stopped in teardown."""
    made: list[BotProcess] = []

    def make(**kwargs: object) -> BotProcess:
        process = BotProcess(fake_api, tmp_path, name=f"bot{len(made) + 1}", **kwargs)  # type: ignore[arg-type]  # passed through
        made.append(process)
        return process

    try:
        yield make
    finally:  # also when the test failed half-way
        for process in made:
            await process.stop()
