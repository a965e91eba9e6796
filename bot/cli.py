"""The `dispute-bot` command (also `python -m bot`)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from bot.config import ConfigError, load_settings


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dispute-bot", description="Taobao dispute assistant for Telegram")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="run the bot (long polling; a webhook when WEBHOOK_URL is set)")
    chat = commands.add_parser("chat", help="talk to the bot in this terminal, no Telegram needed")
    chat.add_argument("--user-id", type=int, default=100_001, help="the Telegram user id to play")
    chat.add_argument("--lang", default=None, help="Telegram language code of the user (zh, en…)")

    from faq import cli as faq_cli

    faq = commands.add_parser(
        "faq",
        help='answer questions from the knowledge base; "faq misses [--export]" lists the questions it '
        'could not answer; "faq check" validates the knowledge base and overlay',
    )
    faq_cli.add_arguments(faq)

    db = commands.add_parser("db", help="database tools")
    db_commands = db.add_subparsers(dest="db_command", required=True)
    copy = db_commands.add_parser(
        "copy", help="copy every row into an empty database (e.g. SQLite → PostgreSQL) and verify the counts"
    )
    copy.add_argument(
        "--to", required=True, metavar="URL", help="target, e.g. postgresql+asyncpg://bot@db/bot"
    )
    copy.add_argument(
        "--from", dest="source", metavar="URL", default=None, help="source (default: DATABASE_URL)"
    )

    flows = commands.add_parser("flows", help="the guided flows")
    flows_commands = flows.add_subparsers(dest="flows_command", required=True)
    diagram = flows_commands.add_parser("diagram", help="print a Mermaid diagram of a flow")
    diagram.add_argument("name", help="negotiate, apply, evidence, appeal, or case (the case lifecycle)")
    return parser


def _misses_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dispute-bot faq misses", description="the most frequent questions the FAQ could not answer"
    )
    parser.add_argument("--limit", type=int, default=30)
    parser.add_argument(
        "--export",
        action="store_true",
        help="print them as YAML (question, language, kind, count, last asked, best three candidate "
        "entries) for review in a pull request",
    )
    return parser


def _check_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dispute-bot faq check",
        description="validate the FAQ knowledge base and the operators' overlay; print paraphrase counts",
    )
    parser.add_argument("--overlay", type=Path, default=None, help="overlay file (default: FAQ_OVERLAY_FILE)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:2] == ["faq", "misses"]:
        return _faq_misses(_misses_parser().parse_args(argv[2:]))
    if argv[:2] == ["faq", "check"]:
        return _faq_check(_check_parser().parse_args(argv[2:]))
    args = _parser().parse_args(argv)
    if args.command == "faq":
        from faq import cli as faq_cli

        return faq_cli.run(args)
    if args.command == "flows":
        return _flows_diagram(args.name)
    if args.command == "db":
        return _db_copy(args.source, args.to)
    try:
        settings = load_settings()
        if args.command == "run":
            from bot.logging_setup import setup_logging
            from bot.runner import run_bot

            token = settings.require_token()  # before importing aiogram: a bad token fails at once
            secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else ""
            setup_logging(settings.log_level, [token, secret] if secret else [token])
            return asyncio.run(run_bot(settings))
        if args.command == "chat":
            from bot.chat import run_chat
            from bot.logging_setup import setup_logging

            setup_logging("WARNING", [])
            return asyncio.run(
                run_chat(settings, sys.stdin, sys.stdout, user_id=args.user_id, language_code=args.lang)
            )
    except ConfigError as error:
        print(f"dispute-bot: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return 0


def _flows_diagram(name: str) -> int:
    from flows.diagram import mermaid
    from flows.registry import FLOWS

    if name == "case":
        from flows.lifecycle import mermaid as case_mermaid

        print(case_mermaid())
        return 0
    if name not in FLOWS:
        print(f"dispute-bot: no flow named {name!r}; choose one of: {', '.join(FLOWS)}", file=sys.stderr)
        return 2
    print(mermaid(FLOWS[name]))
    return 0


def _misses_yaml(rows: Sequence[tuple[str, str, str, int, datetime]]) -> str:
    import yaml

    from faq.matcher import FaqMatcher

    matcher = FaqMatcher.from_default()
    items = [
        {
            "q": query,
            "lang": lang,
            "kind": kind,
            "count": count,
            "last": f"{last:%Y-%m-%d}",
            "candidates": [entry.id for entry, _score in matcher.rank(query, 3)],
        }
        for query, lang, kind, count, last in rows
    ]
    header = (
        "# Questions the FAQ missed (dispute-bot faq misses --export). To teach it one, add the\n"
        "# question as a paraphrase of the right entry (faq/knowledge.yaml or the overlay file).\n"
    )
    return header + yaml.safe_dump(items, allow_unicode=True, sort_keys=False)


def _faq_check(args: argparse.Namespace) -> int:
    from faq.check import run_check

    overlay = args.overlay
    if overlay is None:
        try:
            overlay = load_settings().faq_overlay_path
        except ConfigError:
            overlay = None
    return run_check(overlay, sys.stdout)


def _db_copy(source: str | None, target: str) -> int:
    from bot.persistence.copy import CopyError, copy_database

    try:
        source_url = source or load_settings().database_url
        counts = asyncio.run(copy_database(source_url, target))
    except (ConfigError, CopyError) as error:
        print(f"dispute-bot: {error}", file=sys.stderr)
        return 1 if isinstance(error, CopyError) else 2
    width = max(len(count.table) for count in counts)
    for count in counts:
        mark = "" if count.ok else "   MISMATCH"
        print(f"{count.table:<{width}}  {count.source:>8} → {count.target:<8}{mark}")
    if not all(count.ok for count in counts):
        print("dispute-bot: row counts differ after the copy", file=sys.stderr)
        return 1
    print(f"verified: {sum(count.target for count in counts)} rows in {len(counts)} tables")
    return 0


def _faq_misses(args: argparse.Namespace) -> int:
    from bot.persistence.database import open_database
    from bot.persistence.faq_misses import frequent_misses

    async def report() -> int:
        database = await open_database(load_settings().database_url)
        try:
            async with database.sessions() as session:
                rows = await frequent_misses(session, args.limit)
        finally:
            await database.close()
        if args.export:
            print(_misses_yaml(rows), end="")
            return 0
        if not rows:
            print("No unanswered questions recorded yet.")
        for query, lang, kind, count, last in rows:
            print(f"{count:5d}  {lang}  {kind:9s}  {last:%Y-%m-%d}  {query}")
        return 0

    try:
        return asyncio.run(report())
    except ConfigError as error:
        print(f"dispute-bot: {error}", file=sys.stderr)
        return 2
