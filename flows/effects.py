"""What the engine asks the bot to do: effects, applied by the bot in one database transaction.

Every effect has a ``kind`` discriminator. Moments are ISO strings in UTC. Case ids are strings; the
case id ``"new"`` means "the case opened by the :class:`OpenCase` earlier in the same list".

=================  ==========================================================================
``open_case``      insert a case (status, problem, service type, order number, demand, facts)
``update_case``    update fields of a case (see :data:`CASE_FIELDS`)
``record_event``   add a timeline row (event kind, when, date_only, detail)
``store_evidence`` the file whose sha256 is given (the bot downloaded it for this update) → write
                   it under EVIDENCE_DIR and add an evidence row with the category
``start_flow``     start another flow right after this one ends (e.g. appeal → evidence)
=================  ==========================================================================

Reminders are not effects: they follow from the case facts these effects set
(:func:`flows.reminder_plan.plan_reminders`), so the bot re-plans a case after applying them.

After applying an :class:`OpenCase`, a bot that keeps the run going should call
``state.bind_case(new_id)`` so later turns refer to the stored case (``UpdateCase``) instead of
opening another one.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

#: Fields an UpdateCase (or OpenCase.facts) may set. Moments are ISO UTC strings.
CASE_FIELDS: tuple[str, ...] = (
    "status",
    "problem",
    "service_type",
    "order_no",
    "demand",
    "transaction_succeeded_at",
    "negotiation_started_at",
    "after_sales_requested_at",
    "seller_answer",
    "intervention_requested_at",
    "ruling_at",
    "ruling_outcome",
    "appeal_basis",
    "appeal_submitted_at",
)

FieldValue = str | bool | None


class _Effect(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class OpenCase(_Effect):
    kind: Literal["open_case"] = "open_case"
    status: str
    problem: str | None = None
    service_type: str | None = None
    order_no: str | None = None
    demand: str | None = None
    facts: dict[str, FieldValue] = Field(default_factory=dict)  # more CASE_FIELDS, e.g. timestamps


class UpdateCase(_Effect):
    kind: Literal["update_case"] = "update_case"
    case_id: str
    fields: dict[str, FieldValue]


class RecordEvent(_Effect):
    kind: Literal["record_event"] = "record_event"
    case_id: str
    event: str  # one of flows.cases.EVENTS
    at: str  # ISO UTC
    date_only: bool = False  # the user gave a day, not a time (``at`` is Beijing midnight)
    detail: dict[str, str] = Field(default_factory=dict)


class StoreEvidence(_Effect):
    kind: Literal["store_evidence"] = "store_evidence"
    case_id: str
    sha256: str
    category: str  # one of flows.evidence.CATEGORIES
    mime: str
    size: int | None = None
    original_name: str | None = None
    caption: str | None = None
    width: int | None = None
    height: int | None = None
    ref: str | None = None  # FileItem.ref: the bot's handle (its Telegram file id)
    staged: str | None = None  # FileItem.staged: the temporary file to keep under its hash
    warning: str | None = None  # e.g. "small_image"


class StartFlow(_Effect):
    kind: Literal["start_flow"] = "start_flow"
    name: str
    context: dict[str, str] = Field(default_factory=dict)  # merged into the context the bot seeds


Effect = Annotated[
    OpenCase | UpdateCase | RecordEvent | StoreEvidence | StartFlow, Field(discriminator="kind")
]
