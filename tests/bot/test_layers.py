"""Only bot/persistence knows SQLAlchemy; flows/ and faq/ know neither it nor aiogram (DESIGN.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PERSISTENCE = ROOT / "bot" / "persistence"


def imported_packages(path: Path) -> set[str]:
    """Top-level names of every module the file imports, wherever the import statement sits."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize(
    "path",
    [p for p in modules("bot") if PERSISTENCE not in p.parents],
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_only_the_persistence_package_imports_sqlalchemy(path: Path):
    assert "sqlalchemy" not in imported_packages(path), "use (or add) a function in bot/persistence"


@pytest.mark.parametrize("path", modules("flows") + modules("faq"), ids=lambda p: str(p.relative_to(ROOT)))
def test_flows_and_faq_import_neither_telegram_nor_the_database(path: Path):
    assert not imported_packages(path) & {"aiogram", "aiogram_i18n", "sqlalchemy", "alembic", "bot"}


def test_the_check_sees_imports():
    here = imported_packages(Path(__file__))
    assert {"ast", "pytest", "pathlib"} <= here
