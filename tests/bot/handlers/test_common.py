"""/start, /help, /lang, /cancel, errors, 429/403 and albums through the real dispatcher."""

from __future__ import annotations

import asyncio
import contextlib

from aiogram import Router
from aiogram.exceptions import TelegramForbiddenError, TelegramRetryAfter
from aiogram.filters import Command
from aiogram.methods import SendMessage
from aiogram.types import Message

from bot.persistence.models import User
from tests.bot.conftest import button_data, buttons


async def test_start_gives_welcome_and_menu_in_chinese(harness):
    sent = await harness.say("/start")
    assert "与淘宝官方无关" in sent[0].text
    labels = [label for label, _ in buttons(sent[-1])]
    for part in ("协商", "申请", "证据", "申诉", "常见问题", "我的案件", "English"):
        assert any(part in label for label in labels), part


async def test_english_user_gets_english(harness):
    sent = await harness.say("/start", user_id=777, language="en-US")
    assert "not affiliated with Taobao" in sent[0].text


async def test_lang_choice_is_stored_and_wins_over_telegram(harness):
    await harness.say("/lang")
    await harness.press("l:en")
    sent = await harness.say("/help")  # Telegram still says zh
    assert "Commands" in sent[0].text
    async with harness.app.database.sessions() as session:
        assert (await session.get(User, 501)).language == "en"


async def test_lang_with_a_language_switches_at_once(harness):
    sent = await harness.say("/lang en")
    assert "English from now on" in sent[0].text
    async with harness.app.database.sessions() as session:
        assert (await session.get(User, 501)).language == "en"
    sent = await harness.say("/lang 中文")
    assert "用中文" in sent[0].text
    sent = await harness.say("/lang klingon")  # not a language we speak: the choice
    assert "Choose your language" in sent[0].text


async def test_an_unknown_command_is_named_and_help_offered(harness):
    sent = await harness.say("/erase")
    assert "没有 /erase 这个命令" in sent[0].text and "/help" in sent[0].text


async def test_cancel_without_flow_says_nothing_running(harness):
    sent = await harness.say("/cancel")
    assert "没有进行中的流程" in sent[0].text


async def test_error_is_apologised_for_and_bot_goes_on(harness):
    boom = Router()

    @boom.message(Command("boom"))
    async def explode(message: Message) -> None:
        raise RuntimeError("kaboom")

    harness.add_router(boom)
    sent = await harness.say("/boom")
    assert "出了点问题" in sent[-1].text and "/cancel" in sent[-1].text
    assert "kaboom" not in sent[-1].text
    sent = await harness.say("/help")
    assert "/start" in sent[0].text


async def test_429_waits_retry_after_and_sends_the_same_message(harness):
    harness.session.fail_next(
        SendMessage,
        TelegramRetryAfter(
            method=SendMessage(chat_id=501, text="x"), message="Too Many Requests", retry_after=7
        ),
    )
    sent = await harness.say("/help")
    assert harness.sleeps == [7]
    assert len(sent) == 1 and "/start" in sent[0].text


async def test_403_marks_user_blocked_and_stops_sending(harness):
    await harness.say("/start")
    harness.session.fail_next(
        SendMessage,
        TelegramForbiddenError(method=SendMessage(chat_id=501, text="x"), message="bot was blocked"),
    )
    await harness.say("/help")
    async with harness.app.database.sessions() as session:
        assert (await session.get(User, 501)).blocked is True
    assert 501 in harness.app.blocked
    before = len(harness.session.sent())
    # A reminder or any other send to this user now stops before the network.
    with contextlib.suppress(TelegramForbiddenError):
        await harness.bot.send_message(501, "x")
    assert len(harness.session.sent()) == before
    # Writing to the bot again means they unblocked it.
    sent = await harness.say("/help")
    assert sent and 501 not in harness.app.blocked


async def test_album_reaches_handler_as_one_list(harness):
    received: list[list[str]] = []
    album_router = Router()

    @album_router.message(lambda m: m.photo is not None)
    async def on_photos(message: Message, album: list[Message]) -> None:
        received.append([m.photo[-1].file_id for m in album])

    harness.add_router(album_router)
    updates = [harness.photo_update(f"p{i}", media_group_id="g1") for i in range(3)]
    await asyncio.gather(*(harness.dispatcher.feed_update(harness.bot, u) for u in updates))
    await harness.dispatcher.feed_update(harness.bot, harness.photo_update("single"))
    assert received == [["p0", "p1", "p2"], ["single"]]


async def test_menu_button_callback_data_fits_telegram_limit(harness):
    sent = await harness.say("/start")
    assert all(len(data.encode()) <= 64 for _, data in buttons(sent[-1]))
    assert button_data(sent[-1], "English") == "m:language"


async def test_odd_messages_get_a_friendly_answer_and_keep_the_flow(harness):
    from aiogram.types import Chat, Location, Message, Sticker, Update

    await harness.say("/apply")
    n = 70_000
    sticker = Update(
        update_id=n,
        message=Message(
            message_id=n,
            date=harness.clock.now(),
            chat=Chat(id=501, type="private"),
            from_user=harness.user(),
            sticker=Sticker(
                file_id="s",
                file_unique_id="s",
                type="regular",
                width=1,
                height=1,
                is_animated=False,
                is_video=False,
            ),
        ),
    )
    location = Update(
        update_id=n + 1,
        message=Message(
            message_id=n + 1,
            date=harness.clock.now(),
            chat=Chat(id=501, type="private"),
            from_user=harness.user(),
            location=Location(latitude=31.2, longitude=121.5),
        ),
    )
    for update in (sticker, location):
        before = len(harness.session.sent())
        await harness.dispatcher.feed_update(harness.bot, update)
        replies = harness.session.sent()[before:]
        assert replies and "出了点问题" not in replies[0].text
        assert "遇到了什么问题" in replies[-1].text  # the current question again
    sent = await harness.say("<b>我是谁</b> & <script>")  # a typed answer with markup: escaped or refused
    assert all("<script>" not in m.text for m in sent)
    sent = await harness.press(button_data([m for m in sent if m.reply_markup][-1], "质量问题"))
    assert "服务类型" in sent[-1].text  # the flow went on where it was


async def test_group_chats_are_pointed_to_a_private_chat(harness):
    from aiogram.types import Chat, Message, Update

    update = Update(
        update_id=80_000,
        message=Message(
            message_id=1,
            date=harness.clock.now(),
            chat=Chat(id=-100123, type="supergroup"),
            from_user=harness.user(),
            text="/apply",
        ),
    )
    await harness.dispatcher.feed_update(harness.bot, update)
    chatter = Update(
        update_id=80_001,
        message=Message(
            message_id=2,
            date=harness.clock.now(),
            chat=Chat(id=-100123, type="supergroup"),
            from_user=harness.user(),
            text="大家好",
        ),
    )
    await harness.dispatcher.feed_update(harness.bot, chatter)
    sent = harness.session.sent()
    assert len(sent) == 1 and "私聊" in sent[0].text
