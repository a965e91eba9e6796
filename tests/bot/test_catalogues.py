"""The zh and en catalogues say the same things: same message ids, same variables, valid HTML."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fluent.syntax import FluentParser, ast, visitor

from bot.i18n import LOCALES_DIR, make_core
from bot.persistence.models import Case, Reminder
from bot.reminder_messages import BUTTONS, ReminderRenderer
from flows.reminder_plan import ReminderKind

FILES = sorted(path.name for path in (LOCALES_DIR / "zh").glob("*.ftl"))


class _Variables(visitor.Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def visit_VariableReference(self, node: ast.VariableReference) -> None:
        self.names.add(node.id.name)


def messages(path: Path) -> dict[str, set[str]]:
    resource = FluentParser().parse(path.read_text(encoding="utf-8"))
    junk = [entry for entry in resource.body if isinstance(entry, ast.Junk)]
    assert not junk, f"{path}: unparsable {junk[0].content[:80]!r}"
    found = {}
    for entry in resource.body:
        if isinstance(entry, ast.Message):
            names = _Variables()
            names.visit(entry)
            found[entry.id.name] = names.names
    return found


@pytest.mark.parametrize("name", FILES)
def test_same_ids_and_variables_in_both_languages(name):
    zh, en = messages(LOCALES_DIR / "zh" / name), messages(LOCALES_DIR / "en" / name)
    assert zh.keys() == en.keys()
    for key in zh:
        assert zh[key] == en[key], key


@pytest.mark.parametrize("name", FILES)
@pytest.mark.parametrize("language", ["zh", "en"])
def test_only_telegram_html(name, language):
    text = (LOCALES_DIR / language / name).read_text(encoding="utf-8")
    for tag in re.findall(r"</?([a-zA-Z]+)[^>]*>", text):
        assert tag in {"b", "i", "code", "pre"}, (name, tag)


async def test_every_reminder_kind_renders_in_both_languages():
    core = make_core("zh")
    await core.startup()
    renderer = ReminderRenderer(database=None, core=core, default_language="zh")  # type: ignore[arg-type]  # not used here
    now = datetime(2026, 11, 27, 12, tzinfo=UTC)
    case = Case(
        id=7, user_id=1, problem="quality", service_type="refund_only", status="after_sales_requested"
    )
    assert set(BUTTONS) == {kind.value for kind in ReminderKind}
    for kind in ReminderKind:
        reminder = Reminder(
            id=1,
            case_id=7,
            user_id=1,
            kind=kind.value,
            due_at=now,
            deadline_at=now + timedelta(hours=6),
            estimated=True,
        )
        for language in ("zh", "en"):
            text = renderer.text(reminder, case, language, now)
            assert "{" not in text and "#7" in text, (kind, language, text)
            assert renderer.keyboard(reminder, case, language).inline_keyboard
