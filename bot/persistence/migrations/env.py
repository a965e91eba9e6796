"""Alembic environment. The bot runs migrations itself at start (database.migrate), handing over its
own connection; `alembic -c bot/persistence/alembic.ini revision --autogenerate` works for developers."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine
from sqlalchemy.engine import Connection

from bot.persistence.models import Base

config = context.config
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    # render_as_batch: SQLite cannot ALTER most things; batch mode rebuilds tables safely.
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    url = config.get_main_option("sqlalchemy.url") or "sqlite:///./dispute-bot.db"
    engine = create_engine(url.replace("+aiosqlite", ""))
    with engine.connect() as conn:
        _run(conn)
