"""The partnership table."""

from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, Date, Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from scenehub.db import Base


class Partnership(Base):
    __tablename__ = "partnerships"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    scene_id: Mapped[int] = mapped_column(ForeignKey("scenes.id"), index=True)
    firm_org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    # negotiating, pilot, evaluated, demonstration, scaled, ended
    status: Mapped[str] = mapped_column(String(20), index=True)
    started_on: Mapped[date] = mapped_column(Date)
    kpis: Mapped[list[str]] = mapped_column(JSON, default=list)
    evaluation_score: Mapped[float | None] = mapped_column(Float)
