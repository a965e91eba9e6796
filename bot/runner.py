"""`dispute-bot run`: long polling with a clean start and a clean stop."""

from __future__ import annotations

import asyncio
import logging

from aiogram import Bot
from aiogram.exceptions import TelegramNetworkError, TelegramUnauthorizedError

from bot.app import App, build_app, create_bot, register_commands
from bot.config import ConfigError, Settings
from bot.permissions import restrict_umask, secure_tree
from bot.persistence.database import open_database
from bot.reminder_messages import ReminderRenderer
from bot.scheduler import ReminderScheduler
from flows.clock import SystemClock

log = logging.getLogger(__name__)


async def run_bot(settings: Settings) -> int:
    token = settings.require_token()  # ConfigError → one line, exit 2 (see cli.py)
    # Whatever this process creates is for the service user only (0600 files, 0700 directories), and
    # evidence stored by an older version is tightened: see bot/permissions.py.
    restrict_umask()
    secure_tree(settings.evidence_dir)
    database = await open_database(settings.database_url, echo=settings.sql_echo)
    clock = SystemClock()
    app = build_app(settings, database, clock)
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
        # aiogram does not drop a webhook before polling; getUpdates fails while one is set.
        await bot.delete_webhook(drop_pending_updates=False)
        scheduler = build_scheduler(app, bot)

        async def on_startup() -> None:
            # A startup hook, so it runs after aiogram-i18n has loaded the catalogues.
            await register_commands(bot, app.dispatcher["i18n_core"])
            app.scheduler_task = asyncio.create_task(scheduler.run_forever(), name="reminder-scheduler")

        app.dispatcher.startup.register(on_startup)

        await app.dispatcher.start_polling(
            bot,
            handle_signals=True,
            close_bot_session=True,
            allowed_updates=app.dispatcher.resolve_used_update_types(),
        )
    finally:
        await bot.session.close()
        await database.close()
        log.info("Stopped")
    return 0


def build_scheduler(app: App, bot: Bot) -> ReminderScheduler:
    """The reminder scheduler of this process; handlers wake it through `app.scheduler`."""
    renderer = ReminderRenderer(app.database, app.dispatcher["i18n_core"], app.settings.default_language)
    scheduler = ReminderScheduler(app.database, bot, app.clock, renderer)
    app.scheduler.scheduler = scheduler
    return scheduler
