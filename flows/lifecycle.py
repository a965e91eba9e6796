"""How a case changes: the transition table as data, and the pure operations on a case record.

A :class:`CaseRecord` is the case's facts (:class:`flows.case_facts.CaseFacts`), its timeline and an
undo history (snapshots of the record before each change). Every change — an action from the case
card or a reminder button (:func:`perform`), a correction (:func:`edit_order_no`, :func:`edit_title`,
:func:`edit_event_time`), a flow's effects (:func:`change`) — returns a new record with the previous
one pushed onto the history, so :func:`undo` restores facts *and* timeline together. Reminders are
not stored here: they are always :func:`flows.reminder_plan.plan_reminders` of the facts.

The table, in the order a dispute goes (``dispute-bot flows diagram case`` draws it):

=================  ==================================================  ======================  ========
action             from                                                to                      guard
=================  ==================================================  ======================  ========
``requested``      negotiating                                         after_sales_requested
``agreed``         negotiating, after_sales_requested,                 seller_agreed
                   seller_no_answer
``refused``        after_sales_requested, seller_no_answer             seller_refused
``silent``         after_sales_requested                               seller_no_answer        72 h
``intervene``      after_sales_requested, seller_refused,              intervention_requested  72 h¹
                   seller_no_answer
``ruling``         intervention_requested (²)                          ruling_received
``appealed``       ruling_received                                     appeal_submitted        3 days
``appeal_result``  appeal_submitted                                    appeal_decided
``close``          every status but closed                             closed
``reopen``         closed                                              the status before close
=================  ==================================================  ======================  ========

¹ only from after_sales_requested: the guide shows 申请客服介入 once the seller refused or 72 h passed.
² also from every earlier status when a flow is *told* of it (/appeal: a ruling came, so an
  intervention was requested even if it was never recorded); the card offers it only as listed.

Guards read the moment the event *happened* (``at``, asked from the user), never the moment of the tap.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from flows.case_facts import CaseFacts, CaseStatus
from flows.deadlines import appeal_deadline, seller_deadline
from flows.sequence import SELLER_ANSWERED, facts_moments

S = CaseStatus

#: How many changes 撤销 can take back.
UNDO_DEPTH = 10
#: A moment "in the future" by less than this is taken as now (clocks disagree a little).
FUTURE_TOLERANCE = timedelta(minutes=5)


class Action(StrEnum):
    """What the user can record on a case. Stable ids (callback data, text keys ``case-btn-<id>``)."""

    REQUESTED = "requested"
    AGREED = "agreed"
    REFUSED = "refused"
    SILENT = "silent"
    INTERVENE = "intervene"
    RULING = "ruling"
    APPEALED = "appealed"
    APPEAL_RESULT = "appeal_result"
    CLOSE = "close"
    REOPEN = "reopen"


class Guard(StrEnum):
    SELLER_TIME_PASSED = "seller_72h_passed"
    WITHIN_APPEAL_WINDOW = "within_appeal_window"


@dataclass(frozen=True, slots=True)
class Transition:
    action: Action
    sources: tuple[CaseStatus, ...]
    target: CaseStatus | None  # None: the status before 结案 (reopen)
    event: str  # flows.cases.EVENTS
    time_field: str | None = None  # the fact set to the moment the event happened
    sets: dict[str, str] = field(default_factory=dict)  # constant facts
    detail: dict[str, str] = field(default_factory=dict)  # on the timeline event
    outcome_field: str | None = None  # the action takes an outcome (RULING_OUTCOMES), stored here
    guard: Guard | None = None
    guarded_sources: tuple[CaseStatus, ...] = ()  # the guard applies from these (all sources if empty)
    asks_when: bool = True  # the bot asks when it happened (False: bookkeeping, happens now)
    confirm: bool = False  # the bot asks "are you sure?" first
    # Also valid from these when a flow is told of it (earlier steps went unrecorded); never offered.
    told_from: tuple[CaseStatus, ...] = ()


_SELLER_WAIT = (S.AFTER_SALES_REQUESTED, S.SELLER_NO_ANSWER)

#: The transition table, in dispute order (the card offers actions in this order).
TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        Action.REQUESTED,
        (S.NEGOTIATING,),
        S.AFTER_SALES_REQUESTED,
        "after_sales_requested",
        time_field="after_sales_requested_at",
    ),
    Transition(
        Action.AGREED,
        (S.NEGOTIATING, *_SELLER_WAIT),
        S.SELLER_AGREED,
        "seller_answered",
        sets={"seller_answer": "agreed"},
        detail={"answer": "agreed"},
    ),
    Transition(
        Action.REFUSED,
        _SELLER_WAIT,
        S.SELLER_REFUSED,
        "seller_answered",
        sets={"seller_answer": "refused"},
        detail={"answer": "refused"},
    ),
    Transition(
        Action.SILENT,
        (S.AFTER_SALES_REQUESTED,),
        S.SELLER_NO_ANSWER,
        "seller_answered",
        sets={"seller_answer": "no_answer"},
        detail={"answer": "no_answer"},
        guard=Guard.SELLER_TIME_PASSED,
    ),
    Transition(
        Action.INTERVENE,
        (S.AFTER_SALES_REQUESTED, S.SELLER_REFUSED, S.SELLER_NO_ANSWER),
        S.INTERVENTION_REQUESTED,
        "intervention_requested",
        time_field="intervention_requested_at",
        guard=Guard.SELLER_TIME_PASSED,
        guarded_sources=(S.AFTER_SALES_REQUESTED,),
    ),
    Transition(
        Action.RULING,
        (S.INTERVENTION_REQUESTED,),
        S.RULING_RECEIVED,
        "ruling_received",
        time_field="ruling_at",
        outcome_field="ruling_outcome",
        told_from=(
            S.NEGOTIATING,
            S.AFTER_SALES_REQUESTED,
            S.SELLER_AGREED,
            S.SELLER_REFUSED,
            S.SELLER_NO_ANSWER,
        ),
    ),
    Transition(
        Action.APPEALED,
        (S.RULING_RECEIVED,),
        S.APPEAL_SUBMITTED,
        "appeal_submitted",
        time_field="appeal_submitted_at",
        guard=Guard.WITHIN_APPEAL_WINDOW,
    ),
    Transition(
        Action.APPEAL_RESULT,
        (S.APPEAL_SUBMITTED,),
        S.APPEAL_DECIDED,
        "appeal_decided",
        time_field="appeal_decided_at",
        outcome_field="_detail",
    ),
    Transition(
        Action.CLOSE,
        tuple(s for s in CaseStatus if s is not S.CLOSED),
        S.CLOSED,
        "closed",
        time_field="closed_at",
        asks_when=False,
        confirm=True,
    ),
    Transition(Action.REOPEN, (S.CLOSED,), None, "reopened", asks_when=False),
)

TRANSITION_BY_ACTION: dict[Action, Transition] = {t.action: t for t in TRANSITIONS}

#: Which fact holds the moment of an event kind (editing the event's date edits the fact).
EVENT_TIME_FIELD: dict[str, str] = {
    "negotiation_started": "negotiation_started_at",
    "transaction_succeeded": "transaction_succeeded_at",
    **{t.event: t.time_field for t in TRANSITIONS if t.time_field is not None},
}


class NotAllowed(Exception):
    """The action is not valid for the case as it stands (``reason``: a text-key suffix)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class TimelineEvent(BaseModel):
    """One line of the timeline. ``id`` is the database row (None until stored)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: int | None = None
    kind: str
    at: AwareDatetime
    date_only: bool = False  # the user gave a day, not a time
    detail: dict[str, str] = Field(default_factory=dict)


class Snapshot(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    facts: CaseFacts
    events: tuple[TimelineEvent, ...] = ()


class CaseRecord(BaseModel):
    """A case as the lifecycle sees it. ``history``: the record before each change, newest last."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    facts: CaseFacts
    events: tuple[TimelineEvent, ...] = ()
    history: tuple[Snapshot, ...] = ()

    @property
    def can_undo(self) -> bool:
        return bool(self.history)


