"""Tables of governance: the audit trail (append-only, each row hash-chained to the one
before, its hashes the leaves of a Merkle tree) and the signed checkpoints of that tree,
imported history of firm archives, account closures, and the cases filed against the
trail's entries or decisions (objections to reads, appeals), and the purpose-bound data
grants."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from scenehub.db import Base, UtcDateTime, utcnow


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


class ImportedHistory(Base):
    """A history part of an imported firm archive (docs/exit.md): what the organisation's
    record held elsewhere, kept read-only and exported again with its live rows."""

    __tablename__ = "imported_history"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    part: Mapped[str] = mapped_column(String(40))
    rows: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    source_instance: Mapped[str] = mapped_column(String(200), default="")
    archive_sha256: Mapped[str] = mapped_column(String(64))
    imported_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class AccountClosure(Base):
    """An organisation's request to close its account: effective after the notice,
    cancellable until then; ``applied_at`` once its data was deleted or anonymised."""

    __tablename__ = "account_closures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    requested_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    requested_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    effective_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    cancelled_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    applied_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    summary: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class AuditCheckpoint(Base):
    """A signed checkpoint, kept here for listing; the checkpoint file is the trust anchor."""

    __tablename__ = "audit_checkpoints"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger, index=True)
    root_hash: Mapped[str] = mapped_column(String(64))
    # The canonical UTC text the signature covers, kept byte for byte.
    time: Mapped[str] = mapped_column(String(32))
    key_id: Mapped[str] = mapped_column(String(64))
    signature: Mapped[str] = mapped_column(String(128))


class Case(Base):
    """An objection to one read of an organisation's data, or an appeal against a decision
    that went against it; the centre's staff decide it in writing (governance/cases.py)."""

    __tablename__ = "governance_cases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # objection | appeal
    # What it attaches to: "entry" + an audit seq, "claim" + a claim id, "application" + a code …
    target_kind: Mapped[str] = mapped_column(String(20))
    target_id: Mapped[str] = mapped_column(String(40))
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    filed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), index=True, default="open")
    opened_at: Mapped[datetime] = mapped_column(UtcDateTime)
    deadline: Mapped[date] = mapped_column(Date)
    decision: Mapped[str] = mapped_column(Text, default="")
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


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
