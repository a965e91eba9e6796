"""Event-loop stalls while the bot receives one large evidence file.

A probe task sleeps 1 ms in a loop and records how late each wake-up is; the longest lateness while a
file is received is the longest stall any other user's update would have waited. The download comes from
an in-memory Bot API session that yields 64 KiB chunks (as aiohttp does), so the figure is the bot's own
work: streaming to a temporary file, hashing, the content check and the image decode check.

For comparison, in the same run, the way it used to be done: the whole file in one buffer, hashed,
detected, decoded by Pillow and written, all on the event loop; and the probe on an idle loop for as
long as a download takes, which is what a loaded machine adds to every figure (another process holding
the CPU delays the probe just as much as work on the loop would).

    .venv/bin/python benchmarks/evidence_intake_lag.py [--repeat 5] [--mb 20]

Prints the median of --repeat runs for each case: longest stall (ms), total time (s).
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import io
import os
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncGenerator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from PIL import Image

from bot.app import create_bot
from bot.config import load_settings
from bot.evidence_files import Incoming, detect, fetch
from bot.local_session import LocalSession


class MemorySession(LocalSession):
    """Serves registered files from memory in 64 KiB chunks, yielding to the loop between chunks."""

    def __init__(self, blobs: dict[str, bytes]) -> None:
        super().__init__()
        self.blobs = blobs
        for file_id in blobs:
            self._files[file_id] = Path(file_id)

    def _answer(self, method: Any) -> Any:
        answer = super()._answer(method)
        if hasattr(answer, "file_size") and getattr(method, "file_id", None) in self.blobs:
            return answer.model_copy(update={"file_size": len(self.blobs[method.file_id])})
        return answer

    async def stream_content(
        self, url: str, headers=None, timeout=30, chunk_size=65536, raise_for_status=True
    ) -> AsyncGenerator[bytes, None]:
        data = self.blobs[url.rsplit("/", 1)[-1]]
        for start in range(0, len(data), chunk_size):
            await asyncio.sleep(0)
            yield data[start : start + chunk_size]


class Probe:
    def __init__(self) -> None:
        self.worst = 0.0
        self._stop = False

    async def run(self) -> None:
        while not self._stop:
            before = time.perf_counter()
            await asyncio.sleep(0.001)
            self.worst = max(self.worst, time.perf_counter() - before - 0.001)

    def stop(self) -> None:
        self._stop = True


def big_jpeg(megabytes: int) -> bytes:
    """A noisy JPEG just under `megabytes` MB (noise does not compress), complete and decodable."""
    limit = megabytes * 1024 * 1024
    side, best = 800, b""
    while True:
        buffer = io.BytesIO()
        Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(buffer, "JPEG", quality=90)
        if buffer.tell() > limit:
            return best
        best = buffer.getvalue()
        side = int(side * 1.05)


async def measure(work) -> tuple[float, float]:
    probe = Probe()
    task = asyncio.create_task(probe.run())
    await asyncio.sleep(0.01)
    probe.worst = 0.0
    started = time.perf_counter()
    await work()
    elapsed = time.perf_counter() - started
    probe.stop()
    await task
    return probe.worst * 1000, elapsed


def old_way(data: bytes, directory: Path) -> None:
    sha = hashlib.sha256(data).hexdigest()
    if detect(data[:8192]) == "image/jpeg":
        with Image.open(io.BytesIO(data)) as image:
            image.load()
    (directory / f"{sha}.jpg").write_bytes(data)


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--mb", type=int, default=20)
    args = parser.parse_args()
    pdf = b"%PDF-1.4\n" + os.urandom(args.mb * 1024 * 1024 - 9)
    jpeg = big_jpeg(args.mb)
    print(f"files: PDF {len(pdf) / 2**20:.1f} MB, JPEG {len(jpeg) / 2**20:.1f} MB; {args.repeat} runs each")
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings({"EVIDENCE_DIR": tmp, "DATABASE_URL": "sqlite+aiosqlite:///:memory:"})
        session = MemorySession({"pdf": pdf, "jpg": jpeg})
        bot = create_bot(settings, "123456:benchmark-token-not-used-for-network-00000", session=session)
        results: dict[str, list[tuple[float, float]]] = {}
        for _ in range(args.repeat):
            for name, size in (("pdf", len(pdf)), ("jpg", len(jpeg))):
                incoming = Incoming("document", name, size, None, f"x.{name}")

                async def streamed(incoming: Incoming = incoming) -> None:
                    item = await fetch(bot, incoming, Path(tmp), settings.evidence_cap_bytes, 1)
                    assert item.error is None and item.staged, item
                    (Path(tmp) / ".incoming" / item.staged).unlink()

                results.setdefault(f"streamed {name}", []).append(await measure(streamed))

                async def on_loop(blob: bytes = pdf if name == "pdf" else jpeg) -> None:
                    old_way(blob, Path(tmp))

                results.setdefault(f"whole file on the loop {name}", []).append(await measure(on_loop))

            # The same probe on an idle loop for as long as a streamed download took: what the machine
            # itself (other processes, the scheduler) adds to every figure above.
            idle_for = results["streamed pdf"][-1][1]

            async def idle(seconds: float = idle_for) -> None:
                await asyncio.sleep(seconds)

            results.setdefault("idle loop (machine noise)", []).append(await measure(idle))
        for label, values in results.items():
            stalls = [v[0] for v in values]
            times = [v[1] for v in values]
            print(
                f"{label:32s} longest stall median {statistics.median(stalls):7.1f} ms "
                f"(max {max(stalls):6.1f})   total median {statistics.median(times):5.2f} s"
            )


if __name__ == "__main__":
    asyncio.run(main())
