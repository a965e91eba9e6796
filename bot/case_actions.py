"""What the user can record on a case from its card or from a reminder: each is a timeline event and a
status change, after which the case's reminders are planned again."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flows.cases import RULING_OUTCOMES


@dataclass(frozen=True)
class CaseAction:
    event: str
    fields: dict[str, Any]
    time_field: str | None = None  # set to the moment of the action
    detail: dict[str, str] | None = None


ACTIONS: dict[str, CaseAction] = {
    "agreed": CaseAction(
        "seller_answered", {"status": "seller_agreed", "seller_answer": "agreed"}, detail={"answer": "agreed"}
    ),
    "refused": CaseAction(
        "seller_answered",
        {"status": "seller_refused", "seller_answer": "refused"},
        detail={"answer": "refused"},
    ),
    "silent": CaseAction(
        "seller_answered",
        {"status": "seller_no_answer", "seller_answer": "no_answer"},
        detail={"answer": "no_answer"},
    ),
    "intervene": CaseAction(
        "intervention_requested", {"status": "intervention_requested"}, time_field="intervention_requested_at"
    ),
    "appealed": CaseAction(
        "appeal_submitted", {"status": "appeal_submitted"}, time_field="appeal_submitted_at"
    ),
    "closed": CaseAction("closed", {"status": "closed"}),
    **{
        f"r_{outcome}": CaseAction(
            "ruling_received",
            {"status": "ruling_received", "ruling_outcome": outcome},
            time_field="ruling_at",
            detail={"outcome": outcome},
        )
        for outcome in RULING_OUTCOMES
    },
}


def fields_for(action: CaseAction, now: datetime) -> dict[str, Any]:
    fields = dict(action.fields)
    if action.time_field is not None:
        fields[action.time_field] = now
    return fields
