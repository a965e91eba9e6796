"""Appeal: when did the ruling come → closed (more than 3 days) or what an appeal needs and where to file it.

case (skipped if known or none) → outcome → ruling_at ─ window over → closed (info, records the ruling)
                                                      └ open → basis → advice (records the ruling on exit)

The ruling date is checked against the case's (chk_ruling: not before the intervention request), the
appeal's against the ruling (submitted_chk; flows/defs/order_check.py).

The ruling is recorded by the last step's actions (and the closed step), in the same turn as any
other effect, so nothing refers to a case opened in an earlier turn.
"""

from __future__ import annotations

from typing import Any

from flows.cases import RULING_OUTCOMES, outcome_label, title_ref
from flows.deadlines import appeal_deadline
from flows.defs.common import (
    chosen_case,
    iso,
    moment_of,
    no_open_case_to_offer,
    open_case_choices,
    open_case_count,
    rules_params,
    save_case,
    shown,
    surely_past,
    when,
    when_steps,
)
from flows.defs.order_check import back_to_check, fix_effects, order_check_steps
from flows.effects import CaseRef, Perform, StartFlow, StoredCase, UpdateCase, stored
from flows.engine import Ctx, Outcome
from flows.evidence import CATEGORIES, category_label
from flows.lifecycle import Action
from flows.model import END, Flow, Option, Step
from flows.replies import Ref, RefList, Reply, deadline_ref
from flows.rules import rule_params

HOTLINE = "9510211"  # the guide: "直接联系淘宝客服热线9510211提出申诉请求"

KEYS: tuple[str, ...] = (
    "flow-appeal-submitted",
    "flow-appeal-finished",
    "flow-appeal-evidence-next",
    "flow-appeal-ask-submitted-when",
)


def _deadline_shown(ctx: Ctx) -> Any:
    ruling = when(ctx, "ruling_at")
    return deadline_ref(appeal_deadline(ruling.at), has_time=ruling.has_time) if ruling else ""


def window_route(ctx: Ctx) -> str:
    # A day without a time could have been any time that day: only call the window closed when it
    # is closed even for a ruling received at 23:59 that day.
    ruling = when(ctx, "ruling_at")
    return "closed" if ruling and surely_past(ctx.now, appeal_deadline(ruling.at), ruling) else "basis"


def _params(ctx: Ctx) -> dict[str, object]:
    ruling = when(ctx, "ruling_at")
    outcome = ctx.answers.get("outcome") or "rejected"
    return {
        **rule_params(),
        "hotline": HOTLINE,
        "ruling": shown(ruling) if ruling else "",
        "deadline": _deadline_shown(ctx),
        "exact": bool(ruling and ruling.has_time),
        "outcome": Ref(key=outcome_label(outcome)),
        "basis": ctx.answers.get("basis") or "neither",
    }


def draft(ctx: Ctx) -> Outcome:
    """Entering the advice after 有新的证据 / 原处理有明显错误: a short 申诉说明 to copy, from the case and
    its evidence, with a line that only facts count (the guide: 单纯表达不满不会被受理)."""
    basis = ctx.answers.get("basis") or "neither"
    if basis not in ("new_evidence", "clear_error"):
        return Outcome()
    case = chosen_case(ctx) or {}
    categories = [c for c in CATEGORIES if c in set(case.get("categories") or [])]
    evidence: Ref | RefList = (
        RefList(items=[Ref(key=category_label(c)) for c in categories])
        if categories
        else Ref(key="flow-appeal-statement-no-evidence")
    )
    title: Ref | str = title_ref(case, str(case["id"])) if case.get("id") else ""
    statement_params = {**_params(ctx), "case": title, "has_case": bool(title), "evidence": evidence}
    # For Taobao, so in Chinese whatever the reader's language (its labels and dates too).
    statement = Ref.make("flow-appeal-statement", statement_params, lang="zh")
    params = {"statement": statement, "has_evidence": bool(categories)}
    return Outcome(replies=[Reply.make("flow-appeal-draft", params)])


