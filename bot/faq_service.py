"""The FAQ inside the bot: answering, suggesting, admitting ignorance, and remembering what it missed."""

from __future__ import annotations

import logging
import re
import secrets
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from aiogram.fsm.context import FSMContext
from aiogram.types import InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram_i18n import I18nContext

from bot.callbacks import FaqCallback, MenuCallback
from bot.persistence.database import DbSession
from bot.persistence.errors import StorageError
from bot.persistence.faq_misses import delete_miss, record_miss
from faq.knowledge import Entry, KnowledgeBase, KnowledgeError, load_knowledge
from faq.matcher import FaqMatcher, MatchResult
from faq.overlay import Overlay, load_overlay, with_overlay
from faq.small_talk import small_talk
from flows.clock import Clock

log = logging.getLogger(__name__)

# Telegram counts a button label up to 64 characters as readable; longer ones are cut.
LABEL_LIMIT = 60
# Words that make a typed line a question rather than an answer to a step (mid-flow).
QUESTION_MARKERS = re.compile(
    r"[?？]|吗|怎么|咋|什么|多久|几天|能不能|可以.*不|如何|为什么|哪里|哪儿|^(how|what|when|can|why|where|is|do|does)\b",
    re.IGNORECASE,
)


PENDING_MISS_KEY = "faq_pending_miss"


@lru_cache(maxsize=1)
def shipped_faq() -> tuple[KnowledgeBase, FaqMatcher]:
    """The shipped knowledge base and its index, built once per process (about half a second)."""
    knowledge = load_knowledge()
    return knowledge, FaqMatcher.from_knowledge(knowledge)


