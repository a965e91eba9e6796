"""Defect 1: the token never reaches a log line: message, args, exception, exc_text, stack_info."""

from __future__ import annotations

import io
import logging

import pytest

from bot.logging_setup import setup_logging

TOKEN = "123456789:AAE_secret-part-of-the-token-0123456789"
SECRET = TOKEN.split(":", 1)[1]


@pytest.fixture
def captured():
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    setup_logging("DEBUG", [TOKEN])
    stream = io.StringIO()
    root.handlers[0].setStream(stream)  # type: ignore[attr-defined]  # a StreamHandler, set up above
    yield stream
    root.handlers[:], _ = saved
    root.setLevel(saved[1])
    logging.captureWarnings(False)


@pytest.mark.parametrize("level", [logging.DEBUG, logging.INFO, logging.WARNING, logging.ERROR])
def test_every_part_of_a_record_is_redacted(captured: io.StringIO, level: int) -> None:
    log = logging.getLogger("aiogram.test")
    url = f"http://127.0.0.1/file/bot{TOKEN}/photos/file_1.jpg"
    log.log(level, "plain %s", url)
    log.log(level, f"in the message {url}")
    log.log(level, "secret half only: %s", SECRET)
    try:
        raise RuntimeError(f"500, message='Internal Server Error', url='{url}'")
    except RuntimeError:
        log.log(level, "download failed", exc_info=True)
        log.log(level, "with stack", stack_info=True, extra={"u": url})
    try:
        raise ValueError(f"encoded {TOKEN.replace(':', '%3A')}")
    except ValueError as error:
        log.log(level, "failed: %r", error, exc_info=error)
    text = captured.getvalue()
    assert "Traceback" in text and "download failed" in text
    assert text.count(SECRET) == 0, text
    assert "<BOT_TOKEN>" in text


def test_a_second_handler_does_not_reuse_an_unredacted_traceback(captured: io.StringIO) -> None:
    other = io.StringIO()
    extra = logging.StreamHandler(other)
    logging.getLogger().addHandler(extra)
    try:
        try:
            raise RuntimeError(f"url {TOKEN}")
        except RuntimeError:
            logging.getLogger("x").error("boom", exc_info=True)
    finally:
        logging.getLogger().removeHandler(extra)
    assert SECRET not in captured.getvalue()
    assert SECRET not in other.getvalue()  # exc_text was cached redacted


ANSWER = "my-secret-answer-13800138000"


async def _write_an_answer(tmp_path, echo: bool) -> None:
    from datetime import UTC, datetime

    from bot.persistence.database import open_database
    from bot.persistence.models import FaqMiss

    database = await open_database(f"sqlite+aiosqlite:///{tmp_path}/echo.db", echo=echo)
    try:
        async with database.sessions() as session:
            session.add(FaqMiss(query=ANSWER, lang="en", kind="no_match", created_at=datetime.now(UTC)))
            await session.commit()
    finally:
        await database.close()


async def test_debug_logging_does_not_log_sql_or_its_parameters(captured: io.StringIO, tmp_path) -> None:
    """Defect 7: LOG_LEVEL=DEBUG alone logs no SQL; the users' answers never appear."""
    await _write_an_answer(tmp_path, echo=False)
    text = captured.getvalue()
    assert ANSWER not in text
    assert "INSERT INTO" not in text


async def test_sql_echo_logs_statements_without_parameters(captured: io.StringIO, tmp_path) -> None:
    await _write_an_answer(tmp_path, echo=True)
    text = captured.getvalue()
    assert "INSERT INTO faq_misses" in text  # SQL_ECHO on: the statements are there
    assert ANSWER not in text  # …but never their parameters


def test_sql_echo_is_a_setting_off_by_default() -> None:
    from bot.config import load_settings

    assert load_settings({}).sql_echo is False
    assert load_settings({"SQL_ECHO": "1"}).sql_echo is True
