"""Assembling the bot: the dispatcher with its middlewares and routers, and the Bot object."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.base import BaseSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.types import BotCommand, BotCommandScopeDefault
from aiogram_i18n import I18nMiddleware
from aiogram_i18n.cores import BaseCore

from bot.commands import COMMANDS
from bot.config import Settings
from bot.dependencies import check_handlers
from bot.evidence_files import sweep_evidence
from bot.faq_service import FaqService
from bot.handlers import get_routers
from bot.i18n import UserLanguageManager, make_core
from bot.metrics import ApiCallMetrics, Metrics, UpdateMetricsMiddleware
from bot.middlewares.database import DatabaseSessionMiddleware, UserMiddleware
from bot.middlewares.inflight import InFlightMiddleware
from bot.middlewares.once import UpdateOnceMiddleware
from bot.middlewares.private_only import PrivateChatsOnlyMiddleware
from bot.middlewares.serial import PerUserSerialMiddleware
from bot.middlewares.serial import install as install_before
from bot.persistence.database import Database
from bot.persistence.fsm_storage import SqlStorage
from bot.persistence.users import blocked_user_ids, mark_blocked
from bot.scheduler import SchedulerWakeup
from bot.sending import DeliveryMiddleware
from flows.clock import Clock
from flows.workdays import WorkCalendar

log = logging.getLogger(__name__)


@dataclass
class App:
    """Everything the running bot is made of, so the CLI, chat and tests assemble it the same way."""

    settings: Settings
    database: Database
    clock: Clock
    dispatcher: Dispatcher
    inflight: InFlightMiddleware
    scheduler: SchedulerWakeup
    blocked: set[int] = field(default_factory=set)
    scheduler_task: asyncio.Task[None] | None = None
    metrics: Metrics = field(default_factory=Metrics)

    def attach(self, bot: Bot, sleep: Callable[[float], Awaitable[None]] | None = None) -> DeliveryMiddleware:
        """Route the bot's every call through the delivery middleware (429 and 403 handling)."""
        delivery = DeliveryMiddleware(
            self.blocked, on_blocked=self._mark_blocked, sleep=sleep or asyncio.sleep
        )
        bot.session.middleware(delivery)
        # Registered after (so inside) the delivery middleware: every attempt, retries included.
        bot.session.middleware(ApiCallMetrics(self.metrics))
        return delivery

    async def _mark_blocked(self, user_id: int) -> None:
        async with self.database.sessions() as session:
            await mark_blocked(session, user_id)
            await session.commit()

    async def drain(self, grace_seconds: float = 20) -> None:
        """On shutdown: stop the scheduler after its current send, let running handlers finish."""
        if self.scheduler.scheduler is not None:
            self.scheduler.scheduler.stop()
        if self.scheduler_task is not None:
            try:
                await asyncio.wait_for(self.scheduler_task, grace_seconds)
            except TimeoutError:
                log.warning("the reminder scheduler did not stop in time")
        if self.inflight.count:
            log.info("waiting for %d running handler(s)", self.inflight.count)
        if not await self.inflight.wait_idle(grace_seconds):
            log.warning("handlers still running after %s s; stopping anyway", grace_seconds)

    async def load_blocked(self) -> None:
        async with self.database.sessions() as session:
            self.blocked |= await blocked_user_ids(session)


def build_app(
    settings: Settings,
    database: Database,
    clock: Clock,
    *,
    album_quiet_period: float = 0.6,
    once_per_update: bool = False,
) -> App:
    inflight = InFlightMiddleware()
    blocked: set[int] = set()
    dispatcher = Dispatcher(storage=SqlStorage(database))

    # Outer middlewares on every update, in this order: aiogram's error and user-context middlewares,
    # metrics (count and time it), count the update in flight, turn group chats away
    # (bot/middlewares/private_only.py), wait for this user's earlier updates and collect albums
    # (bot/middlewares/serial.py: the lock must come before the FSM and the database), aiogram's FSM
    # middleware (reads the state routing filters use), open the DB session, load the user, then choose
    # the language (which reads the user's stored choice).
    core = make_core(settings.default_language)
    metrics = Metrics()
    install_before(dispatcher, UpdateMetricsMiddleware(metrics), before=dispatcher.fsm)
    install_before(dispatcher, inflight, before=dispatcher.fsm)
    # Group chats: one pointer to the private chat, before any state or row is touched.
    install_before(
        dispatcher, PrivateChatsOnlyMiddleware(core, settings.default_language), before=dispatcher.fsm
    )
    install_before(
        dispatcher, PerUserSerialMiddleware(album_quiet_period, database.user_lock), before=dispatcher.fsm
    )
    dispatcher.update.outer_middleware(DatabaseSessionMiddleware(database))
    dispatcher.update.outer_middleware(UserMiddleware(clock, blocked))
    # Registered before aiogram-i18n's own shutdown hook, which unloads the catalogues: running
    # handlers and the scheduler must finish while they can still render text.
    holder: list[App] = []

    async def drain() -> None:
        await holder[0].drain()

    dispatcher.shutdown.register(drain)

    async def sweep() -> None:
        await sweep_evidence(settings.evidence_dir, database)

    dispatcher.startup.register(sweep)
    manager = UserLanguageManager(default_locale=settings.default_language)
    I18nMiddleware(core=core, manager=manager, default_locale=settings.default_language).setup(dispatcher)
    if once_per_update:
        # Updates from Telegram can come twice (redelivery): handled once (bot/middlewares/once.py).
        dispatcher.update.outer_middleware(UpdateOnceMiddleware(clock))

    dispatcher.include_routers(*get_routers())
    dispatcher["settings"] = settings
    dispatcher["database"] = database
    dispatcher["clock"] = clock
    dispatcher["i18n_core"] = core
    dispatcher["language_manager"] = manager
    faq = FaqService(clock, overlay_path=settings.faq_overlay_path)
    metrics.watch_faq(faq)
    dispatcher["faq"] = faq
    dispatcher["calendar"] = (
        WorkCalendar.from_file(settings.holiday_overrides_file)
        if settings.holiday_overrides_file
        else WorkCalendar.from_env({})
    )
    dispatcher["scheduler"] = scheduler = SchedulerWakeup()  # connected by the runner once the bot exists
    check_handlers(dispatcher)  # a handler asking for something not provided fails here, at start-up
    app = App(settings, database, clock, dispatcher, inflight, scheduler, blocked, metrics=metrics)
    holder.append(app)
    return app


def create_bot(settings: Settings, token: str, session: BaseSession | None = None) -> Bot:
    if session is None:
        session = AiohttpSession()
        if not settings.uses_public_api:
            session.api = TelegramAPIServer.from_base(settings.bot_api_url, is_local=False)
    return Bot(token=token, session=session, default=DefaultBotProperties(parse_mode=ParseMode.HTML))


async def register_commands(bot: Bot, core: BaseCore[Any]) -> None:
    """The command menu in both languages: Chinese for zh clients, English for everyone else."""
    for language, language_code in (("en", None), ("zh", "zh")):
        commands = [
            BotCommand(command=name, description=core.get(f"cmd-{name}", language)) for name in COMMANDS
        ]
        await bot.set_my_commands(commands, scope=BotCommandScopeDefault(), language_code=language_code)
