"""Latency of the real bot process, over real HTTP, against the fake Bot API server on 127.0.0.1.

1. Start-up: from spawning `dispute-bot run` until its first getUpdates call (fresh database each time:
   migrations included), repeated --startups times; the median.
2. Reply latency: from an update becoming available on the server to the bot's reply reaching the
   server, one update at a time (no queueing), --messages times each:
   - /start: to the first message (welcome) and to the last one (the menu keyboard);
   - a button press: the menu's language button (it answers the callback query, then sends a
     confirmation and the menu again): to answerCallbackQuery and to the last message.
   Median and p99 (nearest rank) in ms, after --warmup untimed exchanges.

    .venv/bin/python benchmarks/bot_latency.py [--startups 5] [--messages 200]

Every wait is bounded (a stuck bot makes the script fail, not hang); the bot is stopped with SIGTERM at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `tests` (the fake server and the e2e harness) is not an installed package
    sys.path.insert(0, str(ROOT))

from tests.e2e.harness import BOT_ARGV, BotProcess
from tests.fakeapi.server import FakeBotAPI

TIMEOUT = 30.0  # per exchange


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.99 * len(ordered)) - 1)]


def line(label: str, values_ms: list[float]) -> str:
    return (
        f"  {label:<38} median {statistics.median(values_ms):7.1f} ms   p99 {p99(values_ms):7.1f} ms   "
        f"(n={len(values_ms)}, min {min(values_ms):.1f}, max {max(values_ms):.1f})"
    )


async def measure_startups(server: FakeBotAPI, count: int) -> list[float]:
    times = []
    for index in range(count):
        with tempfile.TemporaryDirectory(prefix="bot-latency-") as directory:
            process = BotProcess(server, Path(directory), name=f"startup{index}")
            try:
                await process.start(timeout=120)
                first_poll = next(
                    call
                    for call in server.calls
                    if call.method == "getUpdates" and call.at >= process.spawned_at
                )
                times.append(first_poll.at - process.spawned_at)
                print(f"  start-up {index + 1}: {times[-1]:.2f} s", flush=True)
            finally:
                await process.stop()
    return times


async def start_exchange(server: FakeBotAPI, user: int) -> tuple[float, float]:
    """/start → (ms to the first message, ms to the menu)."""
    queued = server.user_says(user, "/start")

    def both(_: object) -> list | None:
        sent = server.sent_after(user, queued.available_at)
        return sent if len(sent) >= 2 else None

    sent = await server.wait_for(both, TIMEOUT)
    return (sent[0].at - queued.available_at) * 1000, (sent[1].at - queued.available_at) * 1000


async def press_exchange(server: FakeBotAPI, user: int) -> tuple[float, float]:
    """The menu's language button → (ms to answerCallbackQuery, ms to the last message: the new menu)."""
    menu = server.latest_keyboard(user)
    assert menu is not None
    data = next(data for _, data in menu.buttons() if data.startswith(("m:language", "m:lang")))
    queued = server.user_presses(user, data, menu.result["message_id"])
    query_id = queued.payload["callback_query"]["id"]
    answer = await server.wait_for(
        lambda calls: next(
            (
                call
                for call in calls
                if call.method == "answerCallbackQuery" and call.params.get("callback_query_id") == query_id
            ),
            None,
        ),
        TIMEOUT,
    )
    sent = await server.wait_for(
        lambda _: next(
            (call for call in server.sent_after(user, queued.available_at) if call.buttons()), None
        ),
        TIMEOUT,
    )
    return (answer.at - queued.available_at) * 1000, (sent.at - queued.available_at) * 1000


async def main() -> None:
    parser = argparse.ArgumentParser(description="latency of the running bot against the fake Bot API")
    parser.add_argument("--startups", type=int, default=5)
    parser.add_argument("--messages", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--users", type=int, default=20)
    args = parser.parse_args()
    print(f"bot: {' '.join(BOT_ARGV)}", flush=True)
    async with FakeBotAPI() as server:
        print(f"start-up (spawn → first getUpdates), {args.startups}×:", flush=True)
        startups = await measure_startups(server, args.startups)

        with tempfile.TemporaryDirectory(prefix="bot-latency-") as directory:
            process = BotProcess(server, Path(directory), name="latency")
            try:
                await process.start(timeout=120)
                users = [700_000 + index for index in range(args.users)]
                for index in range(args.warmup):
                    await start_exchange(server, users[index % len(users)])
                    await press_exchange(server, users[index % len(users)])
                start_first, start_menu, press_answer, press_menu = [], [], [], []
                for index in range(args.messages):
                    first, menu = await start_exchange(server, users[index % len(users)])
                    start_first.append(first)
                    start_menu.append(menu)
                for index in range(args.messages):
                    # every user has a menu from the /start round; each press toggles the language
                    answer, menu = await press_exchange(server, users[index % len(users)])
                    press_answer.append(answer)
                    press_menu.append(menu)
                code = await process.terminate()
            finally:
                await process.stop()

    print("results:")
    print(
        f"  start-up to first getUpdates:          median {statistics.median(startups):.2f} s   "
        f"(runs: {', '.join(f'{value:.2f}' for value in startups)})"
    )
    print(line("/start → first message (welcome)", start_first))
    print(line("/start → last message (menu)", start_menu))
    print(line("button press → answerCallbackQuery", press_answer))
    print(line("button press → last message (menu)", press_menu))
    print(f"  bot exit code after SIGTERM: {code}")


if __name__ == "__main__":
    asyncio.run(main())
