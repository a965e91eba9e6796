"""A bot assembled exactly as in production, driven through Dispatcher.feed_update, with a recording
session instead of the network and a frozen clock."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from aiogram import Bot, Dispatcher, Router
from aiogram.methods import SendMessage
from aiogram.types import CallbackQuery, Chat, InlineKeyboardMarkup, Message, PhotoSize, Update, User

from bot.app import App, build_app, create_bot
from bot.config import load_settings
from bot.local_session import LocalSession
from bot.persistence.database import Database, open_database
from faq.matcher import FaqMatcher
from flows.clock import FrozenClock

START = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)  # 20:00 Beijing


class Harness:
    def __init__(self, app: App, bot: Bot, session: LocalSession, clock: FrozenClock) -> None:
        self.app, self.bot, self.session, self.clock = app, bot, session, clock
        self._ids = itertools.count(1)
        self.sleeps: list[float] = []

    @property
    def dispatcher(self) -> Dispatcher:
        return self.app.dispatcher

    def add_router(self, router: Router) -> None:
        """A test's own router, tried before every real one (right after the error router), added
        through aiogram's public include_router."""
        self.dispatcher.sub_routers[0].include_router(router)

    def user(self, user_id: int = 501, language: str = "zh") -> User:
        return User(id=user_id, is_bot=False, first_name="Buyer", language_code=language)

    async def say(self, text: str, user_id: int = 501, language: str = "zh") -> list[SendMessage]:
        before = len(self.session.requests)
        n = next(self._ids)
        user = self.user(user_id, language)
        update = Update(
            update_id=n,
            message=Message(
                message_id=n,
                date=self.clock.now(),
                text=text,
                chat=Chat(id=user_id, type="private"),
                from_user=user,
            ),
        )
        await self.dispatcher.feed_update(self.bot, update)
        return [r for r in self.session.requests[before:] if isinstance(r, SendMessage)]

    async def evidence(self, user_id: int = 501, language: str = "zh") -> list[SendMessage]:
        """/evidence, then the first open case it proposes (📁), as a user continuing that case does."""
        sent = await self.say("/evidence", user_id=user_id, language=language)
        markup = sent[-1].reply_markup if sent else None
        if isinstance(markup, InlineKeyboardMarkup):
            cases = [b for row in markup.inline_keyboard for b in row if b.text.startswith("📁")]
            if cases:
                sent = sent + await self.press(cases[0].callback_data or "", user_id, language)
        return sent

    async def press(self, data: str, user_id: int = 501, language: str = "zh") -> list[SendMessage]:
        before = len(self.session.requests)
        n = next(self._ids)
        user = self.user(user_id, language)
        message = Message(
            message_id=9000 + n, date=self.clock.now(), chat=Chat(id=user_id, type="private"), text="…"
        )
        update = Update(
            update_id=n,
            callback_query=CallbackQuery(
                id=str(n), from_user=user, chat_instance="test", message=message, data=data
            ),
        )
        await self.dispatcher.feed_update(self.bot, update)
        return [r for r in self.session.requests[before:] if isinstance(r, SendMessage)]

    def photo_update(
        self,
        file_id: str,
        *,
        user_id: int = 501,
        width: int = 1280,
        height: int = 960,
        media_group_id: str | None = None,
        caption: str | None = None,
    ) -> Update:
        n = next(self._ids)
        return Update(
            update_id=n,
            message=Message(
                message_id=n,
                date=self.clock.now(),
                chat=Chat(id=user_id, type="private"),
                from_user=self.user(user_id),
                media_group_id=media_group_id,
                caption=caption,
                photo=[PhotoSize(file_id=file_id, file_unique_id=file_id, width=width, height=height)],
            ),
        )


def buttons(message: SendMessage) -> list[tuple[str, str]]:
    markup = message.reply_markup
    assert isinstance(markup, InlineKeyboardMarkup), "the message has no inline keyboard"
    return [(b.text, b.callback_data or "") for row in markup.inline_keyboard for b in row]


def button_data(message: SendMessage, label_part: str) -> str:
    for text, data in buttons(message):
        if label_part in text:
            return data
    raise AssertionError(f"no button containing {label_part!r} in {buttons(message)}")


def unsure_question(matcher: FaqMatcher, candidates: list[str], among: str | None = None) -> str:
    """The first of ``candidates`` the FAQ answers with suggestions (``among`` one of them), for tests
    of what a miss does. The knowledge base grows as it is tuned, so a fixed question would in time be
    answered outright and the test would stop testing misses."""
    for question in candidates:
        result = matcher.match(question)
        ids = [entry.id for entry, _ in result.suggestions]
        if result.kind == "suggest" and (among is None or among in ids):
            return question
    raise AssertionError(f"none of {candidates} gets suggestions{f' with {among}' if among else ''} now")


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path}/bot.db"


@pytest.fixture
async def database(database_url: str) -> AsyncIterator[Database]:
    """A fresh database file of this test's own, migrated to the newest schema."""
    database = await open_database(database_url)
    try:
        yield database
    finally:
        await database.close()


@pytest.fixture
async def harness(tmp_path: Path, database_url: str, database: Database) -> AsyncIterator[Harness]:
    settings = load_settings({"DATABASE_URL": database_url, "EVIDENCE_DIR": str(tmp_path / "evidence")})
    clock = FrozenClock(START)
    app = build_app(settings, database, clock, album_quiet_period=0.05)
    session = LocalSession()
    bot = create_bot(settings, "123456:test-token-for-handler-tests-0000000", session=session)
    h = Harness(app, bot, session, clock)

    async def record_sleep(seconds: float) -> None:
        h.sleeps.append(seconds)

    app.attach(bot, sleep=record_sleep)
    await app.dispatcher.emit_startup(bot=bot, dispatcher=app.dispatcher, **app.dispatcher.workflow_data)
    yield h
    await app.dispatcher.emit_shutdown(bot=bot, dispatcher=app.dispatcher, **app.dispatcher.workflow_data)
