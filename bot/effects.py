"""Applying the engine's effects to the database, and seeding a run's context from it."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from aiogram_i18n import I18nContext

from bot.config import Settings
from bot.evidence_files import keep as keep_evidence_file
from bot.persistence.cases import (
    add_evidence,
    case_facts,
    create_case,
    evidence_of_cases,
    load_record,
    refresh_reminders,
    save_record,
    user_case,
    user_cases,
)
from bot.persistence.database import DbSession
from bot.persistence.models import Case
from flows import lifecycle, sequence
from flows.case_facts import CaseStatus, parse_fields
from flows.effects import (
    CaseRef,
    Correct,
    Effect,
    OpenCase,
    OpenedCase,
    Perform,
    RecordEvent,
    StartFlow,
    StoreEvidence,
    UpdateCase,
)
from flows.lifecycle import CaseRecord, NotAllowed, TimelineEvent
from flows.workdays import WorkCalendar

log = logging.getLogger(__name__)


@dataclass
class EffectOutcome:
    opened_case_id: int | None = None
    reminders_changed: bool = False
    follow_up_flows: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)  # effects naming no case of this user
    lost_files: int = 0  # evidence whose temporary file was gone (waited too long): not stored
    refused: list[str] = field(default_factory=list)  # NotAllowed reasons of Perform effects not applied
    # check_order: the change would put two dates out of order (flows/sequence.py); nothing was saved
    out_of_order: tuple[CaseRecord, sequence.Conflict] | None = None


def case_title(case: Case, i18n: I18nContext | Callable[..., str]) -> str:
    """「质量问题 · 退货退款 · 尾号1234 #3」: what the user recognises a case by (see bot.case_card)."""
    from bot.case_card import case_title as title  # late: case_card imports the callbacks

    return title(case, i18n.get if isinstance(i18n, I18nContext) else i18n)


async def flow_context(
    session: DbSession,
    user_id: int,
    i18n: I18nContext,
    extra: dict[str, Any],
    *,
    pick_single_case: bool = False,
) -> dict[str, Any]:
    """What a run needs to know of the user's cases (newest first, at most 8 offered)."""
    recent = (await user_cases(session, user_id))[:8]
    evidence = await evidence_of_cases(session, [case.id for case in recent])
    cases = [
        {
            # Facts, never translated text: titles are rendered in the reader's language when shown
            # (flows.cases.title_ref), so after /lang mid-flow the buttons follow.
            "id": str(case.id),
            "title": case.title,
            "status": str(case.status),
            "problem": case.problem,
            "service_type": case.service_type,
            "demand": case.demand,
            "order_no": case.order_no,
            "open": case.status != CaseStatus.CLOSED,
            "transaction_succeeded_at": _iso(case.transaction_succeeded_at),
            "after_sales_requested_at": _iso(case.after_sales_requested_at),
            "intervention_requested_at": _iso(case.intervention_requested_at),
            "ruling_at": _iso(case.ruling_at),
            "appeal_submitted_at": _iso(case.appeal_submitted_at),
            "appeal_decided_at": _iso(case.appeal_decided_at),
            "seller_answer": case.seller_answer,
            "known_hashes": [sha256 for sha256, _ in evidence[case.id]],
            "known": dict(evidence[case.id]),
            "categories": sorted({category for _, category in evidence[case.id]}),
        }
        for case in recent
    ]
    context: dict[str, Any] = {"cases": cases, "lang": i18n.locale, **extra}
    if pick_single_case and len(cases) == 1 and "case_id" not in context:
        context["case_id"] = cases[0]["id"]  # nothing to choose: don't ask which case
    return context


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _corrected(record: CaseRecord, effect: Correct, now: datetime) -> CaseRecord:
    if effect.what == "undo":
        return lifecycle.undo(record)
    if effect.what == "order_no":
        return lifecycle.edit_order_no(record, effect.value)
    if effect.what == "title":
        return lifecycle.edit_title(record, effect.value)
    if effect.what == "fact_time":
        if effect.fact is None or effect.at is None:
            raise NotAllowed("not_editable")
        at = datetime.fromisoformat(effect.at)
        return lifecycle.edit_fact_time(record, effect.fact, at=at, now=now, date_only=effect.date_only)
    if effect.index is None or effect.at is None:
        raise NotAllowed("not_editable")
    at = datetime.fromisoformat(effect.at)
    return lifecycle.edit_event_time(record, effect.index, at=at, now=now, date_only=effect.date_only)


