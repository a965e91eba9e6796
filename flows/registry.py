"""All flows, built and validated at import (a bad declaration fails at start-up)."""

from __future__ import annotations

from flows.defs import appeal, apply, evidence, filing, negotiate
from flows.model import Flow

FLOWS: dict[str, Flow] = {
    flow.name: flow for flow in (negotiate.FLOW, apply.FLOW, evidence.FLOW, appeal.FLOW, filing.FLOW)
}

#: Flows the bot starts by itself, not by a command or the menu: filing what was sent outside a flow.
BOT_STARTED: frozenset[str] = frozenset({"filing"})


def get_flow(name: str) -> Flow:
    try:
        return FLOWS[name]
    except KeyError:
        raise KeyError(f"no flow named {name!r}; known: {', '.join(FLOWS)}") from None
