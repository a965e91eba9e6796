"""What the engine asks the bot to say: abstract replies (text key + params + buttons).

A :class:`Reply` is rendered as ONE Telegram message: the text of ``key`` from ``flows.ftl`` in the
user's language, with

* ``params``  — plain values (str/int). User-provided text arrives here: escape it (HTML).
* ``dates``   — name → an ISO moment (``2026-11-27T12:30:00+00:00``, shown with its time) or an ISO
  day (``2026-12-07``, shown without time); formatted per language in Beijing time by
  :func:`resolve_params` (zh ``11月27日 20:30`` / ``12月7日``, en ``27 Nov 20:30`` / ``7 Dec``).
* ``refs``    — name → list of :class:`Ref` (a text key with its own params/dates/refs) rendered in the
  user's language and joined ("、" / ", ", one per line, or a blank line between). Catalogue text:
  not escaped (its params are).

``options`` are the content buttons, ``nav`` the navigation buttons (back/skip/done/cancel) for a last
row. A button sends back ``Choice(option.id)``.

:func:`resolve_params` turns a reply into the flat params a Fluent message needs, given a
``translate(key, params) -> str`` for the user's language (e.g. aiogram-i18n's ``i18n.get``);
:class:`flows.text.Catalog` does the whole rendering on its own with fluent.runtime.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field

from flows.dates import format_date, format_when

Scalar = str | int


class _Text(BaseModel):
    """A text key with its values (see the module docstring)."""

    model_config = ConfigDict(extra="forbid")

    key: str
    params: dict[str, Scalar] = Field(default_factory=dict)
    dates: dict[str, str] = Field(default_factory=dict)
    refs: dict[str, RefList] = Field(default_factory=dict)

    @classmethod
    def make(cls, key: str, values: Mapping[str, object] | None = None, **kw: Any) -> Self:
        """Build from loosely typed values.

        str/int → params; bool → "yes"/"no"; None → ""; datetime (aware) → dates (with time);
        date → dates (day only); Ref → one-item ref; RefList → refs; list[Ref] → comma-joined refs.
        """
        obj = cls(key=key, **kw)
        for name, value in (values or {}).items():
            obj.put(name, value)
        return obj

    def put(self, name: str, value: object) -> None:
        if isinstance(value, bool):
            self.params[name] = "yes" if value else "no"
        elif isinstance(value, datetime):
            if value.tzinfo is None:
                raise ValueError(f"param {name!r}: naive datetime")
            self.dates[name] = value.isoformat()
        elif isinstance(value, date):
            self.dates[name] = value.isoformat()
        elif isinstance(value, Ref):
            self.refs[name] = RefList(items=[value])
        elif isinstance(value, RefList):
            self.refs[name] = value
        elif isinstance(value, list) and all(isinstance(v, Ref) for v in value):
            self.refs[name] = RefList(items=list(value))
        elif value is None:
            self.params[name] = ""
        elif isinstance(value, (str, int)):
            self.params[name] = value
        else:
            raise TypeError(f"param {name!r}: unsupported value {value!r}")

    def keys(self) -> set[str]:
        """This text's key and every key it refers to (recursively)."""
        found = {self.key}
        for ref_list in self.refs.values():
            for ref in ref_list.items:
                found |= ref.keys()
        return found


class Ref(_Text):
    """A piece of catalogue text used as a param of another (a label, a line of a list)."""


class RefList(BaseModel):
    model_config = ConfigDict(extra="forbid")

    items: list[Ref]
    sep: Literal["comma", "line", "blank"] = "comma"


class ReplyOption(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    label: str  # text key
    label_params: dict[str, Scalar] = Field(default_factory=dict)


class Reply(_Text):
    """One message: text plus content buttons (``options``) and navigation buttons (``nav``)."""

    options: list[ReplyOption] = Field(default_factory=list)
    nav: list[ReplyOption] = Field(default_factory=list)

    def all_options(self) -> list[ReplyOption]:
        return [*self.options, *self.nav]


_Text.model_rebuild()
Ref.model_rebuild()
Reply.model_rebuild()


Translate = Callable[[str, dict[str, Scalar]], str]

_JOIN = {
    ("comma", "zh"): "、",
    ("comma", "en"): ", ",
    ("line", "zh"): "\n",
    ("line", "en"): "\n",
    ("blank", "zh"): "\n\n",
    ("blank", "en"): "\n\n",
}


def format_date_param(value: str, lang: str, now: datetime | None = None) -> str:
    """An ISO value from ``Reply.dates`` as users read it (Beijing time)."""
    if "T" in value:
        return format_when(datetime.fromisoformat(value), lang, has_time=True, now=now)
    return format_date(date.fromisoformat(value), lang)


def _escaped(params: Mapping[str, Scalar], escape: bool) -> dict[str, Scalar]:
    return {k: html.escape(v, quote=False) if escape and isinstance(v, str) else v for k, v in params.items()}


def resolve_params(
    reply: _Text, lang: str, translate: Translate, *, escape: bool = True, now: datetime | None = None
) -> dict[str, Scalar]:
    """The flat params for ``translate(reply.key, …)``.

    Params are HTML-escaped, dates formatted, refs rendered."""
    out: dict[str, Scalar] = _escaped(reply.params, escape)
    for name, value in reply.dates.items():
        out[name] = format_date_param(value, lang, now)
    for name, ref_list in reply.refs.items():
        sep = _JOIN[(ref_list.sep, "zh" if lang == "zh" else "en")]
        out[name] = sep.join(
            translate(ref.key, resolve_params(ref, lang, translate, escape=escape, now=now))
            for ref in ref_list.items
        )
    return out