def _record_ruling(ctx: Ctx, *, submitted: bool = False) -> tuple[list[Any], CaseRef]:
    """The ruling (and the appeal, if submitted) as Perform effects: the transition table and its
    guards (the 3-day appeal window, counted from when the ruling came) decide the status."""
    ruling = when(ctx, "ruling_at")
    assert ruling is not None
    fields: dict[str, Any] = {"appeal_basis": ctx.answers.get("basis")}
    case = chosen_case(ctx)
    if case is not None:
        case_ref: CaseRef = stored(case["id"])
        known = {k: v for k, v in fields.items() if v is not None}
        effects: list[Any] = [UpdateCase(case=case_ref, fields=known)] if known else []
    else:
        effects, case_ref = save_case(ctx, fields)
    effects.extend(fix_effects(ctx, case_ref))  # the case's dates re-entered at an order check
    effects.append(
        Perform(
            case=case_ref,
            action=Action.RULING,
            at=iso(ruling.at),
            date_only=not ruling.has_time,
            outcome=str(ctx.answers.get("outcome") or "rejected"),
        )
    )
    if submitted:
        submitted_at, submitted_day_only = moment_of(ctx, "submitted")  # asked: when, not now
        effects.append(
            Perform(
                case=case_ref,
                action=Action.APPEALED,
                at=iso(submitted_at),
                date_only=submitted_day_only,
            )
        )
    return effects, case_ref


def closed(ctx: Ctx) -> Outcome:
    effects, _ = _record_ruling(ctx)
    return Outcome(effects=effects)


def can_appeal(ctx: Ctx) -> bool:
    return ctx.answers.get("basis") in ("new_evidence", "clear_error")


def submitted(ctx: Ctx) -> Outcome:
    effects, _ = _record_ruling(ctx, submitted=True)
    return Outcome(replies=[Reply.make("flow-appeal-submitted", rule_params())], effects=effects)


def add_evidence(ctx: Ctx) -> Outcome:
    effects, case_ref = _record_ruling(ctx)
    context = {"case_id": str(case_ref.id)} if isinstance(case_ref, StoredCase) else {}
    effects.append(StartFlow(name="evidence", context=context))
    return Outcome(
        replies=[Reply.make("flow-appeal-evidence-next", {"deadline": _deadline_shown(ctx)})], effects=effects
    )


def finished(ctx: Ctx) -> Outcome:
    effects, _ = _record_ruling(ctx)
    return Outcome(replies=[Reply.make("flow-appeal-finished", _params(ctx))], effects=effects)


FLOW = Flow(
    name="appeal",
    title="flow-appeal-title",
    on_existing_case=False,  # 新的订单 opens one: a single open case is proposed, not assumed
    start="case",
    steps=[
        Step(
            id="case",
            expects="choice",
            prompt="flow-appeal-ask-case",
            params=open_case_count,
            choices_from=open_case_choices,
            skip_when=no_open_case_to_offer,
            # one case per order: the open cases and 新的订单; one open case is proposed, not assumed
            next="outcome",
        ),
        Step(
            id="outcome",
            expects="choice",
            prompt="flow-appeal-ask-outcome",
            choices=[Option(id=o, label=outcome_label(o)) for o in RULING_OUTCOMES],
            next="ruling_at",
        ),
        Step(
            id="ruling_at",
            expects="datetime",
            prompt="flow-appeal-ask-ruling-at",
            params=rules_params,
            route=back_to_check("chk_ruling"),
            branches=["chk_ruling", "submitted_chk"],
        ),
        # The ruling follows the intervention request (and the after-sales request) the case knows.
        *order_check_steps(
            "chk_ruling",
            {"ruling_at": "ruling_at"},
            "basis",
            route=window_route,
            branches=("closed", "basis"),
        ),
        Step(id="closed", expects="info", prompt="flow-appeal-closed", params=_params, on_enter=closed),
        Step(
            id="basis",
            expects="choice",
            prompt="flow-appeal-ask-basis",
            params=_params,
            choices=[
                Option(id="new_evidence", label="flow-appeal-btn-new-evidence"),
                Option(id="clear_error", label="flow-appeal-btn-clear-error"),
                Option(id="neither", label="flow-appeal-btn-neither"),
            ],
            next="advice",
        ),
        Step(
            id="advice",
            expects="choice",
            prompt="flow-appeal-advice",
            params=_params,
            on_enter=draft,
            choices=[
                Option(
                    id="evidence",
                    label="flow-appeal-btn-add-evidence",
                    next=END,
                    action=add_evidence,
                    when=can_appeal,
                ),
                Option(
                    id="submitted",
                    label="flow-appeal-btn-submitted",
                    next="submitted",
                    when=can_appeal,
                ),
                Option(id="finish", label="flow-btn-finish", next=END, action=finished),
            ],
        ),
        *when_steps("submitted", "flow-appeal-ask-submitted-when", submitted, then="submitted_chk"),
        # The appeal is against a ruling already received.
        *order_check_steps(
            "submitted_chk",
            {"ruling_at": "ruling_at", "appeal_submitted_at": "submitted"},
            "submitted_save",
        ),
    ],
)
