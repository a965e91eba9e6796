"""Negotiate: what went wrong, what the buyer wants → advice from the guide and a message to send.

problem → demand → detail (optional) → order_no (optional) → success_at (optional: "not confirmed
yet", or skipped) → reply_by → advice (info) → message
The message step shows a polite and a firm Chinese message to copy, and offers to keep a case. With the
transaction-success date the case gets the 15-day after-sales window and its reminders (3 days and 1 day
before the end); without it the bot promises only the negotiation check-in, which is what it plans.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from flows.case_facts import CaseStatus
from flows.cases import DEMANDS, PROBLEMS, SERVICE_FOR_DEMAND, demand_label
from flows.clock import BEIJING
from flows.dates import When, format_when
from flows.deadlines import after_sales_window_end
from flows.defs.common import (
    chosen_case,
    finish_option,
    iso,
    order_no_steps,
    problem_options,
    rules_params,
    save_case,
    surely_past,
    validate_detail,
    when,
)
from flows.defs.order_check import fix_effects, order_check_steps
from flows.effects import OPENED, RecordEvent
from flows.engine import Ctx, Outcome
from flows.evidence import category_label, checklist
from flows.model import END, Flow, Option, Step
from flows.replies import Ref, Reply, deadline_ref
from flows.rules import rule_params

REPLY_HOURS = {"h24": 24, "h48": 48}

KEYS: tuple[str, ...] = (
    "flow-negotiate-case-opened",
    "flow-negotiate-window",
    "flow-negotiate-window-unknown",
    "flow-negotiate-finished",
    "seller-kept-logistics",
    "seller-kept-photos",
    *(f"seller-problem-{p.replace('_', '-')}" for p in PROBLEMS),
    *(f"seller-demand-{d.replace('_', '-')}" for d in DEMANDS),
)


#: The seller is asked to reply within business hours, Beijing time: never "by 02:00".
REPLY_EARLIEST, REPLY_LATEST = time(9, 0), time(21, 0)


def reply_by(ctx: Ctx) -> datetime:
    """The reply-by moment: now + the chosen hours, rounded up to the full hour (Beijing), then moved
    into 09:00–21:00 — later, never earlier, so the seller gets at least the time chosen."""
    hours = REPLY_HOURS.get(ctx.answers.get("reply_by") or "h24", 24)
    moment = ctx.now.astimezone(BEIJING) + timedelta(hours=hours)
    if moment.minute or moment.second or moment.microsecond:
        moment = moment.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    if moment.time() > REPLY_LATEST:
        moment = datetime.combine(moment.date() + timedelta(days=1), REPLY_EARLIEST, tzinfo=BEIJING)
    elif moment.time() < REPLY_EARLIEST:
        moment = datetime.combine(moment.date(), REPLY_EARLIEST, tzinfo=BEIJING)
    return moment


def demand_note(problem: str | None, demand: str | None) -> str:
    """A word on whether the demand fits the problem (select key in the catalogue)."""
    if problem == "not_received" and demand in ("return_refund", "exchange"):
        return "nothing_to_return"
    if problem == "counterfeit" and demand in ("exchange", "resend"):
        return "counterfeit_replace"
    if demand == "partial_refund":
        return "partial"
    return "ok"


def advice_params(ctx: Ctx) -> dict[str, object]:
    problem = ctx.answers.get("problem")
    demand = ctx.answers.get("demand")
    return {
        **rule_params(),
        "problem": problem,
        "demand": demand,
        "demand_label": Ref(key=demand_label(demand or "refund_only")),
        "demand_note": demand_note(problem, demand),
        "evidence": [Ref(key=category_label(c)) for c in checklist(problem)],
    }


NOT_CONFIRMED = "not_confirmed"


def known_success(ctx: Ctx) -> bool:
    """The order's case already knows when the transaction succeeded: not asked again."""
    case = chosen_case(ctx)
    return bool(case and case.get("transaction_succeeded_at"))


def window(ctx: Ctx) -> tuple[When, datetime] | None:
    """The transaction-success moment given in this run and the after-sales window's end."""
    success = when(ctx, "success_at")
    return (success, after_sales_window_end(success.at)) if success is not None else None


def window_state(ctx: Ctx) -> str:
    """What the bot can promise about the window: ``open`` (reminders planned), ``passed``, ``unknown``."""
    known = window(ctx)
    if known is None:
        return "unknown"
    success, end = known
    return "passed" if surely_past(ctx.now, end, success) else "open"


def window_ref(ctx: Ctx) -> Ref:
    """One line on the after-sales window: its end (当天截止 when counted from a day), or why unknown."""
    known = window(ctx)
    if known is None:
        reason = "not_confirmed" if ctx.answers.get("success_at") == NOT_CONFIRMED else "skipped"
        return Ref.make("flow-negotiate-window-unknown", {**rule_params(), "reason": reason})
    success, end = known
    return Ref.make(
        "flow-negotiate-window",
        {
            **rule_params(),
            "window_end": deadline_ref(end, has_time=success.has_time),
            "state": window_state(ctx),
        },
    )


