"""Callback data of every inline button: short prefixes, stable string ids (≤ 64 bytes in all).

Handlers filter on these factories, never on button labels.
"""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData


class MenuCallback(CallbackData, prefix="m"):
    action: str  # negotiate / apply / evidence / appeal / faq / cases / reminders / lang


class LanguageCallback(CallbackData, prefix="l"):
    language: str