# -- guards and offers ----------------------------------------------------------------------------


def _guard_holds(guard: Guard, facts: CaseFacts, at: datetime) -> bool:
    if guard is Guard.SELLER_TIME_PASSED:
        requested = facts.after_sales_requested_at
        return requested is None or at >= seller_deadline(requested)
    if guard is Guard.WITHIN_APPEAL_WINDOW:
        return facts.ruling_at is None or at <= appeal_deadline(facts.ruling_at)
    raise AssertionError(guard)


def check(facts: CaseFacts, action: Action, at: datetime, *, told: bool = False) -> None:
    """Raise :class:`NotAllowed` unless ``action`` may happen at ``at`` to a case with these facts
    (``told``: a flow learned of it, so the transition's ``told_from`` statuses count too)."""
    transition = TRANSITION_BY_ACTION[action]
    sources = (*transition.sources, *transition.told_from) if told else transition.sources
    if facts.status not in sources:
        raise NotAllowed("status")
    guarded = transition.guarded_sources or transition.sources
    if transition.guard is None or facts.status not in guarded:
        return
    if not _guard_holds(transition.guard, facts, at):
        raise NotAllowed(transition.guard.value)


def allowed(facts: CaseFacts, action: Action, at: datetime) -> bool:
    try:
        check(facts, action, at)
    except NotAllowed:
        return False
    return True


