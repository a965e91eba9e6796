"""Counts in every evidence, export and filing message go through Fluent: plural forms in English, no
"photo(s)", and no digit grouping ("1280", never "1,280") — rendered with 1, 2 and 1280 in both languages."""

from __future__ import annotations

import re

import pytest
from fluent.syntax import FluentParser, ast, visitor

from bot.i18n import LOCALES_DIR, make_core

#: Variables that hold counts or sizes (everything else gets a word).
NUMERIC = {
    "count", "n", "total", "covered", "last_count", "photos", "files", "added", "received", "accepted",
    "max_mb", "min", "part", "parts", "chars", "limit", "pages", "images", "pdfs", "max", "hours",
    "missing_count", "cases",
}  # fmt: skip
#: Messages that always show their count (a check that the numbers are really rendered).
SHOWS_COUNT = {
    "flow-evidence-ask-category", "flow-evidence-file-notes", "export-working", "evidence-list-title",
    "flow-filing-ask-case", "evidence-pending-deleted", "export-paste-category",
}  # fmt: skip
WORDS = {"done": "yes", "has_last": "yes", "single": "no", "has_caption": "yes", "has_captions": "yes"}
SINGULAR_AFTER_1 = re.compile(r"\b1 (photos|files|pieces|items|pages|pictures|PDFs|categories)\b")
PLURAL_AFTER_2 = re.compile(r"\b2 (photo|file|piece|item|page|picture|PDF|category)\b")


class _Variables(visitor.Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()
        self.references: set[str] = set()

    def visit_VariableReference(self, node: ast.VariableReference) -> None:
        self.names.add(node.id.name)

    def visit_MessageReference(self, node: ast.MessageReference) -> None:
        self.references.add(node.id.name)


def evidence_messages() -> dict[str, set[str]]:
    """Every message of the evidence, export and filing catalogues, and the evidence flow's."""
    found: dict[str, set[str]] = {}
    references: dict[str, set[str]] = {}
    for name in ("evidence.ftl", "filing.ftl", "flows.ftl"):
        resource = FluentParser().parse((LOCALES_DIR / "en" / name).read_text(encoding="utf-8"))
        for entry in resource.body:
            if not isinstance(entry, ast.Message):
                continue
            key = entry.id.name
            if name == "flows.ftl" and not key.startswith(("flow-evidence-", "evidence-")):
                continue
            names = _Variables()
            names.visit(entry)
            found[key], references[key] = names.names, names.references
    for key, referenced in references.items():  # a message's parts need their variables too
        for other in referenced:
            found[key] |= found.get(other, set())
    return found


MESSAGES = evidence_messages()


@pytest.fixture
async def core():
    core = make_core("zh")
    await core.startup()
    return core


def test_the_scan_sees_the_counting_messages():
    assert {
        "flow-evidence-ask-category",
        "export-working",
        "evidence-list-title",
        "flow-filing-ask-case",
    } <= set(MESSAGES)


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("number", [1, 2, 1280])
async def test_counts_render_without_grouping_and_with_plurals(core, language, number):
    for key, variables in MESSAGES.items():
        params: dict[str, object] = {}
        for variable in variables:
            if variable in NUMERIC:
                params[variable] = number
            else:
                params[variable] = WORDS.get(variable, "x")
        if "files" in params and "photos" in params:
            params["files"] = 0  # photos only: the branch that counts photos
        text = core.get(key, language, **params)
        assert "1,280" not in text and "1 280" not in text, (key, language, text)
        assert "(s)" not in text, (key, language, text)
        assert "{" not in text, (key, language, text)  # nothing left unresolved
        if language == "en" and number == 1:
            assert not SINGULAR_AFTER_1.search(text), (key, text)
        if language == "en" and number == 2:
            assert not PLURAL_AFTER_2.search(text), (key, text)
        if number == 1280 and key in SHOWS_COUNT:
            assert "1280" in text, (key, language, text)
