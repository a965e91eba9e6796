"""Evidence: a checklist for the case's problem, then photos and files until /done.

case (the open cases + 新的订单, as /apply and /appeal; skipped if the context names a case or the user
has no open case) ─ a case → collect ⇄ category → summary
                  └ 新的订单 → new_problem → order_no → (a known order number continues its case)
                               → a new case is opened → collect

Context the bot seeds: ``case_id`` (or ``cases``: [{id, status, problem, order_no, known_hashes,
categories…}]), ``problem``, ``known_hashes`` (sha256 of files already stored for the case),
``categories`` (already covered categories).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flows.cases import problem_label
from flows.defs.common import (
    chosen_case,
    iso,
    no_open_case_to_offer,
    open_case_choices,
    open_cases,
    order_no_steps,
    problem_options,
    save_case,
)
from flows.effects import CaseRef, RecordEvent, StoreEvidence, UpdateCase
from flows.effects import stored as stored_case
from flows.engine import Ctx, Outcome
from flows.evidence import (
    ACCEPTED_MIME,
    CATEGORIES,
    MAX_FILE_BYTES,
    FileDecision,
    category_from_caption,
    category_label,
    category_line,
    check_files,
    checklist,
    coverage,
)
from flows.inputs import FileItem
from flows.model import Flow, Option, Step
from flows.replies import Ref, RefList, Reply

KEYS: tuple[str, ...] = (
    "flow-evidence-file-notes",
    "flow-evidence-file-too-big",
    "flow-evidence-file-bad-format",
    "flow-evidence-file-duplicate",
    "flow-evidence-file-small",
    "flow-evidence-file-name",
    "flow-evidence-file-photo",
    "evidence-file-this-photo",
    "evidence-file-failed",
    "evidence-file-corrupt",
    "evidence-file-small",
    "evidence-file-duplicate-in",
    "evidence-file-not-what-name-says",
)

_IMAGE_NAMES = (".jpg", ".jpeg", ".png")


def _case(ctx: Ctx) -> dict[str, Any]:
    return chosen_case(ctx) or {}


def _problem(ctx: Ctx) -> str:
    return str(_case(ctx).get("problem") or ctx.context.get("problem") or "other")


def _stored_categories(ctx: Ctx) -> set[str]:
    before = set(_case(ctx).get("categories") or [])
    return before | {entry["category"] for entry in ctx.answers.get("_stored", [])}


def _known_hashes(ctx: Ctx) -> set[str]:
    return set(_known_categories(ctx))


def _known_categories(ctx: Ctx) -> dict[str, str]:
    return known_categories(ctx, _case(ctx))


def known_categories(ctx: Ctx, case: dict[str, Any]) -> dict[str, str]:
    """sha256 → category of every file `case` already has (stored before, or in this run)."""
    known = {sha: "" for sha in case.get("known_hashes") or []}
    known.update(case.get("known") or {})
    known.update({entry["sha256"]: entry["category"] for entry in ctx.answers.get("_stored", [])})
    return known


def _max_mb(ctx: Ctx) -> int:
    return int(ctx.context.get("max_mb") or MAX_FILE_BYTES // (1024 * 1024))


def case_params(ctx: Ctx) -> dict[str, Any]:
    return {"count": len(open_cases(ctx))}


def route_after_case(ctx: Ctx) -> str:
    return "collect" if chosen_case(ctx) else "new_problem"


def open_new_case(ctx: Ctx) -> Outcome:
    """新的订单: open a case for it (unless its order number continued one). After Back and a changed
    answer, the case this run opened is corrected instead of opening another."""
    fields = {"problem": ctx.answers.get("new_problem"), "order_no": ctx.answers.get("order_no")}
    case_id = ctx.context.get("case_id")
    if ctx.answers.get("_opened") and case_id is not None:
        known = {k: v for k, v in fields.items() if v is not None}
        return Outcome(effects=[UpdateCase(case=stored_case(case_id), fields=known)] if known else [])
    if case_id is not None:  # the order number matched one of the user's cases: it continues
        return Outcome()
    effects, _ = save_case(ctx, fields)
    ctx.answers["_opened"] = True  # the bot binds the new case's id into the context after this turn
    return Outcome(effects=effects)


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
        "max_mb": _max_mb(ctx),
    }


def _formats() -> str:
    return "/".join(ACCEPTED_MIME.values())


def _name(item: FileItem, index: int, single: bool) -> Ref:
    if item.original_name:
        return Ref.make("flow-evidence-file-name", {"name": item.original_name})
    if single:
        return Ref(key="evidence-file-this-photo")
    return Ref.make("flow-evidence-file-photo", {"n": index})


def _note(ctx: Ctx, decision: FileDecision, index: int, single: bool, known: dict[str, str]) -> Ref | None:
    item = decision.item
    name = _name(item, index, single)
    if decision.status == "too_big":
        return Ref.make("flow-evidence-file-too-big", {"name": name, "max_mb": _max_mb(ctx)})
    if decision.status == "failed":
        return Ref.make("evidence-file-failed", {"name": name})
    if decision.status == "corrupt":
        return Ref.make("evidence-file-corrupt", {"name": name, "single": "yes" if single else "no"})
    if decision.status == "bad_format":
        claimed = _claimed_type(item.original_name)
        if claimed is not None and item.sha256 is not None:
            return Ref.make(
                "evidence-file-not-what-name-says",
                {"name": name, "claimed": claimed, "formats": _formats()},
            )
        return Ref.make("flow-evidence-file-bad-format", {"name": name, "formats": _formats()})
    if decision.status == "duplicate":
        category = known.get(item.sha256 or "")
        if category:
            return Ref.make(
                "evidence-file-duplicate-in", {"name": name, "category": Ref(key=category_label(category))}
            )
        return Ref.make("flow-evidence-file-duplicate", {"name": name})
    if decision.warning == "small_image":
        return Ref.make(
            "evidence-file-small",
            {"name": name, "width": str(item.width or 0), "height": str(item.height or 0)},
        )
    return None


def _claimed_type(name: str | None) -> str | None:
    """What the file's name says it is (image / pdf), when the content turned out otherwise."""
    lowered = (name or "").lower()
    if lowered.endswith(_IMAGE_NAMES):
        return "image"
    if lowered.endswith(".pdf"):
        return "pdf"
    return None


