"""Apply: open or update a case, compute the windows, say what to do now.

problem → service → order_no (optional) → success_at (optional: "not confirmed yet")
  → requested ─ yes → requested_at → seller ─┐
              └ no ──────────────────────────┴→ result (summary + effects; no Back from here)

Each date is checked right after it is answered (chk_req after the request, chk_seller after the
seller's answer, intervened_chk after the intervention request; flows/defs/order_check.py): dates out
of order are named, nothing is saved, and the user re-enters the one that is wrong.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from flows.cases import demand_label, problem_label, service_label
from flows.dates import When
from flows.deadlines import after_sales_window_end, seller_deadline
from flows.defs.common import (
    beijing_day,
    bound_case,
    cases_in_context,
    finish_option,
    iso,
    moment_of,
    no_open_case_to_offer,
    open_case_choices,
    open_cases,
    order_no_steps,
    problem_options,
    rules_params,
    save_case,
    service_options,
    shown,
    surely_past,
    when,
    when_steps,
)
from flows.defs.order_check import (
    asked_moment,
    back_to_check,
    case_known,
    fix_effects,
    fixed,
    order_check_steps,
)
from flows.effects import Perform, RecordEvent, StartFlow
from flows.engine import Ctx, Outcome
from flows.lifecycle import Action
from flows.model import END, Flow, Option, Step
from flows.replies import Ref, RefList, Reply, deadline_ref
from flows.rules import rule_params

KEYS: tuple[str, ...] = (
    "flow-apply-fact-case",
    "flow-apply-fact-order",
    "flow-apply-fact-success",
    "flow-apply-fact-not-confirmed",
    "flow-apply-fact-requested",
    "flow-apply-fact-seller-due",
    "flow-apply-fact-seller",
    "flow-apply-now-how-to-apply",
    "flow-apply-now-window-passed",
    "flow-apply-now-seller-agreed",
    "flow-apply-now-intervene",
    "flow-apply-now-wait-seller",
    "flow-apply-intervened",
    "flow-apply-finished",
    "flow-apply-evidence-next",
    "flow-apply-fact-known-success",
    "flow-btn-continue",
    "flow-apply-ask-intervened-when",
    "flow-btn-edit-facts",
    "flow-apply-ask-seller-when",
    "flow-apply-fact-problem",
    "flow-apply-fact-demand",
)


def situation(ctx: Ctx) -> str:
    """One of: window_passed, not_requested, seller_agreed, seller_refused, seller_overdue, seller_waiting."""
    requested = ctx.answers.get("requested") == "yes"
    success = when(ctx, "success_at")
    if not requested:
        if success is not None and surely_past(ctx.now, after_sales_window_end(success.at), success):
            return "window_passed"
        return "not_requested"
    seller = ctx.answers.get("seller")
    if seller == "agreed":
        return "seller_agreed"
    if seller == "refused":
        return "seller_refused"
    requested_at = when(ctx, "requested_at")
    if requested_at is not None and surely_past(ctx.now, seller_deadline(requested_at.at), requested_at):
        return "seller_overdue"
    return "seller_waiting"


def intervention_available(ctx: Ctx) -> bool:
    return situation(ctx) in ("seller_refused", "seller_overdue")


#: Answers: whether this run opened the case (True) or updated one the user had (False).
OPENED_HERE = "_opened_here"


def summary_params(ctx: Ctx) -> dict[str, object]:
    """The summary: what the user told us, and what to do now."""
    rules = rule_params()
    return {
        "facts": RefList(items=_facts(ctx, rules), sep="line"),
        "next": _what_now(ctx, rules),
        # Whether *this run* opened the case (kept by save()): shown again, the summary must not turn
        # "saved as a case" into "updated your case" just because the case now exists.
        "saved": ctx.answers.get(OPENED_HERE, ctx.context.get("case_id") is None),
    }


def _requested_at(ctx: Ctx) -> When | None:
    return when(ctx, "requested_at") if ctx.answers.get("requested") == "yes" else None


def _facts(ctx: Ctx, rules: dict[str, Any]) -> list[Ref]:
    """The facts as the user gave them, each deadline counted from them (and whether it passed)."""
    problem = ctx.answers.get("problem") or "other"
    service = ctx.answers.get("service") or "refund_only"
    facts = [
        Ref.make(
            "flow-apply-fact-case",
            {"problem": Ref(key=problem_label(problem)), "service": Ref(key=service_label(service))},
        )
    ]
    if ctx.answers.get("order_no"):
        facts.append(Ref.make("flow-apply-fact-order", {"order_no": ctx.answers["order_no"]}))
    success = when(ctx, "success_at")
    if success is not None:
        window_end = after_sales_window_end(success.at)
        facts.append(
            Ref.make(
                "flow-apply-fact-success",
                {
                    **rules,
                    "success": shown(success),
                    "window_end": deadline_ref(window_end, has_time=success.has_time),
                    "passed": surely_past(ctx.now, window_end, success),
                },
            )
        )
    else:
        facts.append(Ref.make("flow-apply-fact-not-confirmed", rules))
    requested_at = _requested_at(ctx)
    if requested_at is not None:
        facts.append(Ref.make("flow-apply-fact-requested", {"requested": shown(requested_at)}))
    # The seller's 72 h matter only while their answer is awaited (or has not come): once they agreed or
    # refused, the line is noise.
    if requested_at is not None and ctx.answers.get("seller") not in ("agreed", "refused"):
        seller_due = seller_deadline(requested_at.at)
        facts.append(
            Ref.make(
                "flow-apply-fact-seller-due",
                {
                    **rules,
                    "due": deadline_ref(seller_due, has_time=requested_at.has_time, seller=True),
                    "overdue": surely_past(ctx.now, seller_due, requested_at),
                },
            )
        )
    if ctx.answers.get("seller"):
        facts.append(Ref.make("flow-apply-fact-seller", {"answer": ctx.answers["seller"]}))
    return facts


def _what_now(ctx: Ctx, rules: dict[str, Any]) -> Ref:
    """What to do now, for the :func:`situation`."""
    current = situation(ctx)
    service = ctx.answers.get("service") or "refund_only"
    values: dict[str, Any] = {**rules, "service": Ref(key=service_label(service))}
    if current == "not_requested":
        success = when(ctx, "success_at")
        values["has_window"] = success is not None
        values["window_end"] = (
            deadline_ref(after_sales_window_end(success.at), has_time=success.has_time) if success else ""
        )
        return Ref.make("flow-apply-now-how-to-apply", values)
    if current == "window_passed":
        return Ref.make("flow-apply-now-window-passed", values)
    if current == "seller_agreed":
        return Ref.make("flow-apply-now-seller-agreed", values)
    if current in ("seller_refused", "seller_overdue"):
        values["reason"] = "refused" if current == "seller_refused" else "overdue"
        return Ref.make("flow-apply-now-intervene", values)
    requested_at = _requested_at(ctx)
    values["has_due"] = requested_at is not None
    values["due"] = (
        deadline_ref(seller_deadline(requested_at.at), has_time=requested_at.has_time, seller=True)
        if requested_at
        else ""
    )
    return Ref.make("flow-apply-now-wait-seller", values)


def seller_moment(ctx: Ctx) -> tuple[datetime, bool] | None:
    """When the seller answered (asked: 刚刚 / 今天早些时候 / 昨天 / typed), or — no answer — when the
    seller's 72 hours ran out, once they have; None while the seller still has time."""
    requested_at = when(ctx, "requested_at")
    seller = ctx.answers.get("seller")
    if requested_at is None or seller is None:
        return None
    if seller == "no_answer":
        if situation(ctx) != "seller_overdue":
            return None  # "no response" is only a fact once 72 h since the request have passed
        return seller_deadline(requested_at.at), False
    at, date_only = moment_of(ctx, "seller_when")
    # A day without a time reads as that day's start; the answer cannot come before the request.
    return max(at, requested_at.at), date_only


