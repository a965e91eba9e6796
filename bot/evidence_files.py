"""Evidence files on disk: streaming a download into a private temporary file, recognising what it
really is from its content, keeping it under its hash once the flow decides to, and sweeping what a
crash or a refusal left behind.

Lifecycle (see DESIGN.md, "Evidence has a lifecycle"):

1. :func:`fetch` streams the download to ``EVIDENCE_DIR/.incoming/u<user>-<random>.part``, hashing as
   it goes, and stops at the size cap whether or not Telegram said the size. Hashing, the image decode
   check and the writes run in a worker thread; at most one chunk batch is held in memory.
2. The flow decides. :func:`keep` renames a kept file to ``<sha256[:2]>/<sha256>.<detected ext>`` before
   its row is written (so every row has its file); :func:`discard_staged` deletes at once what the flow
   refused or what /cancel dropped.
3. :func:`sweep_evidence` at start-up and hourly removes files no row names and temporary files that no
   saved conversation waits for, once they are older than an hour, and files that waited longer than
   PENDING_HOURS for the user's choice. Safe with several replicas sharing EVIDENCE_DIR.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import os
import re
import secrets
import shutil
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import filetype
from aiogram import Bot
from aiogram.types import Message
from PIL import Image

from bot.permissions import create_private, private_dir
from bot.persistence.database import Database
from bot.persistence.evidence import all_evidence_hashes, all_fsm_data
from flows.evidence import PENDING_HOURS
from flows.inputs import FileItem

log = logging.getLogger(__name__)

# Telegram's public Bot API lets a bot download files up to 20 MB; a self-hosted server allows more.
PUBLIC_API_DOWNLOAD_LIMIT = 20 * 1024 * 1024
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "application/pdf": "pdf"}
INCOMING = ".incoming"
EXPORTS = ".exports"
#: A temporary file nobody waits for, or a stored file no row names, is left alone this long: another
#: replica may be writing it, or about to commit its row.
STALE_SECONDS = 3600
#: Files waiting for the user's choice (which case, which category) are kept this long, then deleted.
PENDING_SECONDS = PENDING_HOURS * 3600
#: Bytes gathered from the network before one write+hash step in the worker thread.
BATCH_BYTES = 1024 * 1024
DOWNLOAD_TIMEOUT = 300
_STAGED_NAME = re.compile(r"^u\d+-[0-9a-f]{24}\.part$")
_STORED_NAME = re.compile(r"^([0-9a-f]{64})\.(jpg|png|pdf|bin)$")


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


def incoming_of(message: Message) -> Incoming | None:
    """The photo (its largest size) or document of a message, or None."""
    if message.photo:
        photo = message.photo[-1]  # the largest size Telegram made
        return Incoming(
            "photo", photo.file_id, photo.file_size, message.caption, None, photo.width, photo.height
        )
    if message.document:
        document = message.document
        return Incoming("document", document.file_id, document.file_size, message.caption, document.file_name)
    return None


class TooBig(Exception):
    """The download went past the size cap."""


# -- permissions -------------------------------------------------------------------------------------


def incoming_dir(evidence_dir: Path) -> Path:
    return evidence_dir / INCOMING


def staged_path(evidence_dir: Path, name: str) -> Path | None:
    """The temporary file a FileItem names, or None for a name that is not one of ours."""
    if not _STAGED_NAME.match(name):
        return None
    return incoming_dir(evidence_dir) / name


def stored_path(evidence_dir: Path, sha256: str, mime: str | None) -> Path:
    extension = EXTENSIONS.get(mime or "", "bin")
    return evidence_dir / sha256[:2] / f"{sha256}.{extension}"


# -- recognising content -----------------------------------------------------------------------------


def detect(data: bytes) -> str | None:
    """The MIME type from the magic bytes of the file's head; None when unknown."""
    kind = filetype.guess(data)
    return kind.mime if kind is not None else None


