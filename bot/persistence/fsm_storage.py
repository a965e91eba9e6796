"""aiogram FSM storage on our own database (table `fsm_records`, model `FsmRecord`).

One row per storage key holds both the state and the data, so that setting one never touches the
other: `set_data({})` keeps the state and `set_state(None)` keeps the data, as aiogram's
MemoryStorage and RedisStorage do.

Every call opens its own session (and so its own short transaction) on the shared `Database`:
writes are single `INSERT … ON CONFLICT DO UPDATE` statements, so concurrent first writes to one key
neither raise IntegrityError nor race; SQLite serialises the writers and the Database's busy_timeout
makes them wait for each other. `update_data` reads and writes in one `BEGIN IMMEDIATE` transaction
(on PostgreSQL: the row locked FOR UPDATE), so concurrent updates of one key do not lose each other's
keys.

Beware: a caller that holds an uncommitted write on another session (for example the per-update
session of DatabaseSessionMiddleware after a handler added a row) and then awaits a write to this
storage waits for its own lock: SQLite has one writer, and the storage's write gives up with
"database is locked" after busy_timeout. Commit first, then change the FSM.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from aiogram.exceptions import DataNotDictLikeError
from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, StateType, StorageKey
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.persistence.database import Database
from bot.persistence.models import FsmRecord
from bot.persistence.upsert import insert

KEY_LENGTH = 255  # FsmRecord.key is String(255)
HASHED_KEY_PREFIX = "sha256:"


def build_key(key: StorageKey) -> str:
    """The primary key of `key`'s row: every StorageKey field, as a compact JSON array.

    Order: [bot_id, chat_id, user_id, thread_id, business_connection_id, destiny], for example
    `[42,-42,42,null,null,"default"]`. JSON encoding is unambiguous, unlike aiogram's
    DefaultKeyBuilder, which joins the parts with ":" and leaves out an absent thread_id or
    business_connection_id: there `chat_id=-42, thread_id=5` and `business_connection_id="-42",
    chat_id=5` give the same key, thread_id 0 is the same as None, and a ":" inside a destiny or a
    business connection id shifts the parts. JSON keeps null apart from 0 and from "None", and quotes
    strings, so two different StorageKeys can never give the same text.

    An encoding longer than the column (only possible with a very long destiny or business connection
    id) is replaced by "sha256:" and its SHA-256 hex digest; it cannot clash with an unhashed key,
    which always starts with "[".
    """
    fields = [key.bot_id, key.chat_id, key.user_id, key.thread_id, key.business_connection_id, key.destiny]
    encoded = json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
    if len(encoded) <= KEY_LENGTH:
        return encoded
    return HASHED_KEY_PREFIX + hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _state_name(state: StateType) -> str | None:
    value = state.state if isinstance(state, State) else state
    if value is not None and not isinstance(value, str):
        raise TypeError(f"FSM state must be a State, a str or None, got {type(state).__name__}")
    return value


def _json_copy(data: Mapping[str, Any]) -> dict[str, Any]:
    """A JSON round trip of `data`, refused with TypeError unless it gives back an equal dict.

    Refused: values JSON cannot hold (datetime, set, objects…), NaN and infinities, and values JSON
    would silently change, such as non-string dict keys (1 would come back as "1") and tuples (they
    would come back as lists). What get_data returns is then always equal to what was set.
    """
    try:
        text = json.dumps(data, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as error:
        raise TypeError(f"FSM data must be JSON-serialisable: {error}") from error
    copy: dict[str, Any] = json.loads(text)
    if copy != data:
        raise TypeError(
            "FSM data would change in a JSON round trip: use str dict keys and lists instead of tuples"
        )
    return copy


class SqlStorage(BaseStorage):
    """aiogram FSM storage in the `fsm_records` table of our database (SQLite or PostgreSQL).

    `clock` gives `updated_at` (an aware datetime); it defaults to the current UTC time.

    `close()` does not close the Database: the bot shares it with everything else and closes it
    itself (`await database.close()`) after the dispatcher has stopped.
    """

    def __init__(self, database: Database, clock: Callable[[], datetime] = _utc_now) -> None:
        if not (database.is_sqlite or database.is_postgresql):
            # The upsert is spelled for these two; update_data locks each its own way.
            raise ValueError(f"SqlStorage needs SQLite or PostgreSQL, not {database.backend}")
        self.database = database
        self.clock = clock

    def _now(self) -> datetime:
        now = self.clock()
        if now.tzinfo is None:
            raise ValueError("the FSM storage clock must give aware datetimes")
        return now

    async def close(self) -> None:
        """Nothing to release: the shared Database is closed by its owner, not by the storage."""

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = _state_name(state)
        statement = insert(FsmRecord).values(key=build_key(key), state=value, data={}, updated_at=self._now())
        statement = statement.on_conflict_do_update(
            index_elements=[FsmRecord.key],
            set_={"state": statement.excluded.state, "updated_at": statement.excluded.updated_at},
        )
        async with self.database.sessions() as session:
            await session.execute(statement)
            await session.commit()

    async def get_state(self, key: StorageKey) -> str | None:
        async with self.database.sessions() as session:
            return await session.scalar(select(FsmRecord.state).where(FsmRecord.key == build_key(key)))

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        if not isinstance(data, dict):  # as aiogram's own storages check
            raise DataNotDictLikeError(f"Data must be a dict or dict-like object, got {type(data).__name__}")
        async with self.database.sessions() as session:
            await self._write_data(session, build_key(key), _json_copy(data))
            await session.commit()

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        async with self.database.sessions() as session:
            data = await self._read_data(session, build_key(key))
        return dict(data)  # freshly deserialised from the row: changing it changes nothing stored

    async def update_data(self, key: StorageKey, data: Mapping[str, Any]) -> dict[str, Any]:
        """Like dict.update on the stored data, atomically: read and write in one write transaction."""
        patch: dict[str, Any] = {}
        patch.update(data)  # accepts what BaseStorage.update_data accepts
        patch = _json_copy(patch)
        if not patch:
            return await self.get_data(key)
        storage_key = build_key(key)
        async with self.database.sessions() as session:
            await self._lock_for_update(session, storage_key)
            merged = await self._read_data(session, storage_key)
            merged.update(patch)
            await self._write_data(session, storage_key, merged)
            await session.commit()
        return dict(merged)

    async def _lock_for_update(self, session: AsyncSession, storage_key: str) -> None:
        """Start the read-modify-write transaction of update_data so that no other writer interleaves."""
        if self.database.is_sqlite:
            connection = await session.connection()
            # Take the write lock before reading: in WAL mode a transaction that read and then tries to
            # write after another writer committed fails at once, whatever the busy_timeout.
            await connection.exec_driver_sql("BEGIN IMMEDIATE")
            return
        # PostgreSQL: make sure the row exists, then lock it until commit.
        await session.execute(
            insert(FsmRecord)
            .values(key=storage_key, state=None, data={}, updated_at=self._now())
            .on_conflict_do_nothing(index_elements=[FsmRecord.key])
        )
        await session.execute(select(FsmRecord.key).where(FsmRecord.key == storage_key).with_for_update())

    async def _read_data(self, session: AsyncSession, storage_key: str) -> dict[str, Any]:
        data = await session.scalar(select(FsmRecord.data).where(FsmRecord.key == storage_key))
        return data if data is not None else {}

    async def _write_data(self, session: AsyncSession, storage_key: str, data: dict[str, Any]) -> None:
        statement = insert(FsmRecord).values(key=storage_key, state=None, data=data, updated_at=self._now())
        statement = statement.on_conflict_do_update(
            index_elements=[FsmRecord.key],
            set_={"data": statement.excluded.data, "updated_at": statement.excluded.updated_at},
        )
        await session.execute(statement)


async def write_record(
    session: AsyncSession, key: StorageKey, state: StateType, data: Mapping[str, Any], now: datetime
) -> None:
    """Set the state and the data of `key` in the caller's transaction (not committed here): a flow turn
    commits its effects, its new step and the update's processed mark together (bot/handlers/flows.py)."""
    statement = insert(FsmRecord).values(
        key=build_key(key), state=_state_name(state), data=_json_copy(dict(data)), updated_at=now
    )
    statement = statement.on_conflict_do_update(
        index_elements=[FsmRecord.key],
        set_={
            "state": statement.excluded.state,
            "data": statement.excluded.data,
            "updated_at": statement.excluded.updated_at,
        },
    )
    await session.execute(statement)
