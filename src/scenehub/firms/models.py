"""Tables of the capability registry: firms, claims, capabilities and capability batches."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from scenehub.batches import NumberedBatch
from scenehub.db import Base, UtcDateTime, utcnow


class Firm(Base):
    """A firm the centre knows: from the golden records (integration) or registered by
    itself; once a claim is approved, ``org_id`` is the organisation that maintains it."""

    __tablename__ = "firms"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uscc: Mapped[str | None] = mapped_column(String(18), unique=True)
    golden_id: Mapped[str | None] = mapped_column(String(40), index=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    name_en: Mapped[str] = mapped_column(String(200), default="")
    district_code: Mapped[str | None] = mapped_column(String(6))
    business_scope: Mapped[str] = mapped_column(Text, default="")
    profile: Mapped[str] = mapped_column(Text, default="")
    stage: Mapped[str] = mapped_column(String(10), default="any")
    segments: Mapped[list[str]] = mapped_column(JSON, default=list)
    vetted: Mapped[bool] = mapped_column(Boolean, default=False)
    org_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), unique=True)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)


class FirmClaim(Base):
    """A firm organisation's claim to maintain a firm's record; an operator decides."""

    __tablename__ = "firm_claims"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    firm_id: Mapped[int] = mapped_column(ForeignKey("firms.id"), index=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    evidence: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), index=True, default="pending")
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class Capability(Base):
    """Something a firm can do, as it describes it; published in a capability list batch."""

    __tablename__ = "capabilities"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    firm_id: Mapped[int] = mapped_column(ForeignKey("firms.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    segments: Mapped[list[str]] = mapped_column(JSON, default=list)
    trl: Mapped[int] = mapped_column(Integer, default=6)
    reference_cases: Mapped[str] = mapped_column(Text, default="")
    certifications: Mapped[list[str]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(20), index=True, default="draft")
    batch: Mapped[str | None] = mapped_column(String(40), index=True)
    published_on: Mapped[date | None] = mapped_column(Date)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)


class CapabilityBatch(NumberedBatch, Base):
    """A numbered batch of the capability list (能力清单)."""

    __tablename__ = "capability_batches"