class FaqService:
    """The FAQ for the bot. With an overlay file (FAQ_OVERLAY_FILE), its paraphrases are added to the
    knowledge base, and the matcher is rebuilt when the file changes — no restart needed."""

    def __init__(
        self, clock: Clock, knowledge: KnowledgeBase | None = None, overlay_path: Path | None = None
    ) -> None:
        self.clock = clock
        self.overlay_path = overlay_path
        self._overlay_stamp: tuple[int, int] | None = None
        self.outcomes: dict[str, int] = {}  # match kind → how many free-text questions got it (metrics)
        if knowledge is None:
            self.knowledge, self._matcher = shipped_faq()
        else:
            self.knowledge, self._matcher = knowledge, FaqMatcher.from_knowledge(knowledge)
        self._base_matcher = self._matcher
        self.reload_if_changed()

    @property
    def matcher(self) -> FaqMatcher:
        self.reload_if_changed()
        return self._matcher

    def overlay(self) -> Overlay:
        return load_overlay(self.overlay_path)

    def reload_if_changed(self) -> bool:
        """Rebuild the matcher if the overlay file appeared, changed or went away. A broken overlay
        is logged and the previous matcher kept."""
        if self.overlay_path is None:
            return False
        try:
            st = self.overlay_path.stat()
            stamp: tuple[int, int] | None = (st.st_mtime_ns, st.st_size)
        except OSError:
            stamp = None
        if stamp == self._overlay_stamp:
            return False
        self._overlay_stamp = stamp
        if stamp is None:
            self._matcher = self._base_matcher
            return True
        try:
            merged = with_overlay(self.knowledge, load_overlay(self.overlay_path))
        except KnowledgeError as exc:
            log.warning("FAQ overlay not loaded: %s", exc)
            return False
        self._matcher = FaqMatcher.from_knowledge(merged)
        log.info("FAQ overlay loaded from %s", self.overlay_path)
        return True

    @staticmethod
    def looks_like_question(text: str) -> bool:
        return bool(QUESTION_MARKERS.search(text.strip()))

    def answer_text(self, entry: Entry, language: str, i18n: I18nContext) -> str:
        """The answer with its source line, both in `language` (the question's, not the user's)."""
        source = i18n.get("faq-source", language, source=entry.source_in(language))
        return f"{entry.answer_in(language)}\n\n<i>{source}</i>"

    async def answer_if_confident(self, message: Message, text: str, i18n: I18nContext) -> bool:
        result = self.matcher.match(text)
        if result.kind != "answer" or result.entry is None:
            return False
        self._count(result.kind)
        await message.answer(self.answer_text(result.entry, result.lang, i18n))
        return True

    async def respond(
        self,
        message: Message,
        text: str,
        i18n: I18nContext,
        session: DbSession,
        state: FSMContext | None = None,
    ) -> MatchResult:
        """Free text outside a flow: an answer, up to three suggestions, or an honest fallback — all in
        the language of the question (an English question in a Chinese chat gets English)."""
        chat = small_talk(text)
        if chat is not None:  # "你好", "thanks": a kind word, not a miss
            kind, chat_lang = chat
            await message.answer(
                i18n.get(f"faq-{kind}", chat_lang), reply_markup=_menu_and_faq(i18n, chat_lang)
            )
            return MatchResult(query=text, lang=chat_lang, kind="empty")
        result = self.matcher.match(text)
        lang = reply_language(result, i18n.locale)
        self._count(result.kind)
        now = self.clock.now()
        if result.kind == "answer" and result.entry is not None:
            await message.answer(self.answer_text(result.entry, result.lang, i18n))
        elif result.kind == "suggest" and result.suggestions:
            miss = await _record(session, text, result.lang, "unpicked", now)
            token = secrets.token_urlsafe(6)
            if state is not None and miss is not None:
                await state.update_data({PENDING_MISS_KEY: {"token": token, "id": miss, "lang": lang}})
            builder = InlineKeyboardBuilder()
            for entry, _score in result.suggestions:
                builder.button(
                    text=_label(entry.question_in(lang)),
                    callback_data=FaqCallback(kind="e", id=entry.id, token=token),
                )
            builder.adjust(1)
            await message.answer(i18n.get("faq-did-you-mean", lang), reply_markup=builder.as_markup())
        elif result.kind == "other_platform":
            await message.answer(
                i18n.get("faq-other-platform", lang, platform=result.platform or "none"),
                reply_markup=_menu_and_faq(i18n, lang),
            )
        elif result.kind == "empty":
            await message.answer(i18n.get("faq-empty"), reply_markup=_menu_and_faq(i18n, i18n.locale))
        else:
            await _record(session, text, result.lang, "no_match", now)
            await message.answer(i18n.get("faq-no-match", lang), reply_markup=_menu_and_faq(i18n, lang))
        return result

    def _count(self, kind: str) -> None:
        self.outcomes[kind] = self.outcomes.get(kind, 0) + 1

    async def picked(self, session: DbSession, state: FSMContext, token: str) -> str | None:
        """A suggestion was picked: the miss it answered is no miss. Only the presser's own pending
        miss, and only when the button came from that very list. Returns the language of the question
        the list answered (None if unknown)."""
        if not token:
            return None
        data = await state.get_data()
        pending = data.get(PENDING_MISS_KEY)
        if not isinstance(pending, dict) or pending.get("token") != token:
            return None
        miss_id = pending.get("id")
        if isinstance(miss_id, int):
            await delete_miss(session, miss_id)
            await session.commit()
        await state.update_data({PENDING_MISS_KEY: None})
        lang = pending.get("lang")
        return lang if lang in ("zh", "en") else None

    def topics_keyboard(self, language: str) -> InlineKeyboardMarkup:
        builder = InlineKeyboardBuilder()
        for topic in self.knowledge.topics:
            builder.button(
                text=_label(topic.title.get(language)), callback_data=FaqCallback(kind="t", id=topic.id)
            )
        builder.adjust(2)
        return builder.as_markup()

    def topic_keyboard(self, topic_id: str, language: str) -> InlineKeyboardMarkup:
        builder = InlineKeyboardBuilder()
        for entry in self.knowledge.by_topic(topic_id):
            builder.button(
                text=_label(entry.question_in(language)), callback_data=FaqCallback(kind="e", id=entry.id)
            )
        builder.adjust(1)
        return builder.as_markup()


_ENGLISH_WORD = re.compile(
    r"\b(how|what|when|where|why|can|could|is|are|do|does|did|i|my|the|a|to|seller|refund|order)\b", re.I
)


def reply_language(result: MatchResult, user_language: str) -> str:
    """The language to reply in: the question's. A reply that is not an answer (no match, empty)
    to text that is neither Chinese nor recognisably English ("asdf 123") uses the user's language."""
    if result.kind in ("answer", "suggest", "other_platform") or result.lang == "zh":
        return result.lang
    return result.lang if _ENGLISH_WORD.search(result.query) else user_language


async def _record(session: DbSession, text: str, lang: str, kind: str, now: datetime) -> int | None:
    """Remember a miss for the maintainers; when the database cannot be written (disk full, read-only),
    answer anyway without remembering it."""
    try:
        miss = await record_miss(session, text, lang, kind, now)
        await session.commit()  # before any FSM write: SQLite has one writer
    except StorageError:
        await session.rollback()
        return None
    return miss


def _label(text: str) -> str:
    return text if len(text) <= LABEL_LIMIT else text[: LABEL_LIMIT - 1] + "…"


def _menu_and_faq(i18n: I18nContext, lang: str) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=i18n.get("faq-btn-topics", lang), callback_data=MenuCallback(action="faq"))
    builder.button(text=i18n.get("faq-btn-menu", lang), callback_data=MenuCallback(action="menu"))
    return builder.as_markup()
