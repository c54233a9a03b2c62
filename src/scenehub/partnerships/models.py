"""The partnership tables: the partnership and its stage history, its pilot (milestones,
KPIs), the department's evaluation, the contract that follows the pilot, and the files
attached to it."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, Date, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from scenehub.db import Base, UtcDateTime, utcnow


class Partnership(Base):
    """A scene's department and a firm working together (stages: stages.py)."""

    __tablename__ = "partnerships"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    scene_id: Mapped[int] = mapped_column(ForeignKey("scenes.id"), index=True)
    firm_org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    stage: Mapped[str] = mapped_column(String(30), index=True)
    terminated_reason: Mapped[str] = mapped_column(Text, default="")
    started_on: Mapped[date] = mapped_column(Date)
    # How it was opened: "proposal", "salon" or "import", and the opener's note.
    origin: Mapped[str] = mapped_column(String(20), default="import")
    note: Mapped[str] = mapped_column(Text, default="")
    # The parts the department agreed to publish (stages.PUBLISHABLE_PARTS).
    published_parts: Mapped[list[str]] = mapped_column(JSON, default=list)
    # The catalogue's evidence the department or the centre records: sites where the
    # solution runs beyond the pilot's own, and the compliance checks passed (by name).
    sites_beyond_pilot: Mapped[int] = mapped_column(Integer, default=0)
    compliance_passed: Mapped[list[str]] = mapped_column(JSON, default=list)


class PartnershipEvent(Base):
    """A stage change, with who made it, when and why."""

    __tablename__ = "partnership_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnerships.id"), index=True)
    from_stage: Mapped[str] = mapped_column(String(30))
    to_stage: Mapped[str] = mapped_column(String(30))
    reason: Mapped[str] = mapped_column(Text, default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class Pilot(Base):
    """The pilot of a partnership (one): what, where, when, with which data."""

    __tablename__ = "partnership_pilots"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnerships.id"), unique=True)
    scope: Mapped[str] = mapped_column(Text, default="")
    site: Mapped[str] = mapped_column(String(300), default="")
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    # Names of the datasets the department grants the firm for the pilot.
    data_granted: Mapped[list[str]] = mapped_column(JSON, default=list)


class Milestone(Base):
    __tablename__ = "partnership_milestones"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnerships.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    due_on: Mapped[date] = mapped_column(Date)
    completed_on: Mapped[date | None] = mapped_column(Date)


class Kpi(Base):
    """A KPI of the pilot; baseline, target and actual are unknown until recorded."""

    __tablename__ = "partnership_kpis"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnerships.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(40), default="")
    baseline: Mapped[float | None] = mapped_column(Float)
    target: Mapped[float | None] = mapped_column(Float)
    actual: Mapped[float | None] = mapped_column(Float)
    higher_is_better: Mapped[bool] = mapped_column(Boolean, default=True)


class Evaluation(Base):
    """The department's evaluation of the pilot (one, replaced when recorded again)."""

    __tablename__ = "partnership_evaluations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnerships.id"), unique=True)
    rubric: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    grade: Mapped[str] = mapped_column(String(1))
    comment: Mapped[str] = mapped_column(Text, default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class Contract(Base):
    """The procurement after the pilot. The value is whole fen (1/100 yuan) in a 64-bit
    integer: exact, summable in SQL and the same on SQLite, which has no decimal type."""

    __tablename__ = "partnership_contracts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnerships.id"), unique=True)
    method: Mapped[str] = mapped_column(String(40))
    value_fen: Mapped[int] = mapped_column(BigInteger)
    signed_on: Mapped[date] = mapped_column(Date)


class PartnershipAttachment(Base):
    """A file a party or the centre attached to a partnership (a site photo, a report …):
    its bytes are kept under the data directory (attachment_store.py) by ``storage_key``."""

    __tablename__ = "partnership_attachments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    partnership_id: Mapped[int] = mapped_column(ForeignKey("partnerships.id"), index=True)
    file_name: Mapped[str] = mapped_column(String(200))
    caption: Mapped[str] = mapped_column(String(300), default="")
    kind: Mapped[str] = mapped_column(String(10))  # attachment_kinds.KINDS
    media_type: Mapped[str] = mapped_column(String(100))
    size_bytes: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    storage_key: Mapped[str] = mapped_column(String(200), unique=True)
    uploaded_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    uploaded_by_org_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
