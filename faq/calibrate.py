"""Measure the matcher on a labelled question set and choose the band thresholds.

    python -m faq.calibrate [SET.yaml ...] [--show]

A set is a YAML list of ``{q: question, id: entry-id or null}`` (null = out of scope).
The default is ``tests/faq/dev_set.yaml`` — the development set written for this purpose — plus
``tests/faq/dev_set_2.yaml`` (the earlier evaluation set, tuned on and so moved into the development
data); *not* the blind evaluation set ``tests/faq/eval_set.yaml`` (only measured, never tuned on).

How the bands in ``faq.matcher.BANDS`` were chosen
--------------------------------------------------
1. ``answer_at`` and ``margin``: every pair on a grid (score 0–100 in steps of 1, margin 0–15) is
   applied to the development set; among the pairs with confident-wrong answers <= 3% of the
   in-scope questions and confident answers to <= 3% of the out-of-scope questions, the one with the
   most correct confident answers wins (ties: the higher, safer threshold). These are the limits
   the evaluation test enforces, so the development set is held to the same standard.
2. ``suggest_at``: the threshold that maximises (questions not answered confidently whose right entry
   is among the suggestions) minus (out-of-scope questions shown suggestions) — a "did you mean"
   list for an unrelated question costs a tap, a missing one for a near miss costs an answer.
   Below it, the reply is an honest "I don't know". The table printed by this script shows both
   counts per threshold.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from .matcher import Bands, FaqMatcher

DEFAULT_SET = Path(__file__).resolve().parent.parent / "tests" / "faq" / "dev_set.yaml"
MAX_WRONG = 0.03
MAX_OOS = 0.03


@dataclass
class Row:
    q: str
    want: str | None
    kind: str  # kind of the result with bands that never answer (scores only)
    ranked: list[tuple[str, float]]


@dataclass
class Figures:
    in_scope: int
    out_of_scope: int
    correct: int
    wrong: int
    oos_answered: int
    confusions: list[tuple[str, str | None, str, float]]  # (question, wanted, answered, score)

    @property
    def correct_pct(self) -> float:
        return 100.0 * self.correct / max(1, self.in_scope)

    @property
    def wrong_pct(self) -> float:
        return 100.0 * self.wrong / max(1, self.in_scope)

    @property
    def oos_pct(self) -> float:
        return 100.0 * self.oos_answered / max(1, self.out_of_scope)


def load_set(path: str | Path) -> list[dict]:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or []
    for i, item in enumerate(data):
        if not isinstance(item, dict) or not isinstance(item.get("q"), str) or "id" not in item:
            raise ValueError(f"{path}: item #{i} is not {{q: str, id: str|null}}")
    return data


def evaluate(matcher: FaqMatcher, items: Sequence[dict]) -> Figures:
    """Figures with the matcher's own bands (what the evaluation test asserts)."""
    ins = oos = correct = wrong = oos_answered = 0
    confusions = []
    for item in items:
        res = matcher.match(item["q"])
        want = item["id"]
        got = res.entry.id if res.kind == "answer" and res.entry else None
        if want is None:
            oos += 1
            if got is not None:
                oos_answered += 1
                confusions.append((item["q"], None, got, res.score))
        else:
            ins += 1
            if got == want:
                correct += 1
            elif got is not None:
                wrong += 1
                confusions.append((item["q"], want, got, res.score))
            else:
                top = ", ".join(f"{e.id} {s:.0f}" for e, s in res.suggestions) or "-"
                confusions.append((item["q"], want, f"{res.kind} [{top}]", res.score))
    return Figures(ins, oos, correct, wrong, oos_answered, confusions)


def _rows(matcher: FaqMatcher, items: Sequence[dict]) -> list[Row]:
    rows = []
    for item in items:
        probe = matcher.match(item["q"])
        ranked = (
            []
            if probe.kind in ("empty", "other_platform")
            else [(e.id, s) for e, s in matcher.rank(item["q"], limit=3)]
        )
        rows.append(Row(item["q"], item["id"], probe.kind, ranked))
    return rows