def offers(facts: CaseFacts, now: datetime) -> list[Action]:
    """The actions the card offers now, in dispute order."""
    return [t.action for t in TRANSITIONS if allowed(facts, t.action, now)]


# -- changes --------------------------------------------------------------------------------------


def _pushed(before: CaseRecord, facts: CaseFacts, events: tuple[TimelineEvent, ...]) -> CaseRecord:
    snapshot = Snapshot(facts=before.facts, events=before.events)
    history = (*before.history, snapshot)[-UNDO_DEPTH:]
    return CaseRecord(facts=facts, events=events, history=history)


#: Timeline events that are records of something else (evidence rows): 撤销 neither counts nor removes them.
NOT_UNDONE: frozenset[str] = frozenset({"evidence_added"})


def change(before: CaseRecord, after: CaseRecord) -> CaseRecord:
    """``after`` (facts and timeline as a flow's effects left them) as one undoable change of ``before``."""
    if after.facts == before.facts and after.events == before.events:
        return before
    added = after.events[len(before.events) :]
    only_kept = after.events[: len(before.events)] == before.events and all(
        e.kind in NOT_UNDONE for e in added
    )
    if after.facts == before.facts and only_kept:
        return CaseRecord(facts=after.facts, events=after.events, history=before.history)
    return _pushed(before, after.facts, after.events)


def perform(
    record: CaseRecord,
    action: Action,
    *,
    at: datetime,
    now: datetime,
    date_only: bool = False,
    outcome: str | None = None,
    told: bool = False,
) -> CaseRecord:
    """The record after ``action`` happened at ``at``. Raises :class:`NotAllowed`."""
    if at > now + FUTURE_TOLERANCE:
        raise NotAllowed("future")
    transition = TRANSITION_BY_ACTION[action]
    if transition.outcome_field is not None and outcome is None:
        raise NotAllowed("outcome")
    check(record.facts, action, at, told=told)
    facts = record.facts
    fields: dict[str, Any] = dict(transition.sets)
    detail = dict(transition.detail)
    if transition.time_field is not None:
        fields[transition.time_field] = at
    if outcome is not None and transition.outcome_field is not None:
        detail["outcome"] = outcome
        if not transition.outcome_field.startswith("_"):
            fields[transition.outcome_field] = outcome
    if action is Action.CLOSE:
        fields["closed_from"] = facts.status
    if action is Action.REOPEN:
        target = facts.closed_from or S.NEGOTIATING
        fields.update(closed_at=None, closed_from=None)
        detail["to"] = target.value
    else:
        assert transition.target is not None
        target = transition.target
    fields["status"] = target
    event = TimelineEvent(kind=transition.event, at=at, date_only=date_only, detail=detail)
    return _pushed(record, facts.with_fields(fields), (*record.events, event))


