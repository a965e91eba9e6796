"""The case card: its text and its buttons, declared as data.

Lifecycle buttons are exactly :func:`flows.lifecycle.offers` (valid moves, in dispute order). The
other buttons are the rows of :data:`CARD_BUTTONS`: adding one (another area's button, e.g. evidence
export) is one line there, with its own callback data. Every case button carries the case's
``version``: a press on an older card is refused as expired (see ``bot/handlers/cases.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.callbacks import CaseCallback, EvidenceListCallback, ExportCallback
from bot.persistence.models import Case
from flows import lifecycle
from flows.case_facts import CaseFacts
from flows.cases import title_ref
from flows.lifecycle import Action, CaseRecord
from flows.replies import render_ref

Translate = Callable[..., str]

#: A title the user types (修改 → 标题).
TITLE_MAX = 30


def case_title(case: Case | CaseFacts, translate: Translate, case_id: int | None = None) -> str:
    """「质量问题 · 退货退款 · 尾号1234 #3」, in the reader's language (never stored translated); the
    title is :func:`flows.cases.title_ref` (the same in flows' buttons). A typed title is escaped."""
    facts = case if isinstance(case, CaseFacts) else _facts_of(case)
    number = case_id if case_id is not None else getattr(case, "id", None)
    # The language only picks list separators; a title's " · " is the same in every language.
    return render_ref(title_ref(facts, number), "zh", lambda key, _lang, params: translate(key, **params))


def _facts_of(case: Case) -> CaseFacts:
    from bot.persistence.cases import case_facts  # late: persistence imports nothing from here

    return case_facts(case)


def action_label(action: Action) -> str:
    return f"case-btn-{action.value.replace('_', '-')}"


def cb(case: Case, action: str, **extra: str | int) -> CaseCallback:
    """A case button's callback data, carrying the case's current version."""
    return CaseCallback(case=case.id, v=case.version or 0, a=action, **extra)


@dataclass(frozen=True, slots=True)
class CardButton:
    """One non-lifecycle button of the card: its label key, its callback, when it shows."""

    label: str
    callback: Callable[[Case], CallbackData]
    shown: Callable[[Case, CaseRecord], bool] = lambda case, record: True


#: The card's other buttons, in order (one per row pair). Add a row to add a button.
CARD_BUTTONS: list[CardButton] = [
    CardButton("case-btn-evidence", lambda case: cb(case, "evidence")),
    CardButton("case-btn-items", lambda case: EvidenceListCallback(case=case.id)),
    CardButton("case-btn-export", lambda case: ExportCallback(case=case.id)),
    CardButton("case-btn-edit", lambda case: cb(case, "edit")),
    CardButton("case-btn-undo", lambda case: cb(case, "undo"), lambda case, record: record.can_undo),
    CardButton("case-btn-delete", lambda case: cb(case, "delete")),
]

#: Which flow the next-step button starts, and its label key.
FLOW_BUTTON_LABEL: dict[str, str] = {
    "apply": "case-btn-flow-apply",
    "appeal": "case-btn-flow-appeal",
}


def card_keyboard(
    case: Case, record: CaseRecord, translate: Translate, now: datetime
) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    step = lifecycle.next_step(record.facts, now)
    rows: list[int] = []
    if step.flow in FLOW_BUTTON_LABEL:
        builder.button(
            text=translate(FLOW_BUTTON_LABEL[step.flow]), callback_data=cb(case, "flow", o=step.flow)
        )
        rows.append(1)
    offered = lifecycle.offers(record.facts, now)
    for action in offered:
        builder.button(text=translate(action_label(action)), callback_data=cb(case, action.value))
    rows.extend([2] * (len(offered) // 2) + ([1] if len(offered) % 2 else []))
    extras = [button for button in CARD_BUTTONS if button.shown(case, record)]
    for button in extras:
        builder.button(text=translate(button.label), callback_data=button.callback(case))
    rows.extend([2] * (len(extras) // 2) + ([1] if len(extras) % 2 else []))
    builder.adjust(*rows)
    return builder.as_markup()