def choose_bands(matcher: FaqMatcher, items: Sequence[dict]) -> tuple[Bands, dict]:
    rows = _rows(matcher, items)
    n_in = sum(1 for r in rows if r.want)
    n_oos = len(rows) - n_in
    best = None
    for answer_at in range(101):
        for margin in range(16):
            c = w = o = 0
            for r in rows:
                if not r.ranked:
                    continue
                s1 = r.ranked[0][1]
                s2 = r.ranked[1][1] if len(r.ranked) > 1 else 0.0
                if s1 >= answer_at and s1 - s2 >= margin:
                    if r.want is None:
                        o += 1
                    elif r.ranked[0][0] == r.want:
                        c += 1
                    else:
                        w += 1
            if w <= MAX_WRONG * n_in and o <= MAX_OOS * n_oos:
                key = (c, answer_at, margin)
                if best is None or key > best[0]:
                    best = (key, (c, w, o))
    assert best is not None
    (c, answer_at, margin), (_, w, o) = best

    # suggest_at: the threshold with the best balance of helped questions (not answered confidently,
    # but the right entry is among the suggestions) minus out-of-scope questions shown suggestions.
    table = []
    best_suggest = None
    for t in range(answer_at, -1, -1):
        oos_sugg = sum(1 for r in rows if r.want is None and r.ranked and r.ranked[0][1] >= t)
        helped = 0
        for r in rows:
            if not r.want or not r.ranked:
                continue
            s1 = r.ranked[0][1]
            s2 = r.ranked[1][1] if len(r.ranked) > 1 else 0.0
            confident = s1 >= answer_at and s1 - s2 >= margin
            if not confident and any(eid == r.want and s >= t for eid, s in r.ranked[:3]):
                helped += 1
        table.append((t, helped, oos_sugg))
        if best_suggest is None or helped - oos_sugg > best_suggest[0]:
            best_suggest = (helped - oos_sugg, t)
    suggest_at = best_suggest[1] if best_suggest else answer_at
    info = {"correct": c, "wrong": w, "oos": o, "in_scope": n_in, "out_of_scope": n_oos, "table": table}
    return Bands(answer_at=float(answer_at), margin=float(margin), suggest_at=float(suggest_at)), info


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m faq.calibrate", description=__doc__.split("\n\n")[0])
    ap.add_argument("sets", nargs="*", default=[str(DEFAULT_SET)], help="labelled YAML sets")
    ap.add_argument("--show", action="store_true", help="print every miss")
    args = ap.parse_args(argv)
    matcher = FaqMatcher.from_default()
    items = [item for path in args.sets for item in load_set(path)]
    bands, info = choose_bands(matcher, items)
    print(f"set: {', '.join(args.sets)} — {info['in_scope']} in scope, {info['out_of_scope']} out of scope")
    print(f"chosen: {bands}   (current: {matcher.bands})")
    print(
        f"  with chosen bands: correct {info['correct']}, confident-wrong {info['wrong']}, "
        f"out-of-scope answered {info['oos']}"
    )
    print("  suggest_at  right-entry-suggested  out-of-scope-suggested")
    for t, helped, oos_sugg in info["table"][:: max(1, len(info["table"]) // 12)]:
        print(f"  {t:>10}  {helped:>21}  {oos_sugg:>22}")
    fig = evaluate(matcher, items)
    print(
        f"with current bands: correct {fig.correct_pct:.1f}%  confident-wrong {fig.wrong_pct:.1f}%  "
        f"out-of-scope answered {fig.oos_pct:.1f}%"
    )
    if args.show:
        for q, want, got, score in fig.confusions:
            print(f"  {score:5.1f}  want {want or '(out of scope)':28} got {got:40} {q}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
