"""`dispute-bot chat`: the same bot, handlers and database in a terminal, no Telegram needed.

Bot messages are printed as plain text; inline buttons appear as numbered choices and typing the number
presses one; `/photo PATH [caption]` and `/file PATH [caption]` send a local file as the user's upload,
`/album PATH PATH … [caption]` several as one album. Standard input is
read line by line, so a conversation can be scripted: `printf '/start\\n1\\n' | dispute-bot chat`.
"""

from __future__ import annotations

import asyncio
import html
import itertools
import mimetypes
import re
import shlex
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from aiogram.methods import AnswerCallbackQuery, EditMessageText, SendDocument, SendMessage, SendPhoto
from aiogram.types import (
    CallbackQuery,
    Chat,
    Document,
    InlineKeyboardMarkup,
    Message,
    PhotoSize,
    Update,
    User,
)

from bot.app import build_app, create_bot
from bot.config import Settings
from bot.i18n import language_from_telegram
from bot.local_session import LocalSession
from bot.persistence.database import Database, open_database
from bot.persistence.users import chosen_language
from bot.runner import build_scheduler
from flows.clock import Clock, SystemClock

LOCAL_TOKEN = "123456:local-chat-token-not-used-for-any-network-call"
TAG = re.compile(r"<[^>]+>")


def html_to_text(text: str) -> str:
    return html.unescape(TAG.sub("", text))


class TerminalChat:
    def __init__(self, out: IO[str], user_id: int, language_code: str) -> None:
        self.out = out
        self.user = User(id=user_id, is_bot=False, first_name="You", language_code=language_code)
        self.chat = Chat(id=user_id, type="private")
        self.buttons: list[tuple[str, str]] = []  # (label, callback data) of the latest keyboard
        self.keyboard_message: Message | None = None
        self.session = LocalSession(on_request=self._print)
        self._ids = itertools.count(1)

    # -- output ---------------------------------------------------------------------------------------
    def _print(self, method: Any) -> None:
        if isinstance(method, SendMessage | EditMessageText | SendPhoto | SendDocument):
            text = getattr(method, "text", None) or getattr(method, "caption", None) or ""
            self.out.write("Bot: " + html_to_text(text).replace("\n", "\n     ") + "\n")
            markup = method.reply_markup
            if isinstance(markup, InlineKeyboardMarkup):
                self._show_buttons(markup, method)
        elif isinstance(method, AnswerCallbackQuery) and method.text:
            self.out.write("Bot: " + html_to_text(method.text) + "\n")
        self.out.flush()

    def _show_buttons(self, markup: InlineKeyboardMarkup, method: Any) -> None:
        self.buttons = [
            (button.text, button.callback_data or "")
            for row in markup.inline_keyboard
            for button in row
            if button.callback_data
        ]
        for number, (label, _) in enumerate(self.buttons, start=1):
            self.out.write(f"     [{number}] {label}\n")
        self.keyboard_message = Message(
            message_id=getattr(method, "message_id", None) or 10_000 + len(self.session.requests),
            date=datetime.now(UTC),
            chat=self.chat,
            text=getattr(method, "text", None),
        )

    # -- input ----------------------------------------------------------------------------------------
    def update_for(self, line: str) -> Update | list[Update] | str:
        """The update(s) a typed line stands for (an album is several), or the name of a catalogue hint
        to show instead.

        `/photo PATH [caption]`, `/file PATH [caption]`, `/album PATH PATH … [caption]`; quote a path
        with spaces ("my photo.jpg")."""
        update_id = next(self._ids)
        if line.isdigit() and self.buttons and 1 <= int(line) <= len(self.buttons):
            return Update(
                update_id=update_id,
                callback_query=CallbackQuery(
                    id=str(update_id),
                    from_user=self.user,
                    chat_instance="terminal",
                    message=self.keyboard_message,
                    data=self.buttons[int(line) - 1][1],
                ),
            )
        for command in ("/photo", "/file", "/album"):
            if line == command or line.startswith(command + " "):
                words = _split(line[len(command) :])
                paths: list[Path] = []
                while words and (command == "/album" or not paths) and Path(words[0]).expanduser().is_file():
                    paths.append(Path(words.pop(0)).expanduser())
                if not paths or (command == "/album" and words and _looks_like_path(words[0])):
                    return "chat-file-missing"
                caption = " ".join(words) or None
                if command != "/album":
                    message = self._file_message(update_id, command, paths[0], caption)
                    return Update(update_id=update_id, message=message)
                group = f"album-{update_id}"
                updates = []
                for index, path in enumerate(paths):
                    kind = "/photo" if _image_size(path) != (0, 0) else "/file"
                    number = update_id if index == 0 else next(self._ids)
                    message = self._file_message(number, kind, path, caption if index == 0 else None, group)
                    updates.append(Update(update_id=number, message=message))
                return updates
        return Update(
            update_id=update_id,
            message=Message(
                message_id=update_id, date=datetime.now(UTC), chat=self.chat, from_user=self.user, text=line
            ),
        )

    def _file_message(
        self, update_id: int, command: str, path: Path, caption: str | None = None, group: str | None = None
    ) -> Message:
        file_id = self.session.register_file(path)
        size = path.stat().st_size
        date = datetime.now(UTC)
        photo: list[PhotoSize] | None = None
        document: Document | None = None
        if command == "/photo":
            width, height = _image_size(path)
            photo = [
                PhotoSize(file_id=file_id, file_unique_id=file_id, width=width, height=height, file_size=size)
            ]
        else:
            mime, _ = mimetypes.guess_type(path.name)  # Telegram, too, trusts the name for mime_type
            document = Document(
                file_id=file_id, file_unique_id=file_id, file_name=path.name, mime_type=mime, file_size=size
            )
        return Message(
            message_id=update_id,
            date=date,
            chat=self.chat,
            from_user=self.user,
            caption=caption,
            media_group_id=group,
            photo=photo,
            document=document,
        )


