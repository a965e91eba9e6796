"""A handler that asks for something nobody provides stops the bot at start-up, not in a user's chat."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from aiogram import Dispatcher, Router
from aiogram.types import Message

from bot.dependencies import MissingDependency, check_handlers
from flows.clock import Clock, FrozenClock
from tests.bot.conftest import START


def dispatcher_with(handler: Callable[..., Awaitable[None]], **provided: object) -> Dispatcher:
    dispatcher = Dispatcher()
    router = Router(name="probe")
    router.message.register(handler)
    dispatcher.include_router(router)
    for name, value in provided.items():
        dispatcher[name] = value
    return dispatcher


async def needs_clock(message: Message, clock: Clock) -> None: ...


async def needs_a_typo(message: Message, clokc: Clock) -> None: ...


async def hides_its_needs(message: Message, **deps: object) -> None: ...


async def optional_extra(message: Message, extra: Clock | None = None) -> None: ...


def test_provided_per_update_and_by_the_dispatcher_passes():
    check_handlers(dispatcher_with(needs_clock, clock=FrozenClock(START)))
    check_handlers(dispatcher_with(optional_extra))


def test_a_name_nobody_provides_fails():
    with pytest.raises(MissingDependency, match=r"probe\.message needs_a_typo: nothing provides 'clokc'"):
        check_handlers(dispatcher_with(needs_a_typo, clock=FrozenClock(START)))


def test_a_value_of_another_type_fails():
    with pytest.raises(MissingDependency, match="'clock' is a str, not a Clock"):
        check_handlers(dispatcher_with(needs_clock, clock="12:00"))


def test_a_keyword_bag_fails():
    with pytest.raises(MissingDependency, match=r"\*deps hides what it needs"):
        check_handlers(dispatcher_with(hides_its_needs))


async def test_the_assembled_bot_passes(harness):
    check_handlers(harness.dispatcher)  # build_app ran it too; the harness would not exist otherwise
