"""Measure the matcher on labelled question sets, choose its confidence model and bands.

    python -m faq.calibrate [SET.yaml ...] [--show] [--ablation] [--keep-calibration]
    python -m faq.calibrate --cv                    # leave-one-set-out folds, without -> with examples
    python -m faq.calibrate --write-examples        # faq/examples.yaml from the development sets
    python -m faq.calibrate --score SET.yaml        # the table only (how the evaluation set is scored)

A set is a YAML list of ``{q: question, id: entry-id or null, lang: zh|en, style: ...}`` (id null =
out of scope; ``lang`` and ``style`` are optional and only used to break the figures down). The
default sets are the development sets ``tests/faq/dev_set*.yaml``; *never* the blind evaluation set
``tests/faq/eval_set.yaml`` (only scored, never tuned on; earlier blind sets, once spent, became dev sets).

The development sets' questions are also the classifier's training examples (faq/examples.yaml,
faq/examples.py). So the shipped model has seen every dev question, and its scores on them are
optimistic (a question it was trained on scores higher than an unseen one would). Everything below
is therefore fitted and measured on *out-of-fold* scores (faq/crossval.py): each set's questions
are scored by a classifier trained on the knowledge base and every other set, never on their own.

How the numbers in ``faq.matcher`` (``CALIBRATION``, ``BANDS``) are chosen
--------------------------------------------------------------------------
1. Confidence: a logistic regression of "the best entry is the right one" (out-of-scope questions
   count as wrong) on four inputs — the best fused score, its margin over the runner-up, the
   classifier's "none of these" value and whether an out-of-scope cue fired — fitted on the
   out-of-fold rows of the development sets. Its output, 0–100, is the ``score`` users and tools
   see. (``--keep-calibration`` keeps the shipped model and only chooses the bands.)
2. ``answer_at`` and ``margin``: the pair (confidence 0–100 in steps of 1, margin 0–20) with the
   most correct direct answers minus WRONG_COST x the wrong ones such that direct answers are >= 98%
   precise (wrong + out-of-scope answered <= 2% of all direct answers) and <= 1% of the out-of-scope
   questions are answered, on the out-of-fold rows.
3. ``suggest_at`` (fused score): maximises (questions not answered directly whose right entry is
   among the suggestions) minus (out-of-scope questions shown suggestions).

That the limits hold on questions the model never saw is checked by ``--cv``: each blind-born
set (all but crossval.TEAM_WRITTEN) is held out in turn, the classifier trained on the others, the
held-out set scored with the shipped confidence model and bands, and again with bands re-chosen on the
other sets' out-of-fold rows only (nested: those rows come from classifiers that saw neither the
row's set nor the held-out one). It prints each fold and the mean, without -> with the examples.

``--ablation`` prints each signal alone and fused (top-1 accuracy, and correct direct answers at
the same precision limits with a confidence model refitted for that variant), on out-of-fold rows.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import matcher as matcher_mod
from .clause import readable_part
from .crossval import TEAM_WRITTEN, Sets, out_of_fold_rows, trained_without
from .cues import CueSet
from .examples import DEFAULT_EXAMPLES_PATH, NONE_KEY
from .matcher import Bands, Calibration, FaqMatcher, Signals

TESTS = Path(__file__).resolve().parent.parent / "tests" / "faq"
DEFAULT_SETS = sorted(  # in their numbers' order: dev_set, dev_set_2, …, dev_set_10
    TESTS.glob("dev_set*.yaml"), key=lambda p: int(p.stem.rpartition("_")[2]) if p.stem[-1].isdigit() else 1
)
MIN_PRECISION = 0.98
MAX_OOS = 0.01
# Among the bands within those limits, the one with the most correct direct answers minus WRONG_COST
# x (wrong + out-of-scope direct answers): a confident wrong answer, which the buyer acts on, costs
# as much as three honest "not sure"s. (With cost 0, the limits alone let the margin fall to 6, which
# tripled the confidently wrong answers on held-out questions of the last blind set.)
WRONG_COST = 3.0


@dataclass
class Counts:
    in_scope: int = 0
    correct: int = 0
    wrong: int = 0
    out_of_scope: int = 0
    oos_answered: int = 0


@dataclass
class Figures:
    in_scope: int
    out_of_scope: int
    correct: int
    wrong: int
    oos_answered: int
    confusions: list[tuple[str, str | None, str, float]]  # (question, wanted, answered, score)
    by_lang: dict[str, Counts] = field(default_factory=dict)
    by_style: dict[str, Counts] = field(default_factory=dict)

    @property
    def correct_pct(self) -> float:
        return 100.0 * self.correct / max(1, self.in_scope)

    @property
    def wrong_pct(self) -> float:
        return 100.0 * self.wrong / max(1, self.in_scope)

    @property
    def oos_pct(self) -> float:
        return 100.0 * self.oos_answered / max(1, self.out_of_scope)


def load_sets(paths: Sequence[str | Path]) -> dict[str, list[dict[str, Any]]]:
    """Sets by name (the file name without .yaml)."""
    return {Path(p).stem: load_set(p) for p in paths}


def load_set(path: str | Path) -> list[dict[str, Any]]:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or []
    for i, item in enumerate(data):
        if not isinstance(item, dict) or not isinstance(item.get("q"), str) or "id" not in item:
            raise ValueError(f"{path}: item #{i} is not {{q: str, id: str|null}}")
    return list(data)


def _bump(table: dict[str, Counts], key: str, want: str | None, got: str | None) -> None:
    c = table.setdefault(key, Counts())
    if want is None:
        c.out_of_scope += 1
        c.oos_answered += got is not None
    else:
        c.in_scope += 1
        c.correct += got == want
        c.wrong += got is not None and got != want


def evaluate(matcher: FaqMatcher, items: Sequence[dict[str, Any]]) -> Figures:
    """Figures with the matcher's own bands (what the evaluation test asserts)."""
    fig = Figures(0, 0, 0, 0, 0, [])
    for item in items:
        res = matcher.match(item["q"])
        want = item["id"]
        got = res.entry.id if res.kind == "answer" and res.entry else None
        _bump(fig.by_lang, str(item.get("lang") or res.lang), want, got)
        _bump(fig.by_style, str(item.get("style") or "-"), want, got)
        if want is None:
            fig.out_of_scope += 1
            if got is not None:
                fig.oos_answered += 1
                fig.confusions.append((item["q"], None, got, res.score))
        else:
            fig.in_scope += 1
            if got == want:
                fig.correct += 1
            elif got is not None:
                fig.wrong += 1
                fig.confusions.append((item["q"], want, got, res.score))
            else:
                top = ", ".join(f"{e.id} {s:.0f}" for e, s in res.suggestions) or "-"
                fig.confusions.append((item["q"], want, f"{res.kind} [{top}]", res.score))
    return fig


