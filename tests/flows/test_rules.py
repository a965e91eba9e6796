"""The time rules: values, and that each one quotes the guide verbatim."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest

from flows import rules

GUIDE_CANDIDATES = [
    os.environ.get("DOMAIN_GUIDE", ""),
    # shared/ lies beside the repository, for developers and CI alike
    str(
        Path(__file__).resolve().parents[2].parent / "shared" / "domain" / "taobao-intervention-guide.zh.txt"
    ),
]


@pytest.fixture(scope="module")
def guide() -> str:
    for candidate in GUIDE_CANDIDATES:
        if candidate and Path(candidate).is_file():
            return Path(candidate).read_text(encoding="utf-8")
    pytest.skip("domain guide not found (set DOMAIN_GUIDE)")


def test_values_agree_with_the_guide() -> None:
    assert timedelta(days=15) == rules.AFTER_SALES_WINDOW
    assert rules.NEGOTIATION_DAYS == (3, 5)
    assert timedelta(hours=72) == rules.SELLER_RESPONSE
    assert rules.INITIAL_REVIEW_WORKING_DAYS == 1
    assert rules.RULING_WORKING_DAYS == (3, 5)
    assert rules.RULING_COMPLEX_DAYS == 7
    assert timedelta(days=3) == rules.APPEAL_WINDOW
    assert rules.APPEAL_REVIEW_WORKING_DAYS == (2, 3)


def test_rules_table_lists_every_rule_once_with_its_module_value() -> None:
    names = [rule.name for rule in rules.RULES]
    assert len(names) == len(set(names))
    public_constants = {
        name for name in dir(rules) if name.isupper() and name not in {"RULES", "RULES_BY_NAME"}
    }
    assert set(names) == public_constants
    for rule in rules.RULES:
        assert rule.value == getattr(rules, rule.name)
        assert rules.RULES_BY_NAME[rule.name] is rule
        assert rule.source and rule.note


def test_every_source_is_quoted_verbatim_from_the_guide(guide: str) -> None:
    for rule in rules.RULES:
        for passage in rule.source.split("……"):
            assert passage in guide, f"{rule.name}: {passage!r} is not in the guide"


def test_each_source_mentions_the_number_it_backs() -> None:
    expected = {
        "AFTER_SALES_WINDOW": "15天",
        "NEGOTIATION_DAYS": "3-5天",
        "SELLER_RESPONSE": "72小时",
        "INITIAL_REVIEW_WORKING_DAYS": "1个工作日",
        "RULING_WORKING_DAYS": "3-5个工作日",
        "RULING_COMPLEX_DAYS": "7天",
        "APPEAL_WINDOW": "3天",
        "APPEAL_REVIEW_WORKING_DAYS": "2-3个工作日",
    }
    for name, words in expected.items():
        assert words in rules.RULES_BY_NAME[name].source


def test_complex_ruling_days_are_documented_as_calendar_days() -> None:
    assert "calendar" in rules.RULES_BY_NAME["RULING_COMPLEX_DAYS"].note
