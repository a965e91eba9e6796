"""The engine and declaration checks, on small flows made for the tests."""

from __future__ import annotations

import ast
import inspect
import json
from datetime import datetime
from typing import Any

import pytest
from pydantic import ValidationError

from flows import engine
from flows.clock import BEIJING
from flows.engine import Invalid, Outcome
from flows.inputs import Back, Cancel, Choice, Done, Files, Skip, Start, Text
from flows.model import END, Flow, FlowDeclarationError, Option, Step
from flows.registry import FLOWS, get_flow
from flows.state import RunState

NOW = datetime(2026, 11, 28, 10, 0, tzinfo=BEIJING)


def toy(**hooks) -> Flow:
    return Flow(
        name="toy",
        start="a",
        steps=[
            Step(
                id="a",
                expects="choice",
                prompt="k-a",
                choices=[Option(id="x", label="k-x"), Option(id="y", label="k-y", next="c")],
                next="b",
            ),
            Step(
                id="b",
                expects="text",
                prompt="k-b",
                optional=True,
                validate_with=hooks.get("v", lambda ctx, text: text),
                next="c",
            ),
            Step(id="c", expects="date", prompt="k-c", next=END),
        ],
    )


# -- declaration checks --------------------------------------------------------------------------


def steps_ok() -> list[Step]:
    return [Step(id="a", expects="text", prompt="k-a", next="b"), Step(id="b", expects="text", prompt="k-b")]


@pytest.mark.parametrize(
    ("steps", "start", "message"),
    [
        ([*steps_ok(), Step(id="a", expects="text", prompt="k")], "a", "duplicate step id 'a'"),
        ([Step(id="a", expects="text", prompt="k", next="zzz")], "a", "unknown target 'zzz'"),
        ([*steps_ok(), Step(id="lost", expects="text", prompt="k")], "a", "unreachable step(s) 'lost'"),
        (steps_ok(), "nope", "start step 'nope' is not a step"),
        ([Step(id="a", expects="choice", prompt="k")], "a", "has no choices"),
        (
            [Step(id="a", expects="text", prompt="k", choices=[Option(id="o", label="k")])],
            "a",
            "has choices",
        ),
        ([Step(id="A-step", expects="text", prompt="k")], "A-step", "must match"),
        ([Step(id="a" * 21, expects="text", prompt="k")], "a" * 21, "must match"),
        (
            [Step(id="a", expects="choice", prompt="k", choices=[Option(id="_back", label="k")])],
            "a",
            "option id",
        ),
        (
            [
                Step(
                    id="a",
                    expects="choice",
                    prompt="k",
                    choices=[Option(id="o", label="k"), Option(id="o", label="k")],
                )
            ],
            "a",
            "duplicate option id",
        ),
        (
            [Step(id="a", expects="choice", prompt="k", choices=[Option(id="o", label="k", next="nowhere")])],
            "a",
            "unknown target 'nowhere'",
        ),
        ([Step(id="a", expects="text", prompt="Not A Key")], "a", "not a valid text key"),
        ([Step(id="a", expects="file", prompt="k")], "a", "no on_files hook"),
        (
            [Step(id="a", expects="text", prompt="k", route=lambda ctx: "a")],
            "a",
            "declares no branches",
        ),
        ([Step(id="a", expects="text")], "a", "has no prompt"),
    ],
)
def test_bad_declarations_fail_when_built(steps, start, message):
    with pytest.raises(FlowDeclarationError) as error:
        Flow(name="bad", start=start, steps=steps)
    assert message in str(error.value)
    assert "flow 'bad'" in str(error.value)


@pytest.mark.parametrize("field", ["params", "validate_with", "on_enter", "skip_when", "route"])
def test_a_hook_named_by_a_string_is_refused(field):
    """Hooks are functions referenced directly; an old-style name is refused when the step is made."""
    with pytest.raises(ValidationError, match="callable"):
        old_style: dict[str, Any] = {field: "rules"}
        Step(id="a", expects="text", prompt="k", **old_style)


