"""The order a dispute's facts must be in, as one table, and the check that finds facts out of order.

Pure: no Telegram, no database. Used by the flows (a date just typed against the others known) and by
the case card (recording an event, correcting a date), so a contradiction is pointed out — both dates
named, the user chooses which one to re-enter — and never stored silently.

The table (:data:`SEQUENCE`): each fact happens no earlier than every fact before it in the list.

=============================  ==========================================================
fact                           why it cannot come earlier
=============================  ==========================================================
``transaction_succeeded_at``   —
``after_sales_requested_at``   after-sales is applied for after the transaction succeeded
``intervention_requested_at``  申请客服介入 appears only after the after-sales request
``ruling_at``                  the ruling follows the intervention request
``appeal_submitted_at``        an appeal is against a ruling already received
``appeal_decided_at``          the appeal review follows the appeal
=============================  ==========================================================

The flows also ask when the seller answered (agreed / refused): a moment on the timeline, not a case
fact. :data:`WITH_SELLER` puts it after the after-sales request and before the intervention request
(申请客服介入 follows a refusal); the flows and the case card (:func:`flows.lifecycle.moments`) use it.

A moment at Beijing midnight was typed as a day without an hour (:func:`flows.dates.is_day_only`): it
is compared by day, so "11月24日" and "11月24日 10:00" are not out of order.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from flows.case_facts import CaseFacts
from flows.clock import BEIJING
from flows.dates import is_day_only

#: The facts in the order they happen (see the module docstring). Names are CaseFacts fields.
SEQUENCE: tuple[str, ...] = (
    "transaction_succeeded_at",
    "after_sales_requested_at",
    "intervention_requested_at",
    "ruling_at",
    "appeal_submitted_at",
    "appeal_decided_at",
)

#: The seller's answer (flows only: not a case fact).
SELLER_ANSWERED = "seller_answered_at"
#: :data:`SEQUENCE` with the seller's answer in its place.
WITH_SELLER: tuple[str, ...] = (*SEQUENCE[:2], SELLER_ANSWERED, *SEQUENCE[2:])


@dataclass(frozen=True, slots=True)
class Conflict:
    """``later`` (a fact that must come after ``earlier``) is dated before it."""

    earlier: str
    earlier_at: datetime
    later: str
    later_at: datetime


def out_of_order(first: datetime, second: datetime) -> bool:
    """Whether ``second`` (which must not come before ``first``) does; days compared as days."""
    if is_day_only(first) or is_day_only(second):
        return second.astimezone(BEIJING).date() < first.astimezone(BEIJING).date()
    return second < first


def conflicts(moments: Mapping[str, datetime | None], order: tuple[str, ...] = SEQUENCE) -> list[Conflict]:
    """Every pair of known facts out of order, in table order (``order``: :data:`SEQUENCE` or
    :data:`WITH_SELLER`)."""
    found: list[Conflict] = []
    known = [(name, moments.get(name)) for name in order]
    for i, (earlier, earlier_at) in enumerate(known):
        for later, later_at in known[i + 1 :]:
            if earlier_at is not None and later_at is not None and out_of_order(earlier_at, later_at):
                found.append(Conflict(earlier, earlier_at, later, later_at))
    return found


def facts_moments(facts: CaseFacts) -> dict[str, datetime | None]:
    return {name: getattr(facts, name) for name in SEQUENCE}


def new_conflict(before: CaseFacts, after: CaseFacts) -> Conflict | None:
    """The first conflict ``after`` has that ``before`` did not: what a change would introduce.
    (A record already out of order — data from before this check — does not block other changes.)"""
    return new_conflict_in(facts_moments(before), facts_moments(after))


def new_conflict_in(
    before: Mapping[str, datetime | None],
    after: Mapping[str, datetime | None],
    order: tuple[str, ...] = SEQUENCE,
) -> Conflict | None:
    """:func:`new_conflict` for moments given by name (``order``: :data:`SEQUENCE` or :data:`WITH_SELLER`)."""
    old = conflicts(before, order)
    for conflict in conflicts(after, order):
        if conflict not in old:
            return conflict
    return None


#: Text keys (``dates.ftl``): the conflict, its button, and each fact's name (see :func:`fact_key`).
KEYS: tuple[str, ...] = (
    "sequence-conflict",
    "sequence-btn-fix",
    "sequence-fact-transaction-succeeded",
    "sequence-fact-after-sales-requested",
    "sequence-fact-intervention-requested",
    "sequence-fact-ruling",
    "sequence-fact-appeal-submitted",
    "sequence-fact-appeal-decided",
    "sequence-fact-seller-answered",
)


def fact_key(name: str) -> str:
    """The text key naming a fact ("交易成功" …): ``sequence-fact-<name without _at>``."""
    return f"sequence-fact-{name.removesuffix('_at').replace('_', '-')}"


__all__ = [
    "KEYS",
    "SELLER_ANSWERED",
    "SEQUENCE",
    "WITH_SELLER",
    "Conflict",
    "conflicts",
    "fact_key",
    "facts_moments",
    "new_conflict",
    "new_conflict_in",
    "out_of_order",
]
