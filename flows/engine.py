"""The one small engine that runs every flow.

Pure: ``feed(flow, state, input, now) -> Result(state | None, replies, effects)``. It never touches
Telegram, the database or the clock; the saved state is not modified (a copy is returned).

Hooks (functions the declaration references, typed in :mod:`flows.hooks`) get a :class:`Ctx` and may
read ``ctx.answers`` / ``ctx.context`` and write ``ctx.answers`` (JSON values only).

Navigation works in every step: Back (to the previous answered step; not after a step with
``back=False``), Skip (optional steps only), Cancel (always; ends the run), Done (file steps).
A turn produces at most a few replies: hook replies, then the prompt of the step the run waits on.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from flows.dates import DateError, Reading, When, read_when
from flows.effects import Effect
from flows.hooks import Ctx, Invalid, Outcome
from flows.inputs import Back, Cancel, Choice, Done, Files, Input, Skip, Start, Text
from flows.model import END, NAV_BACK, NAV_CANCEL, NAV_DONE, NAV_SKIP, Flow, Option, Step
from flows.replies import Reply, ReplyOption, Said, said_parts
from flows.state import RunState, check_json

#: Keys the engine itself emits (the catalogue test checks them).
ENGINE_KEYS: tuple[str, ...] = (
    "flow-cancelled",
    "flow-closed",
    "flow-cannot-go-back",
    "flow-cannot-skip",
    "flow-use-buttons",
    "flow-files-not-expected",
    "flow-done-not-here",
    "flow-stale-button",
    "flow-text-empty",
    "flow-text-too-long",
    "flow-date-invalid",
    "flow-date-future",
    "flow-date-too-early",
    "flow-date-no-such-day",
    "flow-date-bad-time",
    "flow-date-said",
    "flow-date-confirm",
    "flow-date-which",
    "flow-date-option",
    "flow-date-btn-yes",
    "flow-date-btn-again",
    "flow-btn-back",
    "flow-btn-skip",
    "flow-btn-cancel",
    "flow-btn-done",
)

#: A date refusal's reason → the text that explains it (see :data:`flows.dates.REASONS`).
DATE_REFUSALS: dict[str, str] = {
    "invalid": "flow-date-invalid",
    "future": "flow-date-future",
    "too_early": "flow-date-too-early",
    "no_such_day": "flow-date-no-such-day",
    "bad_time": "flow-date-bad-time",
}

#: Buttons of a date question ("是 2025年12月20日 吗？" / "which of these days?"): ``_date_0``,
#: ``_date_1`` pick a reading, ``_date_again`` asks to type it again. The readings wait in the run's
#: context under :data:`DATE_PENDING` until a button is pressed or something else is typed.
DATE_OPTION = "_date_"
DATE_AGAIN = "_date_again"
DATE_PENDING = "date_pending"

#: Typed words that mean /done on a file step.
DONE_WORDS = frozenset({"done", "/done", "完成", "好了", "发完了", "结束"})
MAX_TEXT = 500


class Result(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    state: RunState | None  # None: the run is over (finished or cancelled)
    replies: list[Reply] = Field(default_factory=list)
    effects: list[Effect] = Field(default_factory=list)
    cancelled: bool = False

    @property
    def finished(self) -> bool:
        return self.state is None


class _Turn:
    def __init__(self, flow: Flow, state: RunState, now: datetime) -> None:
        self.flow = flow
        self.state = state
        self.now = now
        self.ctx = Ctx(flow, state, now)
        self.replies: list[Reply] = []
        self.effects: list[Any] = []
        self.finished = False
        self.cancelled = False

    def absorb(self, outcome: Outcome | None) -> Outcome:
        outcome = outcome or Outcome()
        self.replies.extend(outcome.replies)
        self.effects.extend(outcome.effects)
        return outcome

    def result(self) -> Result:
        if self.finished:
            return Result(state=None, replies=self.replies, effects=self.effects, cancelled=self.cancelled)
        check_json(self.state.answers, "answers")
        return Result(state=self.state, replies=self.replies, effects=self.effects)

    # -- transitions ---------------------------------------------------------------------------

    def default_next(self, step: Step) -> str:
        if step.route is not None:
            target = step.route(self.ctx)
            if not isinstance(target, str) or target not in step.branches:
                raise RuntimeError(f"{self.flow.name}.{step.id}: route returned undeclared {target!r}")
            return target
        return step.next or END

    def leave(self, step: Step, target: str, *, prompt: bool = True) -> None:
        """Leave ``step`` after a valid answer and enter ``target``."""
        if target != step.id and step.remember:
            self.state.history.append(step.id)
        self.enter(target, prompt=prompt)

    def enter(self, target: str, *, prompt: bool = True) -> None:
        for _ in range(100):
            if target == END:
                self.finished = True
                return
            step = self.flow.step(target)
            if step.skip_when is not None and step.skip_when(self.ctx):
                target = self.default_next(step)
                continue
            history = self.state.history
            if target in history:  # a loop back to an earlier step: forget what came after it
                del history[len(history) - 1 - history[::-1].index(target) :]
            self.state.step = target
            if step.on_enter is not None:
                outcome = self.absorb(step.on_enter(self.ctx))
                if outcome.goto is not None:
                    self._check_goto(step, outcome.goto)
                    target = outcome.goto
                    continue
                prompt = prompt and outcome.prompt
            if step.expects == "info":
                if step.prompt is not None and prompt:
                    self.replies.append(render_prompt(self.ctx, step))
                target = self.default_next(step)
                continue
            if prompt:
                again = step.id in self.state.entered and step.reprompt is not None
                self.replies.append(render_prompt(self.ctx, step, reprompt=again))
            if step.id not in self.state.entered:
                self.state.entered.append(step.id)
            return
        raise RuntimeError(f"flow {self.flow.name!r}: more than 100 steps without input")

    def _check_goto(self, step: Step, target: str) -> None:
        if target != END and target not in step.branches and target != step.next:
            raise RuntimeError(f"{self.flow.name}.{step.id}: hook went to undeclared {target!r}")

    def stay(self, step: Step, *before: Reply) -> None:
        """Keep waiting on ``step``: explanation(s), then its prompt again."""
        self.replies.extend(before)
        self.replies.append(render_prompt(self.ctx, step))


def _options(ctx: Ctx, step: Step) -> list[Option]:
    options = list(step.choices)
    if step.choices_from is not None:
        options.extend(step.choices_from(ctx))
    return [o for o in options if o.when is None or o.when(ctx)]


def render_prompt(ctx: Ctx, step: Step, *, reprompt: bool = False) -> Reply:
    """The reply that asks for ``step`` (its prompt, params, option buttons and navigation buttons)."""
    key = step.reprompt if reprompt and step.reprompt else step.prompt
    assert key is not None
    params = step.params(ctx) if step.params else {}
    reply = Reply.make(key, params)
    if step.expects == "info":
        return reply
    reply.options = [
        ReplyOption(id=o.id, label=o.label, label_params=o.label_params, label_refs=o.label_refs)
        for o in _options(ctx, step)
    ]
    nav: list[ReplyOption] = []
    if step.back and ctx.state.history:
        nav.append(ReplyOption(id=NAV_BACK, label="flow-btn-back"))
    if step.optional:
        nav.append(ReplyOption(id=NAV_SKIP, label=step.skip_label or "flow-btn-skip"))
    if step.expects == "file":
        nav.append(ReplyOption(id=NAV_DONE, label="flow-btn-done"))
    if step.cancel:
        nav.append(ReplyOption(id=NAV_CANCEL, label="flow-btn-cancel"))
    reply.nav = nav
    return reply


_NAV_INPUTS: dict[str, Input] = {NAV_BACK: Back(), NAV_SKIP: Skip(), NAV_CANCEL: Cancel(), NAV_DONE: Done()}


def start(flow: Flow, context: dict[str, Any] | None, now: datetime) -> Result:
    """Begin a run: the first prompt (after any steps the context lets us pass over)."""
    return feed(flow, None, Start(context=context or {}), now)


def feed(flow: Flow, state: RunState | None, inp: Input, now: datetime) -> Result:
    """One turn: the new state (None when the run is over), the replies and the effects."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    if isinstance(inp, Start):
        turn = _Turn(flow, RunState(flow=flow.name, step=flow.start, context=dict(inp.context)), now)
        turn.enter(flow.start)
        return turn.result()
    if state is None:
        raise ValueError("feed() needs a state for anything but Start")
    if state.flow != flow.name:
        raise ValueError(f"state belongs to flow {state.flow!r}, not {flow.name!r}")
    turn = _Turn(flow, state.copy_deep(), now)
    if not flow.has_step(turn.state.step):  # a saved run from an older declaration: start over
        turn.enter(flow.start)
        return turn.result()
    step = flow.step(turn.state.step)
    if isinstance(inp, Choice) and inp.option_id in _NAV_INPUTS:
        inp = _NAV_INPUTS[inp.option_id]
    if isinstance(inp, Text) and step.expects == "file" and inp.text.strip().lower() in DONE_WORDS:
        inp = Done()

    if isinstance(inp, Cancel):
        turn.finished = turn.cancelled = True
        turn.replies.append(Reply(key="flow-cancelled" if step.cancel else "flow-closed"))
    elif isinstance(inp, Back):
        _back(turn, step)
    elif isinstance(inp, Skip):
        if step.optional:
            turn.state.answers[step.id] = None
            turn.leave(step, turn.default_next(step))
        else:
            turn.stay(step, Reply(key="flow-cannot-skip"))
    elif isinstance(inp, Done):
        if step.expects == "file":
            turn.leave(step, turn.default_next(step))
        else:
            turn.stay(step, Reply(key="flow-done-not-here"))
    elif isinstance(inp, Choice):
        _choice(turn, step, inp.option_id)
    elif isinstance(inp, Text):
        _text(turn, step, inp.text)
    elif isinstance(inp, Files):
        _files(turn, step, inp)
    else:  # pragma: no cover - Input is a closed union
        raise TypeError(f"unknown input {inp!r}")
    return turn.result()


