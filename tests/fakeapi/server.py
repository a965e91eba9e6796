"""A fake Telegram Bot API server, spoken to over real HTTP on 127.0.0.1.

The real bot (`dispute-bot run` with `BOT_API_URL=server.base_url`) talks to it exactly as it would to
api.telegram.org: `POST {base}/bot{TOKEN}/{method}` with multipart or urlencoded form fields (aiogram
JSON-encodes every value that is not a string) or a JSON body, and `GET {base}/file/bot{TOKEN}/{path}`
for downloads.

What the server does:

* answers getMe, deleteWebhook, setMyCommands, getUpdates (real long polling), sendMessage (and the
  other send* methods), editMessageText, editMessageReplyMarkup, answerCallbackQuery, getFile, file
  downloads, sendChatAction and deleteMessage; any other method gets `{"ok": true, "result": true}`;
* records every call (`Call`: method, parsed params, time received, HTTP status, what it answered);
* lets a test play the user: `user_says`, `user_presses`, `user_sends_photo`, `user_sends_document`
  queue updates with increasing update ids and the time they became available;
* fails, delays or holds calls on request: `fail_next`, `delay_next`, `hold`, `unauthorized_tokens`;
* lets a test wait for a condition instead of sleeping: `wait_for`, `wait_sent`, `wait_method`;
* webhook mode, as Telegram does it: after setWebhook (url, secret_token, max_connections) updates are
  no longer handed to getUpdates but POSTed to the URL with the `X-Telegram-Bot-Api-Secret-Token`
  header, one request at a time per chat (the next update of a chat only after the previous request
  was answered 2xx). A delivery that fails — connection refused or reset (a replica killed mid-request),
  a non-2xx answer, or no answer within `webhook_timeout` (Telegram waits about a minute) — is delivered
  again after `webhook_retry_delay`, before any later update of that chat, as Telegram does: so the bot
  can receive an update it already handled (it must not handle it twice) or one a dead replica was in
  the middle of. `webhook_targets` plays a load balancer in front of several replicas: each chat goes
  to one of them, and a redelivery goes to the next (`deliveries` records every attempt; failed ones
  are logged on the "tests.fakeapi" logger). deleteWebhook returns to getUpdates.

Times are `time.perf_counter()` values, so a benchmark in the same process can subtract them.

    async with FakeBotAPI() as server:
        ... start the bot with BOT_API_URL=server.base_url ...
        server.user_says(42, "/start")
        welcome, menu = await server.wait_sent(42, 2)
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import itertools
import json
import logging
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Self

from aiohttp import web

log = logging.getLogger("tests.fakeapi")

BOT_ID = 123456789
BOT_USERNAME = "fake_dispute_bot"

# Form fields that are strings on the wire and must never be JSON-decoded ("123" stays "123").
STRING_FIELDS = frozenset(
    {
        "text",
        "caption",
        "callback_query_id",
        "file_id",
        "parse_mode",
        "language_code",
        "description",
        "short_description",
        "url",
        "inline_message_id",
        "query_id",
        "action",
        "name",
        "title",
        "business_connection_id",
        "message_effect_id",
        "secret_token",
        "ip_address",
        "emoji",
        "sticker",
        "photo",
        "document",
        "video",
        "audio",
        "voice",
        "animation",
        "question",
        "address",
    }
)

TAG = re.compile(r"<[^>]+>")

FAILURE_DESCRIPTIONS = {
    400: "Bad Request: message is not modified",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: "Conflict: terminated by other getUpdates request",
    429: "Too Many Requests: retry after {retry_after}",
    500: "Internal Server Error",
    502: "Bad Gateway",
}


@dataclass
class Call:
    """One request the bot made."""

    method: str  # as in the URL, e.g. "sendMessage"
    params: dict[str, Any]  # parsed: JSON-encoded values decoded, numbers as int
    at: float  # time.perf_counter() when the request arrived
    token: str = ""
    status: int = 200  # HTTP status answered
    ok: bool = True
    result: Any = None  # the "result" answered (None when it failed)
    answered_at: float | None = None  # when the answer went out (getUpdates: after the long poll)

    @property
    def chat_id(self) -> Any:
        return self.params.get("chat_id")

    @property
    def text(self) -> str | None:
        return self.params.get("text")

    @property
    def reply_markup(self) -> dict[str, Any] | None:
        markup = self.params.get("reply_markup")
        return markup if isinstance(markup, dict) else None

    def buttons(self) -> list[tuple[str, str]]:
        """(label, callback_data) of every inline button, row by row."""
        markup = self.reply_markup or {}
        return [
            (button.get("text", ""), button.get("callback_data", ""))
            for row in markup.get("inline_keyboard", [])
            for button in row
            if button.get("callback_data")
        ]

    def __repr__(self) -> str:
        shown = {key: value for key, value in self.params.items() if key != "reply_markup"}
        if "reply_markup" in self.params:
            shown["buttons"] = [label for label, _ in self.buttons()]
        text = json.dumps(shown, ensure_ascii=False)
        if len(text) > 200:
            text = text[:200] + "…"
        return f"<{self.method} {self.status} {text}>"


@dataclass
class QueuedUpdate:
    update_id: int
    payload: dict[str, Any]  # the Update JSON the bot receives
    available_at: float  # perf_counter() when the update was queued
    fetched_at: float | None = None  # first time a getUpdates answer carried it
    confirmed: bool = False  # a later getUpdates offset dropped it


@dataclass
class Delivery:
    """One webhook POST attempt."""

    update_id: int
    chat_id: int
    target: str
    at: float
    status: int = 0  # HTTP status; 0: no answer (connection refused or dropped, or timed out)
    answered_at: float | None = None
    error: str | None = None  # why there was no answer


@dataclass
class _Failure:
    method: str
    status: int
    retry_after: int | None
    times: int
    description: str | None
    chat_id: Any = None


@dataclass
class _Delay:
    method: str
    seconds: float
    times: int
    chat_id: Any = None


@dataclass
class _File:
    file_id: str
    file_unique_id: str
    file_path: str
    data: bytes


class FakeBotAPI:
    """The server. Start it with `await server.start()` (or `async with`), stop with `await server.stop()`."""

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        bot_id: int = BOT_ID,
        bot_username: str = BOT_USERNAME,
    ) -> None:
        self.host = host
        self.port = port
        self.bot_user = {
            "id": bot_id,
            "is_bot": True,
            "first_name": "Dispute helper (fake)",
            "username": bot_username,
            "can_join_groups": False,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }
        self.calls: list[Call] = []
        self.updates: list[QueuedUpdate] = []  # every update ever queued, in order
        self.unauthorized_tokens: set[str] = set()  # these get 401 on every method, getMe included
        self.files: dict[str, _File] = {}  # by file_id
        self.messages: dict[tuple[int, int], dict[str, Any]] = {}  # (chat_id, message_id) → Message JSON
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1)
        self._file_ids = itertools.count(1)
        self._query_ids = itertools.count(1)
        self._pending: list[QueuedUpdate] = []  # not yet confirmed by an offset
        self._failures: list[_Failure] = []
        self._delays: list[_Delay] = []
        self._holds: list[tuple[str, Callable[[list[Call]], Any], float]] = []
        self._changed: asyncio.Condition | None = None  # notified on every call and every new update
        self._runner: web.AppRunner | None = None
        self._closing = False
        self._tasks: set[asyncio.Task[None]] = set()
        # webhook mode
        self.webhook: dict[str, Any] | None = None  # the last setWebhook's parameters
        self.webhook_targets: list[str] | None = None  # a load balancer's replicas; default: the URL
        self.webhook_retry_delay = 0.2
        self.webhook_timeout = 60.0  # seconds Telegram waits for a webhook answer before redelivering
        self.deliveries: list[Delivery] = []
        self._chat_queues: dict[int, list[QueuedUpdate]] = {}
        self._chat_workers: dict[int, asyncio.Task[None]] = {}
        self._webhook_slots: asyncio.Semaphore | None = None
        self._client: Any = None  # aiohttp.ClientSession, made when a webhook is set

    # -- life cycle -----------------------------------------------------------------------------------
    async def start(self) -> Self:
        self._changed = asyncio.Condition()
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_method)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=2.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        server = site._server  # the asyncio server, to learn the port chosen for port 0
        assert isinstance(server, asyncio.Server)
        self.port = server.sockets[0].getsockname()[1]
        return self

    async def stop(self) -> None:
        self._closing = True
        await self._notify()  # long polls return at once
        for worker in list(self._chat_workers.values()):
            worker.cancel()
        await asyncio.gather(*self._chat_workers.values(), return_exceptions=True)
        if self._client is not None:
            await self._client.close()
            self._client = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    # -- playing the user -----------------------------------------------------------------------------
    def user(
        self, user_id: int, language_code: str | None = "zh", first_name: str | None = None
    ) -> dict[str, Any]:
        user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name or f"User{user_id}"}
        if language_code:
            user["language_code"] = language_code
        return user

    def _chat(self, user_id: int) -> dict[str, Any]:
        return {"id": user_id, "type": "private", "first_name": f"User{user_id}"}

    def _user_message(self, user_id: int, language_code: str | None, **content: Any) -> dict[str, Any]:
        return {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": self._chat(user_id),
            "from": self.user(user_id, language_code),
            **content,
        }

    def user_says(self, user_id: int, text: str, language_code: str | None = "zh") -> QueuedUpdate:
        content: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            command = text.split()[0]
            content["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return self.enqueue({"message": self._user_message(user_id, language_code, **content)})

    def user_presses(
        self, user_id: int, callback_data: str, message_id: int, language_code: str | None = "zh"
    ) -> QueuedUpdate:
        message = self.messages.get((user_id, message_id)) or {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": self._chat(user_id),
            "from": self.bot_user,
            "text": "…",
        }
        query = {
            "id": f"cq{next(self._query_ids)}",
            "from": self.user(user_id, language_code),
            "chat_instance": f"ci{user_id}",
            "message": message,
            "data": callback_data,
        }
        return self.enqueue({"callback_query": query})

    def user_sends_photo(
        self,
        user_id: int,
        image_bytes: bytes,
        width: int,
        height: int,
        media_group_id: str | None = None,
        caption: str | None = None,
        language_code: str | None = "zh",
    ) -> QueuedUpdate:
        """A photo as Telegram delivers it: a thumbnail and the full size, both downloadable."""
        thumb = self.register_file(image_bytes[: max(1, len(image_bytes) // 10)], "photos", "jpg")
        full = self.register_file(image_bytes, "photos", "jpg")
        scale = max(width, height, 1) / 90
        sizes = [
            {
                "file_id": thumb.file_id,
                "file_unique_id": thumb.file_unique_id,
                "width": max(1, int(width / scale)),
                "height": max(1, int(height / scale)),
                "file_size": len(thumb.data),
            },
            {
                "file_id": full.file_id,
                "file_unique_id": full.file_unique_id,
                "width": width,
                "height": height,
                "file_size": len(full.data),
            },
        ]
        content: dict[str, Any] = {"photo": sizes}
        if media_group_id is not None:
            content["media_group_id"] = media_group_id
        if caption is not None:
            content["caption"] = caption
        return self.enqueue({"message": self._user_message(user_id, language_code, **content)})

    def user_sends_document(
        self,
        user_id: int,
        data: bytes,
        file_name: str,
        mime_type: str | None,
        caption: str | None = None,
        language_code: str | None = "zh",
    ) -> QueuedUpdate:
        extension = file_name.rsplit(".", 1)[-1] if "." in file_name else "bin"
        stored = self.register_file(data, "documents", extension)
        document: dict[str, Any] = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_name": file_name,
            "file_size": len(data),
        }
        if mime_type:
            document["mime_type"] = mime_type
        content: dict[str, Any] = {"document": document}
        if caption is not None:
            content["caption"] = caption
        return self.enqueue({"message": self._user_message(user_id, language_code, **content)})

    def register_file(self, data: bytes, folder: str = "documents", extension: str = "bin") -> _File:
        number = next(self._file_ids)
        stored = _File(
            file_id=f"AgAC-fake-file-{number}",
            file_unique_id=f"uniq{number}",
            file_path=f"{folder}/file_{number}.{extension}",
            data=data,
        )
        self.files[stored.file_id] = stored
        return stored

    def enqueue(self, content: dict[str, Any]) -> QueuedUpdate:
        """Queue a raw update (without update_id); long polls waiting for updates wake up."""
        update_id = next(self._update_ids)
        queued = QueuedUpdate(update_id, {"update_id": update_id, **content}, time.perf_counter())
        self.updates.append(queued)
        self._pending.append(queued)
        self._notify_soon()
        if self.webhook is not None:
            self._route_pending()
        return queued

    # -- scripting failures ---------------------------------------------------------------------------
    def fail_next(
        self,
        method: str,
        status: int = 429,
        retry_after: int | None = 1,
        times: int = 1,
        *,
        description: str | None = None,
        chat_id: Any = None,
    ) -> None:
        """The next `times` calls of `method` (to `chat_id` only, if given) answer an error.

        `method` "download" fails file downloads: `status` 0 sends half the file and drops the connection.
        429 carries `parameters.retry_after`; 403 says the user blocked the bot; 401 Unauthorized."""
        self._failures.append(
            _Failure(method, status, retry_after if status == 429 else None, times, description, chat_id)
        )

    def delay_next(self, method: str, seconds: float, times: int = 1, *, chat_id: Any = None) -> None:
        """The next `times` calls of `method` wait `seconds` before they are answered."""
        self._delays.append(_Delay(method, seconds, times, chat_id))

    def hold(self, method: str, until: Callable[[list[Call]], Any], timeout: float = 60.0) -> None:
        """Calls of `method` are answered only once `until(calls)` is truthy (checked on every call), or
        after `timeout` seconds, whichever comes first: a test can make two clients overlap for sure."""
        self._holds.append((method, until, timeout))

    # -- looking at what happened ---------------------------------------------------------------------
    def calls_of(self, method: str, *, ok: bool | None = None) -> list[Call]:
        return [call for call in self.calls if call.method == method and (ok is None or call.ok == ok)]

    def sent(self, chat_id: int | None = None, *, include_failed: bool = False) -> list[Call]:
        """Messages the bot sent (sendMessage and the other send* methods except sendChatAction)."""
        return [
            call
            for call in self.calls
            if _is_send(call.method)
            and (include_failed or call.ok)
            and (chat_id is None or call.chat_id == chat_id)
        ]

    def sent_after(self, chat_id: int, after: float) -> list[Call]:
        return [call for call in self.sent(chat_id) if call.at >= after]

    def latest_keyboard(self, chat_id: int) -> Call | None:
        for call in reversed(self.calls):
            if call.ok and call.chat_id == chat_id and call.buttons():
                return call
        return None

    async def wait_for(self, predicate: Callable[[list[Call]], Any], timeout: float = 15.0) -> Any:
        """Wait until `predicate(self.calls)` is truthy and return its value; TimeoutError otherwise."""
        assert self._changed is not None, "start the server first"
        deadline = time.monotonic() + timeout
        async with self._changed:
            while True:
                value = predicate(self.calls)
                if value:
                    return value
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    recent = "\n  ".join(repr(call) for call in self.calls[-15:])
                    raise TimeoutError(f"condition not met within {timeout} s; last calls:\n  {recent}")
                # re-check now and then, whatever woke us (or did not)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._changed.wait(), timeout=min(remaining, 0.5))

    async def wait_sent(
        self, chat_id: int, count: int, timeout: float = 15.0, *, after: float = 0.0
    ) -> list[Call]:
        """Wait until the bot has delivered `count` messages to `chat_id` (since `after`); return them."""

        def enough(_: list[Call]) -> list[Call] | None:
            sent = [call for call in self.sent(chat_id) if call.at >= after]
            return sent if len(sent) >= count else None

        return await self.wait_for(enough, timeout)

    async def wait_method(
        self, method: str, count: int = 1, timeout: float = 15.0, *, after: float = 0.0
    ) -> list[Call]:
        def enough(_: list[Call]) -> list[Call] | None:
            calls = [call for call in self.calls if call.method == method and call.at >= after]
            return calls if len(calls) >= count else None

        return await self.wait_for(enough, timeout)

    # -- HTTP -----------------------------------------------------------------------------------------
    async def _handle_method(self, request: web.Request) -> web.Response:
        received = time.perf_counter()
        token = request.match_info["token"]
        method = request.match_info["method"]
        params = await _read_params(request)
        call = Call(method=method, params=params, at=received, token=token)
        self.calls.append(call)
        await self._notify()

        delay = self._take(self._delays, method, params)
        if delay is not None:
            await asyncio.sleep(delay.seconds)
        for held_method, until, timeout in self._holds:
            if held_method.lower() == method.lower():
                with contextlib.suppress(TimeoutError):  # answered anyway; the test's assertions tell
                    await self.wait_for(until, timeout)

        if token in self.unauthorized_tokens:
            return await self._answer(
                call, 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
            )
        failure = self._take(self._failures, method, params)
        if failure is not None:
            description = failure.description or FAILURE_DESCRIPTIONS.get(failure.status, "Error")
            body: dict[str, Any] = {
                "ok": False,
                "error_code": failure.status,
                "description": description.format(retry_after=failure.retry_after),
            }
            if failure.retry_after is not None:
                body["parameters"] = {"retry_after": failure.retry_after}
            return await self._answer(call, failure.status, body)

        if method.lower() == "getupdates":
            if self.webhook is not None:
                return await self._answer(
                    call,
                    409,
                    {
                        "ok": False,
                        "error_code": 409,
                        "description": "Conflict: can't use getUpdates method while webhook is active",
                    },
                )
            result: Any = await self._get_updates(params)
        elif method.lower() == "setwebhook":
            result = self._set_webhook(params)
        elif method.lower() == "deletewebhook":
            self.webhook = None
            result = True
        else:
            result = self._result(method, params)
        return await self._answer(call, 200, {"ok": True, "result": result})

    async def _answer(self, call: Call, status: int, body: dict[str, Any]) -> web.Response:
        call.status = status
        call.ok = bool(body.get("ok"))
        call.result = body.get("result")
        call.answered_at = time.perf_counter()
        await self._notify()
        return web.json_response(body, status=status, dumps=_dumps)

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        path = request.match_info["path"]
        call = Call(
            method="download",
            params={"file_path": path},
            at=time.perf_counter(),
            token=request.match_info["token"],
        )
        self.calls.append(call)
        stored = next((item for item in self.files.values() if item.file_path == path), None)
        call.answered_at = time.perf_counter()
        # fail_next("download", status) answers an error; status 0 sends half the file and hangs up.
        failure = self._take(self._failures, "download", {})
        if failure is not None and stored is not None:
            call.ok = False
            if failure.status == 0:
                call.status = 200
                await self._notify()
                response = web.StreamResponse(headers={"Content-Length": str(len(stored.data))})
                await response.prepare(request)
                await response.write(stored.data[: len(stored.data) // 2])
                if request.transport is not None:
                    request.transport.close()  # the connection drops midway
                return response
            call.status = failure.status
            await self._notify()
            return web.Response(status=failure.status, text=FAILURE_DESCRIPTIONS.get(failure.status, "Error"))
        if stored is None or call.token in self.unauthorized_tokens:
            call.status, call.ok = 404, False
            await self._notify()
            return web.json_response({"ok": False, "error_code": 404, "description": "Not Found"}, status=404)
        call.result = len(stored.data)
        await self._notify()
        return web.Response(body=stored.data, content_type="application/octet-stream")

    def _take(self, scripted: list[Any], method: str, params: dict[str, Any]) -> Any:
        for item in scripted:
            if item.method.lower() == method.lower() and (
                item.chat_id is None or item.chat_id == params.get("chat_id")
            ):
                item.times -= 1
                if item.times <= 0:
                    scripted.remove(item)
                return item
        return None

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = params.get("offset")
        if isinstance(offset, int) and offset > 0:
            for queued in self._pending:
                if queued.update_id < offset:
                    queued.confirmed = True
            self._pending = [queued for queued in self._pending if queued.update_id >= offset]
        limit = params.get("limit") or 100
        timeout = float(params.get("timeout") or 0)
        assert self._changed is not None
        deadline = time.monotonic() + timeout
        async with self._changed:
            while not self._pending and not self._closing:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                try:
                    await asyncio.wait_for(self._changed.wait(), timeout=remaining)
                except TimeoutError:
                    break
        batch = self._pending[:limit]
        now = time.perf_counter()
        for queued in batch:
            if queued.fetched_at is None:
                queued.fetched_at = now
        return [queued.payload for queued in batch]

    def _result(self, method: str, params: dict[str, Any]) -> Any:
        name = method.lower()
        if name == "getme":
            return self.bot_user
        if name == "getfile":
            stored = self.files.get(str(params.get("file_id")))
            if stored is None:
                return {"file_id": params.get("file_id"), "file_unique_id": "missing"}
            return {
                "file_id": stored.file_id,
                "file_unique_id": stored.file_unique_id,
                "file_size": len(stored.data),
                "file_path": stored.file_path,
            }
        if _is_send(method):
            return self._bot_message(params, next(self._message_ids))
        if name == "editmessagetext":
            return self._edited(params, text=params.get("text"))
        if name in ("editmessagereplymarkup", "editmessagecaption"):
            return self._edited(params)
        return True  # deleteWebhook, setMyCommands, answerCallbackQuery, sendChatAction, deleteMessage…

    def _bot_message(self, params: dict[str, Any], message_id: int) -> dict[str, Any]:
        chat_id = params.get("chat_id")
        message: dict[str, Any] = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": self._chat(chat_id) if isinstance(chat_id, int) else {"id": 0, "type": "private"},
            "from": self.bot_user,
        }
        for key in ("text", "caption"):
            if params.get(key) is not None:
                message[key] = _plain(params[key], params.get("parse_mode"))
        if isinstance(params.get("reply_markup"), dict):
            message["reply_markup"] = params["reply_markup"]
        if isinstance(chat_id, int):
            self.messages[(chat_id, message_id)] = message
        return message

    def _edited(self, params: dict[str, Any], text: str | None = None) -> Any:
        if params.get("inline_message_id"):
            return True
        chat_id: Any = params.get("chat_id")
        message_id: Any = params.get("message_id")
        message = dict(
            self.messages.get((chat_id, message_id))
            or self._bot_message({"chat_id": chat_id}, message_id if isinstance(message_id, int) else 0)
        )
        if text is not None:
            message["text"] = _plain(text, params.get("parse_mode"))
        if isinstance(params.get("reply_markup"), dict):
            message["reply_markup"] = params["reply_markup"]
        else:
            message.pop("reply_markup", None)
        message["edit_date"] = int(time.time())
        if isinstance(chat_id, int) and isinstance(message_id, int):
            self.messages[(chat_id, message_id)] = message
        return message

    # -- webhook delivery -----------------------------------------------------------------------------
    def _set_webhook(self, params: dict[str, Any]) -> bool:
        import aiohttp

        self.webhook = dict(params)
        if self._client is None:
            self._client = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=120))
        self._webhook_slots = asyncio.Semaphore(int(params.get("max_connections") or 40))
        self._route_pending()
        return True

    def delivered(self, update_id: int) -> list[Delivery]:
        return [delivery for delivery in self.deliveries if delivery.update_id == update_id]

    def _route_pending(self) -> None:
        """Hand every queued update to its chat's delivery worker (one request at a time per chat)."""
        pending, self._pending = self._pending, []
        for queued in pending:
            chat_id = _chat_of(queued.payload)
            self._chat_queues.setdefault(chat_id, []).append(queued)
            worker = self._chat_workers.get(chat_id)
            if worker is None or worker.done():
                self._chat_workers[chat_id] = asyncio.get_running_loop().create_task(
                    self._deliver_chat(chat_id)
                )

    async def _deliver_chat(self, chat_id: int) -> None:
        queue = self._chat_queues[chat_id]
        while queue and not self._closing:
            queued = queue[0]
            attempt = 0
            while not self._closing and self.webhook is not None:
                if await self._post_update(queued, chat_id, attempt):
                    break
                attempt += 1
                await asyncio.sleep(self.webhook_retry_delay)
            queue.pop(0)
            queued.confirmed = True
            await self._notify()

    async def _post_update(self, queued: QueuedUpdate, chat_id: int, attempt: int) -> bool:
        import aiohttp

        webhook = self.webhook
        assert webhook is not None and self._webhook_slots is not None and self._client is not None
        targets = self.webhook_targets or [str(webhook["url"])]
        target = targets[(chat_id + attempt) % len(targets)]
        headers = {"Content-Type": "application/json"}
        if webhook.get("secret_token"):
            headers["X-Telegram-Bot-Api-Secret-Token"] = str(webhook["secret_token"])
        delivery = Delivery(queued.update_id, chat_id, target, time.perf_counter())
        self.deliveries.append(delivery)
        if queued.fetched_at is None:
            queued.fetched_at = delivery.at
        async with self._webhook_slots:
            try:
                async with self._client.post(
                    target,
                    data=_dumps(queued.payload),
                    headers=headers,
                    timeout=aiohttp.ClientTimeout(total=self.webhook_timeout),
                ) as response:
                    await response.read()
                    delivery.status = response.status
            except (aiohttp.ClientError, TimeoutError, OSError) as error:
                delivery.status = 0
                delivery.error = repr(error)
        delivery.answered_at = time.perf_counter()
        delivered = 200 <= delivery.status < 300
        if not delivered:
            log.info(
                "webhook delivery of update %s (chat %s, attempt %s) to %s failed: %s; redelivering",
                queued.update_id,
                chat_id,
                attempt + 1,
                target,
                delivery.error or delivery.status,
            )
        return delivered

    # -- waking waiters -------------------------------------------------------------------------------
    async def _notify(self) -> None:
        if self._changed is None:
            return
        async with self._changed:
            self._changed.notify_all()

    def _notify_soon(self) -> None:
        # enqueue() is synchronous (tests call it without await); wake the waiters from the loop.
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        task = loop.create_task(self._notify())
        self._tasks.add(task)  # the loop keeps only a weak reference
        task.add_done_callback(self._tasks.discard)


