"""The scene table."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from scenehub.batches import NumberedBatch
from scenehub.db import Base, UtcDateTime, utcnow


class Scene(Base):
    """A scene (场景): written by a department, published by the centre in a batch."""

    __tablename__ = "scenes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    language: Mapped[str] = mapped_column(String(5), default="zh")
    domain: Mapped[str] = mapped_column(String(40), index=True)
    department_org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    background: Mapped[str] = mapped_column(Text, default="")
    pain_points: Mapped[str] = mapped_column(Text, default="")
    wanted: Mapped[str] = mapped_column(Text, default="")
    offered: Mapped[str] = mapped_column(Text, default="")
    constraints: Mapped[str] = mapped_column(Text, default="")
    wanted_segments: Mapped[list[str]] = mapped_column(JSON, default=list)
    stage_preference: Mapped[str] = mapped_column(String(10), default="any")
    budget_min_10k: Mapped[int | None] = mapped_column(Integer)
    budget_max_10k: Mapped[int | None] = mapped_column(Integer)
    timeline_months: Mapped[int | None] = mapped_column(Integer)
    on_premise: Mapped[bool] = mapped_column(Boolean, default=False)
    security_vetting: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(20), index=True, default="draft")
    batch: Mapped[str | None] = mapped_column(String(40), index=True)
    published_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    def sections(self) -> dict[str, Any]:
        return {
            "background": self.background,
            "pain_points": self.pain_points,
            "wanted": self.wanted,
            "offered": self.offered,
            "constraints": self.constraints,
        }


class SceneBatch(NumberedBatch, Base):
    """A numbered batch of the scene catalogue (场景机会清单), e.g. "2026 第3批"."""

    __tablename__ = "scene_batches"


class SceneEvent(Base):
    """A status change of a scene, with who made it and why (the scene's history)."""

    __tablename__ = "scene_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scene_id: Mapped[int] = mapped_column(ForeignKey("scenes.id"), index=True)
    from_status: Mapped[str] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text, default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
