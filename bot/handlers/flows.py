"""Running the guided flows in Telegram: commands and menu entries start a run, buttons, text and files
feed it, and the engine's effects are applied to the database in one transaction.

The run itself (flows.engine) knows nothing of Telegram; its state lives in the FSM data as JSON.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from aiogram import Bot, F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext

from bot.callbacks import FlowCallback, MenuCallback
from bot.commands import FLOW_COMMANDS
from bot.effects import EffectOutcome, apply_effects, flow_context
from bot.evidence_files import discard_staged, fetch, incoming_of, staged_names
from bot.faq_service import FaqService
from bot.middlewares.flow_chat import FlowChat, FlowChatMiddleware
from bot.persistence.database import DbSession
from bot.persistence.fsm_storage import write_record
from bot.rendering import option_label, render_keyboard, render_text
from flows import engine
from flows.clock import Clock
from flows.inputs import Choice, Done, FileItem, Files, Input, Text
from flows.registry import FLOWS, get_flow
from flows.replies import Reply, ReplyOption
from flows.rules import rule_params
from flows.state import RunState

log = logging.getLogger(__name__)

RUN_KEY = "run"


class FlowRun(StatesGroup):
    active = State()


# -- starting --------------------------------------------------------------------------------------


async def start_command(message: Message, flow_chat: FlowChat) -> None:
    name = (message.text or "").split()[0].lstrip("/").split("@")[0]
    await start_flow(name, flow_chat, {})


async def start_from_menu(query: CallbackQuery, callback_data: MenuCallback, flow_chat: FlowChat) -> None:
    await query.answer()
    await start_flow(callback_data.action, flow_chat, {})


async def start_flow(name: str, chat: FlowChat, extra: dict[str, Any]) -> None:
    flow = get_flow(name)
    if flow.name == "evidence":
        extra = {"max_mb": str(chat.settings.evidence_cap_bytes // (1024 * 1024)), **extra}
    context = await flow_context(
        chat.session, chat.chat_id, chat.i18n, extra, pick_single_case=flow.on_existing_case
    )
    await _finish_turn(engine.start(flow, context, chat.clock.now()), chat)


# -- feeding ---------------------------------------------------------------------------------------


async def on_button(query: CallbackQuery, callback_data: FlowCallback, flow_chat: FlowChat) -> None:
    run = await load_run(flow_chat.state)
    if run is None or run.flow != callback_data.flow or run.step != callback_data.step:
        await query.answer(flow_chat.i18n.get("flow-stale-button"))
        return
    await query.answer()
    await _feed(run, Choice(option_id=callback_data.option), flow_chat)


async def on_text(message: Message, faq: FaqService, flow_chat: FlowChat) -> None:
    chat = flow_chat
    state, i18n, clock = chat.state, chat.i18n, chat.clock
    run = await load_run(state)
    if run is None:  # the saved run was unreadable: treat the text as a question
        await state.clear()
        await faq.respond(message, message.text or "", i18n, chat.session, state)
        return
    text = message.text or ""
    flow = get_flow(run.flow)
    waits_for = engine.expects(flow, run)
    pressed = typed_press(text, engine.current_options(flow, run, clock.now()), i18n)
    if pressed is not None:  # "跳过", "取消", "已提交" typed instead of tapped
        await _feed(run, Choice(option_id=pressed), chat)
        return
    typed_answer = waits_for in ("text", "date", "datetime") or text.strip().lower() in engine.DONE_WORDS
    # A question typed in the middle of a flow: answer it, then ask the current step again.
    if (not typed_answer or faq.looks_like_question(text)) and await faq.answer_if_confident(
        message, text, i18n
    ):
        replies = engine.current_prompt(flow, run, clock.now())
        await _send_replies(replies, run, chat.chat_id, chat.bot, i18n, clock.now())
        return
    await _feed(run, Text(text=text), chat)


def _label_key(text: str) -> str:
    """Letters and digits only: emoji, brackets, spaces and punctuation around a label don't count."""
    return re.sub(r"[\W_]", "", unicodedata.normalize("NFKC", text)).casefold()


#: Words around a typed label that don't change which button is meant ("是的，已提交", "yes, skip").
_FILLER = re.compile(r"^(?:是的|是|对的|对|嗯|好的|好|yes|ok|okay)|(?:了|吧|啊|呀|please)$")


def _words(text: str) -> str:
    """Latin words of a label, lower case, one space apart, padded: " yes submitted "."""
    return " " + " ".join(re.findall(r"[^\W_]+", unicodedata.normalize("NFKC", text).casefold())) + " "