def _back(turn: _Turn, step: Step) -> None:
    history = turn.state.history
    if not step.back or not history:
        turn.stay(step, Reply(key="flow-cannot-go-back"))
        return
    previous = history.pop()
    turn.state.answers.pop(step.id, None)
    turn.state.answers.pop(previous, None)
    turn.state.step = previous
    turn.replies.append(render_prompt(turn.ctx, turn.flow.step(previous)))


def _choice(turn: _Turn, step: Step, option_id: str) -> None:
    if step.expects in ("date", "datetime") and option_id.startswith(DATE_OPTION):
        _date_choice(turn, step, option_id)
        return
    if step.expects not in ("choice", "date", "datetime"):  # a date step may offer buttons besides typing
        turn.stay(step, Reply(key="flow-stale-button"))
        return
    option = next((o for o in _options(turn.ctx, step) if o.id == option_id), None)
    if option is None:
        turn.stay(step, Reply(key="flow-stale-button"))
        return
    turn.state.answers[step.id] = option.id
    outcome = turn.absorb(option.action(turn.ctx)) if option.action else Outcome()
    if outcome.goto is not None:
        turn._check_goto(step, outcome.goto)
        target = outcome.goto
    else:
        target = option.next or turn.default_next(step)
    turn.leave(step, target, prompt=outcome.prompt)