SELLER_ACTION: dict[str, Action] = {
    "agreed": Action.AGREED,
    "refused": Action.REFUSED,
    "no_answer": Action.SILENT,
}


def save(ctx: Ctx) -> Outcome:
    """Entering the summary: open or update the case, then tell the lifecycle what happened when
    (Perform effects: the transition table and its guards set the status, not this flow)."""
    success = when(ctx, "success_at")
    requested = ctx.answers.get("requested") == "yes"
    requested_at = when(ctx, "requested_at") if requested else None
    known = _known_case(ctx) or {}
    new_success = success is not None and known.get("transaction_succeeded_at") != iso(success.at)
    fields: dict[str, Any] = {
        "problem": ctx.answers.get("problem"),
        "service_type": ctx.answers.get("service"),
        "order_no": ctx.answers.get("order_no"),
        "transaction_succeeded_at": iso(success.at) if success and new_success else None,
    }
    opening = ctx.context.get("case_id") is None
    ctx.answers[OPENED_HERE] = opening
    if not requested and opening:
        fields["negotiation_started_at"] = iso(ctx.now)
    effects, case_ref = save_case(ctx, fields)
    effects.extend(fix_effects(ctx, case_ref))  # dates of the case re-entered at an order check
    if not requested and opening:
        effects.append(RecordEvent(case=case_ref, event="negotiation_started", at=iso(ctx.now)))
    if success is not None and new_success:
        effects.append(
            RecordEvent(
                case=case_ref,
                event="transaction_succeeded",
                at=iso(success.at),
                date_only=not success.has_time,
            )
        )
    if requested_at is not None:
        effects.append(
            Perform(
                case=case_ref,
                action=Action.REQUESTED,
                at=iso(requested_at.at),
                date_only=not requested_at.has_time,
            )
        )
        answered = seller_moment(ctx)
        seller = ctx.answers.get("seller")
        if answered is not None and seller in SELLER_ACTION and not ctx.answers.get("_seller_known"):
            at, date_only = answered
            effects.append(
                Perform(case=case_ref, action=SELLER_ACTION[seller], at=iso(at), date_only=date_only)
            )
    return Outcome(effects=effects)


