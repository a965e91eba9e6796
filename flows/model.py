"""Flow declarations: plain data (pydantic), checked when built.

A :class:`Flow` is a list of :class:`Step` s with stable string ids. A step says what it expects
(``choice``, ``text``, ``date``, ``datetime``, ``file``, ``info``), which text key prompts
for it, and where to go next. Behaviour beyond plain transitions lives in small pure functions
("hooks") that steps and options reference directly — see :mod:`flows.hooks` for their types.

Building a flow validates it; a bad declaration raises :class:`FlowDeclarationError` (at import of
:mod:`flows.registry`, i.e. at start-up): duplicate or malformed ids, an unknown target, a route
without branches, an unreachable step, a choice step without options. A hook that is not a function
is refused by pydantic when the step is made.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, NoReturn

from pydantic import BaseModel, ConfigDict, Field, model_validator

from flows.hooks import ActionHook, ChoicesHook, Condition, FilesHook, ParamsHook, RouteHook, ValidateHook
from flows.replies import RefList

#: Target meaning "the flow ends here".
END = "END"

#: Option ids the engine reserves for navigation buttons (the bot may send them back as ``Choice``).
NAV_BACK, NAV_SKIP, NAV_CANCEL, NAV_DONE = "_back", "_skip", "_cancel", "_done"
NAV_IDS = (NAV_BACK, NAV_SKIP, NAV_CANCEL, NAV_DONE)

Expects = Literal["choice", "text", "date", "datetime", "file", "info"]

#: Step and flow ids: short ASCII, safe in callback data ("f:apply:seller:refused" < 64 bytes).
STEP_ID = re.compile(r"^[a-z][a-z0-9_]{0,19}$")
#: Option ids: short ASCII; dynamic options may be database ids ("12").
OPTION_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,19}$")
TEXT_KEY = re.compile(r"^[a-z][a-z0-9-]*$")


class FlowDeclarationError(Exception):
    """A flow declaration is wrong. Raised when the flow is built, never in a user's chat.

    Deliberately not a ``ValueError``: pydantic lets it through unwrapped, so the message is ours.
    """


class Option(BaseModel):
    """One answer of a choice step: a button."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    label: str  # text key
    label_params: dict[str, str | int] = Field(default_factory=dict)
    label_refs: dict[str, RefList] = Field(default_factory=dict)  # e.g. a case title, rendered when shown
    next: str | None = None  # step id or END; None → the step's own route/next
    action: ActionHook | None = None  # run when chosen
    when: Condition | None = None  # the option is offered only if true

    if TYPE_CHECKING:  # a typed constructor for the type checker: a hook of the wrong kind is an error

        def __init__(
            self,
            *,
            id: str,
            label: str,
            label_params: dict[str, str | int] = ...,
            label_refs: dict[str, RefList] = ...,
            next: str | None = None,
            action: ActionHook | None = None,
            when: Condition | None = None,
        ) -> None: ...


class Step(BaseModel):
    id: str
    expects: Expects
    prompt: str | None = None  # text key; None only for info steps that just run hooks
    reprompt: str | None = None  # text key used when the step is shown again after handling input on it
    params: ParamsHook | None = None  # the prompt's params
    choices: list[Option] = Field(default_factory=list)
    choices_from: ChoicesHook | None = None  # options only known at run time
    optional: bool = False  # Skip allowed (answer stored as None)
    skip_label: str | None = None  # text key of the skip button (default: common skip label)
    validate_with: ValidateHook | None = Field(default=None, alias="validate")  # value | raise Invalid
    on_enter: ActionHook | None = None  # run once each time the step is entered
    on_files: FilesHook | None = None  # file steps (or a choice or text question that also takes files)
    skip_when: Condition | None = None  # true → the step is passed over silently
    route: RouteHook | None = None  # the next step's id (one of ``branches``)
    branches: list[str] = Field(default_factory=list)  # every target ``route``/hooks may return
    next: str | None = None  # default target; None with no route → END
    back: bool = True  # Back allowed from this step (False after effects were emitted)
    cancel: bool = True  # show a cancel button (Cancel still works; see engine)
    remember: bool = True  # pushed to history when left, so Back returns here

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    if TYPE_CHECKING:  # a typed constructor for the type checker (pydantic's plugin leaves it untyped)

        def __init__(
            self,
            *,
            id: str,
            expects: Expects,
            prompt: str | None = None,
            reprompt: str | None = None,
            params: ParamsHook | None = None,
            choices: list[Option] = ...,
            choices_from: ChoicesHook | None = None,
            optional: bool = False,
            skip_label: str | None = None,
            validate_with: ValidateHook | None = None,
            on_enter: ActionHook | None = None,
            on_files: FilesHook | None = None,
            skip_when: Condition | None = None,
            route: RouteHook | None = None,
            branches: list[str] = ...,
            next: str | None = None,
            back: bool = True,
            cancel: bool = True,
            remember: bool = True,
        ) -> None: ...