def _validated(turn: _Turn, step: Step, value: Any) -> tuple[bool, Any]:
    """(True, the value the step's ``validate`` hook keeps), or (False, …) after it refused the value:
    then the step waits again, with the hook's explanation."""
    if step.validate_with is None:
        return True, value
    try:
        return True, step.validate_with(turn.ctx, value)
    except Invalid as error:
        turn.stay(step, Reply.make(error.key, error.params))
        return False, value


def _text(turn: _Turn, step: Step, text: str) -> None:
    if step.expects in ("date", "datetime"):
        _date_text(turn, step, text)
        return
    if step.expects == "text":
        value = text.strip()
        if not value:
            turn.stay(step, Reply(key="flow-text-empty"))
            return
        if len(value) > MAX_TEXT:
            turn.stay(step, Reply.make("flow-text-too-long", {"max": MAX_TEXT}))
            return
        valid, value = _validated(turn, step, value)
        if not valid:
            return
        turn.state.answers[step.id] = value
    else:
        turn.stay(step, Reply(key="flow-use-buttons"))
        return
    turn.leave(step, turn.default_next(step))


# -- date steps: read, refuse with the reason, ask when unsure, say back what was understood ------------


def _date_text(turn: _Turn, step: Step, text: str) -> None:
    turn.state.context.pop(DATE_PENDING, None)
    lang = turn.state.context.get("lang")
    try:
        reading = read_when(text, turn.now, lang=lang if isinstance(lang, str) else None)
    except DateError as error:
        params: dict[str, Any] = {"with_time": step.expects == "datetime"}
        if error.reason == "future" and error.at is not None:
            params["when"] = Said(error.at, error.has_time)
        turn.stay(step, Reply.make(DATE_REFUSALS[error.reason], params))
        return
    if reading.ambiguous or reading.confirm:
        turn.state.context[DATE_PENDING] = {
            "step": step.id,
            "candidates": [when.to_answer() for when in reading.candidates],
        }
        turn.replies.append(_date_question(turn, reading, text))
        return
    _accept_date(turn, step, reading.when)


