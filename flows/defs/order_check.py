"""Flow steps that check a run's dates against the order of a dispute (:mod:`flows.sequence`).

Placed right after a date question: passed over when every known date is in order; otherwise it names
both dates (with their weekdays), nothing is saved, and the user picks which one to re-enter:

* a date this run asked (``asked``: fact → the step that asks it) is asked again at its own step,
  which comes back to the check (its ``route``: :func:`back_to_check`);
* a date known before (the case's, or one this run already saved: ``known``) is asked at the check's
  own ``<check>_fix`` step; the flow's save hook turns it into a correction (:func:`fix_effects`).

Moments are read from the answers as the when-questions left them (:func:`asked_moment`): a typed
date, 刚刚 / 今天早些时候 / 昨天, or the 输入日期时间 step after it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any

from flows.clock import BEIJING
from flows.dates import When, is_day_only
from flows.defs.common import beijing_day, chosen_case, iso, when
from flows.effects import CaseRef, Correct
from flows.engine import Ctx, Outcome
from flows.model import Option, Step
from flows.replies import Ref, RefList, Said
from flows.sequence import SEQUENCE, WITH_SELLER, Conflict, conflicts, fact_key

#: Context: the check a re-entered date step returns to, and that step (``{"check": …, "step": …}``).
FIXING = "order_fix"
#: Context: the known fact being re-entered at a check's ``_fix`` step.
FIXING_FACT = "order_fix_fact"
#: Answers: known facts re-entered (fact → a When answer), turned into corrections when saved.
FIXED = "_fixed"

KEYS: tuple[str, ...] = ("sequence-conflict", "sequence-btn-fix", "sequence-ask-fix")

Known = Callable[[Ctx], Mapping[str, When]]


def asked_moment(ctx: Ctx, step_id: str) -> When | None:
    """What a date step (or a when-question of :func:`flows.defs.common.when_steps`) was answered."""
    value = ctx.answers.get(step_id)
    if isinstance(value, dict):
        return When.from_answer(value)
    if value == "type":
        return when(ctx, f"{step_id}_at")
    if value == "now":
        return When(at=ctx.now, has_time=True)
    if value in ("today", "yday"):
        day = beijing_day(ctx.now) - timedelta(days=1 if value == "yday" else 0)
        return When(at=datetime.combine(day, datetime.min.time(), tzinfo=BEIJING), has_time=False)
    return None


def case_known(ctx: Ctx) -> dict[str, When]:
    """The dates the run's case already has (the bot seeds them in the context), and those the user
    re-entered at a check in this run."""
    known: dict[str, When] = {}
    case = chosen_case(ctx) or {}
    for fact in SEQUENCE:
        value = case.get(fact)
        if isinstance(value, str) and value:
            at = datetime.fromisoformat(value)
            known[fact] = When(at=at, has_time=not is_day_only(at))
    return {**known, **fixed(ctx)}


def fixed(ctx: Ctx) -> dict[str, When]:
    answers = ctx.answers.get(FIXED)
    if not isinstance(answers, dict):
        return {}
    return {fact: When.from_answer(v) for fact, v in answers.items() if isinstance(v, dict)}


def _moments(ctx: Ctx, asked: Mapping[str, str], known: Known) -> dict[str, When]:
    moments = dict(known(ctx))
    for fact, step_id in asked.items():
        moment = asked_moment(ctx, step_id)
        if moment is not None:
            moments[fact] = moment
    return moments


def first_conflict(ctx: Ctx, asked: Mapping[str, str], known: Known = case_known) -> Conflict | None:
    found = conflicts({f: w.at for f, w in _moments(ctx, asked, known).items()}, order=WITH_SELLER)
    return found[0] if found else None


def order_check_steps(
    check_id: str,
    asked: Mapping[str, str],
    next_step: str,
    *,
    known: Known = case_known,
    route: Callable[[Ctx], str] | None = None,
    branches: tuple[str, ...] = (),
) -> list[Step]:
    """The check (``check_id``) and its ``_fix`` / ``_fixed`` steps; on to ``next_step`` (or ``route``)
    when in order. ``asked``: fact → the step of this run that asks it; each must route back here while
    it is re-entered (:func:`back_to_check`). ``known``: dates known otherwise (default: the case's)."""
    fix_id, fixed_id = f"{check_id}_fix", f"{check_id}_fixed"

    def in_order(ctx: Ctx) -> bool:
        return first_conflict(ctx, asked, known) is None

    def params(ctx: Ctx) -> dict[str, object]:
        conflict = first_conflict(ctx, asked, known)
        if conflict is None:  # the prompt shown again after the dates were put right
            return {"earlier": "", "earlier_at": "", "later": "", "later_at": ""}
        moments = _moments(ctx, asked, known)
        return {
            "earlier": Ref(key=fact_key(conflict.earlier)),
            "earlier_at": Said.of(moments[conflict.earlier]),
            "later": Ref(key=fact_key(conflict.later)),
            "later_at": Said.of(moments[conflict.later]),
        }

    def fix(fact: str) -> Callable[[Ctx], Outcome]:
        def action(ctx: Ctx) -> Outcome:
            step_id = asked.get(fact)
            if step_id is not None and asked_moment(ctx, step_id) is not None:
                for answered in (step_id, f"{step_id}_at"):
                    ctx.answers.pop(answered, None)  # asked again, even when it was known before
                ctx.context[FIXING] = {"check": check_id, "step": step_id}
                return Outcome(goto=step_id)
            ctx.context[FIXING_FACT] = fact
            return Outcome(goto=fix_id)

        return action

    def options(ctx: Ctx) -> list[Option]:
        conflict = first_conflict(ctx, asked, known)
        if conflict is None:
            return []
        return [
            Option(
                id=f"f{WITH_SELLER.index(fact)}",
                label="sequence-btn-fix",
                label_refs={"what": RefList(items=[Ref(key=fact_key(fact))])},
                action=fix(fact),
            )
            for fact in (conflict.earlier, conflict.later)
            if fact in asked or fact in SEQUENCE  # the seller's answer is re-entered only where asked
        ]

    def fix_params(ctx: Ctx) -> dict[str, object]:
        fact = str(ctx.context.get(FIXING_FACT) or SEQUENCE[0])
        return {"what": Ref(key=fact_key(fact))}

    def keep_fix(ctx: Ctx) -> Outcome:
        fact = ctx.context.pop(FIXING_FACT, None)
        value = ctx.answers.pop(fix_id, None)
        if isinstance(fact, str) and isinstance(value, dict):
            ctx.answers[FIXED] = {**(ctx.answers.get(FIXED) or {}), fact: value}
        return Outcome()

    return [
        Step(
            id=check_id,
            expects="choice",
            prompt="sequence-conflict",
            params=params,
            skip_when=in_order,
            choices_from=options,
            route=route,
            branches=[*branches, *dict.fromkeys(asked.values()), fix_id],
            next=next_step,
            remember=False,
        ),
        Step(id=fix_id, expects="datetime", prompt="sequence-ask-fix", params=fix_params, next=fixed_id),
        Step(id=fixed_id, expects="info", on_enter=keep_fix, remember=False, next=check_id),
    ]


def back_to_check(usual_next: str) -> Callable[[Ctx], str]:
    """A date step's route: back to the check that asked to re-enter it, else on as usual."""

    def route(ctx: Ctx) -> str:
        fixing = ctx.context.get(FIXING)
        if isinstance(fixing, dict) and fixing.get("step") == ctx.state.step:
            ctx.context.pop(FIXING, None)
            return str(fixing["check"])
        return usual_next

    return route


def fix_effects(ctx: Ctx, case: CaseRef) -> list[Any]:
    """The known dates re-entered at a check, as corrections of the case (before the run's own effects)."""
    return [
        Correct(case=case, what="fact_time", fact=fact, at=iso(moment.at), date_only=not moment.has_time)
        for fact, moment in fixed(ctx).items()
    ]


__all__ = [
    "FIXED",
    "KEYS",
    "asked_moment",
    "back_to_check",
    "case_known",
    "first_conflict",
    "fix_effects",
    "order_check_steps",
]
