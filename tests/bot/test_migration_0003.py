"""Migration 0003 (case lifecycle) on a database file made by the previous head, with data in it."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, event, select

from bot.persistence.database import MIGRATIONS_DIR, _sqlite_pragmas, open_database
from bot.persistence.models import Base, Case, CaseEvent, Evidence, Reminder
from flows.lifecycle import Action, perform

T = "2026-11-20 12:00:00.000000"


def _make_previous_head(path: Path) -> None:
    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", _sqlite_pragmas)  # foreign keys ON, as in the bot
    with engine.begin() as connection:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        config.attributes["connection"] = connection
        command.upgrade(config, "0002")
    engine.dispose()
    db = sqlite3.connect(path)
    db.execute("PRAGMA foreign_keys=ON")
    db.execute(
        "INSERT INTO users (id, language, telegram_language, blocked, reminders_enabled, first_seen, last_seen)"
        " VALUES (501, 'zh', 'zh', 0, 1, ?, ?)",
        (T, T),
    )
    cases = [
        (1, "quality", "return_refund", "after_sales_requested", "2026-11-24 12:30:00.000000"),
        (2, "other", None, "closed", None),
    ]
    for case_id, problem, service, status, requested in cases:
        db.execute(
            "INSERT INTO cases (id, user_id, problem, service_type, status, after_sales_requested_at,"
            " order_no, created_at, updated_at) VALUES (?, 501, ?, ?, ?, ?, '123456789012345', ?, ?)",
            (case_id, problem, service, status, requested, T, T),
        )
    events = [
        (1, "after_sales_requested", "2026-11-24 12:30:00.000000", {}),
        (2, "ruling_received", "2026-11-21 12:00:00.000000", {"outcome": "rejected"}),
        (2, "seller_answered", "2026-11-20 12:00:00.000000", {"answer": "refused"}),
        (2, "closed", "2026-11-22 12:00:00.000000", {}),
    ]
    for case_id, kind, at, details in events:
        db.execute(
            "INSERT INTO case_events (case_id, kind, at, recorded_at, details) VALUES (?, ?, ?, ?, ?)",
            (case_id, kind, at, T, json.dumps(details)),
        )
    db.execute(
        "INSERT INTO evidence (case_id, category, mime, size, sha256, telegram_file_id, created_at)"
        " VALUES (1, 'chat', 'image/jpeg', 10, ?, 'f1', ?)",
        ("a" * 64, T),
    )
    db.execute(
        "INSERT INTO reminders (case_id, user_id, kind, due_at, estimated, status, attempts, created_at)"
        " VALUES (1, 501, 'seller_due', '2026-11-27 12:30:00.000000', 0, 'pending', 0, ?)",
        (T,),
    )
    db.commit()
    db.close()


async def test_upgrade_keeps_every_row_and_fills_the_new_columns(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _make_previous_head(path)
    database = await open_database(f"sqlite+aiosqlite:///{path}")
    try:
        async with database.sessions() as session:
            cases = {c.id: c for c in (await session.scalars(select(Case))).all()}
            assert set(cases) == {1, 2}
            assert len((await session.scalars(select(CaseEvent))).all()) == 4
            assert len((await session.scalars(select(Evidence))).all()) == 1
            assert len((await session.scalars(select(Reminder))).all()) == 1
            assert all(c.version == 1 and c.history == [] and c.title is None for c in cases.values())
            closed = cases[2]
            assert closed.closed_at is not None and closed.closed_at.day == 22
            assert closed.closed_from == "ruling_received"  # the last status before the close
            assert cases[1].closed_at is None and cases[1].closed_from is None

            # The lifecycle reads the migrated row: reopening returns it to where it was.
            from bot.persistence.cases import load_record

            record = await load_record(session, closed)
            reopened = perform(record, Action.REOPEN, at=closed.closed_at, now=closed.closed_at)
            assert reopened.facts.status == "ruling_received"

        async with database.engine.connect() as connection:
            diff = await connection.run_sync(
                lambda sync: compare_metadata(MigrationContext.configure(sync), Base.metadata)
            )
        assert diff == [], diff  # the models and the migrations agree
    finally:
        await database.close()
