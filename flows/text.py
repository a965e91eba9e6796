"""Rendering replies with the flows catalogues (``bot/locales/{zh,en}/flows.ftl``), without aiogram.

The bot may render through aiogram-i18n instead (``resolve_params(reply, lang, translate)`` with
``translate = lambda key, params: i18n.get(key, locale=lang, **params)``); this module is what the
tests, the terminal chat and anything else outside aiogram can use:

    catalog = Catalog.default()
    text = catalog.render(reply, "zh")          # Telegram HTML, user params escaped
    label = catalog.label(reply.options[0], "zh")
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from fluent.runtime import FluentBundle, FluentResource
from fluent.syntax.ast import Junk

from flows.replies import Reply, ReplyOption, Scalar, label_beijing, label_params, resolve_params

LOCALES_DIR = Path(__file__).resolve().parent.parent / "bot" / "locales"
LANGUAGES = ("zh", "en")
FILE_NAME = "flows.ftl"
#: The flows' texts: the steps' own, the date questions and refusals, filing files sent outside a flow.
FILE_NAMES = (FILE_NAME, "dates.ftl", "filing.ftl")


class MissingText(KeyError):
    pass


class Catalog:
    def __init__(self, sources: dict[str, str], *, strict: bool = True) -> None:
        """``sources``: language → Fluent text. ``strict``: raise on missing keys/variables."""
        self.strict = strict
        self.bundles: dict[str, FluentBundle] = {}
        for lang, text in sources.items():
            bundle = FluentBundle([lang], use_isolating=False)
            resource = FluentResource(text)
            # add_resource returns nothing: what did not parse is left in the resource as Junk.
            junk = [item.content for item in resource.body if isinstance(item, Junk)]
            if junk:
                raise ValueError(f"{lang}: unparsable Fluent: {junk}")
            bundle.add_resource(resource)
            self.bundles[lang] = bundle

    @classmethod
    def default(cls, locales_dir: Path = LOCALES_DIR, *, strict: bool = True) -> Catalog:
        return cls(
            {
                lang: "\n".join(
                    (locales_dir / lang / name).read_text(encoding="utf-8") for name in FILE_NAMES
                )
                for lang in LANGUAGES
            },
            strict=strict,
        )

    def has(self, key: str, lang: str) -> bool:
        return self.bundles[lang].has_message(key)

    def text(self, key: str, lang: str, params: dict[str, Scalar] | None = None) -> str:
        bundle = self.bundles[lang]
        if not bundle.has_message(key):
            if self.strict:
                raise MissingText(f"{lang}: no message {key!r}")
            return key
        message = bundle.get_message(key)
        if message.value is None:  # a message with attributes only
            raise MissingText(f"{lang}: {key} has no value")
        value, errors = bundle.format_pattern(message.value, dict(params or {}))
        if errors and self.strict:
            raise MissingText(f"{lang}: {key}: {errors}")
        return str(value)  # a FluentNone (unresolvable reference) shows its name

    def render(self, reply: Reply, lang: str, *, now: datetime | None = None) -> str:
        params = resolve_params(reply, lang, self.text, now=now)
        return label_beijing(self.text(reply.key, lang, params), reply, lang, now)

    def label(self, option: ReplyOption, lang: str) -> str:
        return self.text(option.label, lang, label_params(option, lang, self.text))