def test_registry_flows_are_valid_and_named():
    assert set(FLOWS) == {"negotiate", "apply", "evidence", "appeal", "filing"}
    assert get_flow("apply").name == "apply"
    with pytest.raises(KeyError, match="known: negotiate"):
        get_flow("nope")


def test_ids_are_short_ascii():
    for flow in FLOWS.values():
        for step in flow.steps:
            assert step.id.isascii() and len(step.id) <= 20
            for option in step.choices:
                assert option.id.isascii() and len(option.id) <= 20
                # prefix + flow + step + option fits Telegram's 64 bytes of callback data
                assert len(f"f:{flow.name}:{step.id}:{option.id}".encode()) <= 64


# -- engine ---------------------------------------------------------------------------------------


def test_pure_and_json_round_trip():
    flow = toy()
    first = engine.start(flow, {"case_id": "3"}, NOW)
    saved = first.state.to_json()
    before = json.dumps(saved, sort_keys=True)
    second = engine.feed(flow, RunState.from_json(json.loads(json.dumps(saved))), Choice(option_id="x"), NOW)
    assert json.dumps(saved, sort_keys=True) == before  # the saved state is not modified
    assert second.state.step == "b" and second.state.history == ["a"]
    third = engine.feed(
        flow, RunState.from_json(json.loads(json.dumps(second.state.to_json()))), Text(text="hi"), NOW
    )
    assert third.state.answers == {"a": "x", "b": "hi"}
    fourth = engine.feed(flow, third.state, Text(text="昨天 20:30"), NOW)
    assert fourth.state is None and [r.key for r in fourth.replies] == ["flow-date-said"]


def test_state_rejects_non_json_answers():
    with pytest.raises(ValueError):
        RunState(flow="toy", step="a", answers={1: "x"})
    with pytest.raises(ValueError):
        RunState(flow="toy", step="a", context={"at": NOW})


def test_prompt_has_options_and_nav():
    flow = toy()
    result = engine.start(flow, {}, NOW)
    (reply,) = result.replies
    assert reply.key == "k-a" and [o.id for o in reply.options] == ["x", "y"]
    assert [o.id for o in reply.nav] == ["_cancel"]  # nothing to go back to yet
    result = engine.feed(flow, result.state, Choice(option_id="x"), NOW)
    assert [o.id for o in result.replies[0].nav] == ["_back", "_skip", "_cancel"]


def test_option_next_overrides_step_next():
    flow = toy()
    result = engine.feed(flow, engine.start(flow, {}, NOW).state, Choice(option_id="y"), NOW)
    assert result.state.step == "c"


def test_back_skip_cancel_done():
    flow = toy()
    state = engine.start(flow, {}, NOW).state
    state = engine.feed(flow, state, Choice(option_id="x"), NOW).state
    skipped = engine.feed(flow, state, Skip(), NOW)
    assert skipped.state.step == "c" and skipped.state.answers["b"] is None
    back = engine.feed(flow, skipped.state, Back(), NOW)
    assert back.state.step == "b" and "b" not in back.state.answers
    back = engine.feed(flow, back.state, Choice(option_id="_back"), NOW)
    assert back.state.step == "a" and back.state.answers == {} and back.state.history == []
    no_skip = engine.feed(flow, back.state, Skip(), NOW)
    assert [r.key for r in no_skip.replies] == ["flow-cannot-skip", "k-a"]
    done = engine.feed(flow, back.state, Done(), NOW)
    assert [r.key for r in done.replies] == ["flow-done-not-here", "k-a"]
    cancelled = engine.feed(flow, back.state, Cancel(), NOW)
    assert cancelled.state is None and cancelled.cancelled and cancelled.replies[0].key == "flow-cancelled"


def test_validator_errors_keep_the_step():
    def v(ctx, text):
        if text != "ok":
            raise Invalid("k-bad", {"n": 3})
        return text.upper()

    flow = toy(v=v)
    state = engine.feed(flow, engine.start(flow, {}, NOW).state, Choice(option_id="x"), NOW).state
    bad = engine.feed(flow, state, Text(text="nope"), NOW)
    assert [r.key for r in bad.replies] == ["k-bad", "k-b"] and bad.replies[0].params == {"n": 3}
    assert bad.state.step == "b"
    good = engine.feed(flow, state, Text(text="ok"), NOW)
    assert good.state.answers["b"] == "OK"
    empty = engine.feed(flow, state, Text(text="   "), NOW)
    assert empty.replies[0].key == "flow-text-empty"
    long = engine.feed(flow, state, Text(text="x" * 501), NOW)
    assert long.replies[0].key == "flow-text-too-long"


