"""Applying the retention rules: each domain deletes its own records past their keeping,
and one audit entry records what was removed (the housekeeping task runs it daily)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from scenehub.auth import service as auth_service
from scenehub.governance import audit
from scenehub.governance.authz import authorize
from scenehub.governance.models import AuditEntry
from scenehub.governance.policy import Actor
from scenehub.governance.retention import RetentionRule
from scenehub.governance.schemas import RetentionKindRead, RetentionReport
from scenehub.integration import service as integration_service
from scenehub.jobs import service as jobs_service


def apply_retention(
    session: Session,
    actor: Actor,
    rules: dict[str, RetentionRule],
    uploads: Path,
    now: datetime,
) -> RetentionReport:
    """Delete what is past its keeping under ``rules`` and record the counts in the audit.

    The audit trail itself is append-only (its checkpoints cover every entry), so entries
    past their keeping are counted, never deleted here: docs/operations.md says how a centre
    archives them.
    """
    authorize(actor, "governance.apply_retention")
    cutoff = {kind: rule.cutoff(now) for kind, rule in rules.items()}
    removed = auth_service.purge_ended_credentials(
        session, cutoff["web_sessions"], cutoff["api_tokens"]
    )
    jobs, staged = jobs_service.delete_finished(session, cutoff["finished_jobs"])
    failed = jobs_service.failed_ingest_uploads(session, cutoff["failed_uploads"])
    removed["finished_jobs"] = jobs
    removed["failed_uploads"] = integration_service.discard_staged_uploads(
        uploads, [*failed, *staged]
    )
    removed["audit_entries"] = 0
    past = session.scalar(
        select(func.count()).select_from(AuditEntry).where(AuditEntry.ts < cutoff["audit_entries"])
    )
    kinds = [
        RetentionKindRead(
            kind=kind,
            label=rule.label,
            keep_days=rule.keep_days,
            cutoff=cutoff[kind],
            removed=removed[kind],
        )
        for kind, rule in rules.items()
    ]
    details = {k.kind: {"removed": k.removed, "keep_days": k.keep_days} for k in kinds}
    details["audit_entries"]["past_keeping"] = past or 0
    audit.record(session, actor, "governance.retention", details=details)
    return RetentionReport(applied_at=now, kinds=kinds, audit_entries_past_keeping=past or 0)