async def apply_effects(
    session: DbSession,
    user_id: int,
    effects: list[Effect],
    now: datetime,
    settings: Settings,
    calendar: WorkCalendar,
    *,
    check_order: bool = False,
) -> EffectOutcome:
    """Apply one turn's effects — a flow's, or the one Perform of a case-card or reminder button: the
    one place a case changes. Status changes are Perform effects, applied through the transition
    table (:func:`flows.lifecycle.tell` for a flow, :func:`flows.lifecycle.perform` for a button); a
    refused one is logged and listed in ``refused``, a case that does not resolve in ``unresolved``
    (the caller tells the user). The facts and events they set on a case are one lifecycle change
    (undoable as a whole); every touched case's reminders are planned again from its facts. Nothing
    is committed here: the caller commits the one transaction.

    ``check_order`` (the case card): a change that would put two of a case's dates out of order
    (:func:`flows.sequence.new_conflict_in`, the seller's answer included) is not saved;
    ``out_of_order`` holds the record as it was and the conflict, for the caller to name both dates.
    (Flows check the order in their own steps.)"""
    outcome = EffectOutcome()
    rows: dict[int, Case] = {}
    before: dict[int, CaseRecord] = {}
    after: dict[int, CaseRecord] = {}
    opened: Case | None = None
    exact: set[int] = set()  # cases whose record is final as it stands (undone: not a new change)

    async def resolve(ref: CaseRef, effect: Effect) -> Case | None:
        case: Case | None
        if isinstance(ref, OpenedCase):
            case = opened
        else:
            case = rows.get(ref.id) or await user_case(session, user_id, ref.id)  # only the user's own
        if case is None:
            log.warning("effect %s names no case of this user (%r)", effect.kind, ref)
            outcome.unresolved.append(effect.kind)
            return None
        if case.id not in rows:
            rows[case.id] = case
            before[case.id] = after[case.id] = await load_record(session, case)
        return case

    for effect in effects:
        if isinstance(effect, OpenCase):
            fields = {
                "status": effect.status,
                "problem": effect.problem or "other",
                "service_type": effect.service_type,
                "order_no": effect.order_no,
                "demand": effect.demand,
                **parse_fields(dict(effect.facts)),
            }
            opened = await create_case(session, user_id, fields, now)
            rows[opened.id] = opened
            after[opened.id] = CaseRecord(facts=case_facts(opened))
            before[opened.id] = after[opened.id]  # a new case: nothing to undo to
            outcome.opened_case_id = opened.id
        elif isinstance(effect, UpdateCase):
            case = await resolve(effect.case, effect)
            if case is not None:
                record = after[case.id]
                facts = record.facts.with_fields(parse_fields(dict(effect.fields)))
                after[case.id] = record.model_copy(update={"facts": facts})
        elif isinstance(effect, RecordEvent):
            case = await resolve(effect.case, effect)
            if case is not None:
                record = after[case.id]
                event = TimelineEvent(
                    kind=effect.event,
                    at=datetime.fromisoformat(effect.at),
                    date_only=effect.date_only,
                    detail=dict(effect.detail),
                )
                after[case.id] = record.model_copy(update={"events": (*record.events, event)})
        elif isinstance(effect, Perform):
            case = await resolve(effect.case, effect)
            if case is not None:
                change = lifecycle.tell if effect.told else lifecycle.perform
                try:
                    after[case.id] = change(
                        after[case.id],
                        effect.action,
                        at=datetime.fromisoformat(effect.at),
                        now=now,
                        date_only=effect.date_only,
                        outcome=effect.outcome,
                    )
                except NotAllowed as refusal:
                    log.warning("case %s: %s refused (%s)", case.id, effect.action.value, refusal.reason)
                    outcome.refused.append(refusal.reason)
        elif isinstance(effect, Correct):
            case = await resolve(effect.case, effect)
            if case is not None:
                try:
                    after[case.id] = _corrected(after[case.id], effect, now)
                except NotAllowed as refusal:
                    log.warning("case %s: %s refused (%s)", case.id, effect.what, refusal.reason)
                    outcome.refused.append(refusal.reason)
                else:
                    if effect.what == "undo":
                        exact.add(case.id)
        elif isinstance(effect, StoreEvidence):
            case = await resolve(effect.case, effect)
            # The file first, under its hash, then the row: a crash between the two leaves a file
            # without a row (the start-up sweep removes it), never a row without its file.
            if case is None:
                continue
            if not await keep_evidence_file(settings.evidence_dir, effect.staged, effect.sha256, effect.mime):
                outcome.lost_files += 1
            else:
                await add_evidence(
                    session,
                    case.id,
                    {
                        "category": effect.category,
                        "caption": effect.caption,
                        "original_name": effect.original_name,
                        "mime": effect.mime,
                        "size": effect.size or 0,
                        "sha256": effect.sha256,
                        "telegram_file_id": effect.ref or "",
                        "width": effect.width,
                        "height": effect.height,
                    },
                    now,
                )
                case.updated_at = now
        elif isinstance(effect, StartFlow):
            outcome.follow_up_flows.append((effect.name, dict(effect.context)))
    if check_order:
        for case_id in rows:
            conflict = sequence.new_conflict_in(
                lifecycle.moments(before[case_id]), lifecycle.moments(after[case_id]), sequence.WITH_SELLER
            )
            if conflict is not None:
                outcome.out_of_order = (before[case_id], conflict)
                return outcome
    for case_id, case in rows.items():
        record = lifecycle.change(before[case_id], after[case_id])
        if case_id == outcome.opened_case_id or case_id in exact:
            record = after[case_id]  # opening is not undone (the case is deleted instead); an undo is final
        if record is not before[case_id] or case_id == outcome.opened_case_id:
            await save_record(session, case, record, now)
    for case in rows.values():
        await refresh_reminders(session, case, calendar, now)
        outcome.reminders_changed = True
    return outcome
