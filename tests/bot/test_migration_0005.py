"""Migration 0005 (processed updates) on a database file made by the previous head (0004), with data in
it: cases, events, evidence and reminders survive, and the new table works. (PostgreSQL: the upgrade
from every older revision is in tests/bot/persistence/test_postgresql.py.)"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, event, func, select

from bot.persistence.database import MIGRATIONS_DIR, _sqlite_pragmas, open_database
from bot.persistence.models import Base, Case, CaseEvent, Evidence, Reminder, SendPacing, User
from bot.persistence.updates import processed_status, record_answered
from tests.bot.conftest import START

T = "2026-11-20 12:00:00.000000"


def _make_0004(path: Path) -> None:
    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", _sqlite_pragmas)
    with engine.begin() as connection:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        config.attributes["connection"] = connection
        command.upgrade(config, "0004")
    engine.dispose()
    db = sqlite3.connect(path)
    db.execute("PRAGMA foreign_keys=ON")
    db.execute(
        "INSERT INTO users (id, language, telegram_language, blocked, reminders_enabled, first_seen, last_seen)"
        " VALUES (7000000001, 'zh', 'zh', 0, 1, ?, ?)",
        (T, T),
    )
    db.execute(
        "INSERT INTO cases (id, user_id, problem, service_type, status, order_no, created_at, updated_at)"
        " VALUES (1, 7000000001, 'quality', 'return_refund', 'negotiating', '123456789012345', ?, ?)",
        (T, T),
    )
    db.execute(
        "INSERT INTO case_events (case_id, kind, at, recorded_at, details) VALUES (1, 'opened', ?, ?, '{}')",
        (T, T),
    )
    db.execute(
        "INSERT INTO evidence (case_id, category, mime, size, sha256, telegram_file_id, created_at)"
        " VALUES (1, 'chat', 'image/jpeg', 10, ?, 'f1', ?)",
        ("a" * 64, T),
    )
    db.execute(
        "INSERT INTO reminders (case_id, user_id, kind, due_at, estimated, status, attempts, created_at)"
        " VALUES (1, 7000000001, 'seller_24h', '2026-11-27 12:30:00.000000', 0, 'pending', 0, ?)",
        (T,),
    )
    db.execute("INSERT INTO send_pacing (id, next_at) VALUES (1, ?)", (T,))
    db.commit()
    db.close()


async def test_upgrade_to_0005_keeps_every_row_and_adds_processed_updates(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _make_0004(path)
    database = await open_database(f"sqlite+aiosqlite:///{path}")
    try:
        assert await database.at_head()
        async with database.sessions() as session:
            for model in (User, Case, CaseEvent, Evidence, Reminder, SendPacing):
                assert await session.scalar(select(func.count()).select_from(model)) == 1, model
            case = await session.get(Case, 1)
            assert case is not None and case.order_no == "123456789012345"
            reminder = await session.scalar(select(Reminder))
            assert reminder is not None and reminder.status == "pending" and reminder.kind == "seller_24h"
            assert await processed_status(session, 10**12) is None
            await record_answered(session, 10**12, START)  # update ids beyond 32 bits
            await session.commit()
            assert await processed_status(session, 10**12) is True
        async with database.engine.connect() as connection:
            diff = await connection.run_sync(
                lambda sync: compare_metadata(MigrationContext.configure(sync), Base.metadata)
            )
        assert diff == [], diff  # the models and the migrations agree
    finally:
        await database.close()
