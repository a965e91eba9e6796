"""The reminder scheduler's heartbeat, kept in the database so it survives restarts and is shared by
replicas: one row per scheduler run (``run_id``), with when it started and its latest beat.

A reminder sent late says "the assistant was offline" only when the rows show that no scheduler was
running at its due time (:func:`was_running`): a run covers ``[started_at, beat_at + slack]``. Before the
first recorded run nothing is known (a database upgraded from before heartbeats were kept, a fresh one),
so nothing is claimed.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.persistence.models import SchedulerHeartbeat

#: Runs whose last beat is older than this are forgotten (a reminder is never that late).
KEEP_FOR = timedelta(days=60)


async def start_run(session: AsyncSession, run_id: str, now: datetime) -> None:
    """Record a new scheduler run starting ``now`` (and forget runs long over)."""
    await session.execute(delete(SchedulerHeartbeat).where(SchedulerHeartbeat.beat_at < now - KEEP_FOR))
    session.add(SchedulerHeartbeat(run_id=run_id, started_at=now, beat_at=now))
    await session.flush()


async def beat(session: AsyncSession, run_id: str, now: datetime) -> None:
    """The run is alive at ``now``."""
    await session.execute(
        update(SchedulerHeartbeat).where(SchedulerHeartbeat.run_id == run_id).values(beat_at=now)
    )


async def was_running(session: AsyncSession, at: datetime, slack: timedelta) -> bool | None:
    """Whether a scheduler was running at ``at``: True / False, or None when the heartbeats do not reach
    back that far (nothing is known then). ``slack``: how long after its last beat a run still counts
    (it beats at least that often while it runs)."""
    first = await session.scalar(select(func.min(SchedulerHeartbeat.started_at)))
    if first is None or first > at:
        return None
    covering = await session.scalar(
        select(func.count())
        .select_from(SchedulerHeartbeat)
        .where(SchedulerHeartbeat.started_at <= at, SchedulerHeartbeat.beat_at >= at - slack)
    )
    return bool(covering)