class Flow(BaseModel):
    """A whole flow."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    start: str
    steps: list[Step]
    title: str | None = None  # text key naming the flow
    # Works on a case the user already has (evidence, appeal): with only one, the bot does not ask which.
    # Otherwise (apply, negotiate) it opens a new case unless told which one to update.
    on_existing_case: bool = False

    @model_validator(mode="after")
    def _check(self) -> Flow:
        check_flow(self)
        return self

    def step(self, step_id: str) -> Step:
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(f"flow {self.name!r} has no step {step_id!r}")

    def has_step(self, step_id: str) -> bool:
        return any(step.id == step_id for step in self.steps)


def step_targets(step: Step) -> list[tuple[str, str]]:
    """Every (label, target) edge out of a step, for validation and diagrams."""
    edges: list[tuple[str, str]] = []
    for option in step.choices:
        if option.next is not None:
            edges.append((option.id, option.next))
    for target in step.branches:
        edges.append(("?", target))
    falls_through = (
        step.expects != "choice" or step.choices_from is not None or any(o.next is None for o in step.choices)
    )
    if falls_through and step.route is None:
        edges.append(("", step.next or END))
    elif step.next is not None:
        edges.append(("", step.next))
    if step.skip_when is not None and step.route is None:
        edges.append(("skip_when", step.next or END))
    return edges


def check_flow(flow: Flow) -> None:
    """Raise :class:`FlowDeclarationError` if the declaration is not sound."""
    check = _Check(flow, _step_ids(flow))
    check.key(flow.title, "title")
    for step in flow.steps:
        check.step(step)
    _check_reachable(flow)


def _fail(flow: Flow, message: str) -> NoReturn:
    raise FlowDeclarationError(f"flow {flow.name!r}: {message}")


def _step_ids(flow: Flow) -> set[str]:
    """The step ids, once each and well-formed (as is the flow's name); the start is one of them."""
    if not STEP_ID.match(flow.name):
        _fail(flow, f"name must match {STEP_ID.pattern}")
    if not flow.steps:
        _fail(flow, "has no steps")
    ids: set[str] = set()
    for step in flow.steps:
        if step.id in ids:
            _fail(flow, f"duplicate step id {step.id!r}")
        ids.add(step.id)
        if not STEP_ID.match(step.id) or step.id == END:
            _fail(flow, f"step id {step.id!r} must match {STEP_ID.pattern}")
    if flow.start not in ids:
        _fail(flow, f"start step {flow.start!r} is not a step")
    return ids


@dataclass(frozen=True)
class _Check:
    """One step at a time: its text keys, its targets, what it expects, its options."""

    flow: Flow
    ids: set[str]

    def key(self, key: str | None, what: str) -> None:
        if key is not None and not TEXT_KEY.match(key):
            _fail(self.flow, f"{what}: {key!r} is not a valid text key")

    def target(self, target: str | None, what: str) -> None:
        if target is not None and target != END and target not in self.ids:
            _fail(self.flow, f"{what}: unknown target {target!r}")

    def step(self, step: Step) -> None:
        at = f"step {step.id!r}"
        self.key(step.prompt, f"{at} prompt")
        self.key(step.reprompt, f"{at} reprompt")
        self.key(step.skip_label, f"{at} skip_label")
        if step.prompt is None and step.expects != "info":
            _fail(self.flow, f"{at} expects {step.expects} but has no prompt")
        self.target(step.next, f"{at} next")
        for target in step.branches:
            self.target(target, f"{at} branches")
        if step.route is not None and not step.branches:
            _fail(self.flow, f"{at} has a route hook but declares no branches")
        self.expectation(step, at)
        self.options(step, at)

    def expectation(self, step: Step, at: str) -> None:
        """Choices on choice steps (and date steps); files on file steps (and choices that take them)."""
        if step.expects == "choice":
            if not step.choices and step.choices_from is None:
                _fail(self.flow, f"{at} expects {step.expects} but has no choices")
        elif (step.choices or step.choices_from) and step.expects not in ("date", "datetime"):
            # a date step may offer buttons beside typing a date (e.g. 还没确认收货)
            _fail(self.flow, f"{at} has choices but expects {step.expects}")
        if step.expects == "file" and step.on_files is None:
            _fail(self.flow, f"{at} expects files but has no on_files hook")
        if step.on_files is not None and step.expects not in ("file", "choice", "text"):
            _fail(self.flow, f"{at} has on_files but expects {step.expects}")

    def options(self, step: Step, at: str) -> None:
        option_ids: set[str] = set()
        for option in step.choices:
            if option.id in option_ids:
                _fail(self.flow, f"{at} duplicate option id {option.id!r}")
            option_ids.add(option.id)
            if not OPTION_ID.match(option.id) or option.id in NAV_IDS:
                _fail(self.flow, f"{at} option id {option.id!r} must match {OPTION_ID.pattern}")
            self.key(option.label, f"{at} option {option.id!r} label")
            self.target(option.next, f"{at} option {option.id!r}")


def _check_reachable(flow: Flow) -> None:
    """Every step can be reached from the start step."""
    by_id = {step.id: step for step in flow.steps}
    seen: set[str] = set()
    todo = [flow.start]
    while todo:
        current = todo.pop()
        if current in seen or current == END:
            continue
        seen.add(current)
        todo.extend(target for _, target in step_targets(by_id[current]))
    unreachable = [step.id for step in flow.steps if step.id not in seen]
    if unreachable:
        _fail(flow, f"unreachable step(s) {', '.join(map(repr, unreachable))}")


def text_keys(flow: Flow) -> set[str]:
    """Every text key a flow's declaration names (prompts, reprompts, labels)."""
    keys: set[str] = set()
    if flow.title:
        keys.add(flow.title)
    for step in flow.steps:
        keys.update(k for k in (step.prompt, step.reprompt, step.skip_label) if k)
        keys.update(option.label for option in step.choices)
    return keys
