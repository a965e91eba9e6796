"""Leave-one-set-out cross-validation of the classifier trained on the development sets' questions.

Once the dev sets' questions train the classifier (faq/examples.py), scoring a dev set with the
shipped model is optimistic: the model has seen those very questions. Honest figures come from
folds: the classifier is trained on the knowledge base, faq/out_of_scope.yaml and the questions of
every *other* set, and scores the held-out one (the fuzzy index and cues stay as shipped). The
confidence model and bands are fitted the same way (faq/calibrate.py): on out-of-fold scores only.

Used by ``python -m faq.calibrate`` (``--cv`` prints the folds); a development tool, it reads tests/.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from .examples import Example

if TYPE_CHECKING:
    from .calibrate import Row
    from .matcher import FaqMatcher

# Sets 1, 3 and 4 were written by the team: always training data. Every other set was written blind
# by outsiders (an evaluation set once, or a blind dev set from the start): those are the folds.
TEAM_WRITTEN = frozenset({"dev_set", "dev_set_3", "dev_set_4"})

Sets = Mapping[str, Sequence[dict[str, Any]]]


def examples_of(items: Sequence[dict[str, Any]]) -> list[Example]:
    return [Example(str(item["q"]), item["id"]) for item in items]


def examples_except(sets: Sets, left_out: Sequence[str]) -> list[Example]:
    """The questions of every set but `left_out`, as training examples."""
    return [ex for name, items in sets.items() if name not in left_out for ex in examples_of(items)]


@contextmanager
def trained_without(m: FaqMatcher, sets: Sets, left_out: Sequence[str]) -> Iterator[FaqMatcher]:
    """`m` with its classifier retrained on every set but `left_out` (restored afterwards)."""
    saved = m.classifier
    m.classifier = m.train_classifier(examples=examples_except(sets, left_out))
    try:
        yield m
    finally:
        m.classifier = saved


def out_of_fold_rows(m: FaqMatcher, sets: Sets, exclude: Sequence[str] = ()) -> dict[str, list[Row]]:
    """Each set's rows scored by a classifier that saw neither it nor the sets in `exclude`."""
    from .calibrate import rows_for

    out: dict[str, list[Row]] = {}
    for name, items in sets.items():
        if name in exclude:
            continue
        with trained_without(m, sets, [name, *exclude]):
            out[name] = rows_for(m, items)
    return out
