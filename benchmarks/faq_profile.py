"""Where a slow question's time goes: the matcher's stages, timed inside real `match` calls.

    .venv/bin/python benchmarks/faq_profile.py [--slowest 100] [--passes 5]

Finds the slowest questions of the development sets (CPU time, the least of three tries each), then
asks them again `--passes` times with the matcher's stages wrapped in CPU-time counters and prints
each stage's inclusive time per question (a stage's time includes the stages it calls; the wrapper
adds a little to each). cProfile distorts this code (it charges every dict lookup in a loop); these
counters only sit at stage boundaries. Not a test.
"""

from __future__ import annotations

import argparse
import functools
import gc
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from faq_speed import load_questions

import faq.matcher as matcher_module
from faq.matcher import FaqMatcher
from faq.normalize import has_cjk


def cpu_time(fn: Callable[[str], object], question: str, tries: int = 3) -> int:
    best = 1 << 62
    for _ in range(tries):
        t0 = time.thread_time_ns()
        fn(question)
        best = min(best, time.thread_time_ns() - t0)
    return best


def wrap_stages(m: FaqMatcher, totals: dict[str, int]) -> list[str]:
    """Replaces the stages by wrappers that add their CPU time to `totals`; returns their labels."""

    def wrap(owner: Any, name: str, label: str) -> None:
        inner = getattr(owner, name)

        @functools.wraps(inner)
        def timed(*args: Any, **kwargs: Any) -> Any:
            t0 = time.thread_time_ns()
            try:
                return inner(*args, **kwargs)
            finally:
                totals[label] = totals.get(label, 0) + time.thread_time_ns() - t0

        setattr(owner, name, timed)

    stages: list[tuple[Any, str, str]] = [
        (m, "match", "match (all)"),
        (m, "signals", "signals (all fused)"),
        (m, "_fuzzy", "fuzzy score (message + clause)"),
        (m.index, "rank", "  index.rank"),
        (m.index.extractor, "features", "    features"),
        (m.index, "_query_weights", "    query weights"),
        (m.index, "_rank_all", "    postings, F1, score"),
        (m, "_add_classifier", "classifier (message + clause)"),
        (m.classifier, "scores", "  classifier.scores"),
        (m.cues, "boosts", "cues"),
        (m.typos, "fix", "homophone typos"),
        (m.normalizer, "normalize", "normalize"),
        (m.normalizer, "basic", "  basic"),
        (m.normalizer, "platform", "other platform"),
        (matcher_module, "read_question", "asked clause"),
    ]
    labels = []
    for owner, name, label in stages:
        if owner is not None and hasattr(owner, name):
            wrap(owner, name, label)
            labels.append(label)
    return labels


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--slowest", type=int, default=100)
    ap.add_argument("--passes", type=int, default=5)
    args = ap.parse_args()

    m = FaqMatcher.from_default()
    questions = [str(it["q"]) for it in load_questions()]
    for q in questions:  # warm: word caches, pinyin table
        m.match(q)
    gc.disable()
    cost = {q: cpu_time(m.match, q) for q in questions}
    slow = sorted(questions, key=cost.__getitem__, reverse=True)[: args.slowest]
    zh = sum(1 for q in slow if has_cjk(q))
    print(
        f"{len(slow)} slowest of {len(questions)} questions ({zh} Chinese, {len(slow) - zh} English); "
        f"CPU time {cost[slow[-1]] / 1e6:.2f}-{cost[slow[0]] / 1e6:.2f} ms; slowest:"
    )
    for q in slow[:5]:
        print(f"  {cost[q] / 1e6:.2f} ms  {q[:70]}")

    totals: dict[str, int] = {}
    labels = wrap_stages(m, totals)
    for q in slow:
        m.match(q)
    totals.clear()
    for _ in range(args.passes):
        for q in slow:
            m.match(q)
    gc.enable()
    per_question = args.passes * len(slow) * 1000
    whole = totals.get("match (all)", 1)
    print(f"\nCPU time per question by stage (inclusive, {args.passes} passes):")
    for label in labels:
        ns = totals.get(label, 0)
        print(f"  {label:<32} {ns / per_question:8.1f} us  {100 * ns / whole:5.1f} %")
    return 0


if __name__ == "__main__":
    sys.exit(main())
