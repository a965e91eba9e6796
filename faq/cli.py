"""The ``faq`` command: answer questions from the knowledge base on the command line.

Contract (other tools rely on it exactly)::

    dispute-bot faq "QUESTION" ["QUESTION" ...]     answers for a person
    dispute-bot faq --json "QUESTION" ...           one JSON object per question, one per line
    dispute-bot faq --json --batch FILE             one JSON object per line of FILE

* Each JSON object is ``{"query": str, "lang": "zh"|"en", "id": str|null, "score": float,
  "answer": str|null, "suggestions": [{"id": str, "question": str, "score": float, "answer": str}]}``.
  ``id`` and ``answer`` are set only for a confident match. For "did you mean" results they are null
  and ``suggestions`` holds up to three entries; for no match, another platform, or an empty
  question they are null and ``suggestions`` is ``[]``. JSON is written with ``ensure_ascii=False``.
* ``lang`` and the language of every text: "zh" if the question contains any Chinese character,
  else "en".
* ``--batch FILE``: one question per line, UTF-8. Every line produces exactly one JSON object, in file
  order, so line N of the output answers line N of the file; a blank line gives an "empty" result
  (id null, suggestions []). ``-`` reads standard input. ``--batch`` always prints
  JSON, with or without ``--json``. Questions given as arguments are answered first.
* ``score`` is 0–100: the calibrated confidence that the best entry is right (0.0 for other
  platforms and empty questions). To score a labelled set: feed its questions with ``--batch`` and
  compare ``id`` (null = not answered directly) line by line, or use
  ``python -m faq.calibrate --score SET`` (the same figures as a per-language/per-style table).
* Exit code 0. A missing or unreadable batch file, or no question at all: one line on stderr, exit 2.

Also ``python -m faq`` (see ``faq/__main__.py``). The bot wires `add_arguments` and `run` into its
own ``dispute-bot faq`` subcommand.
"""

from __future__ import annotations

import argparse
import contextlib
import html
import json
import re
import sys
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from .knowledge import KnowledgeError
from .matcher import FaqMatcher, MatchResult
from .messages import message

EXIT_OK = 0
EXIT_USAGE = 2

_TAG_RE = re.compile(r"</?b>")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the faq command's arguments to `parser` (used by ``dispute-bot faq`` and ``python -m faq``)."""
    parser.add_argument("questions", nargs="*", metavar="QUESTION", help="question(s) in Chinese or English")
    parser.add_argument(
        "--json", action="store_true", help="print one JSON object per question (one per line)"
    )
    parser.add_argument(
        "--batch",
        metavar="FILE",
        help="read questions from FILE, one per line ('-' = stdin); prints one JSON line per input line, "
        "in order (a blank line gives an object with id null), so line N answers line N",
    )


def run(
    args: argparse.Namespace,
    *,
    matcher: FaqMatcher | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Run the faq command. Returns the exit code (0, or 2 for a usage/input error)."""
    out = out if out is not None else _utf8(sys.stdout)
    err = err if err is not None else sys.stderr
    questions: list[str] = list(getattr(args, "questions", None) or [])
    batch = getattr(args, "batch", None)
    as_json = bool(getattr(args, "json", False)) or batch is not None

    batch_lines: Iterable[str] = ()
    if batch is not None:
        try:
            batch_lines = _read_batch(batch)
        except OSError as exc:
            print(f"faq: cannot read batch file {batch!r}: {exc.strerror or exc}", file=err)
            return EXIT_USAGE
        except UnicodeDecodeError:
            print(f"faq: batch file {batch!r} is not UTF-8 text", file=err)
            return EXIT_USAGE
    elif not questions:
        print("faq: give a QUESTION or --batch FILE", file=err)
        return EXIT_USAGE

    try:
        matcher = matcher or FaqMatcher.from_default()
    except KnowledgeError as exc:
        print(f"faq: knowledge base is invalid: {exc}".splitlines()[0], file=err)
        return EXIT_USAGE

    first = True
    for question in [*questions, *batch_lines]:
        result = matcher.match(question)
        if as_json:
            out.write(json.dumps(result_to_json(result), ensure_ascii=False) + "\n")
        else:
            if not first:
                out.write("\n")
            out.write(format_result(result) + "\n")
        first = False
    out.flush()
    return EXIT_OK


def result_to_json(result: MatchResult) -> dict[str, Any]:
    """The JSON object of the contract for one match result."""
    lang = result.lang
    entry = result.entry if result.kind == "answer" else None  # set only for a confident match
    suggestions = []
    if result.kind == "suggest":
        suggestions = [
            {"id": e.id, "question": e.question_in(lang), "score": float(s), "answer": e.answer_in(lang)}
            for e, s in result.suggestions
        ]
    return {
        "query": result.query,
        "lang": lang,
        "id": entry.id if entry else None,
        "score": float(result.score),
        "answer": entry.answer_in(lang) if entry else None,
        "suggestions": suggestions,
    }


def format_result(result: MatchResult) -> str:
    """Human-readable text for one result, in the question's language (plain text, no HTML); the
    sentences come from the bot's catalogue (bot/locales/*/faq.ftl, see faq/messages.py)."""
    lang = result.lang
    if result.kind == "answer" and result.entry is not None:
        entry = result.entry
        source = message(lang, "faq-source", source=entry.source_in(lang))
        return f"{_plain(entry.answer_in(lang))}\n{source}"
    if result.kind == "suggest":
        lines = [message(lang, "faq-did-you-mean")]
        lines += [f"  {i}. {e.question_in(lang)}" for i, (e, _s) in enumerate(result.suggestions, 1)]
        lines.append(message(lang, "faq-did-you-mean-hint"))
        return "\n".join(lines)
    if result.kind == "other_platform":
        return message(lang, "faq-other-platform", platform=result.platform or "none")
    if result.kind == "empty":
        return message(lang, "faq-empty")
    return message(lang, "faq-no-match")


def _plain(text: str) -> str:
    return html.unescape(_TAG_RE.sub("", text))


def _read_batch(path: str) -> Iterator[str]:
    """Every line of the batch file, stripped, in order: output line N must answer input line N, so a
    blank line is kept (it gets an "empty" result). Opening errors are raised at once."""
    if path == "-":
        stream = _utf8_in(sys.stdin)
        lines = stream.read().splitlines()
    else:
        with open(path, encoding="utf-8-sig") as fh:  # -sig: tolerate a BOM from Windows editors
            lines = fh.read().splitlines()
    return iter([line.strip() for line in lines])


def _utf8(stream: TextIO) -> TextIO:
    # Chinese text must not fail on a terminal or pipe with an ASCII locale.
    if (getattr(stream, "encoding", "") or "").lower().replace("-", "") != "utf8":
        with contextlib.suppress(AttributeError, ValueError):
            stream.reconfigure(encoding="utf-8")  # type: ignore[attr-defined]  # TextIO lacks it; real streams have it
    return stream


def _utf8_in(stream: TextIO) -> TextIO:
    return _utf8(stream)