def table(fig: Figures) -> str:
    """The figures as a table: overall, then per language and per style."""
    lines = [
        f"in scope {fig.in_scope}, out of scope {fig.out_of_scope}",
        f"correct direct answer   {fig.correct:4}/{fig.in_scope:<4} {fig.correct_pct:5.1f}%",
        f"confidently wrong       {fig.wrong:4}/{fig.in_scope:<4} {fig.wrong_pct:5.1f}%",
        f"out of scope answered   {fig.oos_answered:4}/{fig.out_of_scope:<4} {fig.oos_pct:5.1f}%",
        "",
        f"{'group':16} {'in':>4} {'correct':>8} {'%':>6} {'wrong':>6} {'%':>5} {'oos':>4} {'answ.':>6}",
    ]
    for title, groups in (("lang", fig.by_lang), ("style", fig.by_style)):
        for key in sorted(groups):
            c = groups[key]
            pc = 100.0 * c.correct / max(1, c.in_scope)
            pw = 100.0 * c.wrong / max(1, c.in_scope)
            lines.append(
                f"{title + '=' + key:16} {c.in_scope:>4} {c.correct:>8} {pc:6.1f} {c.wrong:>6} {pw:5.1f} "
                f"{c.out_of_scope:>4} {c.oos_answered:>6}"
            )
    return "\n".join(lines)


