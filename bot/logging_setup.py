"""Logging that can never print the bot token, whatever a library puts in its messages.

A log record can carry the token in its message, its arguments, its exception (aiohttp's error text
holds the file URL `…/file/bot<TOKEN>/…`), the cached `exc_text` and `stack_info`. Cleaning the message
alone is not enough, so the redaction happens on the *formatted* text: every handler on the root logger
gets a `RedactingFormatter`, which formats the record as usual (traceback included) and then replaces
each secret. Python warnings and uncaught exceptions are routed through the same path.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable
from types import TracebackType

REDACTED = "<BOT_TOKEN>"


def secret_variants(secrets: Iterable[str]) -> list[str]:
    """The token and its secret half (after the colon), longest first, so either is caught."""
    variants: set[str] = set()
    for secret in secrets:
        if not secret:
            continue
        variants.add(secret)
        if ":" in secret:
            variants.add(secret.split(":", 1)[1])
            variants.add(secret.replace(":", "%3A"))
    return sorted((v for v in variants if len(v) >= 8), key=len, reverse=True)


def redact(text: str, secrets: list[str]) -> str:
    for secret in secrets:
        if secret in text:
            text = text.replace(secret, REDACTED)
    return text


class RedactingFormatter(logging.Formatter):
    """Formats as its base does, then removes the secrets from the whole text (traceback included)."""

    def __init__(self, base: logging.Formatter | None, secrets: list[str]) -> None:
        super().__init__()
        self.base = base or logging.Formatter()
        self.secrets = secrets

    def format(self, record: logging.LogRecord) -> str:
        text = redact(self.base.format(record), self.secrets)
        # The base caches the traceback on the record; leave no unredacted copy for another handler.
        if record.exc_text:
            record.exc_text = redact(record.exc_text, self.secrets)
        return text


class RedactSecrets(logging.Filter):
    """Cleans the message and arguments as early as possible (kept for handlers added later)."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self.secrets = secret_variants(secrets)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if any(secret in message for secret in self.secrets):
            record.msg, record.args = redact(message, self.secrets), None
        if record.exc_text:
            record.exc_text = redact(record.exc_text, self.secrets)
        if record.stack_info:
            record.stack_info = redact(record.stack_info, self.secrets)
        return True


def protect_handler(handler: logging.Handler, secrets: list[str]) -> None:
    variants = secret_variants(secrets)
    if not isinstance(handler.formatter, RedactingFormatter):
        handler.setFormatter(RedactingFormatter(handler.formatter, variants))
    if not any(isinstance(f, RedactSecrets) for f in handler.filters):
        handler.addFilter(RedactSecrets(secrets))


def setup_logging(level: str, secrets: list[str]) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for existing in root.handlers:
        protect_handler(existing, secrets)
    # warnings.warn(...) (e.g. "Unclosed client session") goes through the same handlers.
    logging.captureWarnings(True)
    # Alembic announces its context at INFO on every start; only its warnings matter here.
    logging.getLogger("alembic").setLevel(logging.WARNING)
    # SQL statements are logged only when SQL_ECHO asks for them (bot/persistence/database.py), never
    # because LOG_LEVEL is DEBUG: they carry the users' answers.
    logging.getLogger("sqlalchemy").setLevel(logging.WARNING)
    # aiosqlite logs every operation with its parameters at DEBUG.
    logging.getLogger("aiosqlite").setLevel(logging.WARNING)
    variants = secret_variants(secrets)
    if variants:
        _redact_uncaught(variants)


def _redact_uncaught(secrets: list[str]) -> None:
    """A crash outside logging prints its traceback through the same redaction."""
    import traceback

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        text = "".join(traceback.format_exception(kind, value, tb))
        sys.stderr.write(redact(text, secrets))

    sys.excepthook = hook
