"""The saved state of one run of a flow: JSON with string keys only.

Datetimes in ``answers`` are ISO strings in UTC. ``context`` is what the bot seeded at start
(case id, problem, known evidence hashes, the user's cases …); the engine reads it, and the bot may
update it between turns (:meth:`RunState.bind_case`).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator


def check_json(value: Any, where: str = "value") -> None:
    """Raise ValueError unless ``value`` survives a JSON round trip unchanged (str keys, plain types)."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return
    if isinstance(value, list):
        for i, item in enumerate(value):
            check_json(item, f"{where}[{i}]")
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise ValueError(f"{where}: dict key {key!r} is not a string")
            check_json(item, f"{where}.{key}")
        return
    raise ValueError(f"{where}: {type(value).__name__} is not JSON-able (use ISO strings for datetimes)")


class RunState(BaseModel):
    model_config = ConfigDict(extra="forbid")

    flow: str
    step: str
    answers: dict[str, Any] = Field(default_factory=dict)
    history: list[str] = Field(default_factory=list)
    context: dict[str, Any] = Field(default_factory=dict)
    entered: list[str] = Field(default_factory=list)  # steps already shown once (for reprompts)

    @field_validator("answers", "context")
    @classmethod
    def _json_only(cls, value: dict[str, Any]) -> dict[str, Any]:
        check_json(value)
        return value

    def to_json(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RunState:
        # Runs saved by earlier versions carry a "version" field that nothing ever read.
        return cls.model_validate({key: value for key, value in data.items() if key != "version"})

    def copy_deep(self) -> RunState:
        return RunState.from_json(self.to_json())

    def bind_case(self, case_id: str | int) -> RunState:
        """A copy whose context names the case the bot just created for this run (after OpenCase)."""
        new = self.copy_deep()
        new.context["case_id"] = str(case_id)
        return new
