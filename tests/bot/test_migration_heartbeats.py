"""The scheduler-heartbeats migration on a database file made by the previous head, with data in it:
cases, events, evidence, reminders and the pacing row survive; the new table works at once."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, event, func, select

from bot.persistence.database import MIGRATIONS_DIR, _sqlite_pragmas, open_database, previous_head
from bot.persistence.heartbeats import beat, start_run, was_running
from bot.persistence.models import (
    Base,
    Case,
    CaseEvent,
    Evidence,
    ProcessedUpdate,
    Reminder,
    SchedulerHeartbeat,
)
from tests.bot.test_migration_0003 import _make_previous_head as _make_0002_with_data


def _make_previous_head(path: Path) -> str:
    """Rows written at 0002, the file upgraded to the revision before heartbeats, more rows written."""
    _make_0002_with_data(path)
    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", _sqlite_pragmas)
    revision = previous_head()
    assert revision is not None
    with engine.begin() as connection:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    engine.dispose()
    db = sqlite3.connect(path)
    db.execute("INSERT INTO send_pacing (id, next_at) VALUES (1, '2026-11-30 12:00:00.000000')")
    db.execute(
        "INSERT INTO processed_updates (update_id, answered, processed_at)"
        " VALUES (77, 1, '2026-11-30 12:00:00.000000')"
    )
    db.execute(
        "INSERT INTO reminders (case_id, user_id, kind, due_at, estimated, status, attempts, created_at)"
        " VALUES (1, 501, 'seller_24h', '2026-11-26 12:30:00.000000', 0, 'sent', 1,"
        " '2026-11-24 12:30:00.000000')"
    )
    db.commit()
    db.close()
    return revision


async def test_upgrade_keeps_every_row_and_the_heartbeats_work(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    assert _make_previous_head(path) == "0005"
    database = await open_database(f"sqlite+aiosqlite:///{path}")
    try:
        async with database.sessions() as session:
            assert len((await session.scalars(select(Case))).all()) == 2
            assert len((await session.scalars(select(CaseEvent))).all()) == 4
            assert len((await session.scalars(select(Evidence))).all()) == 1
            kinds = sorted((await session.scalars(select(Reminder.kind))).all())
            assert kinds == ["seller_24h", "seller_due"]
            assert await session.scalar(select(func.count()).select_from(SchedulerHeartbeat)) == 0
            assert await session.scalar(select(func.count()).select_from(ProcessedUpdate)) == 1
            now = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
            # Nothing recorded before the upgrade: no claim either way about earlier moments.
            assert await was_running(session, now - timedelta(days=3), timedelta(minutes=3)) is None
            await start_run(session, "first", now)
            await beat(session, "first", now + timedelta(hours=1))
            await session.commit()
            assert await was_running(session, now + timedelta(minutes=30), timedelta(minutes=3)) is True
            assert await was_running(session, now + timedelta(hours=2), timedelta(minutes=3)) is False
        assert await database.at_head()
        async with database.engine.connect() as connection:
            diff = await connection.run_sync(
                lambda sync: compare_metadata(MigrationContext.configure(sync), Base.metadata)
            )
        assert diff == [], diff  # the models and the migrations agree
    finally:
        await database.close()
