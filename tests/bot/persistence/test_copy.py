"""`dispute-bot db copy`: a SQLite database with a row in every table → an empty PostgreSQL one → back
to a new SQLite file, every row equal; a non-empty target is refused; ids keep counting after a copy."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.cli import main
from bot.persistence.copy import CopyError, copy_database, tables
from bot.persistence.database import Database, open_database
from bot.persistence.models import Case, CaseEvent, Evidence, FaqMiss, FsmRecord, Reminder, User

pytestmark = pytest.mark.postgresql

T0 = datetime(2026, 3, 2, 2, 0, 0, 123456, tzinfo=UTC)


async def _fill(database: Database) -> None:
    async with database.sessions() as session:
        session.add_all(
            [
                User(id=8_000_000_001, language="zh", first_seen=T0, last_seen=T0),
                User(id=42, blocked=True, reminders_enabled=False, first_seen=T0, last_seen=T0),
            ]
        )
        session.add(
            FsmRecord(
                key='[1,42,42,null,null,"default"]', state="apply:order", data={"a": [1, "二"]}, updated_at=T0
            )
        )
        await session.flush()
        for n in range(3):
            case = Case(
                user_id=8_000_000_001,
                problem="quality",
                status="negotiating",
                order_no=f"12{n}",
                created_at=T0,
                updated_at=T0,
            )
            session.add(case)
            await session.flush()
            session.add(CaseEvent(case_id=case.id, kind="opened", at=T0, recorded_at=T0, details={"n": n}))
            session.add(
                Evidence(
                    case_id=case.id,
                    category="photos",
                    caption="坏了 <b>",
                    mime="image/jpeg",
                    size=10 + n,
                    sha256=f"{n:064x}",
                    telegram_file_id=f"f{n}",
                    created_at=T0,
                )
            )
            session.add(
                Reminder(
                    case_id=case.id,
                    user_id=8_000_000_001,
                    kind="seller_24h",
                    due_at=T0 + timedelta(hours=n),
                    status="pending",
                    attempts=0,
                    created_at=T0,
                )
            )
        session.add(FaqMiss(query="卖家不理我", lang="zh", kind="no_match", created_at=T0))
        await session.commit()


async def _dump(url: str) -> dict[str, list[tuple[object, ...]]]:
    database = await open_database(url)
    try:
        async with database.engine.connect() as connection:
            return {
                table.name: [
                    tuple(row)
                    for row in await connection.execute(select(table).order_by(*table.primary_key.columns))
                ]
                for table in tables()
            }
    finally:
        await database.close()


async def test_round_trip_sqlite_postgresql_sqlite(tmp_path: Path, empty_postgres_url: str) -> None:
    source_url = f"sqlite+aiosqlite:///{tmp_path}/source.db"
    source = await open_database(source_url)
    await _fill(source)
    await source.close()

    counts = await copy_database(source_url, empty_postgres_url)
    assert all(count.ok for count in counts)
    assert {count.table: count.target for count in counts} == {
        "users": 2,
        "fsm_records": 1,
        "cases": 3,
        "case_events": 3,
        "evidence": 3,
        "reminders": 3,
        "faq_misses": 1,
    } | {
        table.name: 0
        for table in tables()
        if table.name
        not in {"users", "fsm_records", "cases", "case_events", "evidence", "reminders", "faq_misses"}
    }

    back_url = f"sqlite+aiosqlite:///{tmp_path}/back.db"
    await copy_database(empty_postgres_url, back_url)
    original, on_postgresql, back = (
        await _dump(source_url),
        await _dump(empty_postgres_url),
        await _dump(back_url),
    )
    assert on_postgresql == original
    assert back == original

    # New rows on PostgreSQL get fresh ids after the copied ones.
    target = await open_database(empty_postgres_url)
    try:
        async with target.sessions() as session:
            case = Case(user_id=42, problem="quality", status="negotiating", created_at=T0, updated_at=T0)
            session.add(case)
            await session.commit()
            assert case.id == 4
            assert (await session.scalar(select(Evidence.caption).limit(1))) == "坏了 <b>"
    finally:
        await target.close()


async def test_a_non_empty_target_is_refused_and_left_alone(tmp_path: Path, postgres_url: str) -> None:
    source_url = f"sqlite+aiosqlite:///{tmp_path}/source.db"
    source = await open_database(source_url)
    await _fill(source)
    await source.close()
    await copy_database(source_url, postgres_url)
    before = await _dump(postgres_url)
    with pytest.raises(CopyError, match="not empty"):
        await copy_database(source_url, postgres_url)
    assert await _dump(postgres_url) == before


def test_cli_copies_and_reports_counts(
    tmp_path: Path,
    empty_postgres_url: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import asyncio

    source_url = f"sqlite+aiosqlite:///{tmp_path}/source.db"

    async def prepare() -> None:
        source = await open_database(source_url)
        await _fill(source)
        await source.close()

    asyncio.run(prepare())
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", source_url)
    assert main(["db", "copy", "--to", empty_postgres_url]) == 0
    out = capsys.readouterr().out
    assert "cases" in out and "3" in out and "verified" in out
    assert main(["db", "copy", "--to", empty_postgres_url]) == 1
    assert "not empty" in capsys.readouterr().err
