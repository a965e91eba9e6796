"""A Bot API session that never touches the network.

It answers every call locally and records it. `dispute-bot chat` uses it to print the bot's messages in
a terminal, and the handler tests use it to see exactly what the bot sent. Files "uploaded" by the local
user are registered here and served back through getFile and download, as the real API would.
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncGenerator, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from aiogram import Bot
from aiogram.client.session.base import BaseSession
from aiogram.methods import (
    AnswerCallbackQuery,
    EditMessageReplyMarkup,
    EditMessageText,
    GetFile,
    GetMe,
    SendDocument,
    SendMessage,
    SendPhoto,
    TelegramMethod,
)
from aiogram.methods.base import TelegramType
from aiogram.types import Chat, File, Message, User

LOCAL_BOT = User(id=1, is_bot=True, first_name="Dispute helper", username="dispute_helper_bot")


class LocalSession(BaseSession):
    def __init__(self, on_request: Callable[[TelegramMethod[Any]], None] | None = None) -> None:
        super().__init__()
        self.requests: list[TelegramMethod[Any]] = []
        self.on_request = on_request
        self._message_ids = itertools.count(1000)
        self._files: dict[str, Path] = {}
        self._failures: list[tuple[type, Exception]] = []

    # -- what the tests and the chat use ------------------------------------------------------------
    def register_file(self, path: Path) -> str:
        """Make a local file downloadable under a new file id, as if the user had uploaded it."""
        file_id = f"local-{len(self._files) + 1}"
        self._files[file_id] = path
        return file_id

    def fail_next(self, method_type: type, error: Exception) -> None:
        """The next call of this method type raises `error` (for 429 / 403 tests)."""
        self._failures.append((method_type, error))

    def sent(self, method_type: type = SendMessage) -> list[Any]:
        return [request for request in self.requests if isinstance(request, method_type)]

    # -- BaseSession ----------------------------------------------------------------------------------
    async def close(self) -> None:
        return None

    async def make_request(
        self, bot: Bot, method: TelegramMethod[TelegramType], timeout: int | None = None
    ) -> TelegramType:
        for index, (method_type, error) in enumerate(self._failures):
            if isinstance(method, method_type):
                del self._failures[index]
                raise error
        self.requests.append(method)
        if self.on_request is not None:
            self.on_request(method)
        return self._answer(method)

    def _answer(self, method: TelegramMethod[Any]) -> Any:
        if isinstance(method, GetMe):
            return LOCAL_BOT
        if isinstance(method, SendMessage | SendPhoto | SendDocument | EditMessageText):
            chat_id = method.chat_id if isinstance(method.chat_id, int) else 0
            return Message(
                message_id=getattr(method, "message_id", None) or next(self._message_ids),
                date=datetime.now(UTC),
                chat=Chat(id=chat_id, type="private"),
                from_user=LOCAL_BOT,
                text=getattr(method, "text", None),
                reply_markup=getattr(method, "reply_markup", None),
            )
        if isinstance(method, GetFile):
            path = self._files.get(method.file_id)
            size = path.stat().st_size if path is not None and path.exists() else None
            return File(
                file_id=method.file_id,
                file_unique_id=method.file_id,
                file_size=size,
                file_path=method.file_id,
            )
        if isinstance(method, AnswerCallbackQuery | EditMessageReplyMarkup):
            return True
        return True  # setMyCommands, deleteWebhook, sendChatAction, deleteMessage…

    async def stream_content(
        self,
        url: str,
        headers: dict[str, Any] | None = None,
        timeout: int = 30,
        chunk_size: int = 65536,
        raise_for_status: bool = True,
    ) -> AsyncGenerator[bytes, None]:
        file_id = url.rsplit("/", 1)[-1]
        path = self._files.get(file_id)
        if path is None:
            raise FileNotFoundError(file_id)
        with path.open("rb") as handle:
            while chunk := handle.read(chunk_size):
                yield chunk
