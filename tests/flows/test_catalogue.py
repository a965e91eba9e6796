"""Every text key the flows can emit exists in BOTH flows.ftl catalogues, with the same variables."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from fluent.syntax import ast as fluent_ast
from fluent.syntax import parse
from fluent.syntax.visitor import Visitor

import flows
from flows import cases, evidence, lifecycle
from flows.defs import appeal, apply, common, filing, negotiate
from flows.defs import evidence as evidence_flow
from flows.engine import ENGINE_KEYS
from flows.model import text_keys
from flows.registry import FLOWS
from flows.text import FILE_NAME, FILE_NAMES, LANGUAGES, LOCALES_DIR

KEY_LITERAL = re.compile(r"^(flow|label|case|ruling|evidence|seller|deadline|sequence)-[a-z0-9-]+$")


class _Variables(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def visit_VariableReference(self, node):
        self.names.add(node.id.name)
        self.generic_visit(node)


def load(lang: str) -> dict[str, set[str]]:
    resource = parse(
        "\n".join((LOCALES_DIR / lang / name).read_text(encoding="utf-8") for name in FILE_NAMES)
    )
    junk = [entry for entry in resource.body if isinstance(entry, fluent_ast.Junk)]
    assert not junk, [(j.annotations[0].message, j.content[:80]) for j in junk]
    messages: dict[str, set[str]] = {}
    for entry in resource.body:
        if isinstance(entry, fluent_ast.Message):
            assert entry.id.name not in messages, f"{lang}: duplicate {entry.id.name}"
            visitor = _Variables()
            visitor.visit(entry)
            messages[entry.id.name] = visitor.names
    return messages


CATALOGUES = {lang: load(lang) for lang in LANGUAGES}


def literal_keys() -> set[str]:
    """String literals in flows/ that look like text keys (f-strings are covered by the modules' KEYS)."""
    found: set[str] = set()
    for path in Path(flows.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr):
                for value in node.values:
                    if isinstance(value, ast.Constant):
                        value._in_fstring = True  # type: ignore[attr-defined]  # a mark for this scan
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and KEY_LITERAL.match(node.value)
            ) and not getattr(node, "_in_fstring", False):
                found.add(node.value)
    return found


def emitted_keys() -> set[str]:
    keys: set[str] = set(ENGINE_KEYS) | set(common.COMMON_KEYS)
    for module in (negotiate, apply, evidence_flow, appeal, filing):
        keys |= set(module.KEYS)
    for flow in FLOWS.values():
        keys |= text_keys(flow)
    keys |= cases.label_keys() | evidence.label_keys() | set(lifecycle.NEXT_STEP_KEYS)
    return keys | literal_keys()


def test_catalogues_have_the_same_messages():
    zh, en = CATALOGUES["zh"], CATALOGUES["en"]
    assert sorted(set(zh) - set(en)) == []
    assert sorted(set(en) - set(zh)) == []


@pytest.mark.parametrize("key", sorted(CATALOGUES["zh"]))
def test_same_variables_in_both_languages(key):
    assert CATALOGUES["zh"][key] == CATALOGUES["en"].get(key), key


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_emitted_key_exists(lang):
    missing = sorted(emitted_keys() - set(CATALOGUES[lang]))
    assert missing == []


def test_no_unused_messages():
    unused = sorted(set(CATALOGUES["zh"]) - emitted_keys())
    assert unused == []


def test_literal_scan_finds_keys():
    # The scan itself works (guards against a silently empty set).
    assert {"flow-cancelled", "flow-apply-summary", "flow-evidence-file-notes"} <= literal_keys()


def test_numbers_of_the_rules_are_params_not_text():
    """The guide's numbers come from flows.rules; catalogues must not hard-code them in prose."""
    for lang in LANGUAGES:
        lines = (LOCALES_DIR / lang / FILE_NAME).read_text(encoding="utf-8").splitlines()
        text = "\n".join(line for line in lines if not line.startswith("#"))
        for pattern in (r"15 ?天", r"72 ?小时", r"15 days", r"72 hours", r"3–5 个工作日", r"2–3"):
            assert not re.search(pattern, text), (lang, pattern)


def test_no_variant_starts_with_a_separator_that_loses_its_space():
    """Fluent drops the blank at the start of a variant, so "[yes] · 「…」" printed "收到· 「…」": a
    variant that continues a line with " · " must write the space as {" "}."""
    stripped = re.compile(r"^\s+\*?\[[^\]]+\] ·")
    found = [
        f"{lang}/{path.name}:{number}"
        for lang in LANGUAGES
        for path in sorted((LOCALES_DIR / lang).glob("*.ftl"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if stripped.match(line)
    ]
    assert not found
