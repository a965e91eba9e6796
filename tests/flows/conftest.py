"""Fixtures shared by the flows tests."""

from __future__ import annotations

import pytest

from flows.workdays import WorkCalendar


@pytest.fixture
def cal() -> WorkCalendar:
    """The Chinese working-day calendar as shipped (the package's data, no overrides)."""
    return WorkCalendar()
