# aiogram's own FSM storage contract, run against our SqlStorage and aiogram's MemoryStorage.
#
# The class TestStorages below is copied from aiogram 3.31.0 (the version this project runs),
# tests/test_fsm/storage/test_storages.py in https://github.com/aiogram/aiogram (taken from the
# aiogram-3.31.0 sdist on PyPI). Its test bodies are unchanged; only the parametrize list differs:
# aiogram's ["memory_storage", "redis_storage", "mongo_storage", "pymongo_storage"] became
# ["memory_storage", "sql_storage", "pg_storage"], and the imports are re-sorted for our ruff config. The
# fixtures it needs (`storage`, `storage_key`, `memory_storage`), from aiogram's tests/conftest.py,
# are recreated below this notice.
#
# aiogram is under the MIT licence:
#
# Copyright (c) 2017 - present Alex Root Junior
#
# Permission is hereby granted, free of charge, to any person obtaining a copy of this
# software and associated documentation files (the "Software"), to deal in the Software
# without restriction, including without limitation the rights to use, copy, modify,
# merge, publish, distribute, sublicense, and/or sell copies of the Software,
# and to permit persons to whom the Software is furnished to do so, subject to the
# following conditions:
#
# The above copyright notice and this permission notice shall be included in all copies
# or substantial portions of the Software.
#
# THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED,
# INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR
# PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS
# BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT,
# TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE
# OR OTHER DEALINGS IN THE SOFTWARE.
from typing import TypedDict

import pytest
from aiogram.exceptions import DataNotDictLikeError
from aiogram.fsm.storage.base import BaseStorage, StorageKey
from aiogram.fsm.storage.memory import MemoryStorage

from bot.persistence.database import open_database
from bot.persistence.fsm_storage import SqlStorage

# --- fixtures recreated from aiogram's tests/conftest.py -------------------------------------------

CHAT_ID = -42
USER_ID = 42
BOT_ID = 42  # aiogram's fixture takes bot.id from its MockedBot, whose token is "42:TEST"


@pytest.fixture()
async def memory_storage():
    storage = MemoryStorage()
    try:
        yield storage
    finally:
        await storage.close()


@pytest.fixture()
async def sql_storage(database):
    """Ours, not aiogram's: SqlStorage on a fresh, migrated database file."""
    storage = SqlStorage(database)
    try:
        yield storage
    finally:
        await storage.close()


@pytest.fixture()
async def pg_storage(postgres_url):
    """Ours too: SqlStorage on a migrated PostgreSQL database (the cluster of tests/conftest.py)."""
    database = await open_database(postgres_url)
    storage = SqlStorage(database)
    try:
        yield storage
    finally:
        await storage.close()
        await database.close()


@pytest.fixture(name="storage_key")
def create_storage_key():
    return StorageKey(chat_id=CHAT_ID, user_id=USER_ID, bot_id=BOT_ID)


@pytest.fixture()
def storage(request):
    return request.getfixturevalue(request.param)


# --- copied from aiogram 3.31.0 tests/test_fsm/storage/test_storages.py ----------------------------


@pytest.mark.parametrize(
    "storage",
    ["memory_storage", "sql_storage", pytest.param("pg_storage", marks=pytest.mark.postgresql)],
    indirect=True,
)
class TestStorages:
    async def test_set_state(self, storage: BaseStorage, storage_key: StorageKey):
        assert await storage.get_state(key=storage_key) is None

        await storage.set_state(key=storage_key, state="state")
        assert await storage.get_state(key=storage_key) == "state"
        await storage.set_state(key=storage_key, state=None)
        assert await storage.get_state(key=storage_key) is None

    async def test_set_data(self, storage: BaseStorage, storage_key: StorageKey):
        assert await storage.get_data(key=storage_key) == {}
        assert await storage.get_value(storage_key=storage_key, dict_key="foo") is None
        assert await storage.get_value(storage_key=storage_key, dict_key="foo", default="baz") == "baz"

        await storage.set_data(key=storage_key, data={"foo": "bar"})
        assert await storage.get_data(key=storage_key) == {"foo": "bar"}
        assert await storage.get_value(storage_key=storage_key, dict_key="foo") == "bar"
        assert await storage.get_value(storage_key=storage_key, dict_key="foo", default="baz") == "bar"

        await storage.set_data(key=storage_key, data={})
        assert await storage.get_data(key=storage_key) == {}
        assert await storage.get_value(storage_key=storage_key, dict_key="foo") is None
        assert await storage.get_value(storage_key=storage_key, dict_key="foo", default="baz") == "baz"

        class CustomTypedDict(TypedDict, total=False):
            foo: str
            bar: str

        await storage.set_data(key=storage_key, data=CustomTypedDict(foo="bar", bar="baz"))
        assert await storage.get_data(key=storage_key) == {"foo": "bar", "bar": "baz"}
        assert await storage.get_value(storage_key=storage_key, dict_key="foo") == "bar"
        assert await storage.get_value(storage_key=storage_key, dict_key="foo", default="baz") == "bar"

        with pytest.raises(DataNotDictLikeError):
            await storage.set_data(key=storage_key, data=())  # type: ignore[arg-type]  # wrong on purpose

    async def test_update_data(self, storage: BaseStorage, storage_key: StorageKey):
        assert await storage.get_data(key=storage_key) == {}
        assert await storage.update_data(key=storage_key, data={"foo": "bar"}) == {"foo": "bar"}
        assert await storage.update_data(key=storage_key, data={}) == {"foo": "bar"}
        assert await storage.get_data(key=storage_key) == {"foo": "bar"}
        assert await storage.update_data(key=storage_key, data={"baz": "spam"}) == {
            "foo": "bar",
            "baz": "spam",
        }
        assert await storage.get_data(key=storage_key) == {
            "foo": "bar",
            "baz": "spam",
        }
        assert await storage.update_data(key=storage_key, data={"baz": "test"}) == {
            "foo": "bar",
            "baz": "test",
        }
        assert await storage.get_data(key=storage_key) == {
            "foo": "bar",
            "baz": "test",
        }
