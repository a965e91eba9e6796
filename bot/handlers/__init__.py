"""Routers, in the order the dispatcher tries them: see `get_routers`."""

from __future__ import annotations

from aiogram import Router

from bot.handlers import cases, common, errors, evidence, fallback, faq, flows, privacy, reminders


def get_routers() -> list[Router]:
    """Fresh routers on every call, so several bots (tests, the terminal chat) can be assembled."""
    return [
        errors.build_router(),  # one error handler for every update
        common.build_router(),  # /start /help /lang /cancel: work in any state
        privacy.build_router(),  # /privacy /mydata /forget: work in any state
        cases.build_router(),  # /cases and case-card buttons (also pressed from reminders)
        reminders.build_router(),  # /reminders
        evidence.build_router(),  # /export, evidence list buttons; a caption being edited (before flows)
        flows.build_router(),  # flow commands, and whatever a running flow waits for
        faq.build_router(),  # free text outside a flow; /faq
        fallback.build_router(),  # last: menu entries not built yet, messages nobody else took
    ]
