"""Shared by every test directory: the `slow` marking of process tests, and the throwaway PostgreSQL
cluster (tests/pgcluster.py) for the tests marked `postgresql`."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from tests.pgcluster import Cluster, PostgresUnavailable, in_ci, start_cluster

E2E = Path(__file__).resolve().parent / "e2e"
_databases = itertools.count(1)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every end-to-end test starts the bot as a process of its own: all of them are `slow`."""
    for item in items:
        if E2E in item.path.parents:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[Cluster]:
    """One PostgreSQL cluster for the whole session, started on first use and stopped at the end.

    Outside CI: skip with the reason when none can be started. With CI=true: fail instead.
    """
    try:
        cluster = start_cluster()
    except PostgresUnavailable as error:
        if in_ci():
            pytest.fail(f"CI=true but no PostgreSQL server could be started: {error}", pytrace=False)
        pytest.skip(f"no PostgreSQL server available: {error}")
    try:
        yield cluster
    finally:
        cluster.stop()


async def _admin_execute(cluster: Cluster, sql: str) -> None:
    import asyncpg

    admin = await asyncpg.connect(cluster.url(driver="postgresql"))
    try:
        await admin.execute(sql)
    finally:
        await admin.close()


@pytest.fixture
async def empty_postgres_url(postgres_cluster: Cluster) -> AsyncIterator[str]:
    """A fresh, empty database (no schema) on the session's cluster, dropped afterwards:
    `postgresql+asyncpg://…`. For migration and copy tests; CREATE DATABASE takes about a second."""
    name = f"test_{next(_databases)}"
    await _admin_execute(postgres_cluster, f'CREATE DATABASE "{name}"')
    yield postgres_cluster.url(name)
    await _admin_execute(postgres_cluster, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


_shared_ready: set[str] = set()


@pytest.fixture
async def postgres_url(postgres_cluster: Cluster) -> AsyncIterator[str]:
    """A database at the newest migration with every table empty: `postgresql+asyncpg://…`.

    One database serves the session; each test starts on emptied tables (TRUNCATE … RESTART IDENTITY,
    much faster than a new database). Tests must not change its schema: use `empty_postgres_url`.
    """
    import asyncpg

    from bot.persistence.database import open_database

    url = postgres_cluster.url("shared")
    if url not in _shared_ready:
        await _admin_execute(postgres_cluster, 'CREATE DATABASE "shared"')
        database = await open_database(url)
        await database.close()
        _shared_ready.add(url)
    connection = await asyncpg.connect(postgres_cluster.url("shared", driver="postgresql"))
    try:
        tables = [
            row["tablename"]
            for row in await connection.fetch(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version'"
            )
        ]
        if tables:
            await connection.execute(
                "TRUNCATE " + ", ".join(f'"{table}"' for table in tables) + " RESTART IDENTITY CASCADE"
            )
    finally:
        await connection.close()
    yield url
