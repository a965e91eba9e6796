"""Hypothesis fuzz of text and callback data through the real dispatcher (feed_update).

One bot and database for the whole run; the fuzzed user wanders into flows (commands and answers are
mixed into the random text) and out again. Every update must get a reply (a message, or an answered
callback query) and never the generic apology that the error handler sends for an unhandled exception.
500 examples in CI (HYPOTHESIS_EXAMPLES to change), about half a minute.
"""

from __future__ import annotations

import asyncio
import itertools
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiogram.methods import AnswerCallbackQuery, SendMessage
from aiogram.methods.base import TelegramMethod
from aiogram.types import CallbackQuery, Chat, Message, Update, User
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.app import build_app, create_bot
from bot.config import load_settings
from bot.local_session import LocalSession
from bot.persistence.database import open_database
from flows.clock import FrozenClock
from tests.bot.conftest import START

EXAMPLES = int(os.environ.get("HYPOTHESIS_EXAMPLES", "500"))
USER = 777
APOLOGY = ("出了点问题", "something went wrong")

COMMANDS = ["/start", "/apply", "/negotiate", "/evidence", "/appeal", "/cases", "/cancel", "/help",
            "/faq", "/lang", "/reminders", "/privacy", "/done", "/mydata", "/forget"]  # fmt: skip
ANSWERS = ["质量问题", "仅退款", "跳过", "昨天", "11月20日", "2026-11-20 20:30", "1234567890123456", "是",
           "卖家不理我怎么办", "申诉期限是几天", "0001-01-01", "١٢٣٤٥٦٧٨٩٠١٢٣٤٥٦"]  # fmt: skip
PREFIXES = ["c", "f", "q", "m", "l", "p", "rm", "zz", ""]

texts = st.one_of(
    st.sampled_from(COMMANDS + ANSWERS),
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=50),
    st.builds(lambda c, t: f"{c} {t}", st.sampled_from(COMMANDS), st.text(max_size=40)),
    st.integers().map(str),
)
fields = st.one_of(
    st.integers(min_value=-(10**25), max_value=10**25).map(str),
    st.sampled_from(
        [
            "open",
            "closed",
            "ruling",
            "evidence",
            "apply",
            "problem",
            "quality",
            "forget_yes",
            "forget_no",
            "e",
            "t",
            "zh",
            "en",
            "menu",
            "1",
            "0",
            "true",
            "skip",
            "back",
        ]
    ),
    st.text(max_size=20),
)
callback_data = st.one_of(
    st.text(max_size=64),
    st.builds(
        lambda prefix, parts: ":".join([prefix, *parts])[:64],
        st.sampled_from(PREFIXES),
        st.lists(fields, max_size=4),
    ),
)
updates = st.one_of(st.tuples(st.just("text"), texts), st.tuples(st.just("press"), callback_data))


class Bot:
    """The assembled bot on a private event loop, so hypothesis can drive it from a plain test."""

    def __init__(self, tmp_path: Path) -> None:
        self.loop = asyncio.new_event_loop()
        self.ids = itertools.count(1)
        self.loop.run_until_complete(self._start(tmp_path))

    async def _start(self, tmp_path: Path) -> None:
        url = f"sqlite+aiosqlite:///{tmp_path}/fuzz.db"
        settings_ = load_settings({"DATABASE_URL": url, "EVIDENCE_DIR": str(tmp_path / "evidence")})
        self.database = await open_database(url)
        self.clock = FrozenClock(START)
        self.app = build_app(settings_, self.database, self.clock, album_quiet_period=0.01)
        self.session = LocalSession()
        self.bot = create_bot(settings_, "123456:test-token-for-handler-tests-0000000", session=self.session)

        async def no_sleep(_: float) -> None:
            return None

        self.app.attach(self.bot, sleep=no_sleep)
        dispatcher = self.app.dispatcher
        await dispatcher.emit_startup(bot=self.bot, dispatcher=dispatcher, **dispatcher.workflow_data)

    def feed(self, kind: str, payload: str) -> list[TelegramMethod[Any]]:
        n = next(self.ids)
        user = User(id=USER, is_bot=False, first_name="Fuzz", language_code="zh")
        chat = Chat(id=USER, type="private")
        if kind == "text":
            update = Update(
                update_id=n,
                message=Message(message_id=n, date=self.clock.now(), chat=chat, from_user=user, text=payload),
            )
        else:
            message = Message(message_id=n, date=self.clock.now(), chat=chat, text="…")
            query = CallbackQuery(id=str(n), from_user=user, chat_instance="f", message=message, data=payload)
            update = Update(update_id=n, callback_query=query)
        before = len(self.session.requests)
        self.loop.run_until_complete(self.app.dispatcher.feed_update(self.bot, update))
        return self.session.requests[before:]

    def close(self) -> None:
        async def stop() -> None:
            dispatcher = self.app.dispatcher
            await dispatcher.emit_shutdown(bot=self.bot, dispatcher=dispatcher, **dispatcher.workflow_data)
            await self.database.close()

        self.loop.run_until_complete(stop())
        self.loop.close()


@pytest.fixture(scope="module")
def fuzz_bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Bot]:
    bot = Bot(tmp_path_factory.mktemp("fuzz"))
    yield bot
    bot.close()


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(update=updates)
def test_any_text_or_callback_gets_a_reply_and_never_an_unhandled_error(fuzz_bot: Bot, update) -> None:
    kind, payload = update
    calls = fuzz_bot.feed(kind, payload)
    sent = [c for c in calls if isinstance(c, SendMessage)]
    answered = [c for c in calls if isinstance(c, AnswerCallbackQuery)]
    text = "\n".join(m.text for m in sent) + "\n".join(a.text or "" for a in answered)
    assert not any(marker in text for marker in APOLOGY), (kind, payload, text)
    if kind == "text":
        assert sent, (kind, payload)
    else:
        assert len(answered) == 1, (kind, payload, calls)  # the spinner always stops, exactly once
        assert sent or answered[0].text, (kind, payload)  # …and the user is told something
