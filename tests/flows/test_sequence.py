"""The order of a dispute's facts (flows/sequence.py): one table, checked pair by pair."""

from __future__ import annotations

from datetime import datetime

import pytest

from flows.case_facts import CaseFacts, CaseStatus
from flows.sequence import SEQUENCE, conflicts, fact_key, new_conflict
from tests.beijing import bj

DAY = bj(2026, 11, 20)  # a day typed without an hour (Beijing midnight)

# (facts, the (earlier, later) pairs found out of order)
ROWS: list[tuple[dict[str, datetime], list[tuple[str, str]]]] = [
    ({}, []),
    ({"transaction_succeeded_at": DAY, "after_sales_requested_at": bj(2026, 11, 24, 20, 30)}, []),
    (
        {"transaction_succeeded_at": DAY, "after_sales_requested_at": bj(2026, 11, 18, 9, 0)},
        [("transaction_succeeded_at", "after_sales_requested_at")],
    ),
    # the same day, one without an hour: not out of order
    ({"transaction_succeeded_at": DAY, "after_sales_requested_at": bj(2026, 11, 20, 9, 0)}, []),
    ({"transaction_succeeded_at": bj(2026, 11, 20, 21, 0), "after_sales_requested_at": DAY}, []),
    # both with times, the same day, the wrong way round
    (
        {
            "transaction_succeeded_at": bj(2026, 11, 20, 21, 0),
            "after_sales_requested_at": bj(2026, 11, 20, 9),
        },
        [("transaction_succeeded_at", "after_sales_requested_at")],
    ),
    (
        {"after_sales_requested_at": bj(2026, 11, 24, 20, 30), "intervention_requested_at": bj(2026, 11, 23)},
        [("after_sales_requested_at", "intervention_requested_at")],
    ),
    (
        {"intervention_requested_at": bj(2026, 11, 25), "ruling_at": bj(2026, 11, 24, 10, 0)},
        [("intervention_requested_at", "ruling_at")],
    ),
    (
        {"ruling_at": bj(2026, 11, 25, 10, 0), "appeal_submitted_at": bj(2026, 11, 25, 9, 0)},
        [("ruling_at", "appeal_submitted_at")],
    ),
    (
        {"appeal_submitted_at": bj(2026, 11, 26), "appeal_decided_at": bj(2026, 11, 25)},
        [("appeal_submitted_at", "appeal_decided_at")],
    ),
    # across a gap: the ruling before the after-sales request (intervention unknown)
    (
        {"after_sales_requested_at": bj(2026, 11, 24, 20, 30), "ruling_at": bj(2026, 11, 22)},
        [("after_sales_requested_at", "ruling_at")],
    ),
    # one fact wrong against two
    (
        {
            "transaction_succeeded_at": DAY,
            "after_sales_requested_at": bj(2026, 11, 22),
            "intervention_requested_at": bj(2026, 11, 19),
        },
        [
            ("transaction_succeeded_at", "intervention_requested_at"),
            ("after_sales_requested_at", "intervention_requested_at"),
        ],
    ),
    # everything in order
    (
        {
            "transaction_succeeded_at": DAY,
            "after_sales_requested_at": bj(2026, 11, 21, 10, 0),
            "intervention_requested_at": bj(2026, 11, 24, 11, 0),
            "ruling_at": bj(2026, 11, 28),
            "appeal_submitted_at": bj(2026, 11, 29, 9, 0),
            "appeal_decided_at": bj(2026, 12, 2),
        },
        [],
    ),
]


@pytest.mark.parametrize(("moments", "pairs"), ROWS)
def test_conflicts(moments: dict[str, datetime], pairs: list[tuple[str, str]]) -> None:
    found = conflicts(moments)
    assert [(c.earlier, c.later) for c in found] == pairs
    for conflict in found:  # both dates are named
        assert conflict.earlier_at == moments[conflict.earlier]
        assert conflict.later_at == moments[conflict.later]


def test_a_change_is_judged_by_what_it_adds() -> None:
    before = CaseFacts(
        status=CaseStatus.AFTER_SALES_REQUESTED,
        transaction_succeeded_at=DAY,
        after_sales_requested_at=bj(2026, 11, 18, 9, 0),  # already out of order (older data)
    )
    retitled = before.with_fields({"title": "耳机"})
    assert new_conflict(before, retitled) is None  # an unrelated change is not blocked
    later = before.with_fields(
        {"status": CaseStatus.INTERVENTION_REQUESTED, "intervention_requested_at": bj(2026, 11, 17)}
    )
    found = new_conflict(before, later)
    assert found is not None and found.later == "intervention_requested_at"


def test_every_fact_has_a_name_and_is_a_case_fact() -> None:
    assert len(set(SEQUENCE)) == len(SEQUENCE)
    for fact in SEQUENCE:
        assert fact in CaseFacts.model_fields
        assert fact_key(fact).startswith("sequence-fact-")
