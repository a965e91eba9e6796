"""Mermaid diagrams from declarations; flows/ imports neither aiogram nor SQLAlchemy."""

from __future__ import annotations

import subprocess
import sys

import pytest

from flows.diagram import mermaid
from flows.registry import FLOWS


@pytest.mark.parametrize("name", sorted(FLOWS))
def test_mermaid_names_every_step_and_edge(name):
    flow = FLOWS[name]
    text = mermaid(flow)
    assert text.startswith("flowchart TD\n")
    for step in flow.steps:
        assert f"s_{step.id}" in text
    assert f"START_(( )) --> s_{flow.start}" in text
    assert "END_((end))" in text
    # Mermaid reserves "end": never used as a bare node id.
    assert not any(line.strip().startswith("end") for line in text.splitlines())


def test_mermaid_apply_shape():
    text = mermaid(FLOWS["apply"])
    assert 's_requested -- "yes" --> s_requested_at' in text
    assert 's_requested -- "no" --> s_result' in text
    assert 's_order_no -. "skip" .-> s_order_match' in text and "s_order_match --> s_success_at" in text


def test_flows_import_neither_aiogram_nor_sqlalchemy():
    code = (
        "import sys, flows.registry, flows.engine, flows.text, flows.dates, flows.diagram, flows.cases, flows.evidence\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('aiogram', 'sqlalchemy', 'aiogram_i18n'))\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], check=False, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stdout + done.stderr
