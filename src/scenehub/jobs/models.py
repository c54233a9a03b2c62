"""The job table."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from scenehub.db import Base, UtcDateTime, utcnow


class Job(Base):
    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20), index=True, default="queued")
    org_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    title: Mapped[str] = mapped_column(String(300), default="")
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int | None] = mapped_column(Integer)
    message: Mapped[str] = mapped_column(Text, default="")
    arguments: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    result: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # When the job last said anything (queued, progress, finish): a queued or running job
    # silent for long is abandoned (``jobs/liveness.py``).
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class ScheduledTask(Base):
    """When each housekeeping task (jobs/schedule.py) last ran, and what it did."""

    __tablename__ = "scheduled_tasks"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    outcome: Mapped[str] = mapped_column(String(20), default="")
    result: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
