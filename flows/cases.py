"""The vocabulary of a dispute case: stable ids and their text keys, plus the next deadline.

Everything here is pure. Ids are short ASCII strings: they are stored in the database, used in
callback data and as select keys in the catalogues — never rename one.

Text keys (all in ``bot/locales/{zh,en}/flows.ftl``):

* ``label-problem-<id>``     what went wrong (button label and inline label); in keys "_" becomes "-"
* ``label-service-<id>``     Taobao's service types 仅退款 / 退货退款 / 换货
* ``label-demand-<id>``      what the buyer asks the seller for (negotiation)
* ``case-status-<id>``       case status
* ``case-event-<id>``        timeline event
* ``ruling-outcome-<id>``    what the intervention decided
* ``case-deadline-<id>``     the kind of deadline :func:`next_deadline` returns
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flows.case_facts import CaseFacts, CaseStatus
from flows.dates import is_day_only
from flows.deadlines import after_sales_window_end, appeal_deadline, seller_deadline
from flows.replies import Ref, RefList

#: What went wrong (order = button order).
PROBLEMS: tuple[str, ...] = (
    "not_received",
    "quality",
    "not_as_described",
    "counterfeit",
    "wrong_item",
    "other",
)

#: Taobao's after-sales service types ("选择"仅退款"、"退货退款"或"换货"等服务类型").
SERVICE_TYPES: tuple[str, ...] = ("refund_only", "return_refund", "exchange")

#: What the buyer may ask the seller for while negotiating ("退款、退货、补发等合理要求").
DEMANDS: tuple[str, ...] = ("refund_only", "return_refund", "exchange", "resend", "partial_refund")

#: Case statuses — the values of :class:`flows.case_facts.CaseStatus`.
STATUSES: tuple[str, ...] = tuple(status.value for status in CaseStatus)

#: Timeline events (``RecordEvent.event``).
EVENTS: tuple[str, ...] = (
    "negotiation_started",
    "transaction_succeeded",
    "after_sales_requested",
    "seller_answered",
    "intervention_requested",
    "ruling_received",
    "appeal_submitted",
    "appeal_decided",
    "evidence_added",
    "closed",
    "reopened",
)

#: What an intervention can decide (FAQ: "全额退款、部分退款、退货退款、换货"), plus a rejection.
RULING_OUTCOMES: tuple[str, ...] = ("full_refund", "partial_refund", "return_refund", "exchange", "rejected")

#: Kinds of deadline returned by :func:`next_deadline`.
DEADLINE_KINDS: tuple[str, ...] = ("after_sales_window_end", "seller_response_due", "appeal_due")

#: Which service type a negotiation demand maps to when a case is opened (None: not an after-sales type).
SERVICE_FOR_DEMAND: dict[str, str | None] = {
    "refund_only": "refund_only",
    "return_refund": "return_refund",
    "exchange": "exchange",
    "resend": None,
    "partial_refund": None,
}


def _k(identifier: str) -> str:
    """Ids use underscores, text keys hyphens: not_received → not-received."""
    return identifier.replace("_", "-")


def problem_label(problem: str) -> str:
    return f"label-problem-{_k(problem)}"


def service_label(service: str) -> str:
    return f"label-service-{_k(service)}"


def demand_label(demand: str) -> str:
    return f"label-demand-{_k(demand)}"


def status_label(status: str) -> str:
    return f"case-status-{_k(status)}"


#: The seller's answer names the event on the timeline ("卖家拒绝售后申请", not "卖家回复售后申请").
SELLER_ANSWERS: tuple[str, ...] = ("agreed", "refused", "no_answer")


def event_label(event: str, details: Mapping[str, Any] | None = None) -> str:
    answer = (details or {}).get("answer")
    if event == "seller_answered" and answer in SELLER_ANSWERS:
        return f"case-event-seller-{_k(str(answer))}"
    return f"case-event-{_k(event)}"


def outcome_label(outcome: str) -> str:
    return f"ruling-outcome-{_k(outcome)}"


def deadline_label(kind: str) -> str:
    return f"case-deadline-{_k(kind)}"


#: How many characters of the order number the user recognises a case by.
ORDER_TAIL = 4

#: Text keys of a case title (:func:`title_ref`).
TITLE_KEYS: tuple[str, ...] = (
    "case-title",
    "case-title-numbered",
    "case-title-typed",
    "case-title-generic",
    "case-title-order",
    "case-title-with-status",
)


def order_tail(order_no: str | None) -> str | None:
    return order_no[-ORDER_TAIL:] if order_no else None


def title_ref(case: CaseFacts | Mapping[str, Any], case_id: int | str | None = None) -> Ref:
    """「质量问题 · 退货退款 · 尾号1234 #3」 as catalogue text, rendered in the reader's language when
    shown (never stored translated). A title the user typed comes first; a case opened without a
    problem (e.g. from /appeal) is called by its order number, not "其他问题"."""
    facts: Mapping[str, Any] = case.model_dump() if isinstance(case, CaseFacts) else case
    problem, service, demand = facts.get("problem"), facts.get("service_type"), facts.get("demand")
    parts: list[Ref] = []
    if facts.get("title"):
        parts.append(Ref.make("case-title-typed", {"text": str(facts["title"])}))
    else:
        if problem in PROBLEMS and (problem != "other" or service or demand):
            parts.append(Ref(key=problem_label(str(problem))))
        if service in SERVICE_TYPES:
            parts.append(Ref(key=service_label(str(service))))
        if not parts:
            parts.append(Ref(key="case-title-generic"))
    tail = order_tail(facts.get("order_no"))
    if tail:
        parts.append(Ref.make("case-title-order", {"tail": tail}))
    joined = RefList(items=parts, sep="dot")
    if case_id is None:
        return Ref(key="case-title", refs={"parts": joined})
    return Ref(key="case-title-numbered", refs={"parts": joined}, params={"number": str(case_id)})


def title_with_status_ref(case: Mapping[str, Any], case_id: int | str) -> Ref:
    """The title and the status (a case button in a flow: 「质量问题 · 尾号1234 #3 · 等待卖家处理」)."""
    status = str(case.get("status") or CaseStatus.NEGOTIATING.value)
    return Ref(
        key="case-title-with-status",
        refs={
            "title": RefList(items=[title_ref(case, case_id)]),
            "status": RefList(items=[Ref(key=status_label(status))]),
        },
    )


def label_keys() -> set[str]:
    """Every text key this module names (a test checks them against both catalogues)."""
    keys: set[str] = set()
    keys.update(problem_label(p) for p in PROBLEMS)
    keys.update(service_label(s) for s in SERVICE_TYPES)
    keys.update(demand_label(d) for d in DEMANDS)
    keys.update(status_label(s) for s in STATUSES)
    keys.update(event_label(e) for e in EVENTS)
    keys.update(event_label("seller_answered", {"answer": a}) for a in SELLER_ANSWERS)
    keys.update(outcome_label(o) for o in RULING_OUTCOMES)
    keys.update(deadline_label(k) for k in DEADLINE_KINDS)
    keys.update(TITLE_KEYS)
    return keys


@dataclass(frozen=True, slots=True)
class Deadline:
    kind: str  # one of DEADLINE_KINDS; text key: deadline_label(kind)
    at: datetime  # aware, Beijing time


def deadlines(case: CaseFacts) -> list[Deadline]:
    """Every deadline that applies to the case in its status, sorted by time (past ones included)."""
    found: list[Deadline] = []
    status = case.status
    if status == CaseStatus.NEGOTIATING and case.transaction_succeeded_at is not None:
        found.append(
            Deadline("after_sales_window_end", after_sales_window_end(case.transaction_succeeded_at))
        )
    if (
        status in (CaseStatus.AFTER_SALES_REQUESTED, CaseStatus.SELLER_NO_ANSWER)
        and case.after_sales_requested_at
    ):
        found.append(Deadline("seller_response_due", seller_deadline(case.after_sales_requested_at)))
    if status == CaseStatus.RULING_RECEIVED and case.ruling_at is not None:
        found.append(Deadline("appeal_due", appeal_deadline(case.ruling_at)))
    return sorted(found, key=lambda d: d.at)


def next_deadline(case: CaseFacts, now: datetime) -> Deadline | None:
    """The first deadline of the case still ahead of ``now`` (None if nothing is pending)."""
    for deadline in deadlines(case):
        # Counted from a date without an hour, a deadline ends "that day": it is ahead until the day is over.
        end = deadline.at + timedelta(days=1) if is_day_only(deadline.at) else deadline.at
        if end > now:
            return deadline
    return None
