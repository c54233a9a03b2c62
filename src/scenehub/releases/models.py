"""Tables of releases: each released table with its cells, and the privacy budget's ledger."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from scenehub.db import Base, UtcDateTime, utcnow


class Release(Base):
    """One published table. ``cells`` keeps what was released (the noisy counts of a
    differentially private release), so a view re-serves it and never draws new noise;
    ``suppressed`` lists the figures disclosure control hid. A DP release keeps the ε OpenDP
    accounted for and the budget of its period after it was charged."""

    __tablename__ = "releases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    audience: Mapped[str] = mapped_column(String(20), index=True)
    method: Mapped[str] = mapped_column(String(30))
    epsilon: Mapped[float | None] = mapped_column(Float, default=None)
    noise_scale: Mapped[float | None] = mapped_column(Float, default=None)
    period: Mapped[str] = mapped_column(String(10), index=True)
    budget_total: Mapped[float | None] = mapped_column(Float, default=None)
    budget_spent: Mapped[float | None] = mapped_column(Float, default=None)  # after this one
    released_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    released_by_name: Mapped[str] = mapped_column(String(64), default="")
    released_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    cells: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    suppressed: Mapped[list[Any]] = mapped_column(JSON, default=list)


class PrivacyBudget(Base):
    """The ε spent in one period by its differentially private releases. It is raised by
    one conditional UPDATE (``spent + ε <= total``), so two releases at once cannot both
    take the last of a budget."""

    __tablename__ = "privacy_budgets"

    period: Mapped[str] = mapped_column(String(10), primary_key=True)
    spent: Mapped[float] = mapped_column(Float, default=0.0)
    releases: Mapped[int] = mapped_column(Integer, default=0)
