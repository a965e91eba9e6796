"""A user's data as a whole: everything stored about them (for /mydata), erasing it (/forget), and the
retention purge.

Generic over the schema, so a table added later is covered without touching this file: a table with a
`user_id` column belongs to the user, a table with a `case_id` column belongs to a case, the user row is
`users.id`, and the FSM records are found by the user id inside their key. `faq_misses` keeps no user id
and is not the user's.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, and_, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.persistence.models import Base, Case, Evidence, FsmRecord, Reminder, User
from flows.case_facts import CaseStatus

# The mapped classes' tables are plain Tables; declarative typing only knows them as FromClause.
USERS = cast(Table, User.__table__)
CASES = cast(Table, Case.__table__)
FSM = cast(Table, FsmRecord.__table__)


def _case_tables() -> list[Table]:
    """Tables whose rows belong to a case (children first is not needed: we delete them first)."""
    return [t for t in Base.metadata.sorted_tables if "case_id" in t.c and t is not CASES]


def _user_tables() -> list[Table]:
    """Tables with a user_id column, other than the case children handled above."""
    return [t for t in Base.metadata.sorted_tables if "user_id" in t.c and t not in _case_tables()]


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _row(mapping: Any) -> dict[str, Any]:
    return {key: _plain(value) for key, value in dict(mapping).items()}


def fsm_key_user(key: str) -> int | None:
    """The user id inside an FSM key ([bot, chat, user, thread, business, destiny]); None if hashed."""
    try:
        parts = json.loads(key)
    except ValueError:
        return None
    if isinstance(parts, list) and len(parts) > 2 and isinstance(parts[2], int):
        return parts[2]
    return None


async def _fsm_keys(session: AsyncSession, user_id: int) -> list[str]:
    # Keys are JSON arrays; a LIKE narrows the scan, the parse decides.
    candidates = await session.scalars(select(FsmRecord.key).where(FsmRecord.key.like(f"%{user_id}%")))
    return [key for key in candidates if fsm_key_user(key) == user_id]


async def _case_ids(session: AsyncSession, user_id: int) -> list[int]:
    return list((await session.scalars(select(Case.id).where(Case.user_id == user_id))).all())


async def user_data(session: AsyncSession, user_id: int) -> dict[str, Any]:
    """Everything stored about the user, as JSON-ready data: {table name: [rows]}, plus the FSM state."""
    result: dict[str, Any] = {}
    user = (await session.execute(select(USERS).where(USERS.c.id == user_id))).mappings().first()
    result["user"] = _row(user) if user is not None else None
    case_ids = await _case_ids(session, user_id)
    rows = await session.execute(select(CASES).where(CASES.c.user_id == user_id).order_by(CASES.c.id))
    result["cases"] = [_row(r) for r in rows.mappings()]
    for table in _case_tables() + [t for t in _user_tables() if t is not CASES]:
        column = table.c.case_id if "case_id" in table.c else table.c.user_id
        owner = case_ids if "case_id" in table.c else [user_id]
        if table.name in result:
            continue
        order = [c for c in table.primary_key.columns]
        query = select(table).where(column.in_(owner)).order_by(*order)
        result[table.name] = [_row(r) for r in (await session.execute(query)).mappings()]
    keys = await _fsm_keys(session, user_id)
    records = (await session.scalars(select(FsmRecord).where(FsmRecord.key.in_(keys)))).all()
    result["conversation_state"] = [
        {"key": r.key, "state": r.state, "data": r.data, "updated_at": _plain(r.updated_at)} for r in records
    ]
    return result


@dataclass
class Erased:
    """What was deleted: row counts per table, and the content hashes no other row uses any more."""

    rows: dict[str, int] = field(default_factory=dict)
    unreferenced_hashes: set[str] = field(default_factory=set)

    def count(self, table: str) -> int:
        return self.rows.get(table, 0)


async def _erase_cases(session: AsyncSession, case_ids: list[int], erased: Erased) -> None:
    if not case_ids:
        return
    hashes = set((await session.scalars(select(Evidence.sha256).where(Evidence.case_id.in_(case_ids)))).all())
    for table in _case_tables():
        result = await session.execute(delete(table).where(table.c.case_id.in_(case_ids)))
        erased.rows[table.name] = erased.rows.get(table.name, 0) + (result.rowcount or 0)  # type: ignore[attr-defined]
    result = await session.execute(delete(CASES).where(CASES.c.id.in_(case_ids)))
    erased.rows["cases"] = erased.rows.get("cases", 0) + (result.rowcount or 0)  # type: ignore[attr-defined]
    if hashes:
        still_used = set(
            (await session.scalars(select(Evidence.sha256).where(Evidence.sha256.in_(hashes)))).all()
        )
        erased.unreferenced_hashes |= hashes - still_used


async def erase_user(session: AsyncSession, user_id: int) -> Erased:
    """Delete every row of the user (not committed: the caller commits, then deletes the files of
    `unreferenced_hashes`). Files shared with another user's evidence stay."""
    erased = Erased()
    await _erase_cases(session, await _case_ids(session, user_id), erased)
    for table in _user_tables():
        if table is CASES:
            continue
        result = await session.execute(delete(table).where(table.c.user_id == user_id))
        erased.rows[table.name] = erased.rows.get(table.name, 0) + (result.rowcount or 0)  # type: ignore[attr-defined]
    keys = await _fsm_keys(session, user_id)
    if keys:
        await session.execute(delete(FsmRecord).where(FsmRecord.key.in_(keys)))
    erased.rows["fsm_records"] = len(keys)
    result = await session.execute(delete(USERS).where(USERS.c.id == user_id))
    erased.rows["users"] = result.rowcount or 0  # type: ignore[attr-defined]
    return erased