def intervened(ctx: Ctx) -> Outcome:
    """After asking when: the intervention request, at the moment it was made."""
    at, date_only = moment_of(ctx, "intervened")
    case = bound_case(ctx)
    effect = Perform(case=case, action=Action.INTERVENE, at=iso(at), date_only=date_only)
    effects = [*fix_effects(ctx, case), effect]
    return Outcome(replies=[Reply.make("flow-apply-intervened", rule_params())], effects=effects)


#: The dates /apply asks, and the steps that ask them (each checked right after it is answered).
ASKED = {"transaction_succeeded_at": "success_at", "after_sales_requested_at": "requested_at"}
ASKED_SELLER = {**ASKED, "seller_answered_at": "seller_when"}


def saved_dates(ctx: Ctx) -> dict[str, When]:
    """At the intervention question: the dates the summary already saved (and the case's), which the
    order check re-enters as corrections."""
    known = dict(case_known(ctx))
    for fact, step_id in ASKED_SELLER.items():
        moment = asked_moment(ctx, step_id)
        if moment is not None:
            known[fact] = moment
    return {**known, **fixed(ctx)}


def answered_yesterday_possible(ctx: Ctx) -> bool:
    """昨天 only if the request was made before today (Beijing)."""
    requested_at = when(ctx, "requested_at")
    return requested_at is None or beijing_day(requested_at.at) < beijing_day(ctx.now)


def to_evidence(ctx: Ctx) -> Outcome:
    context = {"case_id": str(bound_case(ctx).id)}
    return Outcome(
        replies=[Reply(key="flow-apply-evidence-next")], effects=[StartFlow(name="evidence", context=context)]
    )


def _known_case(ctx: Ctx) -> dict[str, Any] | None:
    case_id = ctx.context.get("case_id")
    for case in cases_in_context(ctx):
        if case_id is not None and str(case["id"]) == str(case_id):
            return case
    return None


def _known_problem(case: dict[str, Any]) -> str | None:
    """The case's problem, unless it is the placeholder of a case opened without one (/appeal)."""
    problem = case.get("problem")
    if problem and (problem != "other" or case.get("service_type") or case.get("demand")):
        return str(problem)
    return None


