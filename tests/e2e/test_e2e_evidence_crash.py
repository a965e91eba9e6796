"""kill -9 while an album is being received, then a restart (an hour or more later): the start-up sweep
leaves no file without a row, every row has its file, and only temporary files a saved conversation
still waits for remain."""

from __future__ import annotations

import asyncio
import io
import json
import os
import sqlite3
import time
from pathlib import Path

from PIL import Image

from tests.e2e.harness import CASE_THEN_EVIDENCE, REPLY_TIMEOUT, play, replies_since
from tests.fakeapi.server import FakeBotAPI


def noisy_jpeg(seed: int, side: int = 1400) -> bytes:
    """A photo-like JPEG of about 1-2 MB (noise does not compress), different for each seed."""
    pixels = bytearray(os.urandom(side * side * 3))
    pixels[:4] = seed.to_bytes(4, "big")
    buffer = io.BytesIO()
    Image.frombytes("RGB", (side, side), bytes(pixels)).save(buffer, "JPEG", quality=92)
    return buffer.getvalue()


def disk_state(workdir: Path) -> tuple[set[str], set[str], set[str], str]:
    """(hashes of rows, hashes of stored files, temporary file names, all FSM data as text)."""
    with sqlite3.connect(workdir / "bot.db") as db:
        rows = {sha for (sha,) in db.execute("SELECT sha256 FROM evidence")}
        fsm = json.dumps([data for (data,) in db.execute("SELECT data FROM fsm_records")])
    evidence = workdir / "evidence"
    stored = {
        path.name.split(".")[0]
        for path in evidence.rglob("*")
        if path.is_file() and ".incoming" not in path.parts and ".exports" not in path.parts
    }
    incoming = evidence / ".incoming"
    temporary = {path.name for path in incoming.iterdir()} if incoming.is_dir() else set()
    return rows, stored, temporary, fsm


async def test_kill_during_album_then_restart_leaves_no_orphan(
    fake_api: FakeBotAPI, bot_factory, tmp_path: Path
) -> None:
    user = 4001
    first = await bot_factory().start()
    for turn in CASE_THEN_EVIDENCE:
        await play(fake_api, user, turn)
    # One photo kept for good (its caption names the category), so there is a row to keep.
    since = time.perf_counter()
    fake_api.user_sends_photo(user, noisy_jpeg(1, 300), 300, 300, caption="物流截图")
    await replies_since(fake_api, user, since, at_least=1, timeout=REPLY_TIMEOUT)
    # An album of big photos; kill -9 as soon as the downloads have started.
    since = time.perf_counter()
    for seed in range(2, 8):
        fake_api.user_sends_photo(user, noisy_jpeg(seed), 1400, 1400, media_group_id="crash-album")
    await fake_api.wait_for(
        lambda calls: [c for c in calls if c.method == "download" and c.at >= since], REPLY_TIMEOUT
    )
    await first.kill()
    # The sweep leaves files younger than an hour alone (another replica sharing the directory may be
    # writing them, see bot.evidence_files.sweep_files): the restart comes, as far as the files can
    # tell, two hours after the crash.
    then = time.time() - 7200
    for path in (tmp_path / "evidence").rglob("*"):
        if path.is_file():
            os.utime(path, (then, then))

    second = await bot_factory().start()  # same directory: the start-up sweep runs before polling
    rows, stored, temporary, fsm = disk_state(tmp_path)
    assert rows, "the kept photo has its row"
    assert rows == stored, (rows, stored)  # every row has its file, no file without a row
    assert all(name in fsm for name in temporary), temporary  # only what a conversation waits for
    assert "evidence sweep: removed" in second.stderr_text()
    await asyncio.sleep(0)
    assert await second.terminate() == 0
