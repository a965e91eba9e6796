"""Pieces shared by the flow declarations: rule numbers as params, options, validators, case lookup."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime, timedelta
from typing import Any

from flows.cases import (
    PROBLEMS,
    SERVICE_TYPES,
    problem_label,
    service_label,
    title_ref,
    title_with_status_ref,
)
from flows.clock import BEIJING
from flows.dates import When
from flows.effects import OPENED, CaseRef, OpenCase, StoredCase, UpdateCase, stored
from flows.engine import Ctx, Invalid, Outcome
from flows.hooks import ActionHook
from flows.model import END, Option, Step
from flows.replies import RefList, Reply
from flows.rules import rule_params

#: Order numbers: digits only, 15 to 20 of them (spaces and dashes typed by users are dropped).
ORDER_NO_MIN, ORDER_NO_MAX = 15, 20
MAX_DETAIL = 200

#: Keys the shared hooks emit.
COMMON_KEYS: tuple[str, ...] = (
    "flow-order-no-invalid",
    "flow-detail-too-long",
    "flow-btn-finish",
    "flow-btn-evidence",
    "flow-btn-start-apply",
    "flow-btn-start-negotiate",
    "flow-case-option",
    "flow-btn-new-order",
    "flow-when-now",
    "flow-when-today",
    "flow-when-yday",
    "flow-when-type",
    "flow-ask-when-type",
    "flow-order-matched",
)


def problem_options(next_step: str | None = None) -> list[Option]:
    return [Option(id=p, label=problem_label(p), next=next_step) for p in PROBLEMS]


def service_options(next_step: str | None = None) -> list[Option]:
    return [Option(id=s, label=service_label(s), next=next_step) for s in SERVICE_TYPES]


#: A label pasted along with the number: "订单号：3712…", "订单编号 3712…", "Order No. 3712…".
_ORDER_LABEL = re.compile(
    r"^(?:订单编?号码?|淘宝订单号|order\s*(?:no\.?|number|id|#)?)\s*[:#]?\s*", re.IGNORECASE
)


def parse_order_no(text: str) -> str | None:
    """The order number's digits, or None if ``text`` is not one (the case card's 修改 uses this)."""
    try:
        return _order_digits(text)
    except Invalid:
        return None


def validate_order_no(ctx: Ctx, text: str) -> str:
    return _order_digits(text)


def _order_digits(text: str) -> str:
    plain = unicodedata.normalize("NFKC", text).strip()
    digits = re.sub(r"[\s\-_]", "", _ORDER_LABEL.sub("", plain))
    # Any script's decimal digits (١٢٣, ۱۲۳, १२३) are stored as ASCII, never as typed; anything else
    # that str.isdigit() accepts but is not a decimal digit is refused.
    digits = "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in digits)
    if not (digits.isascii() and digits.isdigit()) or not ORDER_NO_MIN <= len(digits) <= ORDER_NO_MAX:
        raise Invalid(
            "flow-order-no-invalid",
            {
                "min": ORDER_NO_MIN,
                "max": ORDER_NO_MAX,
                "length": len(digits),
                "digits_only": digits.isdigit(),
            },
        )
    return digits


def validate_detail(ctx: Ctx, text: str) -> str:
    if len(text) > MAX_DETAIL:
        raise Invalid("flow-detail-too-long", {"max": MAX_DETAIL})
    return text


def when(ctx: Ctx, step_id: str) -> When | None:
    value = ctx.answers.get(step_id)
    return When.from_answer(value) if isinstance(value, dict) else None


def shown(moment: When | datetime) -> datetime | date:
    """What to put in a reply for a moment: a datetime, or the Beijing day if the user gave no time."""
    if isinstance(moment, When):
        return moment.at if moment.has_time else moment.beijing.date()
    return moment


def surely_past(now: datetime, deadline: datetime, start: When) -> bool:
    """Whether ``deadline`` (counted from ``start``) has passed for sure.

    A day typed without a time was stored as Beijing midnight, the earliest reading; the windows it
    opens are shown as the day they end on (:func:`flows.replies.deadline_ref`). But "it has passed"
    is only said once it has passed even for the latest reading (the event at 23:59 that day).
    """
    if start.has_time:
        return now >= deadline
    return now > deadline.astimezone(BEIJING).replace(hour=23, minute=59, second=59)


def rules_params(ctx: Ctx) -> dict[str, Any]:
    """The guide's numbers (days, hours) as a prompt's params."""
    return rule_params()


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def beijing_day(moment: datetime) -> date:
    return moment.astimezone(BEIJING).date()


# -- the user's cases, as seeded by the bot in the context ----------------------------------------


def cases_in_context(ctx: Ctx) -> list[dict[str, Any]]:
    cases = ctx.context.get("cases") or []
    return [c for c in cases if isinstance(c, dict) and c.get("id") is not None]


def chosen_case(ctx: Ctx, step_id: str = "case") -> dict[str, Any] | None:
    """The case this run is about: the context's ``case_id`` (merged with its entry in ``cases``),
    or the one picked at ``step_id``."""
    case_id = ctx.context.get("case_id")
    if case_id is None:
        case_id = ctx.answers.get(step_id)
    if case_id is None:
        return None
    case_id = str(case_id)
    for case in cases_in_context(ctx):
        if str(case["id"]) == case_id:
            return {**case, "id": case_id}
    if str(ctx.context.get("case_id")) == case_id:
        return {
            "id": case_id,
            "problem": ctx.context.get("problem"),
            "known_hashes": ctx.context.get("known_hashes", []),
            "categories": ctx.context.get("categories", []),
        }
    return None


def case_option(case: dict[str, Any], action: ActionHook | None = None) -> Option:
    """A case as a button: its title and status, rendered in the reader's language when shown."""
    title = title_with_status_ref(case, str(case["id"]))
    return Option(
        id=str(case["id"]),
        label="flow-case-option",
        label_refs={"title": RefList(items=[title])},
        action=action,
    )


