"""The audit trail table (append-only, each row hash-chained to the one before) and the
purpose-bound data grants."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from scenehub.db import Base, UtcDateTime


class AuditEntry(Base):
    __tablename__ = "audit_entries"

    # `seq` is the chain position; unique, so two writers can never fork the chain.
    seq: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=False
    )
    ts: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    actor_user_id: Mapped[int | None] = mapped_column(Integer)
    actor_username: Mapped[str] = mapped_column(String(64))
    actor_role: Mapped[str] = mapped_column(String(20))
    actor_org_id: Mapped[int | None] = mapped_column(Integer, index=True)
    action: Mapped[str] = mapped_column(String(80), index=True)
    resource_type: Mapped[str] = mapped_column(String(40), default="")
    resource_id: Mapped[str] = mapped_column(String(80), default="")
    # The organisation whose data or account the action touched: firms read these rows.
    subject_org_id: Mapped[int | None] = mapped_column(Integer, index=True)
    purpose: Mapped[str] = mapped_column(String(80), default="")
    outcome: Mapped[str] = mapped_column(String(20))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class DataGrant(Base):
    """A purpose-bound grant (governance/grants.py): the grantee organisation may read the
    named fields of the named datasets for the purpose until ``expires_at``. ``status`` is
    requested, approved or revoked; expired is computed from ``expires_at``, never stored."""

    __tablename__ = "data_grants"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    grantee_org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    # The firm whose data it is; None: any firm's records in the datasets (a standing grant).
    subject_org_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    datasets: Mapped[list[str]] = mapped_column(JSON, default=list)
    fields: Mapped[list[str]] = mapped_column(JSON, default=list)
    purpose: Mapped[str] = mapped_column(String(40))  # a key of governance.purposes
    purpose_text: Mapped[str] = mapped_column(String(300), default="")
    # What the purpose serves: a scene id, a partnership id, an application code.
    link_kind: Mapped[str] = mapped_column(String(20), default="")
    link_ref: Mapped[str] = mapped_column(String(40), default="", index=True)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    status: Mapped[str] = mapped_column(String(20), index=True)
    requested_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    requested_by: Mapped[str] = mapped_column(String(64), default="")
    decided_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_by: Mapped[str] = mapped_column(String(64), default="")
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