def tell(
    record: CaseRecord,
    action: Action,
    *,
    at: datetime,
    now: datetime,
    date_only: bool = False,
    outcome: str | None = None,
) -> CaseRecord:
    """What a flow was told happened (a flow re-tells a case's story: /apply on a case the card already
    moved on). Performed if the case has not been through it; if it has (the status is past it and
    its event is on the timeline), only the moment is corrected when it differs — never twice.
    Raises :class:`NotAllowed` when it is valid neither way."""
    transition = TRANSITION_BY_ACTION[action]
    sources = (*transition.sources, *transition.told_from)
    if record.facts.status not in sources:
        done = [
            i
            for i, event in enumerate(record.events)
            if event.kind == transition.event
            and all(event.detail.get(k) == v for k, v in transition.detail.items())
        ]
        if done:
            index = done[-1]
            event = record.events[index]
            if event.at != at and index in editable_events(record):
                return edit_event_time(record, index, at=at, now=now, date_only=date_only)
            return record
    return perform(record, action, at=at, now=now, date_only=date_only, outcome=outcome, told=True)


def undo(record: CaseRecord) -> CaseRecord:
    """The record before its last change (facts and timeline). Raises :class:`NotAllowed`."""
    if not record.history:
        raise NotAllowed("nothing_to_undo")
    last = record.history[-1]
    kept = tuple(e for e in record.events if e.kind in NOT_UNDONE and e not in last.events)
    return CaseRecord(facts=last.facts, events=(*last.events, *kept), history=record.history[:-1])


def edit_order_no(record: CaseRecord, order_no: str | None) -> CaseRecord:
    return _pushed(record, record.facts.with_fields({"order_no": order_no}), record.events)


def edit_title(record: CaseRecord, title: str | None) -> CaseRecord:
    return _pushed(record, record.facts.with_fields({"title": title or None}), record.events)


#: The seller's answer as told (agreed / refused): a moment on the timeline, no case fact. "No answer" is
#: not a moment the user saw: it is when the 72 hours ran out, so it follows the request's date.
_TOLD_SELLER_ANSWERS = ("agreed", "refused")


def _is_told_seller_answer(event: TimelineEvent) -> bool:
    return event.kind == "seller_answered" and event.detail.get("answer") in _TOLD_SELLER_ANSWERS


def event_moment_name(event: TimelineEvent) -> str | None:
    """The name the order check knows an event's moment by (:mod:`flows.sequence`): its fact
    (``ruling_at`` …), :data:`~flows.sequence.SELLER_ANSWERED` for the seller's answer, else None."""
    if _is_told_seller_answer(event):
        return SELLER_ANSWERED
    return EVENT_TIME_FIELD.get(event.kind)


def moments(record: CaseRecord) -> dict[str, datetime | None]:
    """The case's dated facts and the seller's latest told answer, by the names of
    :data:`flows.sequence.WITH_SELLER`: what the card's order check compares."""
    found: dict[str, datetime | None] = dict(facts_moments(record.facts))
    answers = [e for e in record.events if _is_told_seller_answer(e)]
    found[SELLER_ANSWERED] = answers[-1].at if answers else None
    return found


def editable_events(record: CaseRecord) -> list[int]:
    """Indexes (into ``record.events``) of the events whose date the user may correct."""
    return [i for i, event in enumerate(record.events) if event_moment_name(event) is not None]


