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
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field

from flows.clock import BEIJING
from flows.dates import When, format_date, format_said, format_when

Scalar = str | int

#: Prefix of a ``dates`` value to be said back with its weekday (see :class:`Said`).
SAID_PREFIX = "said:"

#: Shown once per message after the first time of day in it (every moment is Beijing time).
BEIJING_LABEL = {"zh": "（北京时间）", "en": " (Beijing time)"}


@dataclass(frozen=True, slots=True)
class Said:
    """A moment said back to the user with its weekday (and the year when it is not the current one):
    ``11月28日（周六）20:30``; without a time when ``has_time`` is false."""

    at: datetime
    has_time: bool

    @classmethod
    def of(cls, when: When) -> Said:
        return cls(when.at, when.has_time)

    def iso(self) -> str:
        if self.has_time:
            return SAID_PREFIX + self.at.astimezone(UTC).isoformat()
        return SAID_PREFIX + self.at.astimezone(BEIJING).date().isoformat()


_WEEKDAY_IDS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def said_parts(when: When, now: datetime) -> dict[str, Scalar]:
    """A date as button-label params (``flow-date-option``): labels take no dates, so the parts."""
    bj = when.beijing
    return {
        "y": str(bj.year),
        "m": bj.month,  # an int: the English label selects the month's name on it
        "d": str(bj.day),
        "wd": _WEEKDAY_IDS[bj.weekday()],
        "year": "yes" if bj.year != now.astimezone(BEIJING).year else "no",
        "has_time": "yes" if when.has_time else "no",
        "hm": f"{bj:%H:%M}",
    }


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
        elif isinstance(value, Said):
            self.dates[name] = value.iso()
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
    """A piece of catalogue text used as a param of another (a label, a line of a list).

    ``lang`` pins it (and everything inside it) to one language whatever the reader's: the appeal
    statement is written for Taobao, so it is Chinese in an English conversation too."""

    lang: Literal["zh", "en"] | None = None


class RefList(BaseModel):
    model_config = ConfigDict(extra="forbid")

    items: list[Ref]
    sep: Literal["comma", "line", "blank", "dot"] = "comma"


class ReplyOption(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    label: str  # text key
    label_params: dict[str, Scalar] = Field(default_factory=dict)
    # Catalogue text inside the label (e.g. a case title), rendered in the reader's language when shown.
    label_refs: dict[str, RefList] = Field(default_factory=dict)


class Reply(_Text):
    """One message: text plus content buttons (``options``) and navigation buttons (``nav``)."""

    options: list[ReplyOption] = Field(default_factory=list)
    nav: list[ReplyOption] = Field(default_factory=list)

    def all_options(self) -> list[ReplyOption]:
        return [*self.options, *self.nav]


_Text.model_rebuild()
Ref.model_rebuild()
ReplyOption.model_rebuild()
Reply.model_rebuild()


#: The two ways a deadline is shown (``dates.ftl``): with its time, or as the day it ends on.
DEADLINE_KEYS = ("deadline-at", "deadline-day", "deadline-day-seller")


def deadline_ref(end: datetime, *, has_time: bool, seller: bool = False) -> Ref:
    """A deadline as users read it. Counted from a moment with a time: "12月7日 20:30 截止". Counted
    from a date typed without an hour the exact end is unknown: "12月7日当天截止（具体时间以淘宝页面为准，
    建议前一天完成）" — never "到 12月7日" (reads as the whole day) and never a fake "00:00".
    ``seller``: the seller's time, not the buyer's, runs out that day (no advice to finish early)."""
    if has_time:
        return Ref.make("deadline-at", {"when": end})
    return Ref.make(
        "deadline-day-seller" if seller else "deadline-day", {"day": end.astimezone(BEIJING).date()}
    )


#: (key, language, params) → text.
Translate = Callable[[str, str, dict[str, Scalar]], str]

_JOIN = {
    ("comma", "zh"): "、",
    ("comma", "en"): ", ",
    ("line", "zh"): "\n",
    ("line", "en"): "\n",
    ("blank", "zh"): "\n\n",
    ("blank", "en"): "\n\n",
    ("dot", "zh"): " · ",
    ("dot", "en"): " · ",
}


def format_date_param(value: str, lang: str, now: datetime | None = None) -> str:
    """An ISO value from ``Reply.dates`` as users read it (Beijing time); ``said:`` values with their
    weekday (:class:`Said`)."""
    said = value.startswith(SAID_PREFIX)
    value = value.removeprefix(SAID_PREFIX)
    if "T" in value:
        moment, has_time = datetime.fromisoformat(value), True
    else:
        moment, has_time = datetime.combine(date.fromisoformat(value), time(0, 0), tzinfo=BEIJING), False
    if said:
        return format_said(moment, lang, has_time=has_time, now=now)
    if has_time:
        return format_when(moment, lang, has_time=True, now=now)
    return format_date(moment.date(), lang)


def _timed_values(reply: _Text, lang: str, now: datetime | None) -> list[str]:
    """The formatted dates of ``reply`` (and its refs) that show a time of day."""
    found = [format_date_param(v, lang, now) for v in reply.dates.values() if "T" in v]
    for ref_list in reply.refs.values():
        for ref in ref_list.items:
            found.extend(_timed_values(ref, lang, now))
    return found


def label_beijing(text: str, reply: _Text, lang: str, now: datetime | None = None) -> str:
    """Put "（北京时间）" / " (Beijing time)" once, after the first time of day the message shows,
    unless the message already says it."""
    label = BEIJING_LABEL["zh" if lang == "zh" else "en"]
    if label.strip(" （）()") in text:
        return text
    for formatted in _timed_values(reply, lang, now):
        at = text.find(formatted)
        if at >= 0:
            end = at + len(formatted)
            return text[:end] + label + text[end:]
    return text


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
        out[name] = sep.join(_render(ref, ref.lang or lang, translate, escape, now) for ref in ref_list.items)
    return out


def _render(ref: Ref, lang: str, translate: Translate, escape: bool, now: datetime | None) -> str:
    return translate(ref.key, lang, resolve_params(ref, lang, translate, escape=escape, now=now))


def label_params(option: ReplyOption, lang: str, translate: Translate) -> dict[str, Scalar]:
    """The params of a button label: its plain params and its refs rendered in ``lang`` (not escaped:
    button labels are plain text)."""
    params: dict[str, Scalar] = dict(option.label_params)
    for name, ref_list in option.label_refs.items():
        sep = _JOIN[(ref_list.sep, "zh" if lang == "zh" else "en")]
        params[name] = sep.join(
            _render(ref, ref.lang or lang, translate, False, None) for ref in ref_list.items
        )
    return params


def render_ref(ref: Ref, lang: str, translate: Translate, *, escape: bool = True) -> str:
    """One piece of catalogue text with its params, in ``lang``."""
    return _render(ref, ref.lang or lang, translate, escape, None)
