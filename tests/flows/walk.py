"""Helpers for walking flows through the engine in tests.

Every turn: the state goes through a real JSON round trip before the next input, every reply is
rendered in both languages with strict catalogues (a missing key or variable fails), stays under
the message limit, and a turn has at most three replies.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flows import engine
from flows.clock import BEIJING
from flows.engine import Result
from flows.inputs import Back, Cancel, Choice, Done, FileItem, Files, Skip, Text
from flows.registry import get_flow
from flows.replies import Reply
from flows.state import RunState
from flows.text import Catalog

CATALOG = Catalog.default()
LANGS = ("zh", "en")
MAX_CHARS = 3500
MAX_REPLIES = 3

NOW = datetime(2026, 11, 28, 10, 0, tzinfo=BEIJING)


def to_input(spec: Any):
    """("c", id) choice · ("t", text) · ("f", [FileItem…]) · "back" · "skip" · "cancel" · "done"."""
    if isinstance(spec, str):
        return {"back": Back(), "skip": Skip(), "cancel": Cancel(), "done": Done()}[spec]
    kind, value = spec
    if kind == "c":
        return Choice(option_id=value)
    if kind == "t":
        return Text(text=value)
    if kind == "f":
        return Files(items=value)
    raise ValueError(spec)


ALLOWED_TAGS = {"b", "i", "code", "pre"}


def check_html(text: str) -> None:
    """Telegram HTML: only a few tags, balanced; no stray "<" or "&"."""
    stack: list[str] = []
    for match in re.finditer(r"<(/?)([a-z]+)>|[<&]", text):
        if match.group(0) == "&":
            assert re.match(r"&(lt|gt|amp|quot);", text[match.start() :]), text
            continue
        assert match.group(2) in ALLOWED_TAGS, (match.group(0), text)
        if match.group(1):
            assert stack and stack.pop() == match.group(2), text
        else:
            stack.append(match.group(2))
    assert not stack, text


def render_all(replies: list[Reply]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {lang: [] for lang in LANGS}
    for reply in replies:
        for lang in LANGS:
            text = CATALOG.render(reply, lang, now=NOW)
            assert len(text) < MAX_CHARS, (reply.key, lang, len(text))
            assert text.strip(), reply.key
            check_html(text)
            for option in reply.all_options():
                label = CATALOG.label(option, lang)
                # A case button carries its title and status (「质量问题 · 尾号3456 #12 · 卖家已拒绝」).
                assert 0 < len(label) <= (96 if option.label_refs else 40), (option, label)
                assert len(f"f:xxxxxxxx:{option.id}".encode()) <= 64
            out[lang].append(text)
    return out


@dataclass
class Walk:
    flow_name: str
    now: datetime = NOW
    state: RunState | None = None
    results: list[Result] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)

    @property
    def flow(self):
        return get_flow(self.flow_name)

    @property
    def last(self) -> Result:
        return self.results[-1]

    def _record(self, result: Result) -> Result:
        assert len(result.replies) <= MAX_REPLIES, [r.key for r in result.replies]
        render_all(result.replies)
        for reply in result.replies:
            self.keys.extend(reply.keys())
        if result.state is not None:
            dumped = json.dumps(result.state.to_json(), ensure_ascii=False)
            self.state = RunState.from_json(json.loads(dumped))
            assert self.state == result.state
        else:
            self.state = None
        self.results.append(result)
        return result

    def start(self, context: dict[str, Any] | None = None) -> Result:
        context = json.loads(json.dumps(context or {}))
        return self._record(engine.start(self.flow, context, self.now))

    def send(self, *specs: Any) -> Result:
        result = None
        for spec in specs:
            assert self.state is not None, f"run already over before {spec!r}"
            result = self._record(engine.feed(self.flow, self.state, to_input(spec), self.now))
        assert result is not None
        return result

    @property
    def step(self) -> str | None:
        return self.state.step if self.state else None

    def effects(self) -> list[Any]:
        return [e for r in self.results for e in r.effects]

    def effect_kinds(self) -> list[str]:
        return [e.kind for e in self.effects()]

    def reply_keys(self, result: Result | None = None) -> list[str]:
        return [r.key for r in (result or self.last).replies]

    def text(self, lang: str = "zh", result: Result | None = None) -> str:
        return "\n".join(render_all((result or self.last).replies)[lang])


def photo(
    sha: str, *, w: int = 1200, h: int = 900, caption: str | None = None, size: int = 200_000
) -> FileItem:
    return FileItem(
        kind="photo",
        mime="image/jpeg",
        size=size,
        sha256=sha,
        width=w,
        height=h,
        caption=caption,
        ref=sha[:8],
    )


def document(
    sha: str | None, mime: str | None, name: str, *, size: int = 100_000, caption: str | None = None
) -> FileItem:
    return FileItem(
        kind="document",
        mime=mime,
        size=size,
        sha256=sha,
        original_name=name,
        caption=caption,
        ref=(sha or "x")[:8],
    )
