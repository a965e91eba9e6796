"""Evidence: a checklist for the case's problem, then photos and files until /done.

case (skipped if the context names one; → no_case if the user has none) → collect ⇄ category → summary

Context the bot seeds: ``case_id`` (or ``cases``: [{id, title, problem, known_hashes, categories}]),
``problem``, ``known_hashes`` (sha256 of files already stored for the case), ``categories`` (already
covered categories).
"""

from __future__ import annotations

from typing import Any

from flows.cases import problem_label
from flows.defs.common import case_choices, chosen_case, iso, skip_case_pick
from flows.effects import RecordEvent, StartFlow, StoreEvidence
from flows.engine import Ctx, Outcome
from flows.evidence import (
    ACCEPTED_MIME,
    CATEGORIES,
    MAX_FILE_BYTES,
    MIN_SHORT_SIDE,
    FileDecision,
    category_from_caption,
    category_label,
    category_line,
    check_files,
    checklist,
    coverage,
)
from flows.inputs import FileItem
from flows.model import END, Flow, Option, Step
from flows.replies import Ref, RefList, Reply

KEYS: tuple[str, ...] = (
    "flow-evidence-file-notes",
    "flow-evidence-file-too-big",
    "flow-evidence-file-bad-format",
    "flow-evidence-file-duplicate",
    "flow-evidence-file-small",
    "flow-evidence-file-name",
    "flow-evidence-file-photo",
)


def _case(ctx: Ctx) -> dict[str, Any]:
    return chosen_case(ctx) or {}


def _problem(ctx: Ctx) -> str:
    return str(_case(ctx).get("problem") or ctx.context.get("problem") or "other")


def _stored_categories(ctx: Ctx) -> set[str]:
    before = set(_case(ctx).get("categories") or [])
    return before | {entry["category"] for entry in ctx.answers.get("_stored", [])}


def _known_hashes(ctx: Ctx) -> set[str]:
    before = set(_case(ctx).get("known_hashes") or [])
    return before | {entry["sha256"] for entry in ctx.answers.get("_stored", [])}


def route_after_case(ctx: Ctx) -> str:
    return "collect" if chosen_case(ctx) else "no_case"


def progress_params(ctx: Ctx) -> dict[str, object]:
    problem = _problem(ctx)
    covered, missing = coverage(_stored_categories(ctx), problem)
    items = checklist(problem)
    stored = set(covered)
    last = ctx.answers.get("_last") or {}
    return {
        "problem": problem,
        "problem_label": Ref(key=problem_label(problem)),
        "lines": RefList(
            items=[
                Ref.make(category_line(c), {"done": c in stored, "n": i, "problem": problem})
                for i, c in enumerate(items, 1)
            ],
            sep="line",
        ),
        "covered": len(covered),
        "total": len(items),
        "missing": [Ref(key=category_label(c)) for c in missing],
        "missing_count": len(missing),
        "has_last": bool(last),
        "last_category": Ref(key=category_label(last.get("category", "chat"))),
        "last_count": int(last.get("count", 0)),
        "formats": _formats(),
        "max_mb": MAX_FILE_BYTES // (1024 * 1024),
    }


def _formats() -> str:
    return "/".join(ACCEPTED_MIME.values())


def _name(item: FileItem, index: int) -> Ref:
    if item.original_name:
        return Ref.make("flow-evidence-file-name", {"name": item.original_name})
    return Ref.make("flow-evidence-file-photo", {"n": index})


