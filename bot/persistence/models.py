"""The database schema. Changes go through a new Alembic migration in `migrations/versions/`."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, BigInteger, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import DateTime

from bot.persistence.types import UTCDateTime


class Base(DeclarativeBase):
    type_annotation_map: ClassVar = {datetime: UTCDateTime, dict[str, Any]: JSON, list[Any]: JSON}


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)  # Telegram user id
    language: Mapped[str | None] = mapped_column(String(8))  # chosen with /lang; None = follow Telegram
    telegram_language: Mapped[str | None] = mapped_column(String(16))
    blocked: Mapped[bool] = mapped_column(Boolean, default=False)  # the user blocked the bot (403)
    reminders_enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    first_seen: Mapped[datetime]
    last_seen: Mapped[datetime]


class FsmRecord(Base):
    """aiogram FSM state and data for one storage key (see fsm_storage.py for how the key is built)."""

    __tablename__ = "fsm_records"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    state: Mapped[str | None] = mapped_column(String(255))
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime]


class Case(Base):
    """One dispute, one order. The fact columns are :class:`flows.case_facts.CaseFacts` (a test checks
    they match); ``version`` counts changes (the case card's buttons carry it), ``history`` holds the
    undo snapshots (:class:`flows.lifecycle.Snapshot` as JSON)."""

    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    problem: Mapped[str] = mapped_column(String(32))  # "other" when the flow did not ask
    service_type: Mapped[str | None] = mapped_column(String(32))
    demand: Mapped[str | None] = mapped_column(String(32))
    order_no: Mapped[str | None] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(32))
    transaction_succeeded_at: Mapped[datetime | None]
    negotiation_started_at: Mapped[datetime | None]
    after_sales_requested_at: Mapped[datetime | None]
    seller_answer: Mapped[str | None] = mapped_column(String(16))
    intervention_requested_at: Mapped[datetime | None]
    ruling_at: Mapped[datetime | None]
    ruling_outcome: Mapped[str | None] = mapped_column(String(32))
    appeal_basis: Mapped[str | None] = mapped_column(String(32))  # new_evidence / clear_error / none
    appeal_submitted_at: Mapped[datetime | None]
    title: Mapped[str | None] = mapped_column(String(64))  # typed by the user; else rendered when shown
    appeal_decided_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    closed_from: Mapped[str | None] = mapped_column(String(32))
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    history: Mapped[list[Any]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    events: Mapped[list[CaseEvent]] = relationship(
        back_populates="case", order_by="CaseEvent.at", cascade="all, delete-orphan"
    )


class CaseEvent(Base):
    """One line of a case's timeline: what happened (`kind`) and when it happened (`at`)."""

    __tablename__ = "case_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime]
    recorded_at: Mapped[datetime]
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    case: Mapped[Case] = relationship(back_populates="events")


class Evidence(Base):
    __tablename__ = "evidence"
    __table_args__ = (UniqueConstraint("case_id", "sha256", name="uq_evidence_case_hash"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    category: Mapped[str] = mapped_column(String(32))
    caption: Mapped[str | None] = mapped_column(Text)
    original_name: Mapped[str | None] = mapped_column(String(255))
    mime: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    telegram_file_id: Mapped[str] = mapped_column(String(255))
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime]


class Reminder(Base):
    """A message to send at `due_at`. Claimed with a lease, then marked sent: see reminders.py."""

    __tablename__ = "reminders"
    __table_args__ = (
        Index("ix_reminders_status_due", "status", "due_at"),
        UniqueConstraint("case_id", "kind", "due_at", name="uq_reminder_case_kind_due"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    due_at: Mapped[datetime]
    deadline_at: Mapped[datetime | None]
    estimated: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(
        String(16), default="pending"
    )  # pending/claimed/sent/cancelled/failed
    lease_until: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    sent_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]


class FaqMiss(Base):
    """A question the FAQ could not answer, or whose suggestions were not picked: for the maintainers."""

    __tablename__ = "faq_misses"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    query: Mapped[str] = mapped_column(Text)
    lang: Mapped[str] = mapped_column(String(8))
    kind: Mapped[str] = mapped_column(String(16))  # no_match / unpicked
    created_at: Mapped[datetime] = mapped_column(index=True)


class SendPacing(Base):
    """One row (id 1): the next free moment to send a reminder, shared by every replica (pacing.py)."""

    __tablename__ = "send_pacing"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    next_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ProcessedUpdate(Base):
    """A Telegram update whose changes are committed (updates.py): a redelivered copy is not handled
    again. `answered`: the handler also finished (its replies went out). No user data is kept here."""

    __tablename__ = "processed_updates"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    answered: Mapped[bool] = mapped_column(Boolean, default=False)
    processed_at: Mapped[datetime] = mapped_column(index=True)


class SchedulerHeartbeat(Base):
    """One row per scheduler run (a process's reminder task, on any replica): when it started and its
    latest heartbeat. A reminder says "the assistant was offline" only when no run covered its due
    time (heartbeats.py), across restarts and replicas."""

    __tablename__ = "scheduler_heartbeats"
    __table_args__ = (Index("ix_scheduler_heartbeats_beat_at", "beat_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[str] = mapped_column(String(36), unique=True)
    started_at: Mapped[datetime]
    beat_at: Mapped[datetime]
