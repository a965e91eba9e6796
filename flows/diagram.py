"""A Mermaid flowchart generated from a flow declaration (``dispute-bot flows diagram NAME``)."""

from __future__ import annotations

from flows.model import END, Flow, step_targets


def _node(step_id: str) -> str:
    # Prefixed: Mermaid reserves words such as "end" as node ids.
    return "END_" if step_id == END else f"s_{step_id}"


def mermaid(flow: Flow) -> str:
    lines = ["flowchart TD", f"    %% flow: {flow.name} (generated from the declaration)"]
    lines.append(f"    START_(( )) --> {_node(flow.start)}")
    for step in flow.steps:
        extras = []
        if step.optional:
            extras.append("optional")
        if not step.back:
            extras.append("no back")
        label = f"{step.id}<br/><i>{step.expects}</i>" + (
            f"<br/><small>{', '.join(extras)}</small>" if extras else ""
        )
        shape = (
            ("[/", "/]")
            if step.expects == "info"
            else ("{{", "}}")
            if step.expects == "choice"
            else ("[", "]")
        )
        lines.append(f'    {_node(step.id)}{shape[0]}"{label}"{shape[1]}')
    lines.append("    END_((end))")
    seen: set[tuple[str, str, str]] = set()
    for step in flow.steps:
        for label, target in step_targets(step):
            edge = (step.id, label, target)
            if edge in seen:
                continue
            seen.add(edge)
            if label == "?":
                lines.append(f"    {_node(step.id)} -.-> {_node(target)}")
            elif label == "skip_when":
                lines.append(f'    {_node(step.id)} -. "skipped" .-> {_node(target)}')
            elif label:
                lines.append(f'    {_node(step.id)} -- "{label}" --> {_node(target)}')
            else:
                lines.append(f"    {_node(step.id)} --> {_node(target)}")
        if step.optional:
            lines.append(f'    {_node(step.id)} -. "skip" .-> {_node(step.next or END)}')
    return "\n".join(lines) + "\n"
