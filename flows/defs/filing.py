"""Filing: photos and files sent outside any flow are not thrown away.

The bot has already downloaded them (once, streamed, checked) into temporary files and starts this run
with them in the context. The run asks which case they belong to (the user's open cases, or a new one),
then their category, and files them as evidence of that case; then the evidence flow carries on with
that case, so more files go to it without asking again.

intake → case (open cases + 新的订单; skipped if none) → [order_no → open] → check → category → after

Context the bot seeds: ``incoming`` (the files, :class:`flows.inputs.FileItem` as JSON, refused ones
included), ``received_at`` (ISO, UTC), ``cases`` (as for every flow), ``max_mb``.

Files wait for the answers at most :data:`flows.evidence.PENDING_HOURS` hours (the question says so);
after that the bot deletes them and this run says so instead of filing them. /cancel deletes them at once.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from flows.case_facts import CaseStatus
from flows.defs.common import (
    NEW_ORDER,
    chosen_case,
    match_order,
    open_case_choices,
    open_cases,
    validate_order_no,
)
from flows.defs.evidence import (
    category_params,
    file_notes,
    known_categories,
    notes_reply,
    record_event,
    store_entries,
)
from flows.effects import OPENED, CaseRef, OpenCase, StartFlow, stored
from flows.engine import Ctx, Outcome
from flows.evidence import CATEGORIES, PENDING_HOURS, category_from_caption, category_label, check_files
from flows.inputs import FileItem
from flows.model import END, Flow, Option, Step
from flows.replies import Ref, Reply

KEYS: tuple[str, ...] = (
    "flow-filing-received",  # parts of the questions
    "flow-filing-keep",
    "flow-filing-expired",
    "flow-filing-filed",
    "flow-filing-filed-new",
)

#: Answers: the files accepted so far (format and size), waiting for a case.
INCOMING = "_incoming"


def _accepted(decisions: list[Any]) -> list[dict[str, Any]]:
    return [{"item": d.item.model_dump(mode="json"), "warning": d.warning} for d in decisions if d.accepted]


def intake(ctx: Ctx) -> Outcome:
    """What can be kept at all (format, size, damage, twice in the same album); the rest is said now."""
    items = [FileItem.model_validate(raw) for raw in ctx.context.pop("incoming", None) or []]
    decisions = check_files(items, set())
    notes = file_notes(ctx, decisions, 1, single=len(items) == 1, known={})
    accepted = _accepted(decisions)
    ctx.answers[INCOMING] = accepted
    replies = [notes_reply(notes, len(accepted), len(items))] if notes else []
    return Outcome(replies=replies, goto=None if accepted else END)


def more_incoming(ctx: Ctx, items: list[FileItem]) -> Outcome:
    """More files while we ask which case: they join the same group (one question for all)."""
    waiting = ctx.answers.get(INCOMING) or []
    decisions = check_files(items, {entry["item"]["sha256"] for entry in waiting})
    notes = file_notes(ctx, decisions, len(waiting) + 1, single=len(items) == 1, known={})
    accepted = _accepted(decisions)
    ctx.answers[INCOMING] = waiting + accepted
    replies = [notes_reply(notes, len(accepted), len(items))] if notes else []
    return Outcome(replies=replies)


def case_params(ctx: Ctx) -> dict[str, object]:
    waiting = ctx.answers.get(INCOMING) or []
    photos = sum(1 for entry in waiting if entry["item"]["kind"] == "photo")
    return {
        "count": len(waiting),
        "photos": photos,
        "files": len(waiting) - photos,
        "hours": PENDING_HOURS,
        "cases": len(open_cases(ctx)),
    }


def no_open_case(ctx: Ctx) -> bool:
    return not open_cases(ctx)


def after_case(ctx: Ctx) -> str:
    picked = ctx.answers.get("case")
    return "order_no" if picked in (None, NEW_ORDER) else "check"


def open_case(ctx: Ctx) -> Outcome:
    """A new case for these files — unless the order number typed is one the user already has."""
    outcome = match_order(ctx)
    if ctx.context.get("case_id") is not None:
        return outcome
    ctx.answers["_opened"] = True
    return Outcome(effects=[OpenCase(status=CaseStatus.NEGOTIATING, order_no=ctx.answers.get("order_no"))])


def _case_ref(ctx: Ctx) -> CaseRef:
    case_id = ctx.context.get("case_id")
    if case_id is not None:
        return stored(case_id)
    return OPENED  # opened by this very turn (the bot binds its id to the run afterwards)


def _expired(ctx: Ctx) -> bool:
    received = ctx.context.get("received_at")
    if not isinstance(received, str):
        return False
    return ctx.now - datetime.fromisoformat(received) > timedelta(hours=PENDING_HOURS)


def _expired_outcome(ctx: Ctx) -> Outcome:
    ctx.answers.pop(INCOMING, None)
    ctx.answers.pop("_pending", None)
    reply = Reply.make("flow-filing-expired", {"hours": PENDING_HOURS})
    return Outcome(replies=[reply], goto=END)


def check(ctx: Ctx) -> Outcome:
    """The case is known: what it already has is not stored twice; a caption may name the category."""
    if _expired(ctx):
        return _expired_outcome(ctx)
    waiting = ctx.answers.pop(INCOMING, None) or []
    items = [FileItem.model_validate(entry["item"]) for entry in waiting]
    known = known_categories(ctx, chosen_case(ctx) or {})
    decisions = check_files(items, set(known))
    notes = file_notes(ctx, decisions, 1, single=len(items) == 1, known=known)
    accepted = [
        {"item": d.item.model_dump(mode="json"), "warning": entry.get("warning")}
        for d, entry in zip(decisions, waiting, strict=True)
        if d.accepted
    ]
    replies = [notes_reply(notes, len(accepted), len(items))] if notes else []
    if not accepted:
        return Outcome(replies=replies, goto=END)
    category = next((c for item in items if (c := category_from_caption(item.caption))), None)
    if category is None:
        ctx.answers["_pending"] = accepted
        return Outcome(replies=replies, goto="category")
    return Outcome(
        replies=replies, effects=store_entries(ctx, accepted, category, _case_ref(ctx)), goto="after"
    )


def more_files(ctx: Ctx, items: list[FileItem]) -> Outcome:
    """More files while we ask the category: they join the group."""
    pending = ctx.answers.get("_pending") or []
    known = known_categories(ctx, chosen_case(ctx) or {})
    for entry in pending:
        known.setdefault(entry["item"]["sha256"], "")
    decisions = check_files(items, set(known))
    notes = file_notes(ctx, decisions, len(pending) + 1, single=len(items) == 1, known=known)
    accepted = _accepted(decisions)
    ctx.answers["_pending"] = pending + accepted
    replies = [notes_reply(notes, len(accepted), len(items))] if notes else []
    return Outcome(replies=replies)


def make_store(category: str) -> Callable[[Ctx], Outcome]:
    def store(ctx: Ctx) -> Outcome:
        if _expired(ctx):
            return _expired_outcome(ctx)
        pending = ctx.answers.pop("_pending", None) or []
        return Outcome(effects=store_entries(ctx, pending, category, _case_ref(ctx)) if pending else [])

    store.__name__ = f"store_{category}"
    return store


def filed(ctx: Ctx) -> Outcome:
    """Say where the files went, put them on the case's timeline, and carry on with /evidence there."""
    stored_now = ctx.answers.get("_stored", [])
    if not stored_now:
        return Outcome()
    case_ref = _case_ref(ctx)
    case = chosen_case(ctx) or {}
    categories = sorted({entry["category"] for entry in stored_now})
    params: dict[str, object] = {
        "count": len(stored_now),
        "category": Ref(key=category_label(categories[0])),
    }
    if ctx.answers.get("_opened"):
        reply = Reply.make("flow-filing-filed-new", params)
    else:
        params["title"] = str(case.get("title") or ctx.context.get("case_id") or "")
        reply = Reply.make("flow-filing-filed", params)
    # The evidence flow goes on with this case (the bot names a case opened in this turn).
    follow = {"case_id": str(ctx.context["case_id"])} if ctx.context.get("case_id") is not None else {}
    effects = [record_event(ctx, case_ref, stored_now), StartFlow(name="evidence", context=follow)]
    return Outcome(replies=[reply], effects=effects)


FLOW = Flow(
    name="filing",
    title="flow-filing-title",
    start="intake",
    steps=[
        Step(id="intake", expects="info", on_enter=intake, next="case"),
        Step(
            id="case",
            expects="choice",
            prompt="flow-filing-ask-case",
            params=case_params,
            choices_from=open_case_choices,
            skip_when=no_open_case,
            on_files=more_incoming,
            route=after_case,
            branches=["order_no", "check"],
        ),
        Step(
            id="order_no",
            expects="text",
            prompt="flow-filing-ask-order",
            params=case_params,
            on_files=more_incoming,  # joins the group; the question is asked again with the count
            validate_with=validate_order_no,
            optional=True,
            next="open",
        ),
        Step(id="open", expects="info", on_enter=open_case, back=False, next="check"),
        Step(id="check", expects="info", on_enter=check, branches=["category", "after"], next="after"),
        Step(
            id="category",
            expects="choice",
            prompt="flow-evidence-ask-category",
            params=category_params,
            on_files=more_files,
            back=False,
            remember=False,
            choices=[
                Option(id=c, label=category_label(c), next="after", action=make_store(c)) for c in CATEGORIES
            ],
        ),
        Step(id="after", expects="info", on_enter=filed, back=False, next=END),
    ],
)