# --- choosing the confidence model and bands ---------------------------------------------------------


@dataclass
class Row:
    want: str | None
    ranked: list[tuple[str, float]]  # best three (entry id, fused score)
    sig: Signals
    answerable: bool  # not empty / another platform


def rows_for(m: FaqMatcher, items: Sequence[dict[str, Any]]) -> list[Row]:
    rows = []
    for item in items:
        text = readable_part(item["q"], matcher_mod.MAX_QUERY_CHARS)
        basic = m.normalizer.basic(text)
        answerable = bool(basic) and m.normalizer.platform(basic, is_basic=True) is None
        sig = m.read(text) if answerable else Signals([], 0.0, 0.0)
        ranked = [(m.entries[ei].id, s) for ei, s, _ in sig.ranked[:3]]
        rows.append(Row(item["id"], ranked, sig, answerable))
    return rows


def _inputs(sig: Signals) -> list[float]:
    top = sig.ranked[0][1] if sig.ranked else 0.0
    second = sig.ranked[1][1] if len(sig.ranked) > 1 else 0.0
    return [top / 100.0, (top - second) / 100.0, sig.none_classifier, 1.0 if sig.none_cue > 0 else 0.0]


def fit_calibration(rows: Sequence[Row]) -> Calibration:
    from sklearn.linear_model import LogisticRegression

    xs = [_inputs(r.sig) for r in rows if r.ranked]
    ys = [int(r.want is not None and r.ranked[0][0] == r.want) for r in rows if r.ranked]
    model = LogisticRegression(C=10.0, max_iter=1000).fit(xs, ys)
    w = [float(v) for v in model.coef_[0]]
    return Calibration(
        bias=round(float(model.intercept_[0]), 3),
        w_top=round(w[0], 3),
        w_margin=round(w[1], 3),
        w_none=round(w[2], 3),
        w_none_cue=round(w[3], 3),
    )


def choose_bands(m: FaqMatcher, rows: Sequence[Row], cal: Calibration) -> tuple[Bands, dict[str, int]]:
    saved = m.calibration
    m.calibration = cal
    confs = [m.confidence(r.sig) if r.ranked else 0.0 for r in rows]
    m.calibration = saved
    n_in = sum(1 for r in rows if r.want)
    n_oos = len(rows) - n_in
    best: tuple[tuple[float, int, int], dict[str, int]] | None = None
    for answer_at in range(101):
        for margin in range(0, 21, 2):
            c = w = o = 0
            for r, conf in zip(rows, confs, strict=True):
                if not r.ranked:
                    continue
                lead = r.ranked[0][1] - (r.ranked[1][1] if len(r.ranked) > 1 else 0.0)
                if conf >= answer_at and lead >= margin and not r.sig.vague:
                    if r.want is None:
                        o += 1
                    elif r.ranked[0][0] == r.want:
                        c += 1
                    else:
                        w += 1
            if (w + o) <= (1 - MIN_PRECISION) * max(1, c + w + o) and o <= MAX_OOS * n_oos:
                # Ties go to the stricter bands (the same answers on these sets, fewer risks elsewhere).
                key = (c - WRONG_COST * (w + o), answer_at, margin)
                if best is None or key > best[0]:
                    best = (key, {"correct": c, "wrong": w, "oos": o})
    assert best is not None
    (_utility, answer_at, margin), info = best

    best_s: tuple[int, int] | None = None
    for t in range(0, 121, 2):
        oos_sugg = sum(1 for r in rows if r.want is None and r.ranked and r.ranked[0][1] >= t)
        helped = 0
        for r, conf in zip(rows, confs, strict=True):
            if not r.want or not r.ranked:
                continue
            lead = r.ranked[0][1] - (r.ranked[1][1] if len(r.ranked) > 1 else 0.0)
            direct = conf >= answer_at and lead >= margin and not r.sig.vague
            if not direct and any(eid == r.want and s >= t for eid, s in r.ranked):
                helped += 1
        if best_s is None or helped - oos_sugg > best_s[0]:
            best_s = (helped - oos_sugg, t)
    suggest_at = best_s[1] if best_s else 45
    info.update(in_scope=n_in, out_of_scope=n_oos)
    return Bands(answer_at=float(answer_at), margin=float(margin), suggest_at=float(suggest_at)), info