def image_check(path: Path) -> tuple[bool, int | None, int | None]:
    """(decodes completely, width, height). A truncated or corrupt JPEG/PNG fails the full decode."""
    try:
        with Image.open(path) as image:
            width, height = image.size
            if image.format == "JPEG":
                # Every byte is still decoded (a cut-off file raises the same), but into 1/8 of the size:
                # a 20 MB photo needs ~2 MB of pixels instead of ~100 MB, and a fraction of the time.
                image.draft(image.mode, (max(1, width // 8), max(1, height // 8)))
            image.load()  # decodes the whole file: a cut-off file raises here
        return True, width, height
    except Exception:  # noqa: BLE001 — Pillow raises many kinds for a damaged image
        return False, None, None


# -- downloading -------------------------------------------------------------------------------------


def _write_and_hash(fd: int, hasher: hashlib._Hash, data: bytes | bytearray) -> None:
    hasher.update(data)
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _read_head(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(8192)


async def stream_to_staged(
    bot: Bot, file_id: str, evidence_dir: Path, user_id: int, cap: int
) -> tuple[Path, str, int]:
    """Download a Telegram file into a new private temporary file: (path, sha256, size).

    Raises :class:`TooBig` past `cap` bytes (the file is deleted); any other failure deletes it too."""
    directory = await asyncio.to_thread(private_dir, incoming_dir(evidence_dir))
    path = directory / f"u{user_id}-{secrets.token_hex(12)}.part"
    fd = await asyncio.to_thread(create_private, path)
    hasher = hashlib.sha256()
    size = 0
    pending = bytearray()
    try:
        file = await bot.get_file(file_id)
        if file.file_size is not None and file.file_size > cap:
            raise TooBig
        url = bot.session.api.file_url(bot.token, file.file_path or "")
        stream = bot.session.stream_content(
            url=url, timeout=DOWNLOAD_TIMEOUT, chunk_size=65536, raise_for_status=True
        )
        async for chunk in stream:
            size += len(chunk)
            if size > cap:
                raise TooBig
            pending += chunk
            if len(pending) >= BATCH_BYTES:
                # Handed over as it is (no copy on the event loop); the loop starts a new buffer.
                batch, pending = pending, bytearray()
                await asyncio.to_thread(_write_and_hash, fd, hasher, batch)
        if pending:
            await asyncio.to_thread(_write_and_hash, fd, hasher, pending)
    except BaseException:
        await asyncio.to_thread(_close_and_remove, fd, path)
        raise
    await asyncio.to_thread(os.close, fd)
    return path, hasher.hexdigest(), size


def _close_and_remove(fd: int, path: Path) -> None:
    with contextlib.suppress(OSError):
        os.close(fd)
    path.unlink(missing_ok=True)


async def fetch(bot: Bot, incoming: Incoming, evidence_dir: Path, cap: int, user_id: int) -> FileItem:
    """Download one file into a temporary file and describe it for the engine.

    Never raises for a bad file: a failed download, a file over the cap and a damaged image come back
    as a FileItem with ``error`` set (and nothing left on disk)."""
    base = FileItem(
        kind="photo" if incoming.kind == "photo" else "document",
        size=incoming.size,
        caption=incoming.caption,
        original_name=incoming.original_name,
        width=incoming.width,
        height=incoming.height,
        ref=incoming.file_id,
    )
    if incoming.size is not None and incoming.size > cap:
        return base.model_copy(update={"error": "too_big"})
    try:
        path, sha256, size = await stream_to_staged(bot, incoming.file_id, evidence_dir, user_id, cap)
    except TooBig:
        return base.model_copy(update={"error": "too_big"})
    except asyncio.CancelledError:
        raise
    except Exception:
        log.warning("download of one evidence file failed", exc_info=True)
        return base.model_copy(update={"error": "failed"})
    mime = detect(await asyncio.to_thread(_read_head, path))
    width, height = incoming.width, incoming.height
    error = None
    if mime in ("image/jpeg", "image/png"):
        complete, width_read, height_read = await asyncio.to_thread(image_check, path)
        if complete:
            width, height = width_read, height_read
        else:
            error = "corrupt"
    keep_staged = mime in EXTENSIONS and error is None
    if not keep_staged:  # nothing the flow could keep: gone at once
        await asyncio.to_thread(path.unlink, missing_ok=True)
    return base.model_copy(
        update={
            "mime": mime,
            "sha256": sha256,
            "size": size,
            "width": width,
            "height": height,
            "error": error,
            "staged": path.name if keep_staged else None,
        }
    )


# -- keeping and discarding ----------------------------------------------------------------------------


def keep_file(evidence_dir: Path, staged: str | None, sha256: str, mime: str) -> bool:
    """Move a staged file to its final name (hash + detected extension). True when the final file
    exists afterwards (kept now, or already there from an earlier upload of the same content)."""
    final = stored_path(evidence_dir, sha256, mime)
    source = staged_path(evidence_dir, staged) if staged else None
    if final.exists():
        _touch(final)
        if source is not None:
            source.unlink(missing_ok=True)
        return True
    if source is None or not source.exists():
        return False
    private_dir(final.parent)
    os.replace(source, final)  # atomic on one file system: never half a file under the final name
    _touch(final)
    return True


def _touch(path: Path) -> None:
    """A file being kept is young again, so no sweep (here or on another replica) takes it for an
    orphan before its row is committed."""
    with contextlib.suppress(FileNotFoundError):
        os.utime(path)


async def keep(evidence_dir: Path, staged: str | None, sha256: str, mime: str) -> bool:
    return await asyncio.to_thread(keep_file, evidence_dir, staged, sha256, mime)


def _discard(evidence_dir: Path, user_id: int, keep_names: set[str]) -> int:
    directory = incoming_dir(evidence_dir)
    if not directory.is_dir():
        return 0
    removed = 0
    for path in directory.glob(f"u{user_id}-*.part"):
        if path.name not in keep_names:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


async def discard_staged(evidence_dir: Path, user_id: int, keep_names: Iterable[str] = ()) -> int:
    """Delete the user's temporary files except those the saved conversation still waits for."""
    return await asyncio.to_thread(_discard, evidence_dir, user_id, set(keep_names))


def staged_names(data: object) -> set[str]:
    """Temporary file names mentioned anywhere in saved conversation data (FSM data, run state)."""
    found: set[str] = set()
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, str) and _STAGED_NAME.match(value):
            found.add(value)
    return found


@dataclass(frozen=True)
class SweepResult:
    orphans: int  # stored files no row names, older than an hour
    temporary: int  # temporary files nobody waits for, older than an hour
    expired: int = 0  # files that waited for the user's choice longer than PENDING_HOURS


def _age(path: Path, now: float) -> float | None:
    try:
        return now - path.stat().st_mtime
    except FileNotFoundError:  # removed meanwhile (kept, discarded, or another replica's sweep)
        return None


def sweep_files(
    evidence_dir: Path, known_hashes: set[str], waiting: set[str], now: float | None = None
) -> SweepResult:
    """Remove what nobody will ever use, and nothing anybody (in this process or another replica
    sharing EVIDENCE_DIR) may still use:

    * a temporary file is removed when it is older than an hour and no saved conversation waits for
      it (a download in progress, or one that has just finished and whose conversation is being saved,
      is younger than that: a download gives up after five minutes);
    * a temporary file a conversation waits for (files awaiting the user's choice of case or category)
      is removed once it is older than PENDING_HOURS — the user was told so when asked;
    * a stored file is removed when no row names its hash and it is older than an hour (a file is
      touched when it is kept, just before its row is committed).

    Ages come from the files' modification times, so ``now`` is wall-clock time (``time.time()``)."""
    now = time.time() if now is None else now
    orphans = temporary = expired = 0
    if not evidence_dir.is_dir():
        return SweepResult(0, 0)
    incoming = incoming_dir(evidence_dir)
    if incoming.is_dir():
        for path in incoming.iterdir():
            age = _age(path, now)
            if age is None:
                continue
            if path.name in waiting:
                if age > PENDING_SECONDS:
                    path.unlink(missing_ok=True)
                    expired += 1
            elif age > STALE_SECONDS:
                path.unlink(missing_ok=True)
                temporary += 1
    exports = evidence_dir / EXPORTS
    if exports.is_dir():
        for path in exports.iterdir():
            age = _age(path, now)
            if age is not None and age > STALE_SECONDS:  # an export interrupted by a crash
                if path.is_dir():
                    shutil.rmtree(path, ignore_errors=True)
                else:
                    path.unlink(missing_ok=True)
                temporary += 1
    for sub in evidence_dir.iterdir():
        if sub.name in (INCOMING, EXPORTS) or not sub.is_dir():
            continue
        for path in sub.iterdir():
            match = _STORED_NAME.match(path.name)
            if match is None and not path.name.endswith(".part"):
                continue
            age = _age(path, now)
            if age is None or age <= STALE_SECONDS:
                continue
            if match is None:  # a temporary file left by an older version's write
                path.unlink(missing_ok=True)
                temporary += 1
            elif match.group(1) not in known_hashes:
                path.unlink(missing_ok=True)
                orphans += 1
    return SweepResult(orphans, temporary, expired)


async def sweep_evidence(evidence_dir: Path, database: Database, now: float | None = None) -> SweepResult:
    """The sweep (see :func:`sweep_files`): at start-up, and hourly by the scheduler's housekeeping.
    Safe with several replicas on one EVIDENCE_DIR. Logs how many files it removed."""
    # The rows and conversations are read BEFORE the directory is listed: a file kept or staged after
    # this read is younger than an hour, so it is left alone whatever the read says.
    async with database.sessions() as session:
        known = await all_evidence_hashes(session)
        waiting = staged_names(await all_fsm_data(session))
    result = await asyncio.to_thread(sweep_files, evidence_dir, known, waiting, now)
    await asyncio.to_thread(private_dir, evidence_dir)
    log.info(
        "evidence sweep: removed %d file(s) without a row, %d temporary file(s), "
        "%d file(s) that waited too long for a choice",
        result.orphans,
        result.temporary,
        result.expired,
    )
    return result
