"""Downloading evidence and recognising what it really is, from its content rather than its name."""

from __future__ import annotations

import contextlib
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

import filetype
from aiogram import Bot
from PIL import Image

from flows.inputs import FileItem

# Telegram's public Bot API lets a bot download files up to 20 MB; a self-hosted server allows more.
PUBLIC_API_DOWNLOAD_LIMIT = 20 * 1024 * 1024
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "application/pdf": "pdf"}


@dataclass
class Incoming:
    """One photo or document of a message, as Telegram described it."""

    kind: str  # photo / document
    file_id: str
    size: int | None
    caption: str | None
    original_name: str | None
    width: int | None = None
    height: int | None = None


def detect(data: bytes) -> tuple[str | None, int | None, int | None]:
    """(mime from the magic bytes, width, height); mime None when the type is unknown."""
    kind = filetype.guess(data)
    mime = kind.mime if kind is not None else None
    width = height = None
    if mime in ("image/jpeg", "image/png"):
        # A damaged image keeps its detected type; its size stays unknown (Pillow raises many kinds).
        with contextlib.suppress(Exception), Image.open(io.BytesIO(data)) as image:
            width, height = image.size
    return mime, width, height


def stored_path(evidence_dir: Path, sha256: str, mime: str | None) -> Path:
    extension = EXTENSIONS.get(mime or "", "bin")
    return evidence_dir / sha256[:2] / f"{sha256}.{extension}"


async def fetch(bot: Bot, incoming: Incoming, evidence_dir: Path, limit: int | None) -> FileItem:
    """Download (unless too big), hash, detect; accepted types are written under their content hash
    at once, so a later StoreEvidence only records the row."""
    base = {
        "kind": incoming.kind,
        "size": incoming.size,
        "caption": incoming.caption,
        "original_name": incoming.original_name,
    }
    if limit is not None and incoming.size is not None and incoming.size > limit:
        return FileItem(**base)  # sha256 None: the engine explains the size limit
    buffer = io.BytesIO()
    file = await bot.get_file(incoming.file_id)
    await bot.download_file(file.file_path or "", destination=buffer)
    data = buffer.getvalue()
    sha256 = hashlib.sha256(data).hexdigest()
    mime, width, height = detect(data)
    if mime in EXTENSIONS:
        path = stored_path(evidence_dir, sha256, mime)
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_suffix(".part")
            temporary.write_bytes(data)
            temporary.replace(path)  # atomic: a crash never leaves half a file under the final name
    return FileItem(
        **{**base, "size": len(data)},
        mime=mime,
        sha256=sha256,
        width=width or incoming.width,
        height=height or incoming.height,
        ref=incoming.file_id,
    )
