"""Deterministic ZIP archives, split into parts that each fit one upload.

The one ZIP builder of the bot (/mydata, and /export through bot/evidence_export.py): the same input gives the
same bytes — entries sorted by name, a fixed timestamp, fixed permissions — so an export can be
compared and tested. Evidence files (JPEG, PNG, PDF) are already compressed and are stored as they are,
which also makes each part's size known before it is written; JSON and text are deflated.

Every part is a complete ZIP of its own (a user can open part 2 without part 1). An entry that alone is
bigger than the limit cannot be sent and is returned in `too_big`, for the caller to mention.
"""

from __future__ import annotations

import io
import shutil
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from bot.permissions import open_private

FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a ZIP can hold
# Local header (30) + central directory entry (46) + name twice; end of central directory (22); slack.
ENTRY_OVERHEAD = 30 + 46
ARCHIVE_OVERHEAD = 22 + 1024


@dataclass(frozen=True)
class Entry:
    name: str  # path inside the archive, with "/" separators
    data: bytes | None = None  # in memory (JSON, text)…
    path: Path | None = None  # …or a file on disk, read when its part is written

    @property
    def size(self) -> int:
        if self.data is not None:
            return len(self.data)
        return self.path.stat().st_size if self.path is not None else 0

    @property
    def compress(self) -> bool:
        return self.data is not None


@dataclass
class Plan:
    parts: list[list[Entry]] = field(default_factory=list)
    too_big: list[Entry] = field(default_factory=list)


def _cost(entry: Entry) -> int:
    # A deflated entry is never bigger than stored plus a little; count it as stored.
    return entry.size + ENTRY_OVERHEAD + 2 * len(entry.name.encode()) + 64


def plan_parts(entries: Iterable[Entry], limit: int, *, first: Iterable[str] = ()) -> Plan:
    """Entries in name order (those named in `first` at the start of part 1), packed greedily into
    parts of at most `limit` bytes each."""
    leading = list(first)
    ordered = sorted(
        entries,
        key=lambda e: (e.name not in leading, leading.index(e.name) if e.name in leading else 0, e.name),
    )
    plan = Plan()
    current: list[Entry] = []
    used = ARCHIVE_OVERHEAD
    for entry in ordered:
        cost = _cost(entry)
        if cost + ARCHIVE_OVERHEAD > limit:
            plan.too_big.append(entry)
            continue
        if current and used + cost > limit:
            plan.parts.append(current)
            current, used = [], ARCHIVE_OVERHEAD
        current.append(entry)
        used += cost
    if current or not plan.parts:
        plan.parts.append(current)
    return plan


def _write(target: BinaryIO, entries: list[Entry]) -> None:
    """The one ZIP writer (/mydata and /export): entries in the given order, a fixed timestamp and mode,
    evidence files stored as they are and copied in 1 MiB blocks (never read whole), text deflated."""
    with zipfile.ZipFile(target, "w") as archive:
        for entry in entries:
            info = zipfile.ZipInfo(entry.name, date_time=FIXED_TIME)
            info.external_attr = 0o600 << 16
            info.create_system = 3  # Unix, so the mode above is read
            if entry.compress:
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, entry.data or b"", compresslevel=6)
            else:
                info.compress_type = zipfile.ZIP_STORED
                assert entry.path is not None
                with entry.path.open("rb") as source, archive.open(info, "w") as out:
                    shutil.copyfileobj(source, out, 1024 * 1024)


def write_zip(entries: list[Entry]) -> bytes:
    buffer = io.BytesIO()
    _write(buffer, entries)
    return buffer.getvalue()


def write_zip_file(destination: Path, entries: list[Entry]) -> None:
    """The same archive written to a new file readable by the service user only. Blocking."""
    with open_private(destination) as target:
        _write(target, entries)


def build_parts(
    entries: Iterable[Entry], limit: int, *, first: Iterable[str] = ()
) -> tuple[list[bytes], list[Entry]]:
    """(the ZIP parts as bytes, entries too big for any part). Blocking: run it in a thread."""
    plan = plan_parts(entries, limit, first=first)
    return [write_zip(part) for part in plan.parts], plan.too_big
