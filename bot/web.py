"""The HTTP side of the bot: the Telegram webhook, and /healthz, /readyz, /metrics.

- Webhook mode (WEBHOOK_URL set): one aiohttp listener on WEBHOOK_LISTEN serves the webhook path and
  the three probes. Each update is handled INSIDE its request (aiogram's `handle_in_background=False`):
  Telegram sends a chat's next update only after the previous request was answered, so a user's updates
  stay in order even when a load balancer spreads requests over several replicas.
- Polling mode with METRICS_LISTEN: the same three probes, on a listener of their own.
"""

from __future__ import annotations

import asyncio
import logging
import secrets

from aiogram import Bot, Dispatcher
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web

from bot.config import parse_listen
from bot.metrics import CONTENT_TYPE, Metrics
from bot.persistence.database import Database

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
READY_TIMEOUT = 5.0


class SecretWebhookHandler(SimpleRequestHandler):
    """aiogram's webhook handler, refusing (403, before reading the body) any request whose secret
    header is missing or wrong, and handling accepted updates inside the request."""

    def __init__(self, dispatcher: Dispatcher, bot: Bot, secret: str, metrics: Metrics) -> None:
        super().__init__(dispatcher, bot, handle_in_background=False, secret_token=secret)
        self.metrics = metrics
        self._secret = secret

    async def handle(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not secrets.compare_digest(given.encode(), self._secret.encode()):
            self.metrics.webhook_rejected.inc()
            log.warning("webhook request without the right secret token from %s", request.remote)
            return web.Response(status=403, text="Forbidden")
        return await super().handle(request)


def add_probes(app: web.Application, database: Database, metrics: Metrics) -> None:
    async def healthz(_: web.Request) -> web.Response:
        return web.Response(text="ok\n")

    async def readyz(_: web.Request) -> web.Response:
        try:
            ready = await asyncio.wait_for(database.at_head(), READY_TIMEOUT)
        except Exception as error:  # noqa: BLE001 — any failure to answer means "not ready"
            log.warning("readiness check failed: %r", error)
            return web.Response(status=503, text="database unreachable\n")
        if not ready:
            return web.Response(status=503, text="database schema is not at the newest migration\n")
        return web.Response(text="ready\n")

    async def metrics_page(_: web.Request) -> web.Response:
        response = web.Response(body=metrics.render())
        response.headers["Content-Type"] = CONTENT_TYPE
        return response

    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    app.router.add_get("/metrics", metrics_page)


def webhook_application(
    dispatcher: Dispatcher, bot: Bot, *, path: str, secret: str, database: Database, metrics: Metrics
) -> web.Application:
    app = web.Application()
    SecretWebhookHandler(dispatcher, bot, secret, metrics).register(app, path=path)
    add_probes(app, database, metrics)
    return app


def probes_application(database: Database, metrics: Metrics) -> web.Application:
    app = web.Application()
    add_probes(app, database, metrics)
    return app


async def serve(app: web.Application, listen: str, *, shutdown_timeout: float = 30.0) -> web.AppRunner:
    """Start listening on "host:port"; `await runner.cleanup()` stops (running requests may finish)."""
    host, port = parse_listen(listen)
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=shutdown_timeout)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    log.info("listening on %s", listen)
    return runner
