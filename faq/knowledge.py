"""The knowledge base: pydantic models for ``knowledge.yaml`` and its loader.

A bad file fails at load time with a message that names the entry (id, or index when the id itself
is missing or broken) and the field, e.g.::

    faq/knowledge.yaml: entry 'credit-impact' (#2) answer.zh: String should have at most 900 characters

Usage::

    kb = load_knowledge()                 # the shipped faq/knowledge.yaml (cached)
    entry = kb.get("appeal-deadline")
    entry.answer_in("en"), entry.question_in("zh"), entry.source_in("en")
    for topic in kb.topics: kb.by_topic(topic.id)   # a /faq topic menu
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)
from pydantic_core import ErrorDetails

from .yamlfile import parse_yaml

DEFAULT_PATH = Path(__file__).with_name("knowledge.yaml")
Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")
MAX_ANSWER_CHARS = 900
MIN_PARAPHRASES = {"zh": 8, "en": 4}

# Entry ids end up in Telegram callback data (64 bytes), so keep them short and plain.
_ID_RE = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
# Telegram HTML: only <b>..</b> is allowed as markup; any other '<', '>' or a bare '&' is refused.
_ALLOWED_TAG_RE = re.compile(r"</?b>")
_ENTITY_RE = re.compile(r"&(?:lt|gt|amp|quot|#\d+);")


class KnowledgeError(ValueError):
    """The knowledge file is missing, not YAML, or fails validation."""


def _non_empty(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value.strip()


def _short(value: str) -> str:
    if len(value) > MAX_ANSWER_CHARS:
        raise ValueError(f"too long: {len(value)} characters, at most {MAX_ANSWER_CHARS}")
    return value


def _html_safe(value: str) -> str:
    rest = _ENTITY_RE.sub("", _ALLOWED_TAG_RE.sub("", value))
    bad = sorted({c for c in rest if c in "<>&"})
    if bad:
        raise ValueError(
            f"not Telegram-HTML-safe: unescaped {' '.join(bad)} "
            "(only <b>..</b> and &lt; &gt; &amp; are allowed)"
        )
    if value.count("<b>") != value.count("</b>"):
        raise ValueError("unbalanced <b>..</b>")
    return value


NonEmptyStr = Annotated[str, AfterValidator(_non_empty)]
# Shown to users (questions as buttons and lists, sources under answers, topic titles): HTML-safe too.
ShownStr = Annotated[str, AfterValidator(_non_empty), AfterValidator(_html_safe)]
AnswerStr = Annotated[str, AfterValidator(_non_empty), AfterValidator(_short), AfterValidator(_html_safe)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LocalizedText(_Strict):
    zh: ShownStr
    en: ShownStr

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


def _text_or_pair(value: Any) -> Any:
    # `source: "…"` is accepted as shorthand for the same text in both languages.
    return {"zh": value, "en": value} if isinstance(value, str) else value


class LocalizedAnswer(LocalizedText):
    zh: AnswerStr
    en: AnswerStr


class Paraphrases(_Strict):
    zh: list[NonEmptyStr] = Field(min_length=MIN_PARAPHRASES["zh"])
    en: list[NonEmptyStr] = Field(min_length=MIN_PARAPHRASES["en"])

    def get(self, lang: str) -> list[str]:
        return self.en if lang == "en" else self.zh


class Topic(_Strict):
    id: Annotated[str, Field(pattern=_ID_RE, max_length=40)]
    title: LocalizedText


class Entry(_Strict):
    id: Annotated[str, Field(pattern=_ID_RE, max_length=40)]
    topic: Annotated[str, Field(pattern=_ID_RE)] | None = None
    question: LocalizedText
    paraphrases: Paraphrases
    answer: LocalizedAnswer
    source: Annotated[LocalizedText, BeforeValidator(_text_or_pair)]
    reviewed: dt.date

    def question_in(self, lang: str) -> str:
        return self.question.get(lang)

    def answer_in(self, lang: str) -> str:
        return self.answer.get(lang)

    def source_in(self, lang: str) -> str:
        return self.source.get(lang)

    def texts(self) -> list[tuple[str, str]]:
        """Every (lang, text) the matcher compares against: the question and paraphrases, both languages."""
        out: list[tuple[str, str]] = []
        for lang in LANGS:
            out.append((lang, self.question.get(lang)))
            out.extend((lang, p) for p in self.paraphrases.get(lang))
        return out


class KnowledgeBase(_Strict):
    reviewed_default: dt.date | None = None  # holder of the YAML anchor; not used otherwise
    topics: list[Topic] = Field(default_factory=list)
    entries: list[Entry] = Field(min_length=1)

    @model_validator(mode="after")
    def _check_ids(self) -> KnowledgeBase:
        seen: dict[str, int] = {}
        for i, entry in enumerate(self.entries):
            if entry.id in seen:
                raise ValueError(f"duplicate id {entry.id!r} (entries #{seen[entry.id]} and #{i})")
            seen[entry.id] = i
        topic_ids = [t.id for t in self.topics]
        if len(set(topic_ids)) != len(topic_ids):
            raise ValueError("duplicate topic id")
        if self.topics:
            for i, entry in enumerate(self.entries):
                if entry.topic is not None and entry.topic not in topic_ids:
                    raise ValueError(f"entry {entry.id!r} (#{i}) topic: unknown topic {entry.topic!r}")
        return self

    def get(self, entry_id: str) -> Entry | None:
        return self._index().get(entry_id)

    def by_topic(self, topic_id: str) -> list[Entry]:
        return [e for e in self.entries if e.topic == topic_id]

    def _index(self) -> dict[str, Entry]:
        idx = self.__dict__.get("_by_id")
        if idx is None:
            idx = {e.id: e for e in self.entries}
            object.__setattr__(self, "_by_id", idx)  # frozen model: cache outside the fields
        return idx


def _describe(error: ErrorDetails, raw: Any) -> str:
    """One line per pydantic error, naming the entry by id (or index) and the field path."""
    loc = list(error["loc"])
    where = ""
    if len(loc) >= 2 and loc[0] in ("entries", "topics") and isinstance(loc[1], int):
        kind, index = loc[0], loc[1]
        item = raw.get(kind, [])[index] if isinstance(raw, dict) and isinstance(raw.get(kind), list) else None
        ident = item.get("id") if isinstance(item, dict) else None
        noun = "entry" if kind == "entries" else "topic"
        where = f"{noun} {ident!r} (#{index})" if isinstance(ident, str) and ident else f"{noun} #{index}"
        loc = loc[2:]
    field = ".".join(str(p) for p in loc)
    parts = [p for p in (where, field) if p]
    return f"{' '.join(parts) + ': ' if parts else ''}{error['msg']}"


def parse_knowledge(raw: Any, *, origin: str = "knowledge") -> KnowledgeBase:
    """Validate already-parsed YAML data (tests pass dicts here)."""
    try:
        return KnowledgeBase.model_validate(raw)
    except ValidationError as exc:
        lines = [_describe(err, raw) for err in exc.errors(include_url=False)]
        raise KnowledgeError(f"{origin}: " + f"\n{origin}: ".join(lines)) from None


def load_knowledge(path: str | Path | None = None) -> KnowledgeBase:
    """Load and validate a knowledge file; the shipped one when `path` is None (cached)."""
    if path is None:
        return _load_default()
    return _load(Path(path))


@functools.cache
def _load_default() -> KnowledgeBase:
    return _load(DEFAULT_PATH)


def _load(path: Path) -> KnowledgeBase:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise KnowledgeError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        raw = parse_yaml(text)
    except yaml.YAMLError as exc:
        raise KnowledgeError(f"{path}: not valid YAML: {exc}") from None
    return parse_knowledge(raw, origin=str(path))