def test_date_step_errors():
    flow = toy()
    state = engine.feed(flow, engine.start(flow, {}, NOW).state, Choice(option_id="y"), NOW).state
    future = engine.feed(flow, state, Text(text="明年"), NOW)
    assert future.replies[0].key == "flow-date-invalid" and future.replies[0].params == {"with_time": "no"}
    future = engine.feed(flow, state, Text(text="2030-01-01"), NOW)
    assert future.replies[0].key == "flow-date-future"


def test_files_where_not_expected():
    flow = toy()
    state = engine.start(flow, {}, NOW).state
    result = engine.feed(flow, state, Files(items=[]), NOW)
    assert [r.key for r in result.replies] == ["flow-files-not-expected", "k-a"]


def test_current_prompt_and_expects():
    flow = toy()
    state = engine.feed(flow, engine.start(flow, {}, NOW).state, Choice(option_id="x"), NOW).state
    assert state is not None
    (reply,) = engine.current_prompt(flow, state, NOW)
    assert reply.key == "k-b" and [o.id for o in reply.nav] == ["_back", "_skip", "_cancel"]
    assert engine.expects(flow, state) == "text"


def test_state_of_another_flow_is_refused():
    state = engine.start(toy(), {}, NOW).state
    with pytest.raises(ValueError):
        engine.feed(get_flow("apply"), state, Back(), NOW)
    with pytest.raises(ValueError):
        engine.feed(toy(), None, Back(), NOW)


def test_unknown_saved_step_restarts_the_flow():
    flow = toy()
    state = RunState(flow="toy", step="removed_step", context={"case_id": "1"})
    result = engine.feed(flow, state, Text(text="hi"), NOW)
    assert result.state.step == "a" and result.state.context == {"case_id": "1"}


def test_hooks_skip_when_route_on_enter_and_info():
    seen = []

    def on_enter(ctx):
        seen.append(ctx.state.step)
        return Outcome(replies=[], effects=[])

    flow = Flow(
        name="hooks",
        start="pick",
        steps=[
            Step(
                id="pick",
                expects="choice",
                prompt="k-pick",
                choices=[Option(id="o", label="k-o")],
                skip_when=lambda ctx: "go" in ctx.context,
                route=lambda ctx: "left" if ctx.context.get("go") == "left" else "right",
                branches=["left", "right"],
            ),
            Step(id="left", expects="info", prompt="k-left", on_enter=on_enter, next="right"),
            Step(
                id="right",
                expects="choice",
                prompt="k-right",
                choices=[Option(id="ok", label="k-ok", next=END)],
            ),
        ],
    )
    result = engine.start(flow, {"go": "left"}, NOW)
    assert [r.key for r in result.replies] == ["k-left", "k-right"] and result.state.step == "right"
    assert seen == ["left"] and result.state.history == []
    result = engine.start(flow, {}, NOW)
    assert result.state.step == "pick"
    result = engine.feed(flow, result.state, Choice(option_id="o"), NOW)
    assert result.state.step == "right"
    done = engine.feed(flow, result.state, Choice(option_id="ok"), NOW)
    assert done.state is None and done.finished


def test_start_input_through_feed():
    result = engine.feed(toy(), None, Start(context={"x": "1"}), NOW)
    assert result.state.context == {"x": "1"}


@pytest.mark.parametrize("model", [Step, Option])
def test_the_typed_constructor_names_every_field(model):
    """``Step``/``Option`` spell out their constructor for the type checker (so a hook of the wrong kind
    fails in mypy); it must name exactly the model's fields."""
    tree = ast.parse(inspect.getsource(model))
    (init,) = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == "__init__"]
    assert [a.arg for a in init.args.kwonlyargs] == list(model.model_fields)
