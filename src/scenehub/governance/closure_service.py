"""Closing a firm's account: the request with its notice, its cancellation, and applying
the closures whose notice has ended (docs/exit.md says what each kind of data becomes)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from scenehub.auth import exit_service as auth_exit
from scenehub.db import utcnow
from scenehub.errors import Conflict, NotFound
from scenehub.estation import exit_service as estation_exit
from scenehub.firms import exit_service as firms_exit
from scenehub.governance import audit, closure, export_service
from scenehub.governance.authz import authorize
from scenehub.governance.models import AccountClosure
from scenehub.governance.policy import SYSTEM, Actor
from scenehub.governance.schemas import ClosureRead
from scenehub.i18n import N_
from scenehub.proposals import exit_service as proposals_exit


@dataclass
class ClosureSummary:
    """What ``apply_due_closures`` did: the organisations closed and, per organisation,
    what was deleted, anonymised or kept."""

    closed_org_ids: list[int] = field(default_factory=list)
    details: dict[int, dict[str, int]] = field(default_factory=dict)


def _pending(session: Session, org_id: int) -> AccountClosure | None:
    return session.scalar(
        select(AccountClosure).where(
            AccountClosure.org_id == org_id,
            AccountClosure.cancelled_at.is_(None),
            AccountClosure.applied_at.is_(None),
        )
    )


def _read(row: AccountClosure) -> ClosureRead:
    return ClosureRead(
        requested_at=row.requested_at,
        effective_at=row.effective_at,
        cancelled_at=row.cancelled_at,
        applied_at=row.applied_at,
        state=closure.state(row.cancelled_at, row.applied_at),
    )


def my_closure(session: Session, actor: Actor) -> ClosureRead | None:
    """The caller's organisation's pending closure, if it asked for one."""
    authorize(actor, "account.close")
    assert actor.org_id is not None
    row = _pending(session, actor.org_id)
    return _read(row) if row else None


def request_closure(session: Session, actor: Actor, *, notice_days: int) -> ClosureRead:
    """Ask to close the caller's organisation's account after ``notice_days``."""
    authorize(actor, "account.close")
    assert actor.org_id is not None
    if _pending(session, actor.org_id) is not None:
        raise Conflict(N_("your organisation has already asked to close its account"))
    now = utcnow()
    row = AccountClosure(
        org_id=actor.org_id,
        requested_by=actor.user_id,
        requested_at=now,
        effective_at=closure.effective_at(now, notice_days),
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor,
        "account.closure_request",
        resource_type="organisation",
        resource_id=actor.org_id,
        subject_org_id=actor.org_id,
        details={"effective_at": row.effective_at.isoformat()},
    )
    return _read(row)


def cancel_closure(session: Session, actor: Actor) -> ClosureRead:
    """Withdraw the caller's organisation's request during its notice."""
    authorize(actor, "account.close")
    assert actor.org_id is not None
    row = _pending(session, actor.org_id)
    if row is None:
        raise NotFound(N_("your organisation has not asked to close its account"))
    row.cancelled_at = utcnow()
    session.flush()
    audit.record(
        session,
        actor,
        "account.closure_cancel",
        resource_type="organisation",
        resource_id=actor.org_id,
        subject_org_id=actor.org_id,
    )
    return _read(row)


def apply_due_closures(session: Session, now: datetime) -> ClosureSummary:
    """Close every account whose notice has ended by ``now``: users disabled and their
    personal data deleted, the organisation's private data deleted or anonymised, the
    audit trail untouched; each closure audited (by "system")."""
    summary = ClosureSummary()
    due = session.scalars(
        select(AccountClosure)
        .where(
            AccountClosure.cancelled_at.is_(None),
            AccountClosure.applied_at.is_(None),
            AccountClosure.effective_at <= now,
        )
        .order_by(AccountClosure.id)
    ).all()
    for row in due:
        done = _close(session, row.org_id, now)
        row.applied_at, row.summary = now, done
        summary.closed_org_ids.append(row.org_id)
        summary.details[row.org_id] = done
        audit.record(
            session,
            SYSTEM,
            "account.closure_apply",
            resource_type="organisation",
            resource_id=row.org_id,
            subject_org_id=row.org_id,
            details=done,
        )
    session.flush()
    return summary


def _close(session: Session, org_id: int, now: datetime) -> dict[str, int]:
    # The organisation's own records first; its accounts (and its name) last.
    return {
        **proposals_exit.close_for_org(session, org_id),
        **firms_exit.close_for_org(session, org_id),
        **estation_exit.close_for_org(session, org_id, now),
        "imported_history_deleted": export_service.delete_imported_history(session, org_id),
        **auth_exit.close_org_accounts(session, org_id),
    }
