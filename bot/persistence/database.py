"""The database handle: engine, session factory, SQLite pragmas, migrations at start, cross-process locks.

Two back ends, one schema and one migration history:
- SQLite (`sqlite+aiosqlite:///…`, the default): one process; WAL, foreign keys and busy_timeout pragmas.
- PostgreSQL (`postgresql+asyncpg://…`): several replicas on one database. Migrations run under an
  advisory lock so replicas starting together take turns; `user_lock` serialises one user's updates
  across processes with a transaction-scoped advisory lock.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any, cast

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import event, text
from sqlalchemy.engine import Connection, CursorResult, make_url
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.sql.dml import UpdateBase

from bot.permissions import secure_database_file

MIGRATIONS_DIR = Path(__file__).parent / "migrations"

# Advisory lock keys (PostgreSQL). User ids are positive bigints and use the one-argument form;
# these use the two-argument (int, int) form, a separate key space, so they never meet a user id.
LOCK_SPACE = 0x7D15  # "dispute"
MIGRATION_LOCK = 1


#: The unit of work of one update (opened by the database middleware, injected as `session`). The rest of
#: the bot passes it to this package's functions and never builds SQL with it.
DbSession = AsyncSession


def _sqlite_pragmas(dbapi_connection: DBAPIConnection, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets the scheduler read while a handler writes; foreign keys are off by default in SQLite;
    # busy_timeout makes a second writer wait instead of failing with "database is locked".
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


class Database:
    def __init__(self, url: str, *, pool_size: int = 10, max_overflow: int = 40, echo: bool = False) -> None:
        self.url = make_url(url)
        self.backend = self.url.get_backend_name()
        if self.is_sqlite and self.url.database not in (None, "", ":memory:"):
            path = Path(self.url.database).expanduser()
            path.parent.mkdir(parents=True, exist_ok=True)
            secure_database_file(path)  # 0600 before SQLite creates its -wal and -shm beside it
        if self.is_postgresql:
            # Each update in flight holds up to two connections (its session and its user lock).
            self.engine: AsyncEngine = create_async_engine(
                self.url,
                pool_size=pool_size,
                max_overflow=max_overflow,
                pool_pre_ping=True,
                hide_parameters=True,
            )
        else:
            # hide_parameters: a statement in a log or an error message never carries the users' answers.
            self.engine = create_async_engine(self.url, hide_parameters=True)
        # SQL_ECHO: statements through the application's log handlers (redacting formatter, no
        # parameters); off by default and independent of LOG_LEVEL.
        logging.getLogger("sqlalchemy.engine").setLevel(logging.INFO if echo else logging.WARNING)
        if self.is_sqlite:
            event.listen(self.engine.sync_engine, "connect", _sqlite_pragmas)
        self.sessions: async_sessionmaker[AsyncSession] = async_sessionmaker(
            self.engine, expire_on_commit=False
        )

    @property
    def is_sqlite(self) -> bool:
        return self.backend == "sqlite"

    @property
    def is_postgresql(self) -> bool:
        return self.backend == "postgresql"

    async def migrate(self, to: str = "head") -> None:
        """Bring the schema to the newest migration (or `to`); an existing database is upgraded in place.

        On PostgreSQL the upgrade holds a transaction-scoped advisory lock: a replica that starts while
        another migrates waits, then finds the schema at head and does nothing.
        """
        async with self.engine.begin() as connection:
            if self.is_postgresql:
                await connection.execute(
                    text("SELECT pg_advisory_xact_lock(:space, :key)"),
                    {"space": LOCK_SPACE, "key": MIGRATION_LOCK},
                )
            await connection.run_sync(_upgrade, to)

    async def at_head(self) -> bool:
        """True when the database answers and its schema is at the newest migration (readiness)."""
        async with self.engine.connect() as connection:
            current = await connection.run_sync(_current_heads)
        return current == _script_heads()

    @contextlib.asynccontextmanager
    async def user_lock(self, user_id: int) -> AsyncIterator[None]:
        """Hold the user's cross-process lock for the duration of the block (PostgreSQL).

        A transaction-scoped advisory lock on its own connection: released at the end of the block, or
        by the server when the process dies (its connection closes). On SQLite there is one process and
        this does nothing; the caller's in-process lock is enough.
        """
        if not self.is_postgresql:
            yield
            return
        async with self.engine.connect() as connection, connection.begin():
            await connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": user_id})
            yield

    async def close(self) -> None:
        await self.engine.dispose()


def _alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def _upgrade(connection: Connection, to: str) -> None:
    command.upgrade(_alembic_config(connection), to)


def _current_heads(connection: Connection) -> set[str]:
    return set(MigrationContext.configure(connection).get_current_heads())


def revisions() -> list[str]:
    """Every migration, oldest first."""
    script = ScriptDirectory.from_config(_alembic_config())
    return [revision.revision for revision in reversed(list(script.walk_revisions()))]


def previous_head() -> str | None:
    """The revision before the newest one (for upgrade tests), None when there is only one."""
    script = ScriptDirectory.from_config(_alembic_config())
    current = script.get_current_head()
    head = script.get_revision(current) if current is not None else None
    down = head.down_revision if head is not None else None
    return down if isinstance(down, str) else None


def _script_heads() -> set[str]:
    return set(ScriptDirectory.from_config(_alembic_config()).get_heads())


async def open_database(url: str, *, echo: bool = False) -> Database:
    database = Database(url, echo=echo)
    await database.migrate()
    return database


async def rows_changed(session: AsyncSession, statement: UpdateBase) -> int:
    """Run an INSERT, UPDATE or DELETE and return how many rows it changed."""
    # Session.execute is typed as returning Result; for these statements it is a CursorResult.
    result = cast(CursorResult[Any], await session.execute(statement))
    return result.rowcount
