"""A fake Telegram Bot API server for end-to-end tests and benchmarks (see `server.py`)."""

from tests.fakeapi.server import Call, FakeBotAPI, QueuedUpdate

__all__ = ["Call", "FakeBotAPI", "QueuedUpdate"]
