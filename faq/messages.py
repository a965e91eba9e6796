"""The FAQ's own sentences (source line, "did you mean", "I don't know", other platform, empty) for
the command line, read from the bot's catalogues ``bot/locales/{zh,en}/faq.ftl`` — one source for
the bot and ``dispute-bot faq``. Read with fluent.runtime (no aiogram): ``message("en", "faq-source",
source="…")``.
"""

from __future__ import annotations

import functools
from pathlib import Path

from fluent.runtime import FluentBundle, FluentResource

LOCALES_DIR = Path(__file__).resolve().parent.parent / "bot" / "locales"


@functools.cache
def _bundle(lang: str) -> FluentBundle:
    bundle = FluentBundle([lang], use_isolating=False)
    bundle.add_resource(FluentResource((LOCALES_DIR / lang / "faq.ftl").read_text(encoding="utf-8")))
    return bundle


def message(lang: str, key: str, **args: str) -> str:
    bundle = _bundle("en" if lang == "en" else "zh")
    found = bundle.get_message(key)
    if found is None or found.value is None:
        raise KeyError(f"faq.ftl ({lang}) has no message {key!r}")
    text, _errors = bundle.format_pattern(found.value, dict(args))
    return str(text)
