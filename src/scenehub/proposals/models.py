"""Tables of proposals (揭榜) and invitations."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from scenehub.db import Base, UtcDateTime, utcnow


class Proposal(Base):
    """A firm's answer to a published scene, and where its review stands."""

    __tablename__ = "proposals"
    __table_args__ = (UniqueConstraint("scene_id", "firm_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scene_id: Mapped[int] = mapped_column(ForeignKey("scenes.id"), index=True)
    firm_id: Mapped[int] = mapped_column(ForeignKey("firms.id"), index=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    summary: Mapped[str] = mapped_column(Text)
    approach: Mapped[str] = mapped_column(Text, default="")
    budget_10k: Mapped[int | None] = mapped_column(Integer)
    timeline_months: Mapped[int | None] = mapped_column(Integer)
    # submitted → screening → shortlisted → selected; rejected or withdrawn on the way
    status: Mapped[str] = mapped_column(String(20), index=True, default="submitted")
    reason: Mapped[str] = mapped_column(Text, default="")
    scores: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    total_score: Mapped[float | None] = mapped_column(Float)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)
    # When the department selected or rejected it (withdrawn by the firm is no decision).
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class Invitation(Base):
    """An invitation from the centre or the scene's department to a firm to propose."""

    __tablename__ = "invitations"
    __table_args__ = (UniqueConstraint("scene_id", "firm_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scene_id: Mapped[int] = mapped_column(ForeignKey("scenes.id"), index=True)
    firm_id: Mapped[int] = mapped_column(ForeignKey("firms.id"), index=True)
    invited_by_org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    message: Mapped[str] = mapped_column(Text, default="")
    score: Mapped[float | None] = mapped_column(Float)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