def _part_of(typed: str, label: str) -> bool:
    """Whether ``typed`` names ``label`` by a part of it: whole words of a Latin label ("Submitted" for
    "Yes, submitted"), at least two characters of a Chinese one ("提交" for "已提交"), or the label with
    only filler around it ("是的，已提交" for "已提交")."""
    typed_key, label_key = _label_key(typed), _label_key(label)
    if typed_key.isascii():
        return len(typed_key) >= 2 and _words(typed).strip() != "" and _words(typed) in _words(label)
    if len(typed_key) >= 2 and typed_key in label_key:
        return True
    if label_key in typed_key:
        rest = typed_key.replace(label_key, " ", 1).split(" ")
        return all(_FILLER.fullmatch(part) or not part for part in rest)
    return False


def typed_press(text: str, options: list[ReplyOption], i18n: I18nContext) -> str | None:
    """The option whose button label the user typed (emoji, brackets, spaces and case ignored), or None.
    Leniently, a part of one label (:func:`_part_of`) — only when it names no other button."""
    typed = _label_key(text)
    if not typed:
        return None
    labels = [(option.id, option_label(i18n.core, option, i18n.locale)) for option in options]
    for option_id, label in labels:
        if _label_key(label) == typed:
            return option_id
    named = {option_id for option_id, label in labels if _part_of(text, label)}
    return named.pop() if len(named) == 1 else None


async def on_files(message: Message, album: list[Message], flow_chat: FlowChat) -> None:
    chat = flow_chat
    run = await load_run(chat.state)
    if run is None:
        # An unreadable saved run: these files are filed as if sent outside a flow.
        await chat.state.clear()
        await file_outside_flow(message, album, chat)
        return
    if not engine.takes_files(get_flow(run.flow), run):
        # Not a step that takes files: say so without downloading anything.
        placeholder = FileItem(kind="photo" if message.photo else "document")
        await _feed(run, Files(items=[placeholder]), chat)
        return
    # Cancelled or crashed half-way: what was downloaded for this message goes at once.
    items = await _download_album(album, chat, keep=staged_names(run.to_json()))
    if not items:
        return
    await _feed(run, Files(items=items), chat)


async def on_other(message: Message, state: FSMContext, bot: Bot, i18n: I18nContext, clock: Clock) -> None:
    """A sticker, a voice note, a location… in the middle of a flow: say so, then ask again."""
    run = await load_run(state)
    await message.answer(i18n.get("unsupported-in-flow"))
    if run is not None:
        replies = engine.current_prompt(get_flow(run.flow), run, clock.now())
        await _send_replies(replies, run, message.chat.id, bot, i18n, clock.now())


async def on_done(message: Message, flow_chat: FlowChat) -> None:
    run = await load_run(flow_chat.state)
    if run is None:
        await message.answer(flow_chat.i18n.get("cancel-nothing"))
        return
    await _feed(run, Done(), flow_chat)


async def _feed(run: RunState, user_input: Input, chat: FlowChat) -> None:
    result = engine.feed(get_flow(run.flow), run, user_input, chat.clock.now())
    await _finish_turn(result, chat, previous_step=run.step)


async def _finish_turn(result: engine.Result, chat: FlowChat, previous_step: str | None = None) -> None:
    """The effects and the run's new state in one transaction (with, in production, the update's
    processed mark: bot/persistence/updates.py), committed; then the messages. A crash before the commit
    leaves nothing of the turn, so a redelivered update is handled afresh; after it, none is repeated."""
    outcome: EffectOutcome = await apply_effects(
        chat.session, chat.chat_id, result.effects, chat.clock.now(), chat.settings, chat.calendar
    )
    run = result.state
    if run is not None and outcome.opened_case_id is not None:
        run = run.bind_case(outcome.opened_case_id)
    if run is None:
        await write_record(chat.session, chat.state.key, None, {}, chat.clock.now())
    else:
        await write_record(
            chat.session, chat.state.key, FlowRun.active, {RUN_KEY: run.to_json()}, chat.clock.now()
        )
    await chat.scheduler.commit(chat.session, reminders_changed=outcome.reminders_changed)
    # Files the flow neither kept nor still waits for (refused, duplicates, a cancelled group): gone now.
    removed = await discard_staged(
        chat.settings.evidence_dir, chat.chat_id, staged_names(run.to_json()) if run is not None else ()
    )
    if outcome.lost_files:  # waited past PENDING_HOURS: the sweep deleted them before the answer came
        await chat.bot.send_message(
            chat.chat_id, chat.i18n.get("evidence-files-lost", count=outcome.lost_files)
        )
    if outcome.unresolved:  # the run named a case that is gone (deleted, or never this user's)
        await chat.bot.send_message(chat.chat_id, chat.i18n.get("case-effect-unresolved"))
    if outcome.refused:  # the transition table refused a step the run told (e.g. an appeal too late)
        reasons = sorted(set(outcome.refused))
        await chat.bot.send_message(
            chat.chat_id,
            chat.i18n.get("case-effect-refused", reason=reasons[0], **rule_params()),
        )
    await _send_replies(result.replies, run, chat.chat_id, chat.bot, chat.i18n, chat.clock.now())
    if result.cancelled and removed:  # after "已取消": what the cancel threw away
        await chat.bot.send_message(chat.chat_id, chat.i18n.get("evidence-pending-deleted", count=removed))
    if (
        run is not None
        and run.flow == "evidence"
        and run.step == "collect"
        and previous_step in (None, "case")
    ):
        await _list_case_evidence(run, chat.chat_id, chat.session, chat.bot, chat.i18n)
    for name, extra in outcome.follow_up_flows:
        if outcome.opened_case_id is not None and "case_id" not in extra:
            extra = {**extra, "case_id": str(outcome.opened_case_id)}  # the case this turn opened
        await start_flow(name, chat, extra)


