"""The dispute domain without Telegram: flow declarations, the engine, time rules, evidence checklist.

Nothing here imports aiogram or SQLAlchemy.

Using the guided flows (see :mod:`flows.engine` for the details)::

    from flows import engine
    from flows.registry import get_flow
    from flows.inputs import Choice, Text, Files, FileItem, Back, Skip, Cancel, Done

    flow = get_flow("apply")                                   # negotiate / apply / evidence / appeal
    result = engine.start(flow, context, now)   # context: {"case_id": "12", "cases": [...], ...}
    result = engine.feed(flow, state, Choice(option_id="refused"), now)
    result.state     # RunState | None (None: finished or cancelled); save result.state.to_json()
    result.replies   # list[Reply]: one Telegram message each (flows.text.Catalog.render or resolve_params)
    result.effects   # list[Effect]: apply in one DB transaction (flows.effects)
    engine.current_prompt(flow, state, now)                    # the prompt again, e.g. after an FAQ answer
    engine.expects(flow, state)                                # "text"/"date"/"datetime" want typed text

Modules: :mod:`flows.model` (declarations), :mod:`flows.engine`, :mod:`flows.state`,
:mod:`flows.inputs`, :mod:`flows.replies`, :mod:`flows.effects`, :mod:`flows.text` (rendering),
:mod:`flows.dates`, :mod:`flows.evidence`, :mod:`flows.cases`, :mod:`flows.diagram`,
:mod:`flows.registry`, :mod:`flows.defs` (the four flows).
"""