@dataclass
class Purged:
    users: list[int] = field(default_factory=list)
    cases: int = 0
    erased: Erased = field(default_factory=Erased)


async def purge_expired(session: AsyncSession, now: datetime, retention_days: int) -> Purged:
    """Retention: cases closed more than `retention_days` ago, and every row of users who blocked the bot
    and have not written to it for `retention_days`. Not committed."""
    cutoff = now - timedelta(days=retention_days)
    purged = Purged()
    blocked = (
        await session.scalars(select(User.id).where(User.blocked.is_(True), User.last_seen < cutoff))
    ).all()
    for user_id in blocked:
        erased = await erase_user(session, user_id)
        purged.users.append(user_id)
        purged.erased.unreferenced_hashes |= erased.unreferenced_hashes
    closed_when = func.coalesce(Case.closed_at, Case.updated_at)
    old_cases = list(
        (
            await session.scalars(
                select(Case.id).where(and_(Case.status == CaseStatus.CLOSED, closed_when < cutoff))
            )
        ).all()
    )
    await _erase_cases(session, old_cases, purged.erased)
    purged.cases = len(old_cases)
    return purged


async def hashes_in_use(session: AsyncSession, hashes: set[str]) -> set[str]:
    if not hashes:
        return set()
    return set((await session.scalars(select(Evidence.sha256).where(Evidence.sha256.in_(hashes)))).all())


async def user_counts(session: AsyncSession, user_id: int) -> dict[str, int]:
    """How many cases, evidence rows and reminders the user has (for the /forget confirmation)."""
    cases = select(Case.id).where(Case.user_id == user_id)
    return {
        "cases": await session.scalar(select(func.count()).select_from(cases.subquery())) or 0,
        "evidence": await session.scalar(
            select(func.count()).select_from(Evidence).where(Evidence.case_id.in_(cases))
        )
        or 0,
        "reminders": await session.scalar(
            select(func.count()).select_from(Reminder).where(Reminder.user_id == user_id)
        )
        or 0,
    }
