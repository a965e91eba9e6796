"""Callback action ids of the case card and reminder buttons → lifecycle actions (and outcomes)."""

from __future__ import annotations

from flows.cases import RULING_OUTCOMES
from flows.lifecycle import Action

ACTIONS: dict[str, tuple[Action, str | None]] = {
    "agreed": (Action.AGREED, None),
    "refused": (Action.REFUSED, None),
    "silent": (Action.SILENT, None),
    "intervene": (Action.INTERVENE, None),
    "appealed": (Action.APPEALED, None),
    "closed": (Action.CLOSE, None),
    **{f"r_{outcome}": (Action.RULING, outcome) for outcome in RULING_OUTCOMES},
}