def _chat_of(update: dict[str, Any]) -> int:
    for key in ("message", "edited_message"):
        if isinstance(update.get(key), dict):
            return int(update[key]["chat"]["id"])
    query = update.get("callback_query")
    if isinstance(query, dict):
        return int(query["from"]["id"])
    return 0


def _is_send(method: str) -> bool:
    return method.startswith("send") and method != "sendChatAction" and method != "sendChatActionBusiness"


def _plain(text: str, parse_mode: Any) -> str:
    """What Telegram stores for a formatted text: the text without markup."""
    if isinstance(parse_mode, str) and parse_mode.upper() == "HTML":
        return html.unescape(TAG.sub("", text))
    return text


def _decode(key: str, value: str) -> Any:
    if key in STRING_FIELDS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


async def _read_params(request: web.Request) -> dict[str, Any]:
    params: dict[str, Any] = {key: _decode(key, value) for key, value in request.query.items()}
    if request.method != "POST" or not request.can_read_body:
        return params
    if request.content_type == "application/json":
        body = await request.json()
        if isinstance(body, dict):
            params.update(body)  # already typed
        return params
    form = await request.post()
    for key, value in form.items():
        if isinstance(value, web.FileField):
            params[key] = {"filename": value.filename, "size": len(value.file.read())}
        else:
            params[key] = _decode(key, str(value))
    return params


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def texts(calls: Iterable[Call]) -> list[str]:
    return [call.text or call.params.get("caption") or "" for call in calls]
