"""Salons, the scenes they present, their invitations and registrations, the operator's pins
and forbids, and their 1:1 meetings."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from scenehub.db import Base, UtcDateTime


class Salon(Base):
    __tablename__ = "salons"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    theme: Mapped[str] = mapped_column(String(200))
    held_on: Mapped[date] = mapped_column(Date, index=True)
    venue: Mapped[str] = mapped_column(String(200), default="")
    # draft → inviting → scheduled → held, or cancelled (lifecycle.py); the demo's imported
    # history is "held".
    status: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    starts_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # The zone its pages and documents show times in (the database keeps UTC).
    time_zone: Mapped[str] = mapped_column(String(40), default="Asia/Shanghai")
    slot_minutes: Mapped[int] = mapped_column(Integer, default=20)
    break_minutes: Mapped[int] = mapped_column(Integer, default=0)
    slots: Mapped[int] = mapped_column(Integer, default=0)
    tables: Mapped[int] = mapped_column(Integer, default=0)
    capacity: Mapped[int] = mapped_column(Integer, default=0)  # most firms that may attend
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # The last solve: its status, objective and the solver's bound.
    schedule_status: Mapped[str | None] = mapped_column(String(20))
    objective: Mapped[float | None] = mapped_column(Float)
    bound: Mapped[float | None] = mapped_column(Float)
    solved_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class SalonScene(Base):
    __tablename__ = "salon_scenes"

    salon_id: Mapped[int] = mapped_column(
        ForeignKey("salons.id", ondelete="CASCADE"), primary_key=True
    )
    scene_id: Mapped[int] = mapped_column(ForeignKey("scenes.id"), primary_key=True)


class SalonInvitation(Base):
    """An organisation asked to a salon: a firm proposed by matching (with its rank, score
    and reasons) or a department that owns one of its scenes."""

    __tablename__ = "salon_invitations"
    __table_args__ = (UniqueConstraint("salon_id", "org_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    salon_id: Mapped[int] = mapped_column(ForeignKey("salons.id", ondelete="CASCADE"), index=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # firm | department
    rank: Mapped[int | None] = mapped_column(Integer)
    score: Mapped[float | None] = mapped_column(Float)
    # The firm's match score for each linked scene ({scene id: score}) and the best one's
    # reasons ([{code, params}]): what the operator reads and the solve weighs.
    scene_scores: Mapped[dict[str, float]] = mapped_column(JSON, default=dict)
    reasons: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(20), default="proposed")
    responded_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class SalonRegistration(Base):
    """What a participant brings: a firm the scenes and departments it wants to meet, a
    department its officers (parallel meetings) and the firms it wants; both their slots."""

    __tablename__ = "salon_registrations"
    __table_args__ = (UniqueConstraint("salon_id", "org_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    salon_id: Mapped[int] = mapped_column(ForeignKey("salons.id", ondelete="CASCADE"), index=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    seats: Mapped[int] = mapped_column(Integer, default=1)
    available: Mapped[list[int] | None] = mapped_column(JSON)  # None: every slot
    wanted_scene_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    wanted_org_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    checked_in_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class SalonConstraint(Base):
    """The operator's word on one pair: pin the meeting (to a slot, or anywhere) or forbid it."""

    __tablename__ = "salon_constraints"
    __table_args__ = (UniqueConstraint("salon_id", "firm_org_id", "department_org_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    salon_id: Mapped[int] = mapped_column(ForeignKey("salons.id", ondelete="CASCADE"), index=True)
    firm_org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    department_org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    kind: Mapped[str] = mapped_column(String(10))  # pin | forbid
    slot: Mapped[int | None] = mapped_column(Integer)


class SalonMeeting(Base):
    """A 1:1 meeting between a scene's department and a firm at a salon.

    A solved meeting has its slot and table; the demo's imported history has only its start
    and length. ``starts_at`` and ``minutes`` are kept for both."""

    __tablename__ = "salon_meetings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    salon_id: Mapped[int] = mapped_column(ForeignKey("salons.id", ondelete="CASCADE"), index=True)
    scene_id: Mapped[int] = mapped_column(ForeignKey("scenes.id"), index=True)
    firm_org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    department_org_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    starts_at: Mapped[datetime] = mapped_column(UtcDateTime)
    minutes: Mapped[int] = mapped_column(Integer)
    slot: Mapped[int | None] = mapped_column(Integer)
    table_no: Mapped[int | None] = mapped_column(Integer)
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)
    checked_in_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    outcome: Mapped[str | None] = mapped_column(String(20))  # no_fit | follow_up | proposal
    note: Mapped[str] = mapped_column(Text, default="")
    # What the follow-up became: "partnership" or "proposal_invitation"; the partnership's
    # code (the one the follow-up opened, or the pair's own it joined).
    follow_up: Mapped[str | None] = mapped_column(String(30))
    partnership_code: Mapped[str | None] = mapped_column(ForeignKey("partnerships.code"))
