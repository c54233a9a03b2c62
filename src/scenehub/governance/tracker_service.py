"""Use cases of the access tracker: the reads of my organisation's data, filtered, paged,
charted and exported (governance/tracker.py holds the rules)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from scenehub.auth import service as auth_service
from scenehub.db import utcnow
from scenehub.errors import NotFound
from scenehub.governance import audit, service, tracker
from scenehub.governance.authz import authorize
from scenehub.governance.models import AuditEntry
from scenehub.governance.policy import Actor
from scenehub.governance.schemas import (
    DataAccessPage,
    DataAccessRow,
    InclusionProofRead,
    ReaderOrg,
)
from scenehub.governance.tracker import EntryFacts, TrackerFilter, TrackerRow
from scenehub.i18n import N_
from scenehub.work import CENTRE_ZONE

MAX_PAGE = 500
EXPORT_MAX = 10_000
_BATCH = 500
# How many entries one page may look through for a field filter (the query cannot say it).
_MAX_SCAN = 20_000


def _proof(session: Session, actor: Actor, seq: int) -> InclusionProofRead:
    """The entry's inclusion proof in the audit tree, against the latest signed checkpoint
    that covers it (or the current tree before one does)."""
    return service.prove_entry(session, actor, seq)


def _query(actor: Actor, filt: TrackerFilter) -> Select[AuditEntry]:
    query = select(AuditEntry).where(AuditEntry.subject_org_id == actor.org_id)
    if not filt.include_changes:
        query = query.where(or_(*(AuditEntry.action.like(p) for p in tracker.READ_LIKE)))
    start, end = filt.utc_bounds(CENTRE_ZONE)
    if start is not None:
        query = query.where(AuditEntry.ts >= start)
    if end is not None:
        query = query.where(AuditEntry.ts < end)
    if filt.reader_org_id is not None:
        query = query.where(AuditEntry.actor_org_id == filt.reader_org_id)
    if filt.purpose:
        query = query.where(AuditEntry.purpose == filt.purpose)
    if filt.outcome:
        query = query.where(AuditEntry.outcome == filt.outcome)
    return query


def _scan(
    session: Session, actor: Actor, filt: TrackerFilter, before_seq: int | None, limit: int
) -> tuple[list[AuditEntry], int | None]:
    """Up to ``limit`` entries, newest first, and where the next page starts (None: the end)."""
    query, cursor, scanned = _query(actor, filt), before_seq, 0
    found: list[AuditEntry] = []
    while scanned < _MAX_SCAN:
        page = query if cursor is None else query.where(AuditEntry.seq < cursor)
        batch = session.scalars(page.order_by(AuditEntry.seq.desc()).limit(_BATCH)).all()
        for row in batch:
            scanned, cursor = scanned + 1, row.seq
            if filt.keeps(row.details):
                found.append(row)
                if len(found) == limit:
                    return found, row.seq
        if len(batch) < _BATCH:
            return found, None
    return found, cursor


def _rows(session: Session, actor: Actor, entries: list[AuditEntry]) -> list[TrackerRow]:
    orgs = auth_service.org_names(session, {e.actor_org_id for e in entries if e.actor_org_id})
    return [tracker.tracker_row(_facts(e), orgs, CENTRE_ZONE) for e in entries]


def _facts(entry: AuditEntry) -> EntryFacts:
    return EntryFacts(
        seq=entry.seq,
        ts=entry.ts,
        actor_username=entry.actor_username,
        actor_role=entry.actor_role,
        actor_org_id=entry.actor_org_id,
        action=entry.action,
        purpose=entry.purpose,
        outcome=entry.outcome,
        details=entry.details or {},
    )


def data_access(
    session: Session,
    actor: Actor,
    filt: TrackerFilter,
    *,
    before_seq: int | None = None,
    limit: int = 50,
) -> DataAccessPage:
    """Reads of the caller's organisation's data (and, if asked, every change to its
    account), newest first, a page at a time."""
    authorize(actor, "audit.read_own_org")
    entries, next_seq = _scan(session, actor, filt, before_seq, min(limit, MAX_PAGE))
    rows = [
        DataAccessRow(**vars(r), proof=_proof(session, actor, r.seq))
        for r in _rows(session, actor, entries)
    ]
    return DataAccessPage(rows=rows, next_before_seq=next_seq)


def export(session: Session, actor: Actor, filt: TrackerFilter, format: str) -> list[TrackerRow]:
    """Every row the filter keeps (up to EXPORT_MAX), for a file; the export is audited."""
    authorize(actor, "audit.read_own_org")
    entries, _ = _scan(session, actor, filt, None, EXPORT_MAX)
    rows = _rows(session, actor, entries)
    audit.record(
        session,
        actor,
        "governance.tracker_export",
        resource_type="organisation",
        resource_id=actor.org_id or "",
        subject_org_id=actor.org_id,
        details={"format": format, "rows": len(rows), "filter": _described(filt)},
    )
    return rows


def _described(filt: TrackerFilter) -> dict[str, Any]:
    return {k: (str(v) if v is not None else None) for k, v in vars(filt).items() if v}


def weekly_reads(session: Session, actor: Actor) -> list[dict[str, Any]]:
    """Reads of the caller's organisation's data per week and reading organisation over the
    last WEEKS_CHARTED weeks, for the chart."""
    authorize(actor, "audit.read_own_org")
    since = utcnow() - timedelta(weeks=tracker.WEEKS_CHARTED)
    found = session.execute(
        _query(actor, TrackerFilter())
        .where(AuditEntry.ts >= since)
        .with_only_columns(AuditEntry.ts, AuditEntry.actor_org_id, AuditEntry.actor_username)
    ).all()
    orgs = auth_service.org_names(session, {r.actor_org_id for r in found if r.actor_org_id})
    reads = [(r.ts, orgs.get(r.actor_org_id or 0, r.actor_username)) for r in found]
    return tracker.weekly_counts(reads, CENTRE_ZONE)


def readers(session: Session, actor: Actor) -> list[ReaderOrg]:
    """The organisations that read the caller's organisation's data (the filter's choices)."""
    authorize(actor, "audit.read_own_org")
    found = session.scalars(
        _query(actor, TrackerFilter())
        .with_only_columns(AuditEntry.actor_org_id)
        .where(AuditEntry.actor_org_id.is_not(None))
        .distinct()
    )
    ids = {org for org in found if org is not None}
    names = auth_service.org_names(session, ids)
    return sorted((ReaderOrg(id=i, name=n) for i, n in names.items()), key=lambda o: o.name)


def entry_subject(session: Session, seq: int) -> tuple[int | None, str]:
    """The organisation an audit entry is about and its action (for an objection to it)."""
    row = session.execute(
        select(AuditEntry.subject_org_id, AuditEntry.action).where(AuditEntry.seq == seq)
    ).first()
    if row is None:
        raise NotFound(N_("audit entry %(id)s not found"), params={"id": seq})
    return row.subject_org_id, row.action