def message_params(ctx: Ctx) -> dict[str, object]:
    order_no = ctx.answers.get("order_no")
    detail = ctx.answers.get("detail")
    deadline = reply_by(ctx)
    problem = ctx.answers.get("problem") or "other"
    demand = ctx.answers.get("demand") or "refund_only"
    return {
        # Chinese phrases for the message to the seller: pinned to Chinese whatever the user's language
        # (the English catalogue had drifted: "部分退款作为补偿" where Chinese says "退还部分货款").
        "seller_problem": Ref(key=f"seller-problem-{problem.replace('_', '-')}", lang="zh"),
        "seller_demand": Ref(key=f"seller-demand-{demand.replace('_', '-')}", lang="zh"),
        "seller_kept": Ref(
            key="seller-kept-logistics" if problem == "not_received" else "seller-kept-photos", lang="zh"
        ),
        "has_order": bool(order_no),
        "order_no": order_no or "",
        "has_detail": bool(detail),
        "detail": detail or "",
        "reply_by_cn": format_when(
            deadline, "zh"
        ),  # inside the Chinese message, whatever the user's language
        "reply_by": deadline,
        # What keeping a case will remind of: promised only when it is planned.
        "reminds": "window" if window_state(ctx) == "open" else "checkin",
    }


def open_case(ctx: Ctx) -> Outcome:
    demand = ctx.answers.get("demand")
    fields: dict[str, object] = {
        "problem": ctx.answers.get("problem"),
        "service_type": SERVICE_FOR_DEMAND.get(demand or ""),
        "order_no": ctx.answers.get("order_no"),
        "demand": demand,
    }
    known = window(ctx)
    if known is not None:
        fields["transaction_succeeded_at"] = iso(known[0].at)
    continuing = ctx.context.get("case_id") is not None  # the order's case already exists: keep its status
    if not continuing:
        fields.update(status=CaseStatus.NEGOTIATING, negotiation_started_at=iso(ctx.now))
    effects, case_ref = save_case(ctx, fields)
    effects.extend(fix_effects(ctx, case_ref))  # the case's dates re-entered at an order check
    if known is not None:
        effects.append(
            RecordEvent(
                case=case_ref,
                event="transaction_succeeded",
                at=iso(known[0].at),
                date_only=not known[0].has_time,
            )
        )
    if not continuing:
        effects.append(RecordEvent(case=case_ref, event="negotiation_started", at=iso(ctx.now)))
    params = {
        **rule_params(),
        "new": case_ref == OPENED,
        "window": window_ref(ctx),
        # Only a new negotiation gets the check-in (a continued case keeps its status and its reminders).
        "checkin": not continuing,
    }
    return Outcome(replies=[Reply.make("flow-negotiate-case-opened", params)], effects=effects)


def finished(ctx: Ctx) -> Outcome:
    return Outcome(replies=[Reply.make("flow-negotiate-finished", rule_params())])


FLOW = Flow(
    name="negotiate",
    title="flow-negotiate-title",
    start="problem",
    steps=[
        Step(
            id="problem",
            expects="choice",
            prompt="flow-negotiate-ask-problem",
            choices=problem_options(),
            next="demand",
        ),
        Step(
            id="demand",
            expects="choice",
            prompt="flow-negotiate-ask-demand",
            choices=[Option(id=d, label=demand_label(d)) for d in DEMANDS],
            next="detail",
        ),
        Step(
            id="detail",
            expects="text",
            prompt="flow-negotiate-ask-detail",
            optional=True,
            validate_with=validate_detail,
            next="order_no",
        ),
        *order_no_steps("order_match", after="success_at"),
        Step(
            id="success_at",
            skip_when=known_success,
            expects="date",
            prompt="flow-negotiate-ask-success",
            params=rules_params,
            choices=[Option(id=NOT_CONFIRMED, label="flow-apply-btn-not-confirmed")],
            optional=True,
            next="chk_success",
        ),
        # The transaction succeeded before the order's case was taken further (its after-sales request).
        *order_check_steps("chk_success", {"transaction_succeeded_at": "success_at"}, "reply_by"),
        Step(
            id="reply_by",
            expects="choice",
            prompt="flow-negotiate-ask-reply-by",
            choices=[
                Option(id="h24", label="flow-negotiate-btn-24h"),
                Option(id="h48", label="flow-negotiate-btn-48h"),
            ],
            next="advice",
        ),
        Step(
            id="advice", expects="info", prompt="flow-negotiate-advice", params=advice_params, next="message"
        ),
        Step(
            id="message",
            expects="choice",
            prompt="flow-negotiate-message",
            params=message_params,
            choices=[
                Option(id="open_case", label="flow-negotiate-btn-open-case", next=END, action=open_case),
                finish_option(finished),
            ],
        ),
    ],
)
