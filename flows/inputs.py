"""What the bot feeds the engine: a small set of typed inputs.

The bot turns an update into one of these: a command (/negotiate …) → :class:`Start`; a button →
:class:`Choice` (the navigation buttons ``_back``/``_skip``/``_cancel``/``_done`` may also be sent as a
``Choice``); a text message → :class:`Text`; a photo, a document or an album → :class:`Files`;
/cancel → :class:`Cancel`; /done → :class:`Done`.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Start(_Input):
    type: Literal["start"] = "start"
    context: dict[str, Any] = Field(default_factory=dict)


class Choice(_Input):
    type: Literal["choice"] = "choice"
    option_id: str


class Text(_Input):
    type: Literal["text"] = "text"
    text: str


class FileItem(_Input):
    """One photo or file, as the bot saw it. The bot detects ``mime`` from the content (or None).

    ``size`` is in bytes (Telegram reports it before download). Files too big to download are
    passed with ``sha256=None``. ``ref`` is an opaque handle the bot uses to find the downloaded
    bytes again when it applies :class:`~flows.effects.StoreEvidence` (e.g. Telegram's file_unique_id).
    """

    kind: Literal["photo", "document"]
    mime: str | None = None
    size: int | None = None
    sha256: str | None = None
    width: int | None = None
    height: int | None = None
    caption: str | None = None
    original_name: str | None = None
    ref: str | None = None
    #: The bot's temporary file holding the downloaded bytes until the flow keeps or drops them.
    staged: str | None = None
    #: Why the bot could not use the file: too_big / failed (download) / corrupt (image does not decode).
    error: Literal["too_big", "failed", "corrupt"] | None = None


class Files(_Input):
    """A single photo/file (one item) or an album (several)."""

    type: Literal["files"] = "files"
    items: list[FileItem]


class Back(_Input):
    type: Literal["back"] = "back"


class Skip(_Input):
    type: Literal["skip"] = "skip"


class Cancel(_Input):
    type: Literal["cancel"] = "cancel"


class Done(_Input):
    type: Literal["done"] = "done"


Input = Annotated[Start | Choice | Text | Files | Back | Skip | Cancel | Done, Field(discriminator="type")]