def _note(decision: FileDecision, index: int) -> Ref | None:
    item = decision.item
    name = _name(item, index)
    if decision.status == "too_big":
        return Ref.make(
            "flow-evidence-file-too-big", {"name": name, "max_mb": MAX_FILE_BYTES // (1024 * 1024)}
        )
    if decision.status == "bad_format":
        return Ref.make("flow-evidence-file-bad-format", {"name": name, "formats": _formats()})
    if decision.status == "duplicate":
        return Ref.make("flow-evidence-file-duplicate", {"name": name})
    if decision.warning == "small_image":
        return Ref.make(
            "flow-evidence-file-small",
            {"name": name, "width": item.width or 0, "height": item.height or 0, "min": MIN_SHORT_SIDE},
        )
    return None


def _store(ctx: Ctx, decisions: list[dict[str, Any]], category: str) -> list[StoreEvidence]:
    case_id = str(_case(ctx)["id"])
    effects = []
    stored = ctx.answers.setdefault("_stored", [])
    for entry in decisions:
        item = FileItem.model_validate(entry["item"])
        assert item.sha256 is not None and item.mime is not None
        effects.append(
            StoreEvidence(
                case_id=case_id,
                sha256=item.sha256,
                category=category,
                mime=item.mime,
                size=item.size,
                original_name=item.original_name,
                caption=item.caption,
                width=item.width,
                height=item.height,
                ref=item.ref,
                warning=entry.get("warning"),
            )
        )
        stored.append({"sha256": item.sha256, "category": category})
    ctx.answers["_last"] = {"category": category, "count": len(effects)}
    return effects


def on_files(ctx: Ctx, items: list[FileItem]) -> Outcome:
    decisions = check_files(items, _known_hashes(ctx))
    notes = [note for i, d in enumerate(decisions, 1) if (note := _note(d, i)) is not None]
    accepted = [
        {"item": d.item.model_dump(mode="json"), "warning": d.warning} for d in decisions if d.accepted
    ]
    replies = []
    if notes:
        replies.append(
            Reply.make(
                "flow-evidence-file-notes",
                {
                    "lines": RefList(items=notes, sep="line"),
                    "accepted": len(accepted),
                    "received": len(items),
                },
            )
        )
    if not accepted:
        ctx.answers["_last"] = None
        return Outcome(replies=replies, prompt=False)
    category = next((c for item in items if (c := category_from_caption(item.caption))), None)
    if category is None:
        ctx.answers["_pending"] = accepted
        return Outcome(replies=replies, goto="category")
    return Outcome(replies=replies, effects=_store(ctx, accepted, category))


def on_more_files(ctx: Ctx, items: list[FileItem]) -> Outcome:
    """More files while we ask which category the last ones are: they join the same group, so a user
    who sends photos one by one is asked once."""
    pending = ctx.answers.get("_pending") or []
    known = _known_hashes(ctx) | {entry["item"]["sha256"] for entry in pending}
    decisions = check_files(items, known)
    notes = [note for i, d in enumerate(decisions, len(pending) + 1) if (note := _note(d, i)) is not None]
    accepted = [
        {"item": d.item.model_dump(mode="json"), "warning": d.warning} for d in decisions if d.accepted
    ]
    ctx.answers["_pending"] = pending + accepted
    replies = []
    if notes:
        replies.append(
            Reply.make(
                "flow-evidence-file-notes",
                {
                    "lines": RefList(items=notes, sep="line"),
                    "accepted": len(accepted),
                    "received": len(items),
                },
            )
        )
    return Outcome(replies=replies, goto="category")


def category_params(ctx: Ctx) -> dict[str, object]:
    pending = ctx.answers.get("_pending") or []
    photos = sum(1 for entry in pending if entry["item"]["kind"] == "photo")
    return {"count": len(pending), "photos": photos, "files": len(pending) - photos}


def make_store_pending(category: str):
    def store_pending(ctx: Ctx) -> Outcome:
        pending = ctx.answers.pop("_pending", None) or []
        return Outcome(effects=_store(ctx, pending, category) if pending else [])

    store_pending.__name__ = f"store_{category}"
    return store_pending


def summary_params(ctx: Ctx) -> dict[str, object]:
    values = progress_params(ctx)
    values["added"] = len(ctx.answers.get("_stored", []))
    return values


def record_added(ctx: Ctx) -> Outcome:
    """Entering the summary: one timeline event for what this run stored (if anything)."""
    stored = ctx.answers.get("_stored", [])
    if not stored:
        return Outcome()
    categories = sorted({entry["category"] for entry in stored})
    event = RecordEvent(
        case_id=str(_case(ctx)["id"]),
        event="evidence_added",
        at=iso(ctx.now),
        detail={"count": str(len(stored)), "categories": ",".join(categories)},
    )
    return Outcome(effects=[event])


def start_flow(name: str):
    def action(ctx: Ctx) -> Outcome:
        return Outcome(effects=[StartFlow(name=name)])

    return action


FLOW = Flow(
    name="evidence",
    title="flow-evidence-title",
    start="case",
    steps=[
        Step(
            id="case",
            expects="choice",
            prompt="flow-evidence-ask-case",
            choices_from="cases",
            skip_when="known_case",
            route="after_case",
            branches=["collect", "no_case"],
        ),
        Step(
            id="no_case",
            expects="choice",
            prompt="flow-evidence-no-case",
            choices=[
                Option(id="apply", label="flow-btn-start-apply", next=END, action="start_apply"),
                Option(id="negotiate", label="flow-btn-start-negotiate", next=END, action="start_negotiate"),
            ],
        ),
        Step(
            id="collect",
            expects="file",
            prompt="flow-evidence-checklist",
            reprompt="flow-evidence-progress",
            params="progress",
            on_files="files",
            branches=["category"],
            next="summary",
        ),
        Step(
            id="category",
            expects="choice",
            prompt="flow-evidence-ask-category",
            params="category",
            on_files="more_files",
            remember=False,
            choices=[
                Option(id=c, label=category_label(c), next="collect", action=f"store_{c}") for c in CATEGORIES
            ],
        ),
        Step(
            id="summary", expects="info", prompt="flow-evidence-summary", params="summary", on_enter="record"
        ),
    ],
    hooks={
        "cases": case_choices,
        "known_case": skip_case_pick,
        "after_case": route_after_case,
        "start_apply": start_flow("apply"),
        "start_negotiate": start_flow("negotiate"),
        "progress": progress_params,
        "files": on_files,
        "more_files": on_more_files,
        "category": category_params,
        "summary": summary_params,
        "record": record_added,
        **{f"store_{c}": make_store_pending(c) for c in CATEGORIES},
    },
)
