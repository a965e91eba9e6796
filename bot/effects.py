"""Applying the engine's effects to the database, and seeding a run's context from it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from aiogram_i18n import I18nContext
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.evidence_files import keep as keep_evidence_file
from bot.persistence.cases import (
    add_event,
    add_evidence,
    create_case,
    evidence_of_cases,
    refresh_reminders,
    update_case,
    user_case,
    user_cases,
)
from bot.persistence.models import Case
from flows.cases import problem_label, service_label
from flows.effects import Effect, OpenCase, RecordEvent, StartFlow, StoreEvidence, UpdateCase
from flows.workdays import WorkCalendar

TIME_FIELDS = (
    "transaction_succeeded_at",
    "negotiation_started_at",
    "after_sales_requested_at",
    "intervention_requested_at",
    "ruling_at",
    "appeal_submitted_at",
)


@dataclass
class EffectOutcome:
    opened_case_id: int | None = None
    reminders_changed: bool = False
    follow_up_flows: list[tuple[str, dict[str, Any]]] = field(default_factory=list)


def case_title(case: Case, i18n: I18nContext | Callable[[str], str]) -> str:
    """「质量问题 · 退货退款 #3」: what the user recognises a case by."""
    translate = i18n.get if isinstance(i18n, I18nContext) else i18n
    parts = [translate(problem_label(case.problem))] if case.problem else []
    if case.service_type:
        parts.append(translate(service_label(case.service_type)))
    return " · ".join(parts) + f" #{case.id}"


async def flow_context(
    session: AsyncSession,
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
            "id": str(case.id),
            "title": case_title(case, i18n),
            "problem": case.problem,
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


async def apply_effects(
    session: AsyncSession,
    user_id: int,
    effects: list[Effect],
    now: datetime,
    settings: Settings,
    calendar: WorkCalendar,
) -> EffectOutcome:
    outcome = EffectOutcome()
    touched: dict[int, Case] = {}
    new_case: Case | None = None

    async def resolve(case_id: str) -> Case | None:
        if case_id == "new":
            return new_case
        if case_id == "latest":
            cases = await user_cases(session, user_id)
            return cases[0] if cases else None
        if not case_id.isdigit():
            return None
        return await user_case(session, user_id, int(case_id))  # only the user's own case

    for effect in effects:
        if isinstance(effect, OpenCase):
            fields = {
                "status": effect.status,
                "problem": effect.problem or "other",
                "service_type": effect.service_type,
                "order_no": effect.order_no,
                "demand": effect.demand,
                **_parse_times(effect.facts),
            }
            new_case = await create_case(session, user_id, fields, now)
            touched[new_case.id] = new_case
            outcome.opened_case_id = new_case.id
        elif isinstance(effect, UpdateCase):
            case = await resolve(effect.case_id)
            if case is not None:
                update_case(case, _parse_times(effect.fields), now)
                touched[case.id] = case
        elif isinstance(effect, RecordEvent):
            case = await resolve(effect.case_id)
            if case is not None:
                details = {**effect.detail, **({"date_only": "1"} if effect.date_only else {})}
                await add_event(session, case, effect.event, datetime.fromisoformat(effect.at), now, details)
                touched[case.id] = case
        elif isinstance(effect, StoreEvidence):
            case = await resolve(effect.case_id)
            # The file first, under its hash, then the row: a crash between the two leaves a file
            # without a row (the start-up sweep removes it), never a row without its file.
            if case is not None and await keep_evidence_file(
                settings.evidence_dir, effect.staged, effect.sha256, effect.mime
            ):
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
    await session.flush()
    for case in touched.values():
        await refresh_reminders(session, case, calendar, now)
        outcome.reminders_changed = True
    return outcome


def _parse_times(fields: dict[str, Any]) -> dict[str, Any]:
    return {
        name: datetime.fromisoformat(value) if name in TIME_FIELDS and isinstance(value, str) else value
        for name, value in fields.items()
    }
