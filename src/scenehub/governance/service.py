"""Use cases of governance: reading and verifying the audit trail."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from scenehub.db import utcnow
from scenehub.governance import audit
from scenehub.governance.authz import authorize
from scenehub.governance.chain import Anchor
from scenehub.governance.models import AuditEntry
from scenehub.governance.policy import Actor
from scenehub.governance.schemas import (
    AuditEntryRead,
    ChainProblemRead,
    ChainReportRead,
    DailyCount,
)

MAX_PAGE = 500


def list_entries(
    session: Session,
    actor: Actor,
    *,
    action: str | None = None,
    before_seq: int | None = None,
    limit: int = 100,
) -> list[AuditEntryRead]:
    """The whole trail, newest first (centre staff)."""
    authorize(actor, "audit.read_all")
    return _page(session, select(AuditEntry), action, before_seq, limit)


def list_entries_about_my_org(
    session: Session,
    actor: Actor,
    *,
    action: str | None = None,
    before_seq: int | None = None,
    limit: int = 100,
) -> list[AuditEntryRead]:
    """Entries about the caller's organisation: who read or changed its data and account."""
    authorize(actor, "audit.read_own_org")
    query = select(AuditEntry).where(AuditEntry.subject_org_id == actor.org_id)
    return _page(session, query, action, before_seq, limit)


def _page(
    session: Session,
    query: Select[AuditEntry],
    action: str | None,
    before_seq: int | None,
    limit: int,
) -> list[AuditEntryRead]:
    if action:
        query = query.where(AuditEntry.action == action)
    if before_seq:
        query = query.where(AuditEntry.seq < before_seq)
    rows = session.scalars(query.order_by(AuditEntry.seq.desc()).limit(min(limit, MAX_PAGE)))
    return [AuditEntryRead.model_validate(r) for r in rows]


def verify_trail(
    session: Session, actor: Actor, anchors: tuple[Anchor, ...] = ()
) -> ChainReportRead:
    authorize(actor, "audit.read_all")
    report = audit.verify(session, anchors)
    return ChainReportRead(
        ok=report.ok,
        entries_checked=report.entries_checked,
        head_seq=report.head_seq,
        head_hash=report.head_hash,
        problems=[
            ChainProblemRead(seq=p.seq, kind=p.kind, message=p.message) for p in report.problems
        ],
    )


def daily_counts(session: Session, actor: Actor, days: int = 30) -> list[DailyCount]:
    """Entries per day (UTC) and outcome over the last ``days`` days, for the activity chart."""
    authorize(actor, "audit.read_all")
    day = func.date(AuditEntry.ts)
    rows = session.execute(
        select(day, AuditEntry.outcome, func.count())
        .where(AuditEntry.ts >= utcnow() - timedelta(days=days))
        .group_by(day, AuditEntry.outcome)
        .order_by(day)
    ).all()
    return [DailyCount(day=str(r[0]), outcome=r[1], count=r[2]) for r in rows]
