"""Callback data of every inline button: short prefixes, stable string ids (≤ 64 bytes in all).

Handlers filter on these factories, never on button labels. Prefixes in use: m (main menu),
l (language), f (a flow step's option), cc (a case card), cl (a page of the case list),
rm (reminders on/off), q (FAQ topics and answers), mx (an operator's unanswered question),
ex / el / ei (export a case, list its evidence, one evidence item).
"""

from __future__ import annotations

from typing import Annotated

from aiogram.filters.callback_data import CallbackData
from pydantic import Field

# A database row id in callback data: SQLite integers are signed 64-bit, and ids start at 1. Anything
# else (a forged 23-digit number, a negative one) fails to unpack, so no handler matches it and the
# fallback answers "this button has expired" instead of an OverflowError deep in the database driver.
ROW_ID_MAX = 2**63 - 1
RowId = Annotated[int, Field(ge=1, le=ROW_ID_MAX)]
# A short opaque token (letters, digits, - and _), never a row id.
Token = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{0,16}$")]


class MenuCallback(CallbackData, prefix="m"):
    action: str  # negotiate / apply / evidence / appeal / faq / cases / reminders / lang


class LanguageCallback(CallbackData, prefix="l"):
    language: str


class CaseCallback(CallbackData, prefix="cc"):
    """A case-card (or reminder) button. ``v``: the case's version when the card was drawn (0: any);
    ``a``: open / a lifecycle action / a card action; ``o``: outcome, flow or event index;
    ``w``: when it happened (now / today / yday / type); ``ok``: confirmed."""

    case: RowId
    v: Annotated[int, Field(ge=0, le=ROW_ID_MAX)] = 0
    a: Token
    o: Token = ""
    w: Token = ""
    ok: Annotated[int, Field(ge=0, le=1)] = 0


class CaseListCallback(CallbackData, prefix="cl"):
    page: Annotated[int, Field(ge=0, le=10_000)]


class ExportCallback(CallbackData, prefix="ex"):
    """Export this case's evidence pack (/export's case choice, the case card)."""

    case: RowId


class EvidenceListCallback(CallbackData, prefix="el"):
    """List this case's evidence items."""

    case: RowId


class EvidenceItemCallback(CallbackData, prefix="ei"):
    """One evidence item: show / cat / set (value: category) / caption / delete / confirm / keep."""

    item: RowId
    action: Token
    value: Token = ""


class FlowCallback(CallbackData, prefix="f"):
    """A button of a flow step: which flow, which step it was shown at, which option."""

    flow: str
    step: str
    option: str


class RemindersCallback(CallbackData, prefix="rm"):
    on: bool


class FaqCallback(CallbackData, prefix="q"):
    kind: str  # t = a topic, e = an entry
    id: str
    # Which "did you mean" list the button belongs to: an opaque random token, never a row id. The
    # stored miss it stands for is kept in the asking user's own FSM data (PENDING_MISS_KEY), so a
    # forged or another user's button can drop nothing but the presser's own pending miss.
    token: Token = ""


class MissCallback(CallbackData, prefix="mx"):
    """An operator's button under a question the FAQ could not answer (/misses)."""

    action: str  # a = add as a paraphrase of entry `id`, i = ignore
    miss: int  # a stored row standing for the question
    id: str = ""
