"""``dispute-bot faq check``: validate the knowledge base and the operators' overlay.

Checks: the knowledge base loads (ids unique and well-formed, both languages present, answers
Telegram-safe — faq/knowledge.py); the overlay names only existing entries; no paraphrase (after
normalisation) belongs to two entries; the cue file and the classifier's training examples
(faq/examples.yaml) name only existing entries; every number an
answer states (72小时, 15天, 3–5个工作日, 9510211 …) occurs in the domain guide, except in the
entries whose source is outside it. Prints the paraphrase counts per entry (shipped + overlay).
Exit code 0 when everything holds, 1 otherwise.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TextIO

from .cues import NONE, CueSet
from .examples import Example, load_examples
from .knowledge import LANGS, KnowledgeBase, KnowledgeError, load_knowledge
from .normalize import Normalizer
from .overlay import Overlay, load_overlay, with_overlay

# Entries whose facts come from outside the guide (their source says so).
OUTSIDE_GUIDE = frozenset({"seven-day-return", "complaint-12315", "about-bot"})
_LIST_NUMBER_RE = re.compile(r"(?m)^\s*\d+[.、)]\s*|[①②③④⑤⑥⑦⑧⑨]")
_NUMBER_RE = re.compile(r"\d+")
# Numbers from outside the guide that an answer may state when it says so in the same sentence.
OUTSIDE_NUMBERS = {"12315": ("不属于本指南", "not part of the guide")}


def find_guide() -> Path | None:
    """DOMAIN_GUIDE, or shared/domain/ beside the repository (as in the project's layout)."""
    env = os.environ.get("DOMAIN_GUIDE")
    candidates = [Path(env)] if env else []
    root = Path(__file__).resolve().parent.parent
    name = "taobao-intervention-guide.zh.txt"
    candidates += [root / "shared" / "domain" / name, root.parent / "shared" / "domain" / name]
    candidates += [p / "shared" / "domain" / name for p in root.parents]
    return next((p for p in candidates if p.is_file()), None)


def check(
    knowledge: KnowledgeBase,
    overlay: Overlay,
    guide_text: str | None,
    normalizer: Normalizer,
    examples: list[Example] | None = None,
) -> tuple[list[str], list[tuple[str, int, int, int]]]:
    """(problems, [(entry id, zh paraphrases, en paraphrases, of which from the overlay)]);
    `examples`: the classifier's training examples (default: faq/examples.yaml)."""
    problems: list[str] = []
    try:
        merged = with_overlay(knowledge, overlay)
    except KnowledgeError as exc:
        return [str(exc)], []
    owner: dict[str, str] = {}
    for entry in merged.entries:
        for _lang, text in entry.texts():
            norm = normalizer.normalize(text)
            if norm and owner.setdefault(norm, entry.id) != entry.id:
                problems.append(f"paraphrase {text!r} belongs to both {owner[norm]} and {entry.id}")
        for lang in LANGS:
            if not entry.answer_in(lang).strip() or not entry.question_in(lang).strip():
                problems.append(f"{entry.id}: no {lang} question or answer")
    ids = {e.id for e in merged.entries}
    for cue_id in sorted(CueSet.load(normalizer).entry_ids() - ids - {NONE}):
        problems.append(f"faq/cues.yaml: unknown entry id {cue_id!r}")
    try:
        labelled = examples if examples is not None else load_examples()
    except (OSError, ValueError) as exc:
        problems.append(f"faq/examples.yaml: {exc}")
        labelled = []
    for example_id in sorted({ex.id for ex in labelled if ex.id is not None} - ids):
        problems.append(f"faq/examples.yaml: unknown entry id {example_id!r}")
    if guide_text is not None:
        guide_numbers = set(_NUMBER_RE.findall(guide_text))
        for entry in merged.entries:
            if entry.id in OUTSIDE_GUIDE:
                continue
            for lang in LANGS:
                text = _LIST_NUMBER_RE.sub(" ", entry.answer_in(lang))
                for number in sorted(set(_NUMBER_RE.findall(text)) - guide_numbers):
                    if number in OUTSIDE_NUMBERS and any(m in text for m in OUTSIDE_NUMBERS[number]):
                        continue
                    problems.append(f"{entry.id} ({lang}): the number {number} is not in the guide")
    counts = []
    for entry in merged.entries:
        extra = overlay.paraphrases.get(entry.id)
        n_extra = len(extra.zh) + len(extra.en) if extra else 0
        counts.append((entry.id, len(entry.paraphrases.zh), len(entry.paraphrases.en), n_extra))
    return problems, counts


def run_check(overlay_path: str | Path | None, out: TextIO) -> int:
    try:
        knowledge = load_knowledge()
        overlay = load_overlay(overlay_path)
    except KnowledgeError as exc:
        print(f"faq check: {exc}", file=out)
        return 1
    guide = find_guide()
    guide_text = guide.read_text(encoding="utf-8") if guide else None
    problems, counts = check(knowledge, overlay, guide_text, Normalizer.default())
    print(f"{'entry':32} {'zh':>4} {'en':>4} {'overlay':>8}", file=out)
    for entry_id, zh, en, extra in counts:
        print(f"{entry_id:32} {zh:>4} {en:>4} {extra:>8}", file=out)
    where = overlay_path if overlay_path and Path(overlay_path).exists() else "none"
    summary = f"{overlay.count()} paraphrases, {len(overlay.ignored)} ignored"
    print(f"{len(counts)} entries; overlay: {where} ({summary})", file=out)
    if guide_text is None:
        print("guide not found (set DOMAIN_GUIDE): numbers not checked against it", file=out)
    for problem in problems:
        print(f"PROBLEM: {problem}", file=out)
    print("ok" if not problems else f"{len(problems)} problem(s)", file=out)
    return 0 if not problems else 1
