"""Moments in Beijing time for test tables (plain functions: they are used inside parametrize lists)."""

from __future__ import annotations

from datetime import UTC, datetime

from flows.clock import BEIJING


def bj(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
    """That moment in Beijing time."""
    return datetime(year, month, day, hour, minute, second, tzinfo=BEIJING)


def eod(y: int, m: int, d: int) -> datetime:
    """The last second of that day in Beijing: how the platform's day-counted deadlines end."""
    return bj(y, m, d, 23, 59, 59)


def utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)
