"""Erasing a user's files and the retention purge the scheduler runs.

Evidence files are stored once per content hash and may be shared by several users' rows: a file is
deleted only when no evidence row names its hash any more (checked after the rows are gone).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from bot.evidence_files import discard_staged, sweep_evidence
from bot.persistence.database import Database
from bot.persistence.privacy import Purged, hashes_in_use, purge_expired
from flows.clock import Clock

log = logging.getLogger(__name__)


def _delete_files(evidence_dir: Path, hashes: Iterable[str]) -> int:
    removed = 0
    for sha256 in hashes:
        if len(sha256) != 64 or not all(c in "0123456789abcdef" for c in sha256):
            continue  # only names we made
        for path in (evidence_dir / sha256[:2]).glob(f"{sha256}.*"):
            path.unlink(missing_ok=True)
            removed += 1
    return removed


async def delete_unreferenced_files(database: Database, evidence_dir: Path, hashes: set[str]) -> int:
    """Delete the files of `hashes` that no evidence row references (re-checked now)."""
    if not hashes:
        return 0
    async with database.sessions() as session:
        used = await hashes_in_use(session, hashes)
    return await asyncio.to_thread(_delete_files, evidence_dir, hashes - used)


class RetentionPurge:
    """RETENTION_DAYS after a case is closed, and after a user who blocked the bot last wrote, their data
    goes. Run by the reminder scheduler as housekeeping (see ReminderScheduler), with its clock."""

    def __init__(
        self,
        database: Database,
        clock: Clock,
        retention_days: int,
        evidence_dir: Path,
        *,
        file_clock: Callable[[], float] = time.time,
    ) -> None:
        self.database = database
        self.clock = clock
        self.retention_days = retention_days
        self.evidence_dir = evidence_dir
        # Files' ages are measured against their modification times, i.e. in wall-clock time.
        self.file_clock = file_clock

    async def run_once(self) -> tuple[Purged, int]:
        """(what was purged, how many files were deleted)."""
        async with self.database.sessions() as session:
            purged = await purge_expired(session, self.clock.now(), self.retention_days)
            await session.commit()
        for user_id in purged.users:
            await discard_staged(self.evidence_dir, user_id)
        files = await delete_unreferenced_files(
            self.database, self.evidence_dir, purged.erased.unreferenced_hashes
        )
        if purged.users or purged.cases:
            log.info(
                "retention: purged %d user(s), %d closed case(s), %d file(s)",
                len(purged.users),
                purged.cases,
                files,
            )
        return purged, files

    async def __call__(self) -> None:
        await self.run_once()
        # Hourly too, not only at start: files that waited too long for a choice, and what a crashed
        # replica left (the sweep is safe with several replicas, see bot.evidence_files.sweep_files).
        await sweep_evidence(self.evidence_dir, self.database, self.file_clock())
