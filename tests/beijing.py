"""Moments in Beijing time for test tables (plain functions: they are used inside parametrize lists)."""

from __future__ import annotations

from datetime import UTC, datetime

from flows.clock import BEIJING


def bj(*args: int) -> datetime:
    """datetime(*args) in Beijing time."""
    return datetime(*args, tzinfo=BEIJING)  # type: ignore[misc]  # year, month, day are in *args


def eod(y: int, m: int, d: int) -> datetime:
    """The last second of that day in Beijing: how the platform's day-counted deadlines end."""
    return bj(y, m, d, 23, 59, 59)


def utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)