def _notes(ctx: Ctx, decisions: list[FileDecision], first_index: int, single: bool) -> list[Ref]:
    known = _known_categories(ctx)
    for entry in ctx.answers.get("_pending") or []:
        known.setdefault(entry["item"]["sha256"], "")
    return file_notes(ctx, decisions, first_index, single=single, known=known)


def file_notes(
    ctx: Ctx, decisions: list[FileDecision], first_index: int, *, single: bool, known: dict[str, str]
) -> list[Ref]:
    """One line per file that is not kept as it is (refused, duplicate in `known`, a warning)."""
    notes = []
    for i, decision in enumerate(decisions, first_index):
        note = _note(ctx, decision, i, single, known)
        if note is not None:
            notes.append(note)
    return notes


def notes_reply(notes: list[Ref], accepted: int, received: int) -> Reply:
    return Reply.make(
        "flow-evidence-file-notes",
        {"lines": RefList(items=notes, sep="line"), "accepted": accepted, "received": received},
    )


def _store(ctx: Ctx, decisions: list[dict[str, Any]], category: str) -> list[StoreEvidence]:
    return store_entries(ctx, decisions, category, stored_case(_case(ctx)["id"]))


def store_entries(
    ctx: Ctx, decisions: list[dict[str, Any]], category: str, case_ref: CaseRef
) -> list[StoreEvidence]:
    """StoreEvidence for each accepted entry ({item, warning}), remembered in the run's ``_stored``."""
    effects = []
    stored = ctx.answers.setdefault("_stored", [])
    for entry in decisions:
        item = FileItem.model_validate(entry["item"])
        assert item.sha256 is not None and item.mime is not None
        effects.append(
            StoreEvidence(
                case=case_ref,
                sha256=item.sha256,
                category=category,
                mime=item.mime,
                size=item.size,
                original_name=item.original_name,
                caption=item.caption,
                width=item.width,
                height=item.height,
                ref=item.ref,
                staged=item.staged,
                warning=entry.get("warning"),
            )
        )
        stored.append({"sha256": item.sha256, "category": category})
    ctx.answers["_last"] = {"category": category, "count": len(effects)}
    return effects


