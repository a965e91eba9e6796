from __future__ import annotations

from pathlib import Path

import pytest

from faq import FaqMatcher, load_knowledge

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent


@pytest.fixture(scope="session")
def kb():
    return load_knowledge()


@pytest.fixture(scope="session")
def matcher():
    return FaqMatcher.from_default()
