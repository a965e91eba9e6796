"""SqlStorage: aiogram's FSM storage on our database (the aiogram contract is in
test_aiogram_storage_contract.py)."""

from __future__ import annotations

import asyncio
import math
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from types import SimpleNamespace

import pytest
from aiogram.exceptions import DataNotDictLikeError
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.fsm.storage.base import StorageKey
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from bot.persistence.database import Database, open_database
from bot.persistence.fsm_storage import KEY_LENGTH, SqlStorage, build_key
from bot.persistence.models import FsmRecord

KEY = StorageKey(bot_id=42, chat_id=-42, user_id=42)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Every test of this module runs on SQLite and on PostgreSQL (the throwaway cluster of
    tests/conftest.py); overrides the SQLite-only fixture of tests/bot/conftest.py."""
    if request.param == "postgresql":
        return str(request.getfixturevalue("postgres_url"))
    return f"sqlite+aiosqlite:///{tmp_path}/bot.db"


class Form(StatesGroup):
    problem = State()
    order_no = State()


@pytest.fixture()
def storage(database) -> SqlStorage:
    return SqlStorage(database)


async def count_rows(database: Database) -> int:
    async with database.sessions() as session:
        return await session.scalar(select(func.count()).select_from(FsmRecord)) or 0


# --- state and data are independent ------------------------------------------------------------------


async def test_state_object_and_str_are_stored_by_name(storage):
    await storage.set_state(KEY, Form.problem)
    assert await storage.get_state(KEY) == "Form:problem"
    await storage.set_state(KEY, "Form:order_no")
    assert await storage.get_state(KEY) == "Form:order_no"


async def test_set_empty_data_keeps_the_state(storage):
    await storage.set_state(KEY, Form.problem)
    await storage.set_data(KEY, {"a": 1})
    await storage.set_data(KEY, {})
    assert await storage.get_state(KEY) == "Form:problem"
    assert await storage.get_data(KEY) == {}


async def test_set_data_on_a_fresh_key_keeps_the_state_set_later_and_earlier(storage):
    await storage.set_data(KEY, {"a": 1})  # the row is created by set_data, with no state
    assert await storage.get_state(KEY) is None
    await storage.set_state(KEY, Form.order_no)
    await storage.set_data(KEY, {"b": 2})
    assert await storage.get_state(KEY) == "Form:order_no"
    assert await storage.get_data(KEY) == {"b": 2}


async def test_set_state_none_keeps_the_data(storage):
    await storage.set_state(KEY, Form.problem)
    await storage.set_data(KEY, {"order": "123"})
    await storage.set_state(KEY, None)
    assert await storage.get_state(KEY) is None
    assert await storage.get_data(KEY) == {"order": "123"}


async def test_state_must_be_state_str_or_none(storage):
    with pytest.raises(TypeError):
        await storage.set_state(KEY, 5)


async def test_update_data_merges(storage):
    await storage.set_state(KEY, Form.problem)
    await storage.set_data(KEY, {"a": 1, "b": {"x": 1}})
    assert await storage.update_data(KEY, {"b": {"y": 2}, "c": 3}) == {"a": 1, "b": {"y": 2}, "c": 3}
    assert await storage.get_data(KEY) == {"a": 1, "b": {"y": 2}, "c": 3}
    assert await storage.get_state(KEY) == "Form:problem"


async def test_update_data_with_nothing_creates_no_row(storage, database):
    assert await storage.update_data(KEY, {}) == {}
    assert await count_rows(database) == 0


async def test_concurrent_update_data_loses_no_key(storage):
    await asyncio.gather(*(storage.update_data(KEY, {f"k{i}": i}) for i in range(30)))
    assert await storage.get_data(KEY) == {f"k{i}": i for i in range(30)}


# --- data is JSON ------------------------------------------------------------------------------------


async def test_chinese_data_round_trips(storage, database_url):
    data = {"问题": "卖家拒绝退款", "订单": ["淘宝", "天猫"], "nested": {"说明": "未收到货 ✓"}}
    await storage.set_data(KEY, data)
    assert await storage.get_data(KEY) == data
    await storage.database.close()
    reopened = await open_database(database_url)
    try:
        assert await SqlStorage(reopened).get_data(KEY) == data
    finally:
        await reopened.close()


async def test_get_data_returns_a_fresh_copy(storage):
    await storage.set_data(KEY, {"list": [1], "nested": {"a": 1}})
    first = await storage.get_data(KEY)
    first["list"].append(2)
    first["nested"]["a"] = 2
    first["new"] = True
    assert await storage.get_data(KEY) == {"list": [1], "nested": {"a": 1}}


async def test_set_data_copies_the_callers_dict(storage):
    data = {"list": [1]}
    await storage.set_data(KEY, data)
    data["list"].append(2)
    assert await storage.get_data(KEY) == {"list": [1]}


@pytest.mark.parametrize(
    "bad",
    [
        {"when": datetime(2024, 1, 1, tzinfo=UTC)},
        {"tags": {"a", "b"}},
        {"obj": object()},
        {1: "int key"},
        {"pair": (1, 2)},
        {"nan": math.nan},
        {"deep": [{"x": b"bytes"}]},
    ],
    ids=["datetime", "set", "object", "int-key", "tuple", "nan", "nested-bytes"],
)
async def test_data_that_does_not_round_trip_is_refused_at_set_time(storage, bad):
    await storage.set_data(KEY, {"kept": True})
    with pytest.raises(TypeError):
        await storage.set_data(KEY, bad)
    with pytest.raises(TypeError):
        await storage.update_data(KEY, bad)
    assert await storage.get_data(KEY) == {"kept": True}


async def test_data_must_be_a_dict(storage):
    with pytest.raises(DataNotDictLikeError):
        await storage.set_data(KEY, [("a", 1)])


# --- keys --------------------------------------------------------------------------------------------

DIFFERING_KEYS = {
    "destiny": (StorageKey(1, 2, 3), StorageKey(1, 2, 3, destiny="scenes_history")),
    "thread_id": (StorageKey(1, 2, 3), StorageKey(1, 2, 3, thread_id=7)),
    "thread_id-0": (StorageKey(1, 2, 3), StorageKey(1, 2, 3, thread_id=0)),
    "business_connection_id": (StorageKey(1, 2, 3), StorageKey(1, 2, 3, business_connection_id="bc1")),
    "bot_id": (StorageKey(1, 2, 3), StorageKey(9, 2, 3)),
    "chat_vs_user": (StorageKey(1, 2, 3), StorageKey(1, 3, 2)),
    # DefaultKeyBuilder would give both "fsm:1:-42:5:42:default"
    "bcid_vs_thread": (
        StorageKey(1, chat_id=5, user_id=42, business_connection_id="-42"),
        StorageKey(1, chat_id=-42, user_id=42, thread_id=5),
    ),
    "colon_in_destiny": (
        StorageKey(1, 2, 3, business_connection_id="a", destiny="b:c"),
        StorageKey(1, 2, 3, business_connection_id="a:b", destiny="c"),
    ),
    "none_vs_text_None": (StorageKey(1, 2, 3), StorageKey(1, 2, 3, business_connection_id="None")),
}


@pytest.mark.parametrize("first,second", DIFFERING_KEYS.values(), ids=DIFFERING_KEYS.keys())
async def test_keys_differing_in_one_field_are_kept_apart(storage, first, second):
    assert build_key(first) != build_key(second)
    await storage.set_state(first, "first")
    await storage.set_data(first, {"who": "first"})
    await storage.set_state(second, "second")
    await storage.set_data(second, {"who": "second"})
    assert await storage.get_state(first) == "first"
    assert await storage.get_data(first) == {"who": "first"}
    assert await storage.get_state(second) == "second"
    assert await storage.get_data(second) == {"who": "second"}


def test_key_is_readable_json_of_every_field():
    key = StorageKey(bot_id=1, chat_id=-2, user_id=3, thread_id=4, business_connection_id="bc", destiny="d")
    assert build_key(key) == '[1,-2,3,4,"bc","d"]'
    assert build_key(KEY) == '[42,-42,42,null,null,"default"]'


async def test_overlong_keys_are_hashed_to_fit_and_kept_apart(storage):
    first = StorageKey(1, 2, 3, destiny="d" * 300)
    second = StorageKey(1, 2, 3, destiny="d" * 299 + "e")
    assert len(build_key(first)) <= KEY_LENGTH
    assert build_key(first).startswith("sha256:")
    assert build_key(first) != build_key(second)
    await storage.set_state(first, "first")
    await storage.set_state(second, "second")
    assert await storage.get_state(first) == "first"
    assert await storage.get_state(second) == "second"


# --- concurrency -------------------------------------------------------------------------------------


async def test_100_concurrent_first_writes_to_one_key(storage, database):
    states = [f"S:{i}" for i in range(50)]
    datas = [{"i": i} for i in range(50)]
    writes = [storage.set_state(KEY, state) for state in states] + [storage.set_data(KEY, d) for d in datas]
    writes = [
        w for pair in zip(writes[:50], writes[50:], strict=False) for w in pair
    ]  # interleave the two kinds
    results = await asyncio.gather(*writes, return_exceptions=True)
    assert [r for r in results if isinstance(r, BaseException)] == []
    assert await storage.get_state(KEY) in states
    assert await storage.get_data(KEY) in datas
    assert await count_rows(database) == 1


async def test_100_concurrent_first_set_state_to_one_key(storage, database):
    states = [f"S:{i}" for i in range(100)]
    results = await asyncio.gather(*(storage.set_state(KEY, s) for s in states), return_exceptions=True)
    assert [r for r in results if isinstance(r, BaseException)] == []
    assert await storage.get_state(KEY) in states
    assert await storage.get_data(KEY) == {}
    assert await count_rows(database) == 1


# --- persistence, clock, close -----------------------------------------------------------------------


async def test_state_and_data_survive_reopening_the_database(database_url):
    database = await open_database(database_url)
    storage = SqlStorage(database)
    await storage.set_state(KEY, Form.order_no)
    await storage.set_data(KEY, {"order": "2024"})
    await storage.close()
    await database.close()

    database = await open_database(database_url)
    try:
        storage = SqlStorage(database)
        assert await storage.get_state(KEY) == "Form:order_no"
        assert await storage.get_data(KEY) == {"order": "2024"}
    finally:
        await database.close()


async def test_close_leaves_the_shared_database_open(storage, database):
    await storage.close()
    await storage.set_state(KEY, "still works")
    async with database.sessions() as session:
        assert await session.scalar(select(FsmRecord.state)) == "still works"


async def test_updated_at_comes_from_the_clock(database):
    now = datetime(2024, 5, 1, 20, 0, tzinfo=timezone(timedelta(hours=8)))  # Beijing time
    storage = SqlStorage(database, clock=lambda: now)
    await storage.set_state(KEY, "s")
    async with database.sessions() as session:
        assert await session.scalar(select(FsmRecord.updated_at)) == now
    now = now + timedelta(minutes=5)
    await storage.update_data(KEY, {"a": 1})
    async with database.sessions() as session:
        assert await session.scalar(select(FsmRecord.updated_at)) == now


async def test_naive_clock_is_refused(database):
    storage = SqlStorage(database, clock=datetime.now)
    with pytest.raises(ValueError):
        await storage.set_state(KEY, "s")


def test_only_sqlite_and_postgresql_are_accepted():
    mysql = SimpleNamespace(url=make_url("mysql+aiomysql://u:p@localhost/db"), backend="mysql")
    mysql.is_sqlite = mysql.is_postgresql = False
    with pytest.raises(ValueError):
        SqlStorage(mysql)  # type: ignore[arg-type]  # the wrong kind on purpose


# --- with aiogram's FSMContext -----------------------------------------------------------------------


async def test_works_with_fsm_context(storage):
    context = FSMContext(storage=storage, key=KEY)
    await context.set_state(Form.problem)
    assert await context.get_state() == Form.problem.state
    assert await context.update_data(problem="未发货") == {"problem": "未发货"}
    assert await context.update_data({"order_no": "1234"}) == {"problem": "未发货", "order_no": "1234"}
    await context.set_state(Form.order_no)
    assert await context.get_data() == {"problem": "未发货", "order_no": "1234"}
    assert await context.get_value("order_no") == "1234"
    assert await context.get_value("missing", "default") == "default"

    other = FSMContext(storage=storage, key=StorageKey(42, -42, 42, destiny="scenes_history"))
    assert await other.get_state() is None
    assert await other.get_data() == {}

    await context.clear()
    assert await context.get_state() is None
    assert await context.get_data() == {}
