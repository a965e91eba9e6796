"""Dump (or compare) every labelled question's matcher result, to check that a speed change does not
change any answer. Not a test: the knowledge base and scoring change as accuracy work lands, so the
snapshot is made locally before a change and compared after it.

    .venv/bin/python benchmarks/faq_snapshot.py dump /tmp/before.json [--size N]
    .venv/bin/python benchmarks/faq_snapshot.py compare /tmp/before.json [--size N]

Recorded per question (tests/faq/dev_set*.yaml and eval_set*.yaml when there is one; an evaluation-set
question is keyed and reported by its file and position, never by its text: that set is blind): kind, answered entry, score,
suggestions with scores, the ranked fused scores and coverages (top 10), the "none" signals.
Scores are compared to 1e-6. `--size N` enlarges the knowledge base synthetically as
benchmarks/faq_speed.py does (the classifier is not built above faq.classifier.MAX_CLASSES).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import yaml

from faq.clause import readable_part
from faq.knowledge import load_knowledge
from faq.matcher import MAX_QUERY_CHARS, FaqMatcher


def questions() -> list[tuple[str, str]]:
    """(key, question): the key is the question itself, or "eval_set.yaml#n" for the blind set."""
    out: list[tuple[str, str]] = []
    sets = ROOT / "tests" / "faq"
    for path in sorted(sets.glob("dev_set*.yaml")):
        out += [(str(it["q"]), str(it["q"])) for it in yaml.safe_load(path.read_text(encoding="utf-8"))]
    for path in sorted(sets.glob("eval_set*.yaml")):
        items = yaml.safe_load(path.read_text(encoding="utf-8"))
        out += [(f"{path.name}#{n}", str(it["q"])) for n, it in enumerate(items)]
    return out


def snapshot(size: int | None) -> dict[str, dict]:
    kb = load_knowledge()
    if size:
        from faq_speed import synthetic_entries

        matcher = FaqMatcher(synthetic_entries(kb.entries, size))
    else:
        matcher = FaqMatcher.from_default()
    out: dict[str, dict] = {}
    for key, q in questions():
        r = matcher.match(q)
        text = readable_part(q, MAX_QUERY_CHARS)
        sig = matcher.signals(text, matcher.normalizer.normalize(text))
        out[key] = {
            "kind": r.kind,
            "lang": r.lang,
            "entry": r.entry.id if r.entry else None,
            "score": r.score,
            "suggestions": [[e.id, s] for e, s in r.suggestions],
            "platform": r.platform,
            "ranked": [[matcher.entries[ei].id, s, c] for ei, s, c in sig.ranked[:10]],
            "none": [sig.none_classifier, sig.none_cue],
        }
    return out


def _diff(a: object, b: object, path: str, out: list[str]) -> None:
    if isinstance(a, float) and isinstance(b, float):
        if abs(a - b) > 1e-6:
            out.append(f"{path}: {a!r} != {b!r}")
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            out.append(f"{path}: length {len(a)} != {len(b)}: {a!r} / {b!r}")
            return
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            _diff(x, y, f"{path}[{i}]", out)
    elif isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            _diff(a.get(k), b.get(k), f"{path}.{k}", out)
    elif a != b:
        out.append(f"{path}: {a!r} != {b!r}")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["dump", "compare"])
    ap.add_argument("file")
    ap.add_argument("--size", type=int, default=0)
    args = ap.parse_args()
    now = snapshot(args.size or None)
    if args.mode == "dump":
        Path(args.file).write_text(json.dumps(now, ensure_ascii=False, indent=0), encoding="utf-8")
        print(f"{len(now)} questions written to {args.file}")
        return 0
    before = json.loads(Path(args.file).read_text(encoding="utf-8"))
    problems: list[str] = []
    for q in sorted(set(before) | set(now)):
        _diff(before.get(q), now.get(q), q, problems)
    for p in problems[:40]:
        print(p if not p.startswith("eval_set") else p.split(":")[0] + ": differs")
    print(f"{len(now)} questions compared: {len(problems)} differences")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
