"""The `dispute-bot` command (also `python -m bot`)."""
from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence

from bot.config import ConfigError, load_settings


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dispute-bot", description="Taobao dispute assistant for Telegram")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="run the bot (long polling)")
    chat = commands.add_parser("chat", help="talk to the bot in this terminal, no Telegram needed")
    chat.add_argument("--user-id", type=int, default=100_001, help="the Telegram user id to play")
    chat.add_argument("--lang", default=None, help="Telegram language code of the user (zh, en…)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = load_settings()
        if args.command == "run":
            from bot.logging_setup import setup_logging
            from bot.runner import run_bot

            token = settings.bot_token.get_secret_value() if settings.bot_token else ""
            setup_logging(settings.log_level, [token])
            return asyncio.run(run_bot(settings))
        if args.command == "chat":
            from bot.chat import run_chat
            from bot.logging_setup import setup_logging

            setup_logging("WARNING", [])
            return asyncio.run(run_chat(settings, sys.stdin, sys.stdout, user_id=args.user_id,
                                        language_code=args.lang))
    except ConfigError as error:
        print(f"dispute-bot: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return 0
