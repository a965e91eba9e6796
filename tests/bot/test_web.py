"""The probes (/healthz, /readyz, /metrics) and the webhook's secret check, in-process."""

from __future__ import annotations

from types import SimpleNamespace

from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import text

from bot.metrics import Metrics
from bot.persistence.database import Database
from bot.web import probes_application


async def _client(database: Database, metrics: Metrics) -> TestClient:
    client = TestClient(TestServer(probes_application(database, metrics)))
    await client.start_server()
    return client


async def test_readyz_needs_the_schema_at_head(database: Database) -> None:
    client = await _client(database, Metrics())
    try:
        assert (await client.get("/healthz")).status == 200
        assert (await client.get("/readyz")).status == 200
        async with database.engine.begin() as connection:
            await connection.execute(text("UPDATE alembic_version SET version_num = '0001'"))
        response = await client.get("/readyz")
        assert response.status == 503
        assert "migration" in await response.text()
        assert (await client.get("/healthz")).status == 200  # the process itself still serves
    finally:
        await client.close()


async def test_readyz_is_503_when_the_database_is_unreachable() -> None:
    unreachable = Database("postgresql+asyncpg://bot@127.0.0.1:9/nothing-listens-here")
    client = await _client(unreachable, Metrics())
    try:
        response = await client.get("/readyz")
        assert response.status == 503
        assert "unreachable" in await response.text()
    finally:
        await client.close()
        await unreachable.close()


async def test_metrics_page_is_prometheus_text(database: Database) -> None:
    metrics = Metrics()
    metrics.updates.labels("message").inc(3)
    metrics.api_calls.labels("sendMessage", "429").inc()

    faq = SimpleNamespace(outcomes={"answer": 2, "suggest": 1, "no_match": 4})
    metrics.watch_faq(faq)
    client = await _client(database, metrics)
    try:
        response = await client.get("/metrics")
        body = await response.text()
    finally:
        await client.close()
    assert response.headers["Content-Type"].startswith("text/plain")
    assert 'bot_updates_total{type="message"} 3.0' in body
    assert 'bot_api_calls_total{method="sendMessage",status="429"} 1.0' in body
    assert 'bot_faq_questions_total{outcome="answered"} 2.0' in body
    assert 'bot_faq_questions_total{outcome="missed"} 4.0' in body
    assert 'bot_reminders_total{state="due"} 0.0' in body
