"""What a handler may ask for, checked when the bot is assembled.

aiogram injects a handler's parameters by name from the dispatcher's data; a name nobody provides
would only fail (TypeError) when a user's update reaches that handler. `check_handlers` runs in
`build_app`: every parameter of every registered handler must be one of the per-update values below or a
long-lived object of the dispatcher (`dispatcher["clock"] = …`) of the annotated type, so a missing or
misspelt dependency stops the bot at start-up and fails every test that builds it.
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Iterator
from typing import Any

from aiogram import Dispatcher
from aiogram.dispatcher.event.handler import HandlerObject

#: Provided for each update by aiogram itself, its filters, or one of our middlewares.
PER_UPDATE = frozenset(
    {
        # aiogram: Dispatcher.feed_update, routers, observers, UserContextMiddleware, FSMContextMiddleware
        "bot",
        "event_update",
        "event_router",
        "handler",
        "event_from_user",
        "event_chat",
        "event_thread_id",
        "event_business_connection_id",
        "event_context",
        "state",
        "raw_state",
        "fsm_storage",
        # filters: CallbackData.filter(), Command()
        "callback_data",
        "command",
        # aiogram-i18n's middleware
        "i18n",
        "i18n_middleware",
        "locale",
        # ours: bot/middlewares/database.py, bot/middlewares/serial.py, bot/middlewares/flow_chat.py
        "session",
        "db_user",
        "album",
        "flow_chat",
    }
)


class MissingDependency(TypeError):
    """A handler asks for something the dispatcher does not provide (or of another type)."""


def check_handlers(dispatcher: Dispatcher) -> None:
    """Raise :class:`MissingDependency` naming every handler parameter nothing provides."""
    provided = dispatcher.workflow_data
    problems: list[str] = []
    for where, handler in _handlers(dispatcher):
        callback = handler.callback
        signature = inspect.signature(callback)
        hints = typing.get_type_hints(callback)
        parameters = list(signature.parameters.values())[1:]  # the first one is the event itself
        for parameter in parameters:
            if parameter.kind in (parameter.VAR_KEYWORD, parameter.VAR_POSITIONAL):
                problems.append(f"{where}: *{parameter.name} hides what it needs; name each parameter")
                continue
            name = parameter.name
            if name in PER_UPDATE:
                continue
            if name not in provided:
                if parameter.default is parameter.empty:
                    problems.append(f"{where}: nothing provides {name!r}")
                continue
            expected = hints.get(name)
            if _checkable(expected) and not isinstance(provided[name], expected):
                problems.append(
                    f"{where}: {name!r} is a {type(provided[name]).__name__}, not a {expected.__name__}"
                )
    if problems:
        raise MissingDependency("\n".join(problems))


def _checkable(annotation: object) -> typing.TypeGuard[type]:
    """A class isinstance can test (a Protocol only when it is runtime-checkable)."""
    if not isinstance(annotation, type):
        return False
    is_protocol = getattr(annotation, "_is_protocol", False)
    return not is_protocol or getattr(annotation, "_is_runtime_protocol", False)


def _handlers(dispatcher: Dispatcher) -> Iterator[tuple[str, HandlerObject]]:
    for router in dispatcher.chain_tail:
        for event_name, observer in router.observers.items():
            for handler in observer.handlers:
                callback: Any = handler.callback
                if getattr(callback, "__self__", None) is dispatcher:  # aiogram's own update listener
                    continue
                name = getattr(callback, "__qualname__", repr(callback))
                yield f"{router.name}.{event_name} {name}", handler
