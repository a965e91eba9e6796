"""The operators' overlay: paraphrases added from the bot's /misses (or by hand), on top of the
shipped knowledge base, and questions they chose to ignore. A YAML file (``FAQ_OVERLAY_FILE``)::

    paraphrases:
      seller-refused:
        zh: [卖家拒绝退款了怎么搞]
        en: [the shop said no to my refund]
    ignored: [红烧肉怎么做]

The matcher is built from ``with_overlay(knowledge, overlay)``; the bot rebuilds it when the file
changes (no restart). Writes go to a temporary file that replaces the old one, so a reader never
sees half a file.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .knowledge import LANGS, Entry, KnowledgeBase, KnowledgeError
from .yamlfile import parse_yaml

HEADER = (
    "# FAQ overlay: paraphrases added by operators (/misses in the bot, or by hand) on top of\n"
    "# faq/knowledge.yaml, and questions they ignored. Checked by `dispute-bot faq check`.\n"
)


class LangTexts(BaseModel):
    model_config = ConfigDict(extra="forbid")
    zh: list[str] = Field(default_factory=list)
    en: list[str] = Field(default_factory=list)

    def get(self, lang: str) -> list[str]:
        return self.en if lang == "en" else self.zh


class Overlay(BaseModel):
    model_config = ConfigDict(extra="forbid")
    paraphrases: dict[str, LangTexts] = Field(default_factory=dict)
    ignored: list[str] = Field(default_factory=list)

    def count(self) -> int:
        return sum(len(t.zh) + len(t.en) for t in self.paraphrases.values())


def load_overlay(path: str | Path | None) -> Overlay:
    """The overlay in `path`; an empty one when there is no path or no file yet."""
    if path is None or not Path(path).exists():
        return Overlay()
    try:
        raw: Any = parse_yaml(Path(path).read_text(encoding="utf-8")) or {}
        return Overlay.model_validate(raw)
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise KnowledgeError(f"{path}: not a valid FAQ overlay: {str(exc).splitlines()[0]}") from None


def save_overlay(path: str | Path, overlay: Overlay) -> None:
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    data = overlay.model_dump()
    text = HEADER + yaml.safe_dump(data, allow_unicode=True, sort_keys=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".faq-overlay-", suffix=".yaml")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, target)


def add_paraphrase(path: str | Path, entry_id: str, lang: str, text: str) -> Overlay:
    overlay = load_overlay(path)
    texts = overlay.paraphrases.setdefault(entry_id, LangTexts())
    bucket = texts.get(lang)
    if text.strip() and text.strip() not in bucket:
        bucket.append(text.strip())
    save_overlay(path, overlay)
    return overlay


def add_ignored(path: str | Path, text: str) -> Overlay:
    overlay = load_overlay(path)
    if text.strip() and text.strip() not in overlay.ignored:
        overlay.ignored.append(text.strip())
    save_overlay(path, overlay)
    return overlay


def with_overlay(knowledge: KnowledgeBase, overlay: Overlay) -> KnowledgeBase:
    """The knowledge base with the overlay's paraphrases appended (unknown ids are refused)."""
    if not overlay.paraphrases:
        return knowledge
    unknown = sorted(set(overlay.paraphrases) - {e.id for e in knowledge.entries})
    if unknown:
        raise KnowledgeError(f"FAQ overlay: unknown entry ids: {', '.join(unknown)}")
    entries: list[Entry] = []
    for entry in knowledge.entries:
        extra = overlay.paraphrases.get(entry.id)
        if extra is None:
            entries.append(entry)
            continue
        para: dict[str, list[str]] = {
            lang: [*entry.paraphrases.get(lang), *extra.get(lang)] for lang in LANGS
        }
        entries.append(entry.model_copy(update={"paraphrases": entry.paraphrases.model_copy(update=para)}))
    # A new model, not model_copy: the copy would keep the original's cached id index.
    return KnowledgeBase(
        reviewed_default=knowledge.reviewed_default, topics=knowledge.topics, entries=entries
    )
