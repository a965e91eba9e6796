"""What a flow's hooks receive and return, and the type of each kind of hook.

A step or option names its hooks directly (``Step(params=advice_params, route=window_route)``), as
aiogram-dialog does: go-to-definition works, and the type checker checks each signature. Hooks are
small pure functions: they get a :class:`Ctx`, may read ``ctx.answers`` / ``ctx.context`` and write
``ctx.answers`` (JSON values only).

=====================  ==========================================  ===============================
Step/Option field      type (signature)                            used for
=====================  ==========================================  ===============================
``params``             :data:`ParamsHook` ``(ctx) -> dict``        the prompt's params (see Reply.make)
``choices_from``       :data:`ChoicesHook` ``(ctx) -> [Option]``   options known only at run time
``validate``           :data:`ValidateHook` ``(ctx, value)``       text (value: str) and date steps
                       ``-> value`` / raise :class:`Invalid`       (value: :class:`flows.dates.When`)
``on_enter``           :data:`ActionHook` ``(ctx) -> Outcome``     replies/effects when entering a step
``on_files``           :data:`FilesHook`                           file steps (or a step that also
                       ``(ctx, list[FileItem]) -> Outcome``        takes files besides its answer)
``skip_when``          :data:`Condition` ``(ctx) -> bool``         pass a step over silently
``route``              :data:`RouteHook` ``(ctx) -> step id``      conditional transitions (one of the
                                                                   step's declared ``branches``)
Option ``action``      :data:`ActionHook` ``(ctx) -> Outcome``     replies/effects when chosen
Option ``when``        :data:`Condition` ``(ctx) -> bool``         offer the option only if true
=====================  ==========================================  ===============================
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from flows.inputs import FileItem
from flows.replies import Reply
from flows.state import RunState

if TYPE_CHECKING:
    from flows.model import Flow, Option


class Invalid(Exception):
    """Raised by a ``validate`` hook: the reply key (and params) that explains what to type."""

    def __init__(self, key: str, params: dict[str, Any] | None = None) -> None:
        super().__init__(key)
        self.key = key
        self.params = params or {}


@dataclass
class Outcome:
    """What a hook adds to a turn.

    ``goto``: where to go next (a declared target; default: the step's normal next, or stay for
    ``on_files``). ``prompt=False``: do not show the next step's prompt this turn (the hook's own reply
    already says enough).
    """

    replies: list[Reply] = field(default_factory=list)
    effects: list[Any] = field(default_factory=list)
    goto: str | None = None
    prompt: bool = True


@dataclass
class Ctx:
    flow: Flow
    state: RunState
    now: datetime

    @property
    def answers(self) -> dict[str, Any]:
        return self.state.answers

    @property
    def context(self) -> dict[str, Any]:
        return self.state.context

    def answer(self, step_id: str, default: Any = None) -> Any:
        return self.state.answers.get(step_id, default)


#: ``params``: the prompt's params.
ParamsHook = Callable[[Ctx], dict[str, Any]]
#: ``choices_from``: options only known at run time.
ChoicesHook = Callable[[Ctx], "list[Option]"]
#: ``validate``: the value to keep (str on text steps, :class:`flows.dates.When` on date steps), or
#: raise :class:`Invalid`.
ValidateHook = Callable[[Ctx, Any], Any]
#: ``on_enter`` and an option's ``action``: replies, effects, where to go.
ActionHook = Callable[[Ctx], Outcome]
#: ``on_files``: what to do with photos and files sent on the step.
FilesHook = Callable[[Ctx, list[FileItem]], Outcome]
#: ``skip_when`` and an option's ``when``.
Condition = Callable[[Ctx], bool]
#: ``route``: the next step's id, one of the step's ``branches``.
RouteHook = Callable[[Ctx], str]