def _checked(
    ctx: Ctx, items: list[FileItem], known: set[str], first_index: int
) -> tuple[list[dict[str, Any]], list[Reply]]:
    """The files worth keeping (as JSON, with any warning), and a reply noting each file that is not
    or has a warning (none when all is well)."""
    decisions = check_files(items, known)
    notes = _notes(ctx, decisions, first_index, single=len(items) == 1)
    accepted = [
        {"item": d.item.model_dump(mode="json"), "warning": d.warning} for d in decisions if d.accepted
    ]
    if not notes:
        return accepted, []
    return accepted, [notes_reply(notes, len(accepted), len(items))]


def on_files(ctx: Ctx, items: list[FileItem]) -> Outcome:
    accepted, replies = _checked(ctx, items, _known_hashes(ctx), 1)
    if not accepted:
        # Nothing kept: the progress again, so the ✅ 完成 button stays under the latest message.
        ctx.answers["_last"] = None
        return Outcome(replies=replies)
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
    accepted, replies = _checked(ctx, items, known, len(pending) + 1)
    ctx.answers["_pending"] = pending + accepted
    return Outcome(replies=replies, goto="category")


def category_params(ctx: Ctx) -> dict[str, object]:
    pending = ctx.answers.get("_pending") or []
    photos = sum(1 for entry in pending if entry["item"]["kind"] == "photo")
    return {"count": len(pending), "photos": photos, "files": len(pending) - photos}


def make_store_pending(category: str) -> Callable[[Ctx], Outcome]:
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
    return Outcome(effects=[record_event(ctx, stored_case(_case(ctx)["id"]), stored)])


def record_event(ctx: Ctx, case_ref: CaseRef, stored: list[dict[str, Any]]) -> RecordEvent:
    """The timeline's "evidence added" for what a run stored."""
    categories = sorted({entry["category"] for entry in stored})
    return RecordEvent(
        case=case_ref,
        event="evidence_added",
        at=iso(ctx.now),
        detail={"count": str(len(stored)), "categories": ",".join(categories)},
    )


FLOW = Flow(
    name="evidence",
    title="flow-evidence-title",
    on_existing_case=False,  # one open case is proposed (confirm button), not assumed
    start="case",
    steps=[
        Step(
            id="case",
            expects="choice",
            prompt="flow-evidence-ask-case",
            params=case_params,
            choices_from=open_case_choices,
            skip_when=no_open_case_to_offer,
            route=route_after_case,
            branches=["collect", "new_problem"],
        ),
        Step(
            id="new_problem",
            expects="choice",
            prompt="flow-evidence-ask-problem",
            choices=problem_options(),
            next="order_no",
        ),
        *order_no_steps("new_match", after="new_open"),
        Step(id="new_open", expects="info", on_enter=open_new_case, next="collect"),
        Step(
            id="collect",
            expects="file",
            prompt="flow-evidence-checklist",
            reprompt="flow-evidence-progress",
            params=progress_params,
            on_files=on_files,
            branches=["category"],
            next="summary",
        ),
        Step(
            id="category",
            expects="choice",
            prompt="flow-evidence-ask-category",
            params=category_params,
            on_files=on_more_files,
            remember=False,
            choices=[
                Option(id=c, label=category_label(c), next="collect", action=make_store_pending(c))
                for c in CATEGORIES
            ],
        ),
        Step(
            id="summary",
            expects="info",
            prompt="flow-evidence-summary",
            params=summary_params,
            on_enter=record_added,
        ),
    ],
)
