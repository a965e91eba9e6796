"""What a case *is*: its status and facts, one pydantic model.

Persistence (the ``cases`` columns and which of them effects may set), reminder planning
(:func:`flows.reminder_plan.plan_reminders`) and rendering (the case card, deadlines) all read this
model; the list of fields lives here and nowhere else. How a case *changes* is
:mod:`flows.lifecycle`.

Ids (status values, problem ids…) are stored in the database and used in callback data: never rename one.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict


class CaseStatus(StrEnum):
    """Where a case is, in the order a dispute goes."""

    NEGOTIATING = "negotiating"
    AFTER_SALES_REQUESTED = "after_sales_requested"
    SELLER_AGREED = "seller_agreed"
    SELLER_REFUSED = "seller_refused"
    SELLER_NO_ANSWER = "seller_no_answer"
    INTERVENTION_REQUESTED = "intervention_requested"
    RULING_RECEIVED = "ruling_received"
    APPEAL_SUBMITTED = "appeal_submitted"
    APPEAL_DECIDED = "appeal_decided"
    CLOSED = "closed"


class CaseFacts(BaseModel):
    """Everything known about a case. Moments are aware datetimes (stored in UTC).

    ``title`` is only a title the user typed (修改 → 标题); otherwise the title is rendered from
    ``problem`` and ``service_type`` in the reader's language when shown.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    status: CaseStatus
    problem: str | None = None
    service_type: str | None = None
    demand: str | None = None
    order_no: str | None = None
    title: str | None = None
    transaction_succeeded_at: AwareDatetime | None = None
    negotiation_started_at: AwareDatetime | None = None
    after_sales_requested_at: AwareDatetime | None = None
    seller_answer: str | None = None
    intervention_requested_at: AwareDatetime | None = None
    ruling_at: AwareDatetime | None = None
    ruling_outcome: str | None = None
    appeal_basis: str | None = None
    appeal_submitted_at: AwareDatetime | None = None
    appeal_decided_at: AwareDatetime | None = None
    closed_at: AwareDatetime | None = None
    closed_from: CaseStatus | None = None  # the status before 结案, restored by 重新打开

    def with_fields(self, fields: dict[str, Any]) -> CaseFacts:
        """A copy with ``fields`` set (validated: an unknown field or a bad status raises)."""
        return CaseFacts.model_validate({**self.model_dump(), **fields})

    def to_json(self) -> dict[str, Any]:
        """JSON-safe (ISO UTC strings for moments)."""
        return self.model_dump(mode="json")

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CaseFacts:
        return cls.model_validate(data)


#: Every field of a case, in declaration order (the persistence whitelist).
CASE_FIELDS: tuple[str, ...] = tuple(CaseFacts.model_fields)

#: The fields holding a moment.
TIME_FIELDS: tuple[str, ...] = tuple(name for name in CASE_FIELDS if name.endswith("_at"))


def parse_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """Values as effects carry them (ISO strings for moments) → typed values, unknown names refused."""
    unknown = set(fields) - set(CASE_FIELDS)
    if unknown:
        raise ValueError(f"not case fields: {sorted(unknown)}")
    parsed: dict[str, Any] = {}
    for name, value in fields.items():
        if name in TIME_FIELDS and isinstance(value, str):
            value = datetime.fromisoformat(value)
            if value.tzinfo is None:
                value = value.replace(tzinfo=UTC)
        parsed[name] = value
    return parsed


__all__ = ["CASE_FIELDS", "TIME_FIELDS", "CaseFacts", "CaseStatus", "parse_fields"]