@contextmanager
def _variant(m: FaqMatcher, name: str) -> Iterator[None]:
    """Switch signals off for the ablation: fuzzy alone, classifier alone, without cues, without clause."""
    saved = (matcher_mod.CLASSIFIER_POINTS, matcher_mod.FUZZY_WEIGHT, matcher_mod.CLAUSE_SHARE, m.cues)
    if name in ("fuzzy alone", "fuzzy + cues"):
        matcher_mod.CLASSIFIER_POINTS = 0.0
    if name == "classifier alone":
        matcher_mod.FUZZY_WEIGHT = 0.0
    if name in ("fuzzy alone", "classifier alone", "fused without cues"):
        m.cues = CueSet([])
    if name in ("fuzzy alone", "classifier alone", "fused without clause"):
        matcher_mod.CLAUSE_SHARE = 0.0
    try:
        yield
    finally:
        matcher_mod.CLASSIFIER_POINTS, matcher_mod.FUZZY_WEIGHT, matcher_mod.CLAUSE_SHARE, m.cues = saved


VARIANTS = (
    "fuzzy alone",
    "classifier alone",
    "fuzzy + cues",
    "fused without cues",
    "fused without clause",
    "fused (shipped)",
)


def ablation(m: FaqMatcher, sets: Sets) -> list[str]:
    out = [f"{'variant':22} {'top-1':>6} {'direct':>7} {'wrong':>6} {'oos':>4}  (direct at >= 98% precision)"]
    for name in VARIANTS:
        with _variant(m, name):
            rows = [r for rs in out_of_fold_rows(m, sets).values() for r in rs]
            cal = fit_calibration(rows)
            _bands, info = choose_bands(m, rows, cal)
        n_in = sum(1 for r in rows if r.want)
        top1 = sum(1 for r in rows if r.want and r.ranked and r.ranked[0][0] == r.want)
        direct = 100 * info["correct"] / n_in
        out.append(f"{name:22} {100 * top1 / n_in:6.1f} {direct:7.1f} {info['wrong']:>6} {info['oos']:>4}")
    return out


def decide(m: FaqMatcher, row: Row, cal: Calibration, bands: Bands) -> str | None:
    """The entry `m` answers directly with this confidence model and these bands (None: suggestions
    or none) — `match` on the row's stored signals."""
    if not row.answerable or not row.sig.ranked:
        return None
    saved = m.calibration, m.bands
    m.calibration, m.bands = cal, bands
    try:
        res = m._banded("", "zh", row.sig)
    finally:
        m.calibration, m.bands = saved
    return res.entry.id if res.kind == "answer" and res.entry else None


def counts_of(m: FaqMatcher, rows: Sequence[Row], cal: Calibration, bands: Bands) -> Counts:
    c = Counts()
    for row in rows:
        got = decide(m, row, cal, bands)
        if row.want is None:
            c.out_of_scope += 1
            c.oos_answered += got is not None
        else:
            c.in_scope += 1
            c.correct += got == row.want
            c.wrong += got is not None and got != row.want
    return c


@dataclass
class Fold:
    name: str
    counts: Counts
    bands: Bands


