"""Defect 8: when the database cannot be written (disk full, read-only), what needs no write still
works; an answer that could not be saved is told so; and a database that cannot be opened at start is
one line on stderr with exit code 2."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from sqlalchemy import event, select

from bot.persistence.models import Case
from tests.bot.conftest import button_data
from tests.bot.handlers.test_flows import last_keyboard


async def _make_read_only(h) -> None:
    """Every connection from now on refuses writes, as a full disk or a read-only file does."""
    engine = h.app.database.engine
    await engine.dispose()

    def query_only(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA query_only = ON")
        cursor.close()

    event.listen(engine.sync_engine, "connect", query_only)


async def test_read_only_database_still_answers_help_faq_and_privacy(harness) -> None:
    await harness.say("/start")
    await _make_read_only(harness)
    for text, marker in (("/help", "/apply"), ("/privacy", "180"), ("申诉电话是多少？", "9510211")):
        sent = await harness.say(text)
        joined = "\n".join(m.text for m in sent)
        assert marker in joined, (text, joined)
        assert "出了点问题" not in joined


async def test_an_answer_that_cannot_be_saved_is_told_so_and_earlier_answers_stay(harness) -> None:
    sent = await harness.say("/apply")
    sent = await harness.press(button_data(last_keyboard(sent), "质量问题"))
    await _make_read_only(harness)
    sent = await harness.press(button_data(last_keyboard(sent), "仅退款"))
    joined = "\n".join(m.text for m in sent)
    assert "暂时无法保存" in joined and "之前" in joined, joined
    assert "出了点问题" not in joined
    async with harness.app.database.sessions() as session:
        assert (await session.scalars(select(Case))).all() == []  # nothing half-written


@pytest.mark.parametrize("kind", ["read-only file", "unopenable", "parent is a file"])
def test_a_database_that_cannot_be_opened_at_start_is_one_line_and_exit_2(
    tmp_path: Path, kind: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot import cli

    if kind == "read-only file":
        directory = tmp_path / "ro"
        directory.mkdir()
        database = directory / "bot.db"
        database.write_bytes(b"")
        os.chmod(database, stat.S_IRUSR)
        os.chmod(directory, stat.S_IRUSR | stat.S_IXUSR)
        if os.geteuid() == 0:
            pytest.skip("root writes to read-only files")
    elif kind == "parent is a file":
        (tmp_path / "plain.txt").write_text("x")
        database = tmp_path / "plain.txt" / "bot.db"
    else:
        database = tmp_path / "not-a-database.db"
        database.write_bytes(b"this is not an SQLite file" * 100)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BOT_TOKEN", "123456789:AAE_fake-token-for-tests-0123456789abcd")
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{database}")
    monkeypatch.setenv("BOT_API_URL", "http://127.0.0.1:9")
    code = cli.main(["run"])
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.strip() and not line[:4].isdigit()]
    assert code == 2, err
    assert "Traceback" not in err
    assert len(lines) == 1 and lines[0].startswith("dispute-bot: ") and "database" in lines[0], err
