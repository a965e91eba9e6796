"""Labelled buyer questions that train the paraphrase classifier besides the knowledge base.

``faq/examples.yaml`` holds the questions of the development sets (``tests/faq/dev_set*.yaml``),
written blind by outsiders, as a mapping entry id -> questions: each in-scope question is one more
example of its entry, each question under ``__none__`` (out of scope) an example of "none of these"
(faq/classifier.py). They train the classifier only: the fuzzy index reads the knowledge base alone,
so a dev question never becomes a paraphrase that a near-copy could match word for word.

The runtime reads this file, never ``tests/``: the file is a copy, written by
``python -m faq.calibrate --write-examples`` and compared with the dev sets by
tests/faq/test_examples.py, which fails when they have drifted apart. ``dispute-bot faq check``
checks that every id exists. Grouped by entry, the file parses in ~20 ms (a list of 3,600 mappings
took ~90 ms), and it is parsed once per process.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from .yamlfile import parse_yaml

DEFAULT_EXAMPLES_PATH = Path(__file__).with_name("examples.yaml")
NONE_KEY = "__none__"  # the out-of-scope questions (as in faq/cues.yaml)


@dataclass(frozen=True)
class Example:
    q: str  # the question as typed
    id: str | None  # its entry, or None = out of scope ("none of these")


def parse_examples(data: object, where: str = "examples") -> list[Example]:
    """{entry id or __none__: [question, ...]} -> examples."""
    if data is None:
        return []
    if not isinstance(data, dict):
        raise ValueError(f"{where}: expected a mapping {{entry id or {NONE_KEY}: [questions]}}")
    out: list[Example] = []
    for key, questions in data.items():
        if not isinstance(questions, list) or not all(isinstance(q, str) and q.strip() for q in questions):
            raise ValueError(f"{where}: {key}: expected a list of non-empty questions")
        entry_id = None if key == NONE_KEY else str(key)
        out.extend(Example(q, entry_id) for q in questions)
    return out


@functools.cache
def _load(path: Path, _mtime_ns: int) -> tuple[Example, ...]:
    return tuple(parse_examples(parse_yaml(path.read_text(encoding="utf-8")), str(path)))


def load_examples(path: str | Path | None = None) -> list[Example]:
    """The shipped examples (faq/examples.yaml), or those of `path` (parsed once while unchanged)."""
    file = Path(path or DEFAULT_EXAMPLES_PATH)
    return list(_load(file, file.stat().st_mtime_ns))
