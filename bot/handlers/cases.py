"""/cases: the user's cases (paged), a card per case, and its buttons (also pressed from reminders).

Every change is an effect (Perform for a move, Correct for 撤销/修改) applied by
``bot.effects.apply_effects`` — the one place a case changes, as for the flows — through
:mod:`flows.lifecycle`, in one transaction, with the case's reminders planned again. A change that
records an event asks when it happened (刚刚 / 今天早些时候 / 昨天 / typed). Buttons carry the
case's version: a press on an older card changes nothing and gets the fresh card. A user sees and
changes only their own cases.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

from aiogram import Bot, F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram_i18n import I18nContext

from bot.callbacks import CaseCallback, CaseListCallback, MenuCallback
from bot.case_card import TITLE_MAX, action_label, card_keyboard, case_title, cb
from bot.effects import apply_effects
from bot.evidence_files import stored_path
from bot.faq_service import FaqService
from bot.handlers.flows import start_flow
from bot.middlewares.flow_chat import FlowChat, FlowChatMiddleware
from bot.persistence.cases import (
    case_events,
    case_facts,
    delete_case,
    evidence_by_category,
    load_record,
    user_case,
    user_cases,
)
from bot.persistence.database import DbSession
from bot.persistence.models import Case
from bot.rendering import deadline_text, moment_text, option_label, render_text
from flows import lifecycle, sequence
from flows.case_facts import CaseStatus
from flows.cases import (
    RULING_OUTCOMES,
    deadline_label,
    event_label,
    next_deadline,
    outcome_label,
    status_label,
)
from flows.clock import BEIJING
from flows.dates import (
    DateError,
    Reading,
    When,
    format_date,
    format_when,
    is_day_only,
    read_when,
)
from flows.deadlines import (
    ExpectedWindow,
    appeal_deadline,
    appeal_result_expected,
    ruling_expected,
    seller_deadline,
)
from flows.defs.common import ORDER_NO_MAX, ORDER_NO_MIN, parse_order_no
from flows.effects import Correct, Perform, StoredCase
from flows.engine import DATE_REFUSALS
from flows.evidence import category_label, coverage
from flows.lifecycle import TRANSITION_BY_ACTION, Action, CaseRecord, NotAllowed
from flows.replies import Ref, Reply, ReplyOption, Said, said_parts
from flows.rules import rule_params
from flows.workdays import WorkCalendar

log = logging.getLogger(__name__)

PAGE_SIZE = 8
INPUT_KEY = "case_input"
QUICK_WHEN = ("now", "today", "yday", "type")
SELLER_ACTIONS = (Action.AGREED, Action.REFUSED, Action.SILENT)


class CaseInput(StatesGroup):
    """The card asked for a typed answer (a date, an order number, a title)."""

    text = State()


# -- the list ---------------------------------------------------------------------------------------


async def show_cases(event: Message | CallbackQuery, flow_chat: FlowChat) -> None:
    """/cases, and the menu's 我的案件 button."""
    if isinstance(event, CallbackQuery):
        await event.answer()
    await _send_list(flow_chat, 0)


async def cases_page(query: CallbackQuery, callback_data: CaseListCallback, flow_chat: FlowChat) -> None:
    await query.answer()
    await _send_list(flow_chat, callback_data.page)


