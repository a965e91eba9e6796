"""`dispute-bot run`: long polling (default) or a webhook (WEBHOOK_URL set), with a clean start and stop."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal

from aiogram import Bot
from aiogram.exceptions import TelegramNetworkError, TelegramUnauthorizedError

from bot.app import App, build_app, create_bot, register_commands
from bot.config import ConfigError, Settings
from bot.permissions import restrict_umask, secure_tree
from bot.persistence.database import open_database
from bot.persistence.errors import DatabaseError, shown_url
from bot.persistence.pacing import SharedSendPacer
from bot.persistence.updates import prune_processed
from bot.reminder_messages import ReminderRenderer
from bot.retention import RetentionPurge
from bot.scheduler import ReminderScheduler
from bot.web import probes_application, serve, webhook_application
from flows.clock import SystemClock

log = logging.getLogger(__name__)


async def run_bot(settings: Settings) -> int:
    token = settings.require_token()  # ConfigError → one line, exit 2 (see cli.py)
    secret = settings.require_webhook_secret() if settings.webhook_mode else None
    # Whatever this process creates is for the service user only (0600 files, 0700 directories), and
    # evidence stored by an older version is tightened: see bot/permissions.py.
    restrict_umask()
    secure_tree(settings.evidence_dir)
    try:
        database = await open_database(settings.database_url, echo=settings.sql_echo)
    except (OSError, DatabaseError) as error:  # read-only, unopenable, not a database, no space
        raise ConfigError(
            f"Cannot open the database {shown_url(settings.database_url)}: {_reason(error)}"
        ) from None
    clock = SystemClock()
    app = build_app(settings, database, clock, once_per_update=True)
    bot = create_bot(settings, token)
    app.attach(bot)
    try:
        try:
            me = await bot.get_me()
        except TelegramUnauthorizedError:
            raise ConfigError(
                "The Bot API rejected BOT_TOKEN (401 Unauthorized). Check the token with @BotFather."
            ) from None
        except TelegramNetworkError as error:
            raise ConfigError(
                f"Cannot reach the Bot API at {settings.bot_api_url}: {error.message}"
            ) from None
        log.info("Starting as @%s", me.username)
        await app.load_blocked()
        scheduler = build_scheduler(app, bot)

        async def on_startup() -> None:
            # A startup hook, so it runs after aiogram-i18n has loaded the catalogues.
            await register_commands(bot, app.dispatcher["i18n_core"])
            app.scheduler_task = asyncio.create_task(scheduler.run_forever(), name="reminder-scheduler")

        app.dispatcher.startup.register(on_startup)
        if secret is not None:
            await run_webhook(app, bot, secret)
        else:
            await run_polling(app, bot)
    finally:
        await bot.session.close()
        await database.close()
        log.info("Stopped")
    return 0


async def run_polling(app: App, bot: Bot) -> None:
    settings = app.settings
    probes = None
    if settings.metrics_listen:
        probes = await serve(probes_application(app.database, app.metrics), settings.metrics_listen)
    try:
        # aiogram does not drop a webhook before polling; getUpdates fails while one is set.
        await bot.delete_webhook(drop_pending_updates=False)
        await app.dispatcher.start_polling(
            bot,
            handle_signals=True,
            close_bot_session=True,
            allowed_updates=app.dispatcher.resolve_used_update_types(),
        )
    finally:
        if probes is not None:
            await probes.cleanup()


async def run_webhook(app: App, bot: Bot, secret: str) -> None:
    """Serve the webhook until SIGTERM or SIGINT, then stop taking requests, finish the running ones,
    and stop. The webhook stays set: other replicas keep serving it."""
    settings = app.settings
    assert settings.webhook_url is not None
    dispatcher = app.dispatcher
    web_app = webhook_application(
        dispatcher,
        bot,
        path=settings.webhook_path,
        secret=secret,
        database=app.database,
        metrics=app.metrics,
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    workflow = {"dispatcher": dispatcher, "bot": bot, **dispatcher.workflow_data}
    await dispatcher.emit_startup(**workflow)
    runner = None
    try:
        runner = await serve(web_app, settings.webhook_listen)
        await bot.set_webhook(
            url=settings.webhook_url,
            secret_token=secret,
            allowed_updates=dispatcher.resolve_used_update_types(),
            max_connections=settings.webhook_max_connections,
            drop_pending_updates=False,
        )
        log.info("Webhook set; serving %s on %s", settings.webhook_path, settings.webhook_listen)
        await stop.wait()
        log.info("Stopping: no new requests, finishing the running ones")
    finally:
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(signum)
        if runner is not None:
            await runner.cleanup()  # stops listening, lets requests in progress finish
        with contextlib.suppress(Exception):
            await dispatcher.emit_shutdown(**workflow)  # drains the scheduler and handlers


def _reason(error: BaseException) -> str:
    original = getattr(error, "orig", None) or error
    return (str(original).strip().splitlines() or [type(original).__name__])[0]


def build_scheduler(app: App, bot: Bot) -> ReminderScheduler:
    """The reminder scheduler of this process; handlers wake it through `app.scheduler`."""
    renderer = ReminderRenderer(app.database, app.dispatcher["i18n_core"], app.settings.default_language)
    # Several replicas share one database (PostgreSQL): their reminder sends share one rate too.
    pacer = SharedSendPacer(app.database) if app.database.is_postgresql else None
    retention = RetentionPurge(
        app.database, app.clock, app.settings.retention_days, app.settings.evidence_dir
    )

    async def housekeeping() -> None:
        try:
            await retention()
        finally:  # update ids older than Telegram's redelivery horizon are forgotten either way
            async with app.database.sessions() as session:
                await prune_processed(session, app.clock.now())
                await session.commit()

    scheduler = ReminderScheduler(
        app.database, bot, app.clock, renderer, pacer=pacer, housekeeping=housekeeping
    )
    app.scheduler.scheduler = scheduler
    app.metrics.watch_reminders(scheduler)
    return scheduler
