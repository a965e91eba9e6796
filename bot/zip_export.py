"""Deterministic ZIP archives, split into parts that each fit one upload.

Reusable for any export (/mydata here; a per-case export can use the same): the same input gives the
same bytes — entries sorted by name, a fixed timestamp, fixed permissions — so an export can be
compared and tested. Evidence files (JPEG, PNG, PDF) are already compressed and are stored as they are,
which also makes each part's size known before it is written; JSON and text are deflated.

Every part is a complete ZIP of its own (a user can open part 2 without part 1). An entry that alone is
bigger than the limit cannot be sent and is returned in `too_big`, for the caller to mention.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

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


def write_zip(entries: list[Entry]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
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
                archive.writestr(info, entry.path.read_bytes())
    return buffer.getvalue()


def build_parts(
    entries: Iterable[Entry], limit: int, *, first: Iterable[str] = ()
) -> tuple[list[bytes], list[Entry]]:
    """(the ZIP parts as bytes, entries too big for any part). Blocking: run it in a thread."""
    plan = plan_parts(entries, limit, first=first)
    return [write_zip(part) for part in plan.parts], plan.too_big