def cross_validate(
    m: FaqMatcher, sets: Sets, *, with_examples: bool = True, rechoose: bool = False
) -> list[Fold]:
    """Leave one blind-born set out: the classifier is trained on the knowledge base and every other
    set's questions (with `with_examples=False`: the knowledge base alone, as before issue #13's
    examples), and the held-out set is scored with the shipped confidence model and bands — or,
    with `rechoose`, bands chosen for that model on the other sets' out-of-fold rows (each scored by
    a classifier that saw neither it nor the held-out set)."""
    folds = []
    saved = m.classifier
    if not with_examples:
        m.classifier = m.train_classifier(examples=[])
    try:
        for name in (n for n in sets if n not in TEAM_WRITTEN):
            bands = m.bands
            if rechoose:
                others: list[list[Row]]
                if with_examples:
                    others = list(out_of_fold_rows(m, sets, exclude=[name]).values())
                else:
                    others = [rows_for(m, items) for other, items in sets.items() if other != name]
                bands, _info = choose_bands(m, [r for rows in others for r in rows], m.calibration)
            if with_examples:
                with trained_without(m, sets, [name]):
                    held = rows_for(m, sets[name])
            else:
                held = rows_for(m, sets[name])
            folds.append(Fold(name, counts_of(m, held, m.calibration, bands), bands))
    finally:
        m.classifier = saved
    return folds


def fold_table(before: Sequence[Fold], after: Sequence[Fold]) -> str:
    def pct(n: int, d: int) -> str:
        return f"{100.0 * n / max(1, d):5.1f}"

    lines = [
        "without -> with the dev questions as training examples (held-out set scored)",
        f"{'held out':12} {'correct %':>14} {'wrong %':>14} {'oos answered %':>14}   bands after",
    ]
    total = [Counts(), Counts()]
    for b, a in zip(before, after, strict=True):
        cb, ca = b.counts, a.counts
        lines.append(
            f"{a.name:12} {pct(cb.correct, cb.in_scope)} -> {pct(ca.correct, ca.in_scope)} "
            f"{pct(cb.wrong, cb.in_scope)} -> {pct(ca.wrong, ca.in_scope)} "
            f"{pct(cb.oos_answered, cb.out_of_scope)} -> {pct(ca.oos_answered, ca.out_of_scope)}   "
            f"{a.bands.answer_at:.0f}/{a.bands.margin:.0f}/{a.bands.suggest_at:.0f}"
        )
        for t, c in zip(total, (cb, ca), strict=True):
            for key in ("in_scope", "correct", "wrong", "out_of_scope", "oos_answered"):
                setattr(t, key, getattr(t, key) + getattr(c, key))

    def mean(folds: Sequence[Fold], key: str, of: str) -> float:
        shares = [100.0 * getattr(f.counts, key) / max(1, getattr(f.counts, of)) for f in folds]
        return float(sum(shares)) / len(folds)

    lines.append(
        f"{'mean':12} {mean(before, 'correct', 'in_scope'):5.1f} -> "
        f"{mean(after, 'correct', 'in_scope'):5.1f} "
        f"{mean(before, 'wrong', 'in_scope'):5.1f} -> {mean(after, 'wrong', 'in_scope'):5.1f} "
        f"{mean(before, 'oos_answered', 'out_of_scope'):5.1f} -> "
        f"{mean(after, 'oos_answered', 'out_of_scope'):5.1f}"
    )
    tb, ta = total
    lines.append(
        f"{'pooled':12} {pct(tb.correct, tb.in_scope)} -> {pct(ta.correct, ta.in_scope)} "
        f"{pct(tb.wrong, tb.in_scope)} -> {pct(ta.wrong, ta.in_scope)} "
        f"{pct(tb.oos_answered, tb.out_of_scope)} -> {pct(ta.oos_answered, ta.out_of_scope)}   "
        f"({tb.correct}/{tb.wrong}/{tb.oos_answered} -> {ta.correct}/{ta.wrong}/{ta.oos_answered} "
        f"of {ta.in_scope} in scope, {ta.out_of_scope} out)"
    )
    return "\n".join(lines)


