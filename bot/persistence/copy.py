"""`dispute-bot db copy`: move every row from one database to another (SQLite → PostgreSQL).

The target must be empty (no tables, or our tables with no rows); it is migrated to the newest schema
first, the source too (as the bot would at start). Tables are copied parents first, in batches, in one
transaction on the target, so a failure leaves it as empty as it was. PostgreSQL's id sequences are
then moved past the copied ids, and the row counts of every table are compared.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Table, func, insert, select, text
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.persistence.database import Database, open_database
from bot.persistence.models import Base

BATCH = 1000


class CopyError(Exception):
    """The copy cannot be made (target not empty) or did not verify; the message says which."""


@dataclass(frozen=True)
class TableCount:
    table: str
    source: int
    target: int

    @property
    def ok(self) -> bool:
        return self.source == self.target


def tables() -> list[Table]:
    return list(Base.metadata.sorted_tables)  # parents before children (foreign keys)


async def _counts(database: Database) -> dict[str, int]:
    async with database.engine.connect() as connection:
        return {
            table.name: int(await connection.scalar(select(func.count()).select_from(table)) or 0)
            for table in tables()
        }


async def copy_database(source_url: str, target_url: str) -> list[TableCount]:
    if source_url == target_url:
        raise CopyError("the source and the target are the same database")
    source = await open_database(source_url)
    target = await open_database(target_url)
    try:
        busy = {name: count for name, count in (await _counts(target)).items() if count}
        if busy:
            listed = ", ".join(f"{name} ({count})" for name, count in sorted(busy.items()))
            raise CopyError(f"the target database is not empty: {listed}")
        async with source.engine.connect() as reader, target.engine.begin() as writer:
            for table in tables():
                key = list(table.primary_key.columns)
                result = await reader.stream(select(table).order_by(*key))
                async for rows in result.mappings().partitions(BATCH):
                    await writer.execute(insert(table), [dict(row) for row in rows])
            if target.is_postgresql:
                await _advance_sequences(writer)
        source_counts, target_counts = await _counts(source), await _counts(target)
    finally:
        await source.close()
        await target.close()
    return [TableCount(name, source_counts[name], target_counts[name]) for name in source_counts]


async def _advance_sequences(writer: AsyncConnection) -> None:
    """Rows were inserted with their ids: move each serial's sequence past the largest one."""
    for table in tables():
        for column in table.primary_key.columns:
            sequence = await writer.scalar(
                text("SELECT pg_get_serial_sequence(:table, :column)"),
                {"table": table.name, "column": column.name},
            )
            if sequence is None:  # not a serial (users.id is the Telegram id)
                continue
            largest = await writer.scalar(select(func.max(column)))
            if largest is not None:
                await writer.execute(
                    text("SELECT setval(:sequence, :value)"), {"sequence": sequence, "value": largest}
                )