async def _chosen_language(database: Database, user_id: int) -> str | None:
    async with database.sessions() as session:
        return await chosen_language(session, user_id)


def _split(text: str) -> list[str]:
    try:
        return shlex.split(text)
    except ValueError:  # an unbalanced quote: plain words
        return text.split()


def _looks_like_path(word: str) -> bool:
    return "/" in word or "." in Path(word).name


def _image_size(path: Path) -> tuple[int, int]:
    try:
        from PIL import Image

        with Image.open(path) as image:
            return image.size
    except Exception:  # noqa: BLE001 — not an image: Telegram would still accept it as a "photo" upload attempt
        return 0, 0


async def run_chat(
    settings: Settings,
    stdin: IO[str],
    stdout: IO[str],
    *,
    user_id: int = 100_001,
    language_code: str | None = None,
    clock: Clock | None = None,
) -> int:
    clock = clock or SystemClock()
    language_code = language_code or settings.default_language
    database = await open_database(settings.database_url)
    terminal = TerminalChat(stdout, user_id, language_code)
    bot = create_bot(settings, LOCAL_TOKEN, session=terminal.session)
    app = build_app(settings, database, clock, album_quiet_period=0.3)
    app.attach(bot)
    dispatcher = app.dispatcher
    core = dispatcher["i18n_core"]
    scheduler = build_scheduler(app, bot)  # reminders show up in the terminal too
    await dispatcher.emit_startup(bot=bot, dispatcher=dispatcher, **dispatcher.workflow_data)
    app.scheduler_task = asyncio.create_task(scheduler.run_forever())
    language = language_from_telegram(language_code, settings.default_language)
    stdout.write(core.get("chat-intro", language) + "\n")
    stdout.flush()
    try:
        while True:
            line = await asyncio.to_thread(stdin.readline)
            if not line:
                break
            line = line.strip()
            if not line:
                continue
            if line in ("/quit", "/exit"):
                break
            stdout.write(f"> {line}\n")
            update = terminal.update_for(line)
            if isinstance(update, str):
                stdout.write(core.get(update, language) + "\n")
                continue
            if isinstance(update, list):  # an album: its updates arrive together, as from Telegram
                await asyncio.gather(*(dispatcher.feed_update(bot, part) for part in update))
            else:
                await dispatcher.feed_update(bot, update)
            await app.inflight.wait_idle(timeout=30)
            language = await _chosen_language(database, user_id) or language  # after /lang
    finally:
        await dispatcher.emit_shutdown(bot=bot, dispatcher=dispatcher, **dispatcher.workflow_data)
        await database.close()
    return 0
