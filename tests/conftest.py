"""Shared by every test directory."""

from __future__ import annotations

from pathlib import Path

import pytest

E2E = Path(__file__).resolve().parent / "e2e"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every end-to-end test starts the bot as a process of its own: all of them are `slow`."""
    for item in items:
        if E2E in item.path.parents:
            item.add_marker(pytest.mark.slow)
