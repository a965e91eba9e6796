"""What the engine asks the bot to do: effects, applied by the bot in one database transaction.

Every effect has a ``kind`` discriminator. Moments are ISO strings in UTC. An effect names its case
with a typed reference (:data:`CaseRef`): :class:`StoredCase` (a case id the bot gave the run) or
:class:`OpenedCase` (the case opened by the :class:`OpenCase` earlier in the same list). A reference
that does not resolve to one of the user's cases is an error the bot logs and tells the user.

=================  ==========================================================================
``open_case``      insert a case (status, problem, service type, order number, demand, facts)
``update_case``    set facts of a case (names and types: :class:`flows.case_facts.CaseFacts`)
``record_event``   add a timeline row that changes no status (event kind, when, date_only, detail)
``perform``        a lifecycle action (:class:`flows.lifecycle.Action`) that happened at a moment the
                   user gave: the bot applies it through :func:`flows.lifecycle.tell`, so the
                   transition table and its guards decide the status (never a flow)
``correct``        撤销 / 修改 from the case card (undo, order number, title, an event's moment)
``store_evidence`` the file whose sha256 is given (the bot downloaded it for this update) → write
                   it under EVIDENCE_DIR and add an evidence row with the category
``start_flow``     start another flow right after this one ends (e.g. appeal → evidence)
=================  ==========================================================================

The facts and events one list of effects sets on a case are one change of its lifecycle
(:func:`flows.lifecycle.change`): 撤销 takes them back together. Reminders are not effects: they follow
from the case facts (:func:`flows.reminder_plan.plan_reminders`), so the bot re-plans a case after
applying them.

After applying an :class:`OpenCase`, a bot that keeps the run going should call
``state.bind_case(new_id)`` so later turns refer to the stored case (``StoredCase``) instead of
opening another one.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from flows.case_facts import CASE_FIELDS, CaseStatus
from flows.lifecycle import STATUS_EVENTS, Action

#: Facts only the lifecycle sets (through its transitions): an UpdateCase naming one is refused.
LIFECYCLE_FIELDS: frozenset[str] = frozenset({"status", "closed_from"})

FieldValue = str | bool | None


class OpenedCase(BaseModel):
    """The case opened by the OpenCase earlier in the same list of effects."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    ref: Literal["opened"] = "opened"


class StoredCase(BaseModel):
    """A case already in the database (one of the user's: the bot checks)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    ref: Literal["stored"] = "stored"
    id: int


CaseRef = Annotated[OpenedCase | StoredCase, Field(discriminator="ref")]

OPENED = OpenedCase()


def stored(case_id: Any) -> StoredCase:
    """The stored case a run's context names (``case_id`` is kept as a string in JSON state)."""
    return StoredCase(id=int(case_id))


def _case_fields(value: dict[str, FieldValue]) -> dict[str, FieldValue]:
    unknown = set(value) - set(CASE_FIELDS)
    if unknown:
        raise ValueError(f"not case fields: {sorted(unknown)}")
    owned = set(value) & LIFECYCLE_FIELDS
    if owned:
        raise ValueError(f"set by the lifecycle's transitions only (use Perform): {sorted(owned)}")
    return value


class _Effect(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class OpenCase(_Effect):
    """A new case, in the lifecycle's first status; what happened since is told by Perform effects."""

    kind: Literal["open_case"] = "open_case"
    status: Literal[CaseStatus.NEGOTIATING] = CaseStatus.NEGOTIATING
    problem: str | None = None
    service_type: str | None = None
    order_no: str | None = None
    demand: str | None = None
    facts: dict[str, FieldValue] = Field(default_factory=dict)  # more CASE_FIELDS, e.g. timestamps

    _known = field_validator("facts")(lambda value: _case_fields(value))


class UpdateCase(_Effect):
    kind: Literal["update_case"] = "update_case"
    case: CaseRef
    fields: dict[str, FieldValue]

    _known = field_validator("fields")(lambda value: _case_fields(value))


class RecordEvent(_Effect):
    kind: Literal["record_event"] = "record_event"
    case: CaseRef
    event: str  # one of flows.cases.EVENTS
    at: str  # ISO UTC
    date_only: bool = False  # the user gave a day, not a time (``at`` is Beijing midnight)
    detail: dict[str, str] = Field(default_factory=dict)

    @field_validator("event")
    @classmethod
    def _no_status_event(cls, value: str) -> str:
        if value in STATUS_EVENTS:
            raise ValueError(f"{value!r} changes the status: use Perform")
        return value


class Perform(_Effect):
    """A lifecycle action that happened at ``at`` (asked from the user, never the moment of the tap)."""

    kind: Literal["perform"] = "perform"
    case: CaseRef
    action: Action
    at: str  # ISO UTC
    date_only: bool = False
    outcome: str | None = None  # flows.cases.RULING_OUTCOMES, for the actions that take one
    # True: a flow was told of it (flows.lifecycle.tell); False: a button of the card or a reminder
    # (flows.lifecycle.perform: only a move valid from the status now).
    told: bool = True


class Correct(_Effect):
    """A correction — from the case card: 撤销 (the last change taken back), 修改 of the order number,
    the title or when a timeline event happened; from a flow: when a fact happened (``fact_time``: a
    date the user re-entered because it was out of order) — applied through :mod:`flows.lifecycle`."""

    kind: Literal["correct"] = "correct"
    case: CaseRef
    what: Literal["undo", "order_no", "title", "event_time", "fact_time"]
    value: str | None = None  # order_no / title
    index: int | None = None  # event_time: the event's position on the timeline
    fact: str | None = None  # fact_time: the CaseFacts field (after_sales_requested_at …)
    at: str | None = None  # event_time / fact_time: ISO UTC
    date_only: bool = False


class StoreEvidence(_Effect):
    kind: Literal["store_evidence"] = "store_evidence"
    case: CaseRef
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
    OpenCase | UpdateCase | RecordEvent | Perform | Correct | StoreEvidence | StartFlow,
    Field(discriminator="kind"),
]