def _known_seller(case: dict[str, Any]) -> str | None:
    """The seller's answer the case already records (agreed / refused / no_answer), if any."""
    answer = case.get("seller_answer")
    return str(answer) if answer in ("agreed", "refused", "no_answer") else None


def nothing_known(ctx: Ctx) -> bool:
    """Skip the summary of known facts: no case picked, or the picked case knows nothing yet."""
    case = _known_case(ctx)
    return case is None or not (
        _known_problem(case)
        or any(
            case.get(k)
            for k in (
                "service_type",
                "demand",
                "order_no",
                "transaction_succeeded_at",
                "after_sales_requested_at",
            )
        )
    )


def known_params(ctx: Ctx) -> dict[str, object]:
    """What the case already knows, as a short list (asked again only if the user says 修改)."""
    case = _known_case(ctx) or {}
    facts: list[Ref] = []
    problem = _known_problem(case)
    if problem and case.get("service_type"):
        facts.append(
            Ref.make(
                "flow-apply-fact-case",
                {
                    "problem": Ref(key=problem_label(problem)),
                    "service": Ref(key=service_label(case["service_type"])),
                },
            )
        )
    elif problem:
        facts.append(Ref.make("flow-apply-fact-problem", {"problem": Ref(key=problem_label(problem))}))
    if case.get("demand"):
        facts.append(Ref.make("flow-apply-fact-demand", {"demand": Ref(key=demand_label(case["demand"]))}))
    if case.get("order_no"):
        facts.append(Ref.make("flow-apply-fact-order", {"order_no": case["order_no"]}))
    if case.get("transaction_succeeded_at"):
        facts.append(
            Ref.make("flow-apply-fact-known-success", {"success": _moment(case["transaction_succeeded_at"])})
        )
    if case.get("after_sales_requested_at"):
        facts.append(
            Ref.make("flow-apply-fact-requested", {"requested": _moment(case["after_sales_requested_at"])})
        )
    seller = _known_seller(case)
    if seller:
        facts.append(Ref.make("flow-apply-fact-seller", {"answer": seller}))
    return {"facts": RefList(items=facts, sep="line")}


def _moment(value: str) -> datetime:
    return datetime.fromisoformat(value)


def continue_known(ctx: Ctx) -> Outcome:
    """对，继续: the case's facts become this run's answers; ask only what is still missing."""
    case = _known_case(ctx) or {}
    answers = ctx.answers
    problem = _known_problem(case)
    if problem:
        answers["problem"] = problem
    if case.get("service_type"):
        answers["service"] = case["service_type"]
    if case.get("order_no"):
        answers["order_no"] = case["order_no"]
    if case.get("transaction_succeeded_at"):
        answers["success_at"] = {"at": case["transaction_succeeded_at"], "has_time": False}
    if case.get("after_sales_requested_at"):
        answers["requested"] = "yes"
        answers["requested_at"] = {"at": case["after_sales_requested_at"], "has_time": True}
        seller = _known_seller(case)
        if seller:
            answers["seller"] = seller
            answers["_seller_known"] = True  # recorded already: not told again (nor re-timed)
    ctx.context["prefilled"] = True  # later steps whose answer is known are passed over
    for step_id, key in (("problem", "problem"), ("service", "service"), ("order_no", "order_no")):
        if not answers.get(key):
            return Outcome(goto=step_id)
    if "success_at" not in answers:
        return Outcome(goto="success_at")
    if answers.get("_seller_known"):
        return Outcome(goto="result")
    return Outcome(goto="seller" if answers.get("requested") == "yes" else "requested")


def case_params(ctx: Ctx) -> dict[str, Any]:
    return {"count": len(open_cases(ctx))}


def _prefilled(step_id: str) -> Callable[[Ctx], bool]:
    def known(ctx: Ctx) -> bool:
        return bool(ctx.context.get("prefilled")) and ctx.answers.get(step_id) is not None

    return known


def finished(ctx: Ctx) -> Outcome:
    return Outcome(replies=[Reply(key="flow-apply-finished")])


