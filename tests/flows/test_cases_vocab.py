"""Case vocabulary and the next deadline."""

from __future__ import annotations

from datetime import datetime, timedelta

from flows.case_facts import CaseFacts, CaseStatus
from flows.cases import (
    EVENTS,
    PROBLEMS,
    RULING_OUTCOMES,
    STATUSES,
    deadlines,
    next_deadline,
    status_label,
)
from flows.clock import BEIJING

NOW = datetime(2026, 11, 28, 10, 0, tzinfo=BEIJING)


def test_ids_are_stable_strings():
    assert tuple(s.value for s in CaseStatus) == STATUSES
    assert "intervention_requested" in STATUSES and "closed" in STATUSES
    assert set(RULING_OUTCOMES) == {"full_refund", "partial_refund", "return_refund", "exchange", "rejected"}
    assert "after_sales_requested" in EVENTS and len(set(PROBLEMS)) == 6
    assert status_label("seller_no_answer") == "case-status-seller-no-answer"


def test_next_deadline_by_status():
    success = NOW - timedelta(days=10)
    case = CaseFacts(status="negotiating", transaction_succeeded_at=success)
    deadline = next_deadline(case, NOW)
    assert deadline.kind == "after_sales_window_end" and deadline.at == success + timedelta(days=15)
    assert next_deadline(case, NOW + timedelta(days=6)) is None

    requested = NOW - timedelta(hours=10)
    case = CaseFacts(status="after_sales_requested", after_sales_requested_at=requested)
    assert next_deadline(case, NOW).at == requested + timedelta(hours=72)

    ruling = NOW - timedelta(days=1)
    case = CaseFacts(status="ruling_received", ruling_at=ruling)
    deadline = next_deadline(case, NOW)
    assert deadline.kind == "appeal_due" and deadline.at == ruling + timedelta(days=3)
    assert deadline.at.tzinfo is not None

    assert deadlines(CaseFacts(status="closed", ruling_at=ruling)) == []