def _date_question(turn: _Turn, reading: Reading, text: str) -> Reply:
    options = [
        ReplyOption(id=f"{DATE_OPTION}{i}", label="flow-date-option", label_params=said_parts(when, turn.now))
        for i, when in enumerate(reading.candidates)
    ]
    first = reading.when
    if reading.ambiguous:
        reply = Reply.make("flow-date-which", {"text": text.strip()[:40]})
    else:
        days = (turn.now - first.at).days
        reply = Reply.make("flow-date-confirm", {"when": Said(first.at, first.has_time), "days": days})
        options = [ReplyOption(id=f"{DATE_OPTION}0", label="flow-date-btn-yes")]
    reply.options = [*options, ReplyOption(id=DATE_AGAIN, label="flow-date-btn-again")]
    return reply


def _date_choice(turn: _Turn, step: Step, option_id: str) -> None:
    pending = turn.state.context.pop(DATE_PENDING, None)
    if option_id == DATE_AGAIN:
        turn.stay(step)
        return
    index = option_id.removeprefix(DATE_OPTION)
    candidates = pending.get("candidates", []) if isinstance(pending, dict) else []
    if not isinstance(pending, dict) or pending.get("step") != step.id or not index.isdigit():
        turn.stay(step, Reply(key="flow-stale-button"))
        return
    if int(index) >= len(candidates):
        turn.stay(step, Reply(key="flow-stale-button"))
        return
    _accept_date(turn, step, When.from_answer(candidates[int(index)]))


def _accept_date(turn: _Turn, step: Step, value: When) -> None:
    """Validate, keep, say it back ("按 11月28日（周六）20:30（北京时间）算"), go on."""
    valid, value = _validated(turn, step, value)
    if not valid:
        return
    turn.state.answers[step.id] = value.to_answer()
    turn.replies.append(Reply.make("flow-date-said", {"when": Said(value.at, value.has_time)}))
    turn.leave(step, turn.default_next(step))


def _files(turn: _Turn, step: Step, files: Files) -> None:
    if step.on_files is None:  # file steps always have the hook; other steps may take files too
        turn.stay(step, Reply(key="flow-files-not-expected"))
        return
    outcome = turn.absorb(step.on_files(turn.ctx, list(files.items)))
    if outcome.goto is not None and outcome.goto != step.id:
        turn._check_goto(step, outcome.goto)
        turn.leave(step, outcome.goto, prompt=outcome.prompt)
    elif outcome.prompt:
        turn.replies.append(render_prompt(turn.ctx, step, reprompt=True))


def current_prompt(flow: Flow, state: RunState, now: datetime) -> list[Reply]:
    """The current step's prompt again (e.g. after answering an FAQ question typed mid-flow)."""
    ctx = Ctx(flow, state.copy_deep(), now)
    return [render_prompt(ctx, flow.step(state.step))]


def current_options(flow: Flow, state: RunState, now: datetime) -> list[ReplyOption]:
    """Every button the user can press now: the current step's options and navigation, and the
    buttons of a date question waiting for an answer. The bot treats a typed label as a press."""
    ctx = Ctx(flow, state.copy_deep(), now)
    step = flow.step(state.step)
    options = render_prompt(ctx, step).all_options()
    pending = state.context.get(DATE_PENDING)
    if isinstance(pending, dict) and pending.get("step") == step.id:
        candidates = [When.from_answer(c) for c in pending.get("candidates", [])]
        if len(candidates) == 1:
            options.append(ReplyOption(id=f"{DATE_OPTION}0", label="flow-date-btn-yes"))
        else:
            options.extend(
                ReplyOption(id=f"{DATE_OPTION}{i}", label="flow-date-option", label_params=said_parts(c, now))
                for i, c in enumerate(candidates)
            )
        options.append(ReplyOption(id=DATE_AGAIN, label="flow-date-btn-again"))
    return options


def takes_files(flow: Flow, state: RunState) -> bool:
    """Whether the current step does something with photos and files (the bot downloads only then)."""
    return flow.step(state.step).on_files is not None


def expects(flow: Flow, state: RunState) -> str:
    """What the current step waits for: the bot sends free text to the FAQ unless this is
    ``text``/``date``/``datetime``."""
    return flow.step(state.step).expects


__all__ = [
    "ENGINE_KEYS",
    "Ctx",
    "Invalid",
    "Outcome",
    "Result",
    "current_options",
    "current_prompt",
    "expects",
    "feed",
    "render_prompt",
    "start",
    "takes_files",
]