# --- the training examples (faq/examples.yaml) ---------------------------------------------------------

EXAMPLES_HEADER = """\
# Labelled buyer questions that train the paraphrase classifier (faq/examples.py): the questions of
# the development sets tests/faq/dev_set*.yaml by entry id; __none__ = out of scope ("none of these").
# GENERATED by `python -m faq.calibrate --write-examples`; do not edit (tests/faq/test_examples.py
# fails when this file and the dev sets differ). Not paraphrases: the fuzzy index never reads them.
"""


def examples_yaml(sets: Sets) -> str:
    """faq/examples.yaml for these sets: entry ids in order, then __none__; questions in set order."""
    by_id: dict[str, list[str]] = {}
    for items in sets.values():
        for item in items:
            by_id.setdefault(item["id"] if item["id"] is not None else NONE_KEY, []).append(str(item["q"]))
    lines = [EXAMPLES_HEADER]
    for key in sorted(by_id, key=lambda k: (k == NONE_KEY, k)):
        lines.append(f"{key}:")
        lines.extend(f"  - {json.dumps(q, ensure_ascii=False)}" for q in by_id[key])
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m faq.calibrate", description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("sets", nargs="*", default=[str(p) for p in DEFAULT_SETS], help="labelled YAML sets")
    ap.add_argument("--show", action="store_true", help="print every miss")
    ap.add_argument("--ablation", action="store_true", help="each signal alone and fused")
    ap.add_argument("--score", action="store_true", help="only score the sets with the shipped settings")
    ap.add_argument("--cv", action="store_true", help="leave-one-set-out folds, without -> with examples")
    ap.add_argument("--write-examples", action="store_true", help="write faq/examples.yaml from the sets")
    ap.add_argument(
        "--keep-calibration",
        action="store_true",
        help="choose the bands for the shipped confidence model (no refit)",
    )
    args = ap.parse_args(argv)
    sets = load_sets(args.sets)
    if args.write_examples:
        DEFAULT_EXAMPLES_PATH.write_text(examples_yaml(sets), encoding="utf-8")
        print(f"wrote {DEFAULT_EXAMPLES_PATH} ({sum(map(len, sets.values()))} questions)")
        return 0
    m = FaqMatcher.from_default()
    items = [item for s in sets.values() for item in s]
    if args.cv:
        for rechoose in (False, True):
            print("bands re-chosen per fold on out-of-fold scores" if rechoose else "shipped bands")
            before = cross_validate(m, sets, with_examples=False, rechoose=rechoose)
            print(fold_table(before, cross_validate(m, sets, rechoose=rechoose)) + "\n")
        return 0
    if not args.score:
        # Out-of-fold rows: each set scored by a classifier that never saw its questions.
        rows = [r for rs in out_of_fold_rows(m, sets).values() for r in rs]
        cal = m.calibration if args.keep_calibration else fit_calibration(rows)
        bands, info = choose_bands(m, rows, cal)
        print(f"sets: {', '.join(sets)} (out-of-fold scores)")
        print(f"fitted: {cal}\n  (shipped: {m.calibration})")
        print(f"chosen: {bands}\n  (shipped: {m.bands})")
        print(
            f"  with them: correct {info['correct']}/{info['in_scope']}, wrong {info['wrong']}, "
            f"oos {info['oos']}/{info['out_of_scope']}"
        )
        shipped = counts_of(m, rows, m.calibration, m.bands)
        print(
            f"  shipped numbers on the same rows: correct {shipped.correct}, wrong {shipped.wrong}, "
            f"oos {shipped.oos_answered}"
        )
        if args.ablation:
            print("\n".join(ablation(m, sets)))
    fig = evaluate(m, items)
    print("\nthe shipped model on the sets (in-sample: it was trained on their questions):")
    print(table(fig))
    if args.show:
        for q, want, got, score in fig.confusions:
            print(f"  {score:5.1f}  want {want or '(out of scope)':28} got {got:40} {q}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