def edit_event_time(
    record: CaseRecord, index: int, *, at: datetime, now: datetime, date_only: bool = False
) -> CaseRecord:
    """Correct when the ``index``-th event happened; the fact it set follows (so do the deadlines)."""
    if at > now + FUTURE_TOLERANCE:
        raise NotAllowed("future")
    if index not in editable_events(record):
        raise NotAllowed("not_editable")
    old = record.events[index]
    events = list(record.events)
    events[index] = old.model_copy(update={"at": at, "date_only": date_only})
    facts = record.facts
    time_field = EVENT_TIME_FIELD.get(old.kind)  # None: the seller's answer, a timeline moment only
    latest_of_kind = max(i for i, e in enumerate(record.events) if e.kind == old.kind)
    reopened_close = old.kind == "closed" and facts.status is not S.CLOSED
    if time_field is not None and index == latest_of_kind and not reopened_close:
        facts = facts.with_fields({time_field: at})
    return _pushed(record, facts, tuple(events))


def edit_fact_time(
    record: CaseRecord, fact: str, *, at: datetime, now: datetime, date_only: bool = False
) -> CaseRecord:
    """Correct the moment of a fact (``after_sales_requested_at`` …): the latest timeline event that set
    it, or — none on the timeline — the fact alone. Raises :class:`NotAllowed`."""
    if at > now + FUTURE_TOLERANCE:
        raise NotAllowed("future")
    indexes = [i for i in editable_events(record) if event_moment_name(record.events[i]) == fact]
    if indexes:
        return edit_event_time(record, indexes[-1], at=at, now=now, date_only=date_only)
    if fact not in EVENT_TIME_FIELD.values():
        raise NotAllowed("not_editable")
    return _pushed(record, record.facts.with_fields({fact: at}), record.events)


# -- what the card says next ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NextStep:
    key: str  # text key (params: rule numbers, ``deadline``)
    flow: str | None = None  # a flow the card offers to start for it
    deadline: datetime | None = None


def appeal_window_end(facts: CaseFacts) -> datetime | None:
    return appeal_deadline(facts.ruling_at) if facts.ruling_at is not None else None


def next_step(facts: CaseFacts, now: datetime) -> NextStep:
    """What the user should do next, for the status the case is in."""
    status = facts.status
    if status is S.RULING_RECEIVED:
        end = appeal_window_end(facts)
        if end is not None and now > end:
            return NextStep("case-next-appeal-closed", deadline=end)
        return NextStep("case-next-ruling-received", flow="appeal", deadline=end)
    if status is S.AFTER_SALES_REQUESTED and facts.after_sales_requested_at is not None:
        due = seller_deadline(facts.after_sales_requested_at)
        if now >= due:
            return NextStep("case-next-seller-overdue", deadline=due)
        return NextStep("case-next-after-sales-requested", deadline=due)
    flows_for: dict[CaseStatus, str | None] = {
        S.NEGOTIATING: "apply",
        S.SELLER_REFUSED: "evidence",
        S.SELLER_NO_ANSWER: "evidence",
        S.INTERVENTION_REQUESTED: "evidence",
    }
    return NextStep(f"case-next-{status.value.replace('_', '-')}", flow=flows_for.get(status))


NEXT_STEP_KEYS: tuple[str, ...] = (
    "case-next-appeal-closed",
    "case-next-ruling-received",
    "case-next-seller-overdue",
    *(f"case-next-{s.value.replace('_', '-')}" for s in CaseStatus if s is not S.RULING_RECEIVED),
)


# -- consistency (what the tests hold every record to) ---------------------------------------------