def case_choices(ctx: Ctx) -> list[Option]:
    return [case_option(c) for c in cases_in_context(ctx)[:8]]


# -- one case per order ---------------------------------------------------------------------------

NEW_ORDER = "new"


def open_cases(ctx: Ctx) -> list[dict[str, Any]]:
    """The user's cases that are not closed (the bot marks each with ``open``)."""
    return [c for c in cases_in_context(ctx) if c.get("open", True)]


def open_case_choices(ctx: Ctx) -> list[Option]:
    """The open cases (title with order tail, status) and "新的订单"; picking a case continues it."""
    options = [case_option(c, action=use_case) for c in open_cases(ctx)[:8]]
    return [*options, Option(id=NEW_ORDER, label="flow-btn-new-order")]


def open_case_count(ctx: Ctx) -> dict[str, Any]:
    """The prompt's ``count`` of open cases (one is proposed: "是这个订单的…吗？")."""
    return {"count": len(open_cases(ctx))}


def use_case(ctx: Ctx) -> Outcome:
    """The picked case becomes the run's case: what the flow saves updates it."""
    picked = ctx.answers.get("case")
    if picked is not None and picked != NEW_ORDER:
        ctx.context["case_id"] = str(picked)
    return Outcome()


def no_open_case_to_offer(ctx: Ctx) -> bool:
    return ctx.context.get("case_id") is not None or not open_cases(ctx)


def match_order(ctx: Ctx) -> Outcome:
    """A typed order number that belongs to one of the user's cases continues that case, and says so."""
    order_no = ctx.answers.get("order_no")
    if not order_no or ctx.context.get("case_id") is not None:
        return Outcome()
    for case in cases_in_context(ctx):
        if case.get("order_no") == order_no:
            ctx.context["case_id"] = str(case["id"])
            return Outcome(
                replies=[Reply.make("flow-order-matched", {"title": title_ref(case, str(case["id"]))})]
            )
    return Outcome()