FLOW = Flow(
    name="apply",
    title="flow-apply-title",
    start="case",
    steps=[
        Step(
            id="case",
            expects="choice",
            prompt="flow-apply-ask-case",
            params=case_params,
            choices_from=open_case_choices,
            skip_when=no_open_case_to_offer,
            next="known",
        ),
        Step(
            id="known",
            expects="choice",
            prompt="flow-apply-known",
            params=known_params,
            skip_when=nothing_known,
            choices=[
                Option(id="continue", label="flow-btn-continue", action=continue_known),
                Option(id="edit", label="flow-btn-edit-facts", next="problem"),
            ],
            branches=["problem", "service", "order_no", "success_at", "requested", "seller", "result"],
            next="problem",
        ),
        Step(
            id="problem",
            expects="choice",
            prompt="flow-apply-ask-problem",
            choices=problem_options(),
            next="service",
        ),
        Step(
            id="service",
            expects="choice",
            prompt="flow-apply-ask-service",
            choices=service_options(),
            next="order_no",
        ),
        *order_no_steps("order_match", after="success_at"),
        Step(
            id="success_at",
            skip_when=_prefilled("success_at"),
            expects="date",
            prompt="flow-apply-ask-success",
            params=rules_params,
            optional=True,
            skip_label="flow-apply-btn-not-confirmed",
            route=back_to_check("requested"),
            branches=["requested", "chk_req", "chk_seller"],
        ),
        Step(
            id="requested",
            skip_when=_prefilled("requested"),
            expects="choice",
            prompt="flow-apply-ask-requested",
            choices=[
                Option(id="yes", label="flow-apply-btn-requested", next="requested_at"),
                Option(id="no", label="flow-apply-btn-not-requested", next="result"),
            ],
            next="requested_at",  # when passed over: the request is known
        ),
        Step(
            id="requested_at",
            skip_when=_prefilled("requested_at"),
            expects="datetime",
            prompt="flow-apply-ask-requested-at",
            route=back_to_check("chk_req"),
            branches=["chk_req", "chk_seller"],
        ),
        # The request cannot come before the transaction succeeded: both dates named, one re-entered.
        *order_check_steps("chk_req", ASKED, "seller"),
        Step(
            id="seller",
            expects="choice",
            prompt="flow-apply-ask-seller",
            params=rules_params,
            choices=[
                Option(id="agreed", label="flow-apply-btn-seller-agreed", next="seller_when"),
                Option(id="refused", label="flow-apply-btn-seller-refused", next="seller_when"),
                Option(id="no_answer", label="flow-apply-btn-seller-no-answer", next="result"),
            ],
            next="result",
        ),
        Step(
            id="seller_when",
            expects="datetime",  # the buttons are shortcuts; a typed date is read at once
            prompt="flow-apply-ask-seller-when",
            next="chk_seller",
            choices=[
                Option(id="now", label="flow-when-now", next="chk_seller"),
                Option(id="today", label="flow-when-today", next="chk_seller"),
                Option(
                    id="yday", label="flow-when-yday", next="chk_seller", when=answered_yesterday_possible
                ),
                Option(id="type", label="flow-when-type", next="seller_when_at"),
            ],
        ),
        Step(id="seller_when_at", expects="datetime", prompt="flow-ask-when-type", next="chk_seller"),
        # The seller cannot answer before the request (nor the request come before the transaction).
        *order_check_steps("chk_seller", ASKED_SELLER, "result"),
        Step(
            id="result",
            expects="choice",
            prompt="flow-apply-summary",
            params=summary_params,
            on_enter=save,
            back=False,
            cancel=False,
            choices=[
                Option(
                    id="intervened",
                    label="flow-apply-btn-intervened",
                    next="intervened",
                    when=intervention_available,
                ),
                Option(id="evidence", label="flow-btn-evidence", next=END, action=to_evidence),
                finish_option(finished),
            ],
        ),
        *when_steps("intervened", "flow-apply-ask-intervened-when", intervened, then="intervened_chk"),
        # 申请客服介入 comes after the request and the seller's answer (those are saved: corrected).
        *order_check_steps(
            "intervened_chk",
            {"intervention_requested_at": "intervened"},
            "intervened_save",
            known=saved_dates,
        ),
    ],
)
