"""Prometheus metrics of one bot process (prometheus-client), served at GET /metrics.

Each `Metrics` has a registry of its own, so several bots in one process (tests) do not collide.
What is measured, and where:
- updates by type, handler time, errors: `UpdateMetricsMiddleware`, the outermost update middleware;
- Bot API calls by method and HTTP status, 429 waits: `ApiCallMetrics`, a session middleware inside the
  delivery middleware (so every attempt, retries included, is counted);
- reminders due (claimed for delivery), sent, failed: read from the scheduler when scraped;
- FAQ questions answered, suggested, missed: read from the FAQ service when scraped.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Iterable
from typing import Any, Protocol

from aiogram import BaseMiddleware, Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.exceptions import TelegramAPIError, TelegramNetworkError, TelegramRetryAfter
from aiogram.methods import TelegramMethod
from aiogram.methods.base import Response, TelegramType
from aiogram.types import TelegramObject, Update
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily
from prometheus_client.registry import Collector

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"

# FAQ match kinds (faq.matcher) as the outcomes an operator watches.
FAQ_OUTCOMES = {
    "answer": "answered",
    "suggest": "suggested",
    "no_match": "missed",
    "other_platform": "other_platform",
    "empty": "empty",
}


class ReminderCounts(Protocol):
    claimed: int
    sent: int
    failed: int


class FaqCounts(Protocol):
    outcomes: dict[str, int]


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.updates = Counter(
            "bot_updates", "Telegram updates received, by type", ["type"], registry=self.registry
        )
        self.handler_seconds = Histogram(
            "bot_handler_seconds",
            "Time to handle one update (middlewares and handler), by update type",
            ["type"],
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
            registry=self.registry,
        )
        self.errors = Counter(
            "bot_handler_errors",
            "Updates whose handling raised, by update type",
            ["type"],
            registry=self.registry,
        )
        self.api_calls = Counter(
            "bot_api_calls",
            "Bot API calls by method and HTTP status (0: no answer, network error)",
            ["method", "status"],
            registry=self.registry,
        )
        self.retry_after_waits = Counter(
            "bot_api_retry_after_waits", "429 answers that made us wait retry_after", registry=self.registry
        )
        self.retry_after_seconds = Counter(
            "bot_api_retry_after_seconds", "Seconds 429 answers asked us to wait", registry=self.registry
        )
        self.webhook_rejected = Counter(
            "bot_webhook_rejected",
            "Webhook requests refused for a wrong or missing secret",
            registry=self.registry,
        )
        self._sources = _Sources()
        self.registry.register(self._sources)

    def watch_reminders(self, scheduler: ReminderCounts) -> None:
        self._sources.reminders = scheduler

    def watch_faq(self, faq: FaqCounts) -> None:
        self._sources.faq = faq

    def render(self) -> bytes:
        return generate_latest(self.registry)


class _Sources(Collector):
    """Counters kept by the scheduler and the FAQ service, read at scrape time."""

    def __init__(self) -> None:
        self.reminders: ReminderCounts | None = None
        self.faq: FaqCounts | None = None

    def collect(self) -> Iterable[CounterMetricFamily]:
        reminders = CounterMetricFamily(
            "bot_reminders",
            "Reminders of this process: due (claimed for delivery), sent, failed",
            labels=["state"],
        )
        source = self.reminders
        for state in ("due", "sent", "failed"):
            value = 0 if source is None else getattr(source, "claimed" if state == "due" else state)
            reminders.add_metric([state], value)
        yield reminders
        faq = CounterMetricFamily(
            "bot_faq_questions", "Free-text questions by FAQ outcome", labels=["outcome"]
        )
        counts = self.faq.outcomes if self.faq is not None else {}
        for kind, outcome in FAQ_OUTCOMES.items():
            faq.add_metric([outcome], counts.get(kind, 0))
        yield faq


class UpdateMetricsMiddleware(BaseMiddleware):
    """Outer update middleware, registered first: counts and times every update."""

    def __init__(self, metrics: Metrics) -> None:
        self.metrics = metrics

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        kind = event.event_type if isinstance(event, Update) else type(event).__name__
        self.metrics.updates.labels(kind).inc()
        started = time.perf_counter()
        try:
            return await handler(event, data)
        except Exception:
            self.metrics.errors.labels(kind).inc()
            raise
        finally:
            self.metrics.handler_seconds.labels(kind).observe(time.perf_counter() - started)


class ApiCallMetrics(BaseRequestMiddleware):
    """Session middleware: every Bot API call attempt by method and status."""

    def __init__(self, metrics: Metrics) -> None:
        self.metrics = metrics

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        name = method.__api_method__
        try:
            response = await make_request(bot, method)
        except TelegramRetryAfter as error:
            self.metrics.api_calls.labels(name, "429").inc()
            self.metrics.retry_after_waits.inc()
            self.metrics.retry_after_seconds.inc(error.retry_after)
            raise
        except TelegramNetworkError:
            self.metrics.api_calls.labels(name, "0").inc()
            raise
        except TelegramAPIError as error:
            self.metrics.api_calls.labels(name, str(_status_of(error))).inc()
            raise
        self.metrics.api_calls.labels(name, "200").inc()
        return response


def _status_of(error: TelegramAPIError) -> int:
    from aiogram import exceptions

    for cls, status in (
        (exceptions.TelegramBadRequest, 400),
        (exceptions.TelegramUnauthorizedError, 401),
        (exceptions.TelegramForbiddenError, 403),
        (exceptions.TelegramNotFound, 404),
        (exceptions.TelegramConflictError, 409),
        (exceptions.TelegramEntityTooLarge, 413),
        (exceptions.TelegramServerError, 500),
    ):
        if isinstance(error, cls):
            return status
    return 500