_STATUS_AFTER_EVENT: dict[str, Callable[[TimelineEvent], CaseStatus | None]] = {
    "negotiation_started": lambda e: S.NEGOTIATING,
    "after_sales_requested": lambda e: S.AFTER_SALES_REQUESTED,
    "seller_answered": lambda e: {
        "agreed": S.SELLER_AGREED,
        "refused": S.SELLER_REFUSED,
        "no_answer": S.SELLER_NO_ANSWER,
    }.get(e.detail.get("answer", "")),
    "intervention_requested": lambda e: S.INTERVENTION_REQUESTED,
    "ruling_received": lambda e: S.RULING_RECEIVED,
    "appeal_submitted": lambda e: S.APPEAL_SUBMITTED,
    "appeal_decided": lambda e: S.APPEAL_DECIDED,
    "closed": lambda e: S.CLOSED,
    "reopened": lambda e: CaseStatus(e.detail["to"]),
}


#: Timeline events that move the status: only transitions (and the first negotiation) record them.
STATUS_EVENTS: frozenset[str] = frozenset(t.event for t in TRANSITIONS)


def inconsistencies(record: CaseRecord) -> list[str]:
    """Where the status or the facts disagree with the timeline (empty when consistent).

    * the status is the one the last status-changing event led to;
    * each moment-fact equals the time of the latest event of its kind (and is None without one).
    """
    problems: list[str] = []
    last_status: CaseStatus | None = None
    for event in record.events:
        after = _STATUS_AFTER_EVENT.get(event.kind)
        if after is not None:
            last_status = after(event)
    if last_status is not None and last_status is not record.facts.status:
        problems.append(f"status {record.facts.status} but the timeline leads to {last_status}")
    for kind, time_field in EVENT_TIME_FIELD.items():
        of_kind = [e for e in record.events if e.kind == kind]
        value = getattr(record.facts, time_field)
        expected = of_kind[-1].at if of_kind else None
        if kind == "closed" and record.facts.status is not S.CLOSED:
            expected = None  # reopened: the close is history
        if value != expected:
            problems.append(f"{time_field}={value} but the timeline says {expected}")
    return problems


# -- diagram --------------------------------------------------------------------------------------


def mermaid() -> str:
    """The transition table as a Mermaid state diagram."""
    lines = ["stateDiagram-v2", "    %% case lifecycle (generated from flows/lifecycle.py TRANSITIONS)"]
    lines.append(f"    [*] --> {S.NEGOTIATING.value}: a case opens here; flows tell what happened since")
    for transition in TRANSITIONS:
        label = transition.action.value
        if transition.guard is not None:
            label += f" [{transition.guard.value}]"
        if transition.action is Action.CLOSE:
            lines.append(f"    note right of {S.CLOSED.value}: close from every other status (confirmed)")
            lines.append(f"    {S.APPEAL_DECIDED.value} --> {S.CLOSED.value}: {label}")
            continue
        if transition.target is None:
            lines.append('    state "the status before close" as before_close')
            lines.append(f"    {S.CLOSED.value} --> before_close: {label}")
            continue
        for source in transition.sources:
            guard = transition.guard is not None and (
                not transition.guarded_sources or source in transition.guarded_sources
            )
            edge = label if guard else transition.action.value
            lines.append(f"    {source.value} --> {transition.target.value}: {edge}")
        if transition.told_from and transition.target is not None:
            told = ", ".join(s.value for s in transition.told_from)
            lines.append(
                f"    note left of {transition.target.value}: {label} also when told by a flow, from {told}"
            )
    return "\n".join(lines) + "\n"


__all__ = [
    "EVENT_TIME_FIELD",
    "TRANSITIONS",
    "TRANSITION_BY_ACTION",
    "Action",
    "CaseRecord",
    "Guard",
    "NextStep",
    "NotAllowed",
    "Snapshot",
    "TimelineEvent",
    "Transition",
    "allowed",
    "change",
    "check",
    "edit_event_time",
    "edit_fact_time",
    "edit_order_no",
    "edit_title",
    "editable_events",
    "event_moment_name",
    "inconsistencies",
    "mermaid",
    "moments",
    "next_step",
    "offers",
    "perform",
    "tell",
    "undo",
]