def skip_case_pick(ctx: Ctx) -> bool:
    """No need to ask which case: the bot named one, or the user has none."""
    return ctx.context.get("case_id") is not None or not cases_in_context(ctx)


def save_case(ctx: Ctx, fields: dict[str, Any]) -> tuple[list[Any], CaseRef]:
    """OpenCase (or UpdateCase if the context names a case) with ``fields`` — facts, never the status:
    a new case starts in the lifecycle's first status and moves by Perform effects.

    Returns (effects, the reference later effects of the same turn use)."""
    fields = {k: v for k, v in fields.items() if v is not None and k != "status"}
    case_id = ctx.context.get("case_id")
    if case_id is not None:
        ref = stored(case_id)
        return ([UpdateCase(case=ref, fields=fields)] if fields else []), ref
    main = {k: fields.pop(k, None) for k in ("problem", "service_type", "order_no", "demand")}
    return [OpenCase(**main, facts=fields)], OPENED


def bound_case(ctx: Ctx) -> StoredCase:
    """The case an earlier turn of this run saved (the bot bound its id into the context).

    Without one the reference is to no case (id 0): the bot logs that and tells the user, rather than
    guessing which case was meant."""
    case_id = ctx.context.get("case_id")
    return stored(case_id) if case_id is not None else stored(0)


# -- when it happened (never the moment of the tap) ---------------------------------------------------

WHEN_QUICK = ("now", "today", "yday")


def when_steps(step_id: str, prompt: str, save_hook: ActionHook, *, then: str | None = None) -> list[Step]:
    """Ask when something happened: 刚刚 / 今天早些时候 / 昨天 / 输入日期时间, or a date typed right away
    (parsed by flows.dates), then run ``save_hook`` (which reads :func:`moment_of`) and end the run.
    ``then``: a step between the answer and the save (an order check, which goes on to
    ``<step_id>_save``)."""
    save = f"{step_id}_save"
    after = then or save
    return [
        Step(
            id=step_id,
            expects="datetime",  # the buttons are shortcuts; a typed date is read at once
            prompt=prompt,
            choices=[
                *(Option(id=q, label=f"flow-when-{q}", next=after) for q in WHEN_QUICK),
                Option(id="type", label="flow-when-type", next=f"{step_id}_at"),
            ],
            next=after,
        ),
        Step(id=f"{step_id}_at", expects="datetime", prompt="flow-ask-when-type", next=after),
        Step(id=save, expects="info", on_enter=save_hook, back=False, next=END),
    ]


def moment_of(ctx: Ctx, step_id: str) -> tuple[datetime, bool]:
    """(when it happened, day only) from the answers of :func:`when_steps`. A day without a time is
    that Beijing day's start: deadlines counted from it end earlier, the safe mistake."""
    choice = ctx.answers.get(step_id)
    typed = when(ctx, step_id) if isinstance(choice, dict) else None  # typed at the question itself
    if choice == "type":
        typed = when(ctx, f"{step_id}_at")
    if typed is not None:
        return typed.at, not typed.has_time
    if choice in ("today", "yday"):
        day = beijing_day(ctx.now) - timedelta(days=1 if choice == "yday" else 0)
        return datetime.combine(day, datetime.min.time(), tzinfo=BEIJING), True
    return ctx.now, False


def finish_option(action: ActionHook | None = None) -> Option:
    return Option(id="finish", label="flow-btn-finish", next="END", action=action)


def order_no_steps(match_id: str, after: str) -> list[Step]:
    """Ask the order number (optional), then continue the user's case with that number if there is
    one (:func:`match_order`); the same two steps in /apply, /negotiate and /evidence."""
    return [
        Step(
            id="order_no",
            expects="text",
            prompt="flow-ask-order-no",
            optional=True,
            validate_with=validate_order_no,
            next=match_id,
        ),
        Step(id=match_id, expects="info", on_enter=match_order, next=after),
    ]