async def _download_album(album: list[Message], chat: FlowChat, keep: Iterable[str] = ()) -> list[FileItem]:
    """Every file of an album into temporary files; if anything fails or is cancelled, this user's
    staged files are removed at once except those named in `keep` (still waited for by a run)."""
    settings = chat.settings
    items: list[FileItem] = []
    try:
        for part in album:
            incoming = incoming_of(part)
            if incoming is not None:
                items.append(
                    await fetch(
                        chat.bot, incoming, settings.evidence_dir, settings.evidence_cap_bytes, chat.chat_id
                    )
                )
    except BaseException:
        await discard_staged(settings.evidence_dir, chat.chat_id, keep)
        raise
    return items


async def file_outside_flow(message: Message, album: list[Message], chat: FlowChat) -> None:
    """Photos or files sent outside any flow (an album together): downloaded once, into temporary
    files, then the filing flow asks which case and which category they are (flows/defs/filing.py)."""
    settings = chat.settings
    items = await _download_album(album, chat)  # no run waits for any staged file yet
    if not items:
        return
    extra = {
        "incoming": [item.model_dump(mode="json") for item in items],
        "received_at": chat.clock.now().isoformat(),
        "max_mb": str(settings.evidence_cap_bytes // (1024 * 1024)),
    }
    await start_flow("filing", chat, extra)


async def on_files_outside_flow(message: Message, album: list[Message], flow_chat: FlowChat) -> None:
    await file_outside_flow(message, album, flow_chat)


async def _send_replies(
    replies: list[Reply], run: RunState | None, chat_id: int, bot: Bot, i18n: I18nContext, now: datetime
) -> None:
    language = i18n.locale
    for reply in replies:
        markup = None
        if run is not None:
            markup = render_keyboard(i18n.core, reply, language, run.flow, run.step)
        await bot.send_message(chat_id, render_text(i18n.core, reply, language, now), reply_markup=markup)


async def _list_case_evidence(
    run: RunState, chat_id: int, session: DbSession, bot: Bot, i18n: I18nContext
) -> None:
    """Entering /evidence on a case that already has items: list them (to see, resend, fix)."""
    from bot.handlers.evidence import send_item_list  # late: evidence imports this module's neighbours
    from bot.persistence.cases import user_case

    case_id = run.context.get("case_id") or run.answers.get("case")
    if case_id is None or not str(case_id).isdigit():
        return
    case = await user_case(session, chat_id, int(case_id))
    if case is not None:
        await send_item_list(case, chat_id, bot, session, i18n)


async def load_run(state: FSMContext) -> RunState | None:
    """The saved run of this chat's flow, or None (none, unreadable, or a flow that no longer exists)."""
    data = await state.get_data()
    raw = data.get(RUN_KEY)
    if not raw:
        return None
    try:
        run = RunState.from_json(raw)
    except ValueError:  # saved by an incompatible version: drop it rather than fail every message
        log.warning("dropping an unreadable flow state")
        return None
    return run if run.flow in FLOWS else None


def build_router() -> Router:
    router = Router(name="flows")
    router.message.middleware(FlowChatMiddleware())
    router.callback_query.middleware(FlowChatMiddleware())
    for name in FLOW_COMMANDS:
        router.message.register(start_command, Command(name))
    router.callback_query.register(start_from_menu, MenuCallback.filter(F.action.in_(FLOW_COMMANDS)))
    router.callback_query.register(on_button, FlowCallback.filter())
    running = StateFilter(FlowRun.active)
    router.message.register(on_done, Command("done"))
    router.message.register(on_text, running, F.text, ~F.text.startswith("/"))
    router.message.register(on_files, running, F.photo | F.document)
    router.message.register(on_files_outside_flow, StateFilter(None), F.photo | F.document)
    router.message.register(on_other, running, ~F.text)
    return router