async def _send_list(chat: FlowChat, page: int) -> None:
    chat_id, bot, i18n, now = chat.chat_id, chat.bot, chat.i18n, chat.clock.now()
    cases = await user_cases(chat.session, chat_id)
    if not cases:
        builder = InlineKeyboardBuilder()
        builder.button(text=i18n.get("menu-apply"), callback_data=MenuCallback(action="apply"))
        builder.button(text=i18n.get("menu-negotiate"), callback_data=MenuCallback(action="negotiate"))
        await bot.send_message(chat_id, i18n.get("cases-none"), reply_markup=builder.as_markup())
        return
    pages = (len(cases) + PAGE_SIZE - 1) // PAGE_SIZE
    page = min(page, pages - 1)
    shown = cases[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    lines, builder = [i18n.get("cases-title")], InlineKeyboardBuilder()
    for case in shown:
        lines.append(
            i18n.get(
                "cases-line",
                title=case_title(case, i18n.get),
                status=i18n.get(status_label(case.status)),
                deadline=_deadline_text(case, i18n, now, chat.calendar),
            )
        )
        builder.button(text=case_title(case, i18n.get), callback_data=CaseCallback(case=case.id, a="open"))
    rows = [1] * len(shown)
    if pages > 1:
        lines.append(i18n.get("cases-page", page=page + 1, pages=pages))
        nav = 0
        if page > 0:
            builder.button(text=i18n.get("cases-btn-prev"), callback_data=CaseListCallback(page=page - 1))
            nav += 1
        if page < pages - 1:
            builder.button(text=i18n.get("cases-btn-next"), callback_data=CaseListCallback(page=page + 1))
            nav += 1
        rows.append(nav)
    builder.adjust(*rows)
    await bot.send_message(chat_id, "\n".join(lines), reply_markup=builder.as_markup())


# -- buttons ------------------------------------------------------------------------------------------


async def case_button(query: CallbackQuery, callback_data: CaseCallback, flow_chat: FlowChat) -> None:
    chat, i18n = flow_chat, flow_chat.i18n
    case = await user_case(chat.session, chat.chat_id, callback_data.case)
    if case is None:  # not this user's case (or deleted): say nothing about it
        await query.answer(i18n.get("case-not-found"), show_alert=True)
        return
    now = chat.clock.now()
    if callback_data.v and callback_data.v != case.version:
        # A double tap, or an older card: nothing changes; here is the case as it is now.
        await query.answer(i18n.get("case-card-expired"))
        await _say(chat, i18n.get("case-card-expired"))
        await _show(chat, case, now)
        return
    await query.answer()
    picked: When | None = None
    if await chat.state.get_state() == CaseInput.text.state:  # a press answers instead of typing
        pending = (await chat.state.get_data()).get(INPUT_KEY) or {}
        picked = _candidate(pending, callback_data)
        await _leave_input(chat.state, pending)
    if callback_data.w.startswith(PICK):
        if picked is None:  # the date question of an answer no longer waited for
            await _say(chat, i18n.get("button-expired"))
            return
        await _say(chat, _rendered(chat, Reply.make("flow-date-said", {"when": Said.of(picked)}), now))
    a, o = callback_data.a, callback_data.o
    if a == "open":
        await _show(chat, case, now)
    elif a == "later":
        await _say(chat, i18n.get("case-later"))
    elif a in ("evidence", "flow"):
        name = "evidence" if a == "evidence" else o
        if name not in ("evidence", "apply", "appeal"):
            await _say(chat, i18n.get("button-expired"))
            return
        await start_flow(name, chat, {"case_id": str(case.id)})
    elif a == "seller":  # from a reminder: which answer?
        builder = InlineKeyboardBuilder()
        for action in lifecycle.offers(case_facts(case), now):
            if action in SELLER_ACTIONS:
                builder.button(text=i18n.get(action_label(action)), callback_data=cb(case, action.value))
        builder.adjust(1)
        await _say(chat, i18n.get("case-ask-seller"), builder.as_markup())
    elif a in {action.value for action in Action}:
        await _lifecycle_press(chat, now, callback_data, case, Action(a), picked)
    elif a == "undo":
        undo = Correct(case=StoredCase(id=case.id), what="undo")
        await _change_and_show(chat, now, case, undo, "case-undone", refused="case-nothing-to-undo")
    elif a == "delete":
        await _delete(chat, case, callback_data)
    elif a == "edit":
        builder = InlineKeyboardBuilder()
        builder.button(text=i18n.get("case-btn-edit-order"), callback_data=cb(case, "e_order"))
        builder.button(text=i18n.get("case-btn-edit-title"), callback_data=cb(case, "e_title"))
        if lifecycle.editable_events(await load_record(chat.session, case)):
            builder.button(text=i18n.get("case-btn-edit-date"), callback_data=cb(case, "e_date"))
        builder.adjust(1)
        await _say(chat, i18n.get("case-edit-what"), builder.as_markup())
    elif a in ("e_order", "e_title"):
        await _ask_text(chat, callback_data, case)
    elif a == "e_date":
        await _edit_date_press(chat, now, callback_data, case, picked)
    else:
        await _say(chat, i18n.get("button-expired"))


async def _say(chat: FlowChat, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    await chat.bot.send_message(chat.chat_id, text, reply_markup=markup)


async def _show(chat: FlowChat, case: Case, now: datetime) -> None:
    await send_card(case, chat.chat_id, chat.bot, chat.session, chat.i18n, now, chat.calendar)


async def _lifecycle_press(
    chat: FlowChat, now: datetime, data: CaseCallback, case: Case, action: Action, picked: When | None = None
) -> None:
    """Ask what is missing (outcome, confirmation, when it happened), then perform the action."""
    i18n = chat.i18n
    transition = TRANSITION_BY_ACTION[action]
    facts = case_facts(case)
    if facts.status not in transition.sources:  # e.g. a reminder's button after the case moved on
        await _refused(chat, now, NotAllowed("status"), case)
        return
    if transition.outcome_field is not None and data.o not in RULING_OUTCOMES:
        builder = InlineKeyboardBuilder()
        for outcome in RULING_OUTCOMES:
            builder.button(
                text=i18n.get(outcome_label(outcome)), callback_data=cb(case, action.value, o=outcome)
            )
        builder.adjust(2)
        key = "case-ask-ruling" if action is Action.RULING else "case-ask-appeal-result"
        await _say(chat, i18n.get(key), builder.as_markup())
        return
    if transition.confirm and not data.ok:
        builder = InlineKeyboardBuilder()
        builder.button(
            text=i18n.get(f"case-btn-confirm-{action.value}"),
            callback_data=cb(case, action.value, o=data.o, ok=1),
        )
        builder.button(text=i18n.get("case-btn-keep"), callback_data=cb(case, "open"))
        await _say(chat, i18n.get(f"case-confirm-{action.value}"), builder.as_markup())
        return
    if picked is not None and transition.asks_when:  # a reading picked at the date question
        await perform_and_show(chat, now, case, action, data.o or None, picked.at, not picked.has_time)
        return
    if transition.asks_when and data.w not in QUICK_WHEN:
        await _ask_when(chat, case, data, i18n.get(event_label(transition.event)))
        return
    if transition.asks_when and data.w == "type":
        await _ask_text(chat, data, case)
        return
    at, date_only = quick_when(data.w, now) if transition.asks_when else (now, False)
    await perform_and_show(chat, now, case, action, data.o or None, at, date_only)


def quick_when(answer: str, now: datetime) -> tuple[datetime, bool]:
    """刚刚 → now; 今天早些时候 / 昨天 → that Beijing day (no time: the day's start, the safe reading)."""
    if answer == "now":
        return now, False
    day = now.astimezone(BEIJING).date() - timedelta(days=1 if answer == "yday" else 0)
    return datetime.combine(day, datetime.min.time(), tzinfo=BEIJING), True


async def _ask_when(chat: FlowChat, case: Case, data: CaseCallback, what: str) -> None:
    builder = InlineKeyboardBuilder()
    for answer in QUICK_WHEN:
        builder.button(
            text=chat.i18n.get(f"case-when-{answer}"),
            callback_data=cb(case, data.a, o=data.o, w=answer, ok=data.ok),
        )
    builder.adjust(3, 1)
    await _say(chat, chat.i18n.get("case-ask-when", what=what), builder.as_markup())
    await _wait_text(chat, data, case, quick=True)  # a date typed at once is read, like 输入日期时间


async def perform_and_show(
    chat: FlowChat,
    now: datetime,
    case: Case,
    action: Action,
    outcome: str | None,
    at: datetime,
    date_only: bool,
) -> None:
    effect = Perform(
        case=StoredCase(id=case.id),
        action=action,
        at=at.astimezone(UTC).isoformat(),
        date_only=date_only,
        outcome=outcome,
        told=False,  # a button: only a move valid from the status now (lifecycle.perform)
    )
    again = cb(case, action.value, o=outcome or "")
    await _change_and_show(chat, now, case, effect, "case-recorded", again=again)


async def _change_and_show(
    chat: FlowChat,
    now: datetime,
    case: Case,
    change: Perform | Correct,
    done: str,
    *,
    refused: str | None = None,
    again: CaseCallback | None = None,
) -> None:
    """Every change made from a card or a reminder button: one effect, applied where a flow's are
    (bot.effects.apply_effects: through the lifecycle and its transition table, the reminders planned
    again, one transaction), then ``done`` (with the new status) and the card. A change the lifecycle
    refuses says why (or ``refused``) and changes nothing. A change that would put two dates out of
    order (flows/sequence.py) is not saved: both dates are named and the user picks the one to
    re-enter (``again``: how to enter this change's date once more)."""
    result = await apply_effects(
        chat.session, chat.chat_id, [change], now, chat.settings, chat.calendar, check_order=True
    )
    if result.out_of_order is not None:
        record, conflict = result.out_of_order
        await _out_of_order(chat, now, case, record, conflict, again)
        return
    if result.unresolved:
        await _say(chat, chat.i18n.get("case-not-found"))
        return
    if result.refused:
        if refused is not None:
            await _say(chat, chat.i18n.get(refused))
        else:
            await _refused(chat, now, NotAllowed(result.refused[0]), case)
        return
    await chat.scheduler.commit(chat.session)
    await _say(chat, chat.i18n.get(done, status=chat.i18n.get(status_label(case.status))))
    await _show(chat, case, now)


async def _out_of_order(
    chat: FlowChat,
    now: datetime,
    case: Case,
    record: CaseRecord,
    conflict: sequence.Conflict,
    again: CaseCallback | None,
) -> None:
    """Two dates out of order: name both (with weekday), save nothing, offer to re-enter either one —
    the date this change was entering (``again``) or the date already on the case (修改 of its event)."""
    i18n = chat.i18n

    def said(moment: datetime) -> Said:
        return Said(moment, not is_day_only(moment))

    builder = InlineKeyboardBuilder()
    stored = lifecycle.moments(record)
    for fact, at in ((conflict.earlier, conflict.earlier_at), (conflict.later, conflict.later_at)):
        target: CaseCallback | None = None
        if stored.get(fact) != at:
            target = again  # the date this change was entering
        else:
            indexes = [
                i
                for i in lifecycle.editable_events(record)
                if lifecycle.event_moment_name(record.events[i]) == fact
            ]
            target = cb(case, "e_date", o=str(indexes[-1])) if indexes else None
        if target is not None:
            builder.button(
                text=i18n.get("sequence-btn-fix", what=i18n.get(sequence.fact_key(fact))),
                callback_data=target,
            )
    builder.button(text=i18n.get("case-btn-keep"), callback_data=cb(case, "open"))
    builder.adjust(1)
    reply = Reply.make(
        "sequence-conflict",
        {
            "earlier": Ref(key=sequence.fact_key(conflict.earlier)),
            "earlier_at": said(conflict.earlier_at),
            "later": Ref(key=sequence.fact_key(conflict.later)),
            "later_at": said(conflict.later_at),
        },
    )
    await _say(chat, _rendered(chat, reply, now), builder.as_markup())  # with "（北京时间）" once


async def _refused(chat: FlowChat, now: datetime, refusal: NotAllowed, case: Case) -> None:
    i18n = chat.i18n
    facts = case_facts(case)
    params: dict[str, Any] = {**rule_params(), "status": i18n.get(status_label(facts.status)), "deadline": ""}
    if refusal.reason == "seller_72h_passed" and facts.after_sales_requested_at is not None:
        params["deadline"] = deadline_text(
            i18n.get, seller_deadline(facts.after_sales_requested_at), i18n.locale, now, seller=True
        )
    if refusal.reason == "within_appeal_window" and facts.ruling_at is not None:
        params["deadline"] = deadline_text(i18n.get, appeal_deadline(facts.ruling_at), i18n.locale, now)
    key = f"case-refused-{refusal.reason.replace('_', '-')}"
    await _say(chat, i18n.get(key, **params))
    await _show(chat, case, now)


async def _delete(chat: FlowChat, case: Case, data: CaseCallback) -> None:
    i18n = chat.i18n
    title = case_title(case, i18n.get)
    if not data.ok:
        counts = await evidence_by_category(chat.session, case.id)
        builder = InlineKeyboardBuilder()
        builder.button(text=i18n.get("case-btn-confirm-delete"), callback_data=cb(case, "delete", ok=1))
        builder.button(text=i18n.get("case-btn-keep"), callback_data=cb(case, "open"))
        await _say(
            chat,
            i18n.get("case-confirm-delete", title=title, files=sum(counts.values())),
            builder.as_markup(),
        )
        return
    summary = await delete_case(chat.session, case)
    await chat.session.commit()
    for sha256, mime in summary.unreferenced_files:  # after the commit: a crash leaves a file, never a row
        stored_path(chat.settings.evidence_dir, sha256, mime).unlink(missing_ok=True)
    await _say(
        chat,
        i18n.get(
            "case-deleted",
            title=title,
            events=summary.events,
            reminders=summary.reminders,
            evidence=summary.evidence,
        ),
    )


async def _ask_text(chat: FlowChat, data: CaseCallback, case: Case) -> None:
    """Wait for a typed answer; the state before (e.g. a running flow) comes back afterwards."""
    i18n = chat.i18n
    await _wait_text(chat, data, case)
    if data.a == "e_order":
        prompt = i18n.get("case-ask-order", min=ORDER_NO_MIN, max=ORDER_NO_MAX)
    elif data.a == "e_title":
        prompt = i18n.get("case-ask-title", max=TITLE_MAX)
    else:
        prompt = i18n.get("case-ask-when-type")
    await _say(chat, prompt)


async def _wait_text(chat: FlowChat, data: CaseCallback, case: Case, *, quick: bool = False) -> None:
    """Wait for a typed answer (``quick``: at the 'when' buttons, where a typed question is still a
    question)."""
    state = chat.state
    previous = await state.get_state()
    if previous == CaseInput.text.state:  # already waiting (asked again): keep what came before
        previous = ((await state.get_data()).get(INPUT_KEY) or {}).get("previous")
    await state.update_data(
        {
            INPUT_KEY: {
                "case": case.id,
                "v": case.version,
                "a": data.a,
                "o": data.o,
                "previous": previous,
                "quick": quick,
            }
        }
    )
    await state.set_state(CaseInput.text)


async def _edit_date_press(
    chat: FlowChat, now: datetime, data: CaseCallback, case: Case, picked: When | None = None
) -> None:
    i18n = chat.i18n
    record = await load_record(chat.session, case)
    editable = lifecycle.editable_events(record)
    if not data.o.isdigit() or int(data.o) not in editable:
        builder = InlineKeyboardBuilder()
        for index in editable:
            event = record.events[index]
            when = format_when(event.at, i18n.locale, has_time=not event.date_only, now=now)
            builder.button(
                text=f"{when} {i18n.get(event_label(event.kind, event.detail))}",
                callback_data=cb(case, "e_date", o=str(index)),
            )
        builder.adjust(1)
        await _say(chat, i18n.get("case-edit-date-which"), builder.as_markup())
        return
    if picked is not None:  # a reading picked at the date question
        await _edit_date(chat, now, case, int(data.o), picked.at, not picked.has_time)
        return
    if data.w not in QUICK_WHEN:
        chosen = record.events[int(data.o)]
        what = i18n.get(event_label(chosen.kind, chosen.detail))
        await _ask_when(chat, case, data, what)
        return
    if data.w == "type":
        await _ask_text(chat, data, case)
        return
    at, date_only = quick_when(data.w, now)
    await _edit_date(chat, now, case, int(data.o), at, date_only)


async def _edit_date(
    chat: FlowChat, now: datetime, case: Case, index: int, at: datetime, date_only: bool
) -> None:
    edit = Correct(
        case=StoredCase(id=case.id),
        what="event_time",
        index=index,
        at=at.astimezone(UTC).isoformat(),
        date_only=date_only,
    )
    await _change_and_show(chat, now, case, edit, "case-edited", again=cb(case, "e_date", o=str(index)))


# -- typed answers ------------------------------------------------------------------------------------


async def on_case_text(message: Message, faq: FaqService, flow_chat: FlowChat) -> None:
    chat, state, i18n = flow_chat, flow_chat.state, flow_chat.i18n
    pending = (await state.get_data()).get(INPUT_KEY) or {}
    now = chat.clock.now()
    case = await user_case(chat.session, chat.chat_id, int(pending.get("case") or 0)) if pending else None
    if case is None:
        await _leave_input(state, pending)
        await message.answer(i18n.get("case-not-found"))
        return
    if pending.get("v") != case.version:
        await _leave_input(state, pending)
        await message.answer(i18n.get("case-card-expired"))
        await _show(chat, case, now)
        return
    text = (message.text or "").strip()
    a, o = str(pending.get("a")), str(pending.get("o") or "")
    if a == "e_order":
        order_no = parse_order_no(text)
        if order_no is None:
            await message.answer(i18n.get("case-ask-order", min=ORDER_NO_MIN, max=ORDER_NO_MAX))
            return
        await _leave_input(state, pending)
        edit = Correct(case=StoredCase(id=case.id), what="order_no", value=order_no)
        await _change_and_show(chat, now, case, edit, "case-edited")
        return
    if a == "e_title":
        if not text or len(text) > TITLE_MAX:
            await message.answer(i18n.get("case-ask-title", max=TITLE_MAX))
            return
        await _leave_input(state, pending)
        edit = Correct(case=StoredCase(id=case.id), what="title", value=text)
        await _change_and_show(chat, now, case, edit, "case-edited")
        return
    try:
        reading = read_when(text, now, lang=i18n.locale)
    except DateError as error:
        if pending.get("quick") and faq.looks_like_question(text):
            # A question typed at the 'when' buttons (no 输入日期时间 pressed): answered, not a date.
            await _leave_input(state, pending)
            await faq.respond(message, text, i18n, chat.session, state)
            return
        if error.reason == "invalid":
            await message.answer(i18n.get("case-when-invalid"))
            return
        # Read, but impossible here ("12月20日 还没到", no such day …): the reason, as the flows say it.
        params: dict[str, Any] = {"with_time": True}
        if error.reason == "future" and error.at is not None:
            params["when"] = Said(error.at, error.has_time)
        await message.answer(_rendered(chat, Reply.make(DATE_REFUSALS[error.reason], params), now))
        return
    if reading.ambiguous or reading.confirm:
        # "是 2025年12月20日 吗？" / "which of these days?": asked as the flows ask, still waiting.
        await _date_question(chat, case, pending, reading, text, now)
        return
    when = reading.when
    await _leave_input(state, pending)
    # Said back with its weekday (and the year when it is not this one) before it is recorded.
    await message.answer(
        _rendered(chat, Reply.make("flow-date-said", {"when": Said(when.at, when.has_time)}), now)
    )
    if a == "e_date" and o.isdigit():
        await _edit_date(chat, now, case, int(o), when.at, not when.has_time)
    elif a in {action.value for action in Action}:
        await perform_and_show(chat, now, case, Action(a), o or None, when.at, not when.has_time)


#: Buttons of the card's date question: ``w`` = ``d0``, ``d1`` pick a reading kept in the input wait.
PICK = "d"


def _candidate(pending: dict[str, Any], data: CaseCallback) -> When | None:
    """The reading a date-question button picks, if it belongs to the answer being waited for."""
    candidates = pending.get("candidates") or []
    index = data.w.removeprefix(PICK)
    same = (pending.get("case"), pending.get("a"), pending.get("o") or "") == (data.case, data.a, data.o)
    if not data.w.startswith(PICK) or not same or not index.isdigit() or int(index) >= len(candidates):
        return None
    return When.from_answer(candidates[int(index)])


async def _date_question(
    chat: FlowChat, case: Case, pending: dict[str, Any], reading: Reading, text: str, now: datetime
) -> None:
    """Two readings (20/11 or 11/20), or a year guessed far back: ask, with a button per reading and
    重新输入; the readings wait with the typed-answer wait."""
    i18n, core = chat.i18n, chat.i18n.core
    await chat.state.update_data(
        {INPUT_KEY: {**pending, "candidates": [w.to_answer() for w in reading.candidates]}}
    )
    a, o = str(pending.get("a")), str(pending.get("o") or "")
    first = reading.when
    builder = InlineKeyboardBuilder()
    if reading.ambiguous:
        reply = Reply.make("flow-date-which", {"text": text.strip()[:40]})
        for i, when in enumerate(reading.candidates):
            option = ReplyOption(id=str(i), label="flow-date-option", label_params=said_parts(when, now))
            builder.button(
                text=option_label(core, option, i18n.locale), callback_data=cb(case, a, o=o, w=f"{PICK}{i}")
            )
    else:
        days = (now - first.at).days
        reply = Reply.make("flow-date-confirm", {"when": Said.of(first), "days": days})
        builder.button(text=i18n.get("flow-date-btn-yes"), callback_data=cb(case, a, o=o, w=f"{PICK}0"))
    builder.button(text=i18n.get("flow-date-btn-again"), callback_data=cb(case, a, o=o, w="type"))
    builder.adjust(1)
    await _say(chat, _rendered(chat, reply, now), builder.as_markup())


def _rendered(chat: FlowChat, reply: Reply, now: datetime) -> str:
    return render_text(chat.i18n.core, reply, chat.i18n.locale, now)


async def _leave_input(state: FSMContext, pending: dict[str, Any]) -> None:
    data = await state.get_data()
    data.pop(INPUT_KEY, None)
    await state.set_data(data)
    await state.set_state(pending.get("previous"))


# -- the card -----------------------------------------------------------------------------------------


async def send_card(
    case: Case,
    chat_id: int,
    bot: Bot,
    session: DbSession,
    i18n: I18nContext,
    now: datetime,
    calendar: WorkCalendar,
) -> None:
    language = i18n.locale
    record = await load_record(session, case)
    events = await case_events(session, case.id)
    timeline = []
    for event in events:
        label = i18n.get(event_label(event.kind, event.details))
        if event.details.get("outcome"):
            label = i18n.get(
                "case-event-with-outcome",
                event=label,
                outcome=i18n.get(outcome_label(event.details["outcome"])),
            )
        when = format_when(event.at, language, has_time=not event.details.get("date_only"), now=now)
        timeline.append(f"· {when} {label}")
    counts = await evidence_by_category(session, case.id)
    _covered, missing = coverage(counts, case.problem)
    separator = i18n.get("list-separator")  # 、 in Chinese, ", " in English
    evidence = separator.join(f"{i18n.get(category_label(c))} {counts[c]}" for c in counts) or i18n.get(
        "case-evidence-none"
    )
    step = lifecycle.next_step(record.facts, now)
    text = i18n.get(
        "case-card",
        title=case_title(case, i18n.get),
        status=i18n.get(status_label(case.status)),
        order=case.order_no or "—",
        deadline=_deadline_text(case, i18n, now, calendar),
        timeline="\n".join(timeline) or i18n.get("case-timeline-empty"),
        evidence=evidence,
        missing=separator.join(i18n.get(category_label(c)) for c in missing) or "—",
    )
    next_text = i18n.get(
        step.key,
        **rule_params(),
        deadline=_step_deadline(step, i18n, now),
    )
    await bot.send_message(
        chat_id, f"{text}\n\n{next_text}", reply_markup=card_keyboard(case, record, i18n.get, now)
    )


def _deadline_text(case: Case, i18n: I18nContext, now: datetime, calendar: WorkCalendar) -> str:
    deadline = next_deadline(case_facts(case), now)
    if deadline is None:
        return _platform_expectation(case, i18n, calendar) or i18n.get("case-no-deadline")
    return i18n.get(
        "case-next-deadline",
        what=i18n.get(deadline_label(deadline.kind)),
        when=deadline_text(
            i18n.get, deadline.at, i18n.locale, now, seller=deadline.kind == "seller_response_due"
        ),
    )


def _step_deadline(step: lifecycle.NextStep, i18n: I18nContext, now: datetime) -> str:
    """The next step's deadline: still ahead, worded as a deadline; already over, as the moment it ended."""
    if step.deadline is None:
        return ""
    if step.deadline <= now:
        return moment_text(step.deadline, i18n.locale, now)
    seller = step.key == "case-next-after-sales-requested"
    return deadline_text(i18n.get, step.deadline, i18n.locale, now, seller=seller)


def _platform_expectation(case: Case, i18n: I18nContext, calendar: WorkCalendar) -> str | None:
    """While the platform works (ruling, appeal review), when its answer is usually due."""
    language = i18n.locale
    window: ExpectedWindow | None = None
    if case.status == CaseStatus.INTERVENTION_REQUESTED and case.intervention_requested_at is not None:
        window, key = ruling_expected(case.intervention_requested_at, calendar), "case-expect-ruling"
    elif case.status == CaseStatus.APPEAL_SUBMITTED and case.appeal_submitted_at is not None:
        window, key = appeal_result_expected(case.appeal_submitted_at, calendar), "case-expect-appeal"
    if window is None:
        return None
    text = i18n.get(
        key,
        earliest=format_date(window.earliest.date(), language),
        latest=format_date(window.latest.date(), language),
        **rule_params(),
    )
    return text + (i18n.get("case-expect-estimated") if window.estimated else "")


__all__ = ["CaseInput", "build_router", "perform_and_show", "quick_when", "send_card"]


def build_router() -> Router:
    router = Router(name="cases")
    router.message.middleware(FlowChatMiddleware())
    router.callback_query.middleware(FlowChatMiddleware())
    router.message.register(show_cases, Command("cases"))
    router.callback_query.register(show_cases, MenuCallback.filter(F.action == "cases"))
    router.callback_query.register(cases_page, CaseListCallback.filter())
    router.callback_query.register(case_button, CaseCallback.filter())
    router.message.register(on_case_text, StateFilter(CaseInput.text), F.text, ~F.text.startswith("/"))
    return router
