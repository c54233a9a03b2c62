"""Use cases of purpose-bound grants: request, approve, revoke, list; the grant a firm's
consent gives; the grants the read gate consults (docs/governance.md).

Requested by a department, financier, investor or the centre's operators for their own
organisation; approved by an administrator other than the requester; revoked by an
administrator or the grantee. Expiry is the clock's: nothing runs to expire a grant.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session, object_session

from scenehub.auth import service as auth_service
from scenehub.db import utcnow
from scenehub.errors import AuditEvent, Conflict, NotFound, PermissionDenied, ValidationFailed
from scenehub.governance import audit, grants, purposes
from scenehub.governance.authz import authorize
from scenehub.governance.models import DataGrant
from scenehub.governance.policy import Actor, Resource
from scenehub.governance.schemas import GrantDecision, GrantRead, GrantRequest
from scenehub.i18n import N_, Term
from scenehub.notifications import service as notifications

RESOURCE_TYPE = "data_grant"
# The dataset an E-Station application's consent covers: the firm's facts (estation).
ESTATION_FACTS = "estation_facts"
# The golden records (integration): a standing grant for staff work names this one.
GOLDEN_FIRMS = "golden_firms"


_OPEN = {grants.REQUESTED, grants.APPROVED}


class OwnGrant(PermissionDenied):
    code = "own_grant"


def _resource(grant: DataGrant) -> Resource:
    return Resource("grant", str(grant.id), grant.grantee_org_id)


def terms(grant: DataGrant) -> grants.GrantTerms:
    return grants.GrantTerms(
        id=grant.id,
        grantee_org_id=grant.grantee_org_id,
        subject_org_id=grant.subject_org_id,
        datasets=frozenset(grant.datasets),
        fields=frozenset(grant.fields),
        purpose=grant.purpose,
        status=grant.status,
        expires_at=grant.expires_at,
    )


def _reads(session: Session, rows: Sequence[DataGrant]) -> list[GrantRead]:
    orgs = {g.grantee_org_id for g in rows} | {g.subject_org_id for g in rows if g.subject_org_id}
    names = auth_service.org_names(session, orgs)
    now = utcnow()
    return [
        GrantRead(
            **{k: getattr(g, k) for k in GrantRead.model_fields if hasattr(DataGrant, k)},
            grantee_name=names.get(g.grantee_org_id, ""),
            subject_name=names.get(g.subject_org_id, "") if g.subject_org_id else "",
            state=grants.state(terms(g), now),
        )
        for g in rows
    ]


def _grant(session: Session, grant_id: int) -> DataGrant:
    found = session.get(DataGrant, grant_id)
    if found is None:
        raise NotFound(N_("grant %(id)s not found"), params={"id": grant_id})
    return found


def _audit(
    session: Session, actor: Actor, action: str, grant: DataGrant, **details: object
) -> None:
    audit.record(
        session,
        actor,
        action,
        resource_type=RESOURCE_TYPE,
        resource_id=grant.id,
        subject_org_id=grant.subject_org_id,
        purpose=grant.purpose,
        details={
            "grantee_org_id": grant.grantee_org_id,
            "datasets": list(grant.datasets),
            "fields": list(grant.fields),
            "expires_at": grant.expires_at.isoformat(),
            **details,
        },
    )


def get_grant(session: Session, actor: Actor, grant_id: int) -> GrantRead:
    """One grant, for an administrator, its grantee and the organisation it is about."""
    grant = _grant(session, grant_id)
    parties = frozenset({grant.subject_org_id} if grant.subject_org_id else ())
    authorize(actor, "grants.read", Resource("grant", str(grant.id), grant.grantee_org_id, parties))
    return _reads(session, [grant])[0]


def _newest(query: Select[DataGrant]) -> Select[DataGrant]:
    return query.order_by(DataGrant.created_at.desc(), DataGrant.id.desc())


def list_all(session: Session, actor: Actor, *, status: str | None = None) -> list[GrantRead]:
    """Every grant, newest first (the administrators' list)."""
    authorize(actor, "grants.read_all")
    query = select(DataGrant)
    if status:
        query = query.where(DataGrant.status == status)
    return _reads(session, list(session.scalars(_newest(query).limit(500))))


def list_mine(session: Session, actor: Actor) -> list[GrantRead]:
    """The grants the caller's organisation holds, and those about its own data."""
    authorize(actor, "grants.read_own")
    org = actor.org_id
    query = select(DataGrant).where(
        or_(DataGrant.grantee_org_id == org, DataGrant.subject_org_id == org)
    )
    return _reads(session, list(session.scalars(_newest(query).limit(500))))


def request(session: Session, actor: Actor, body: GrantRequest) -> GrantRead:
    """Ask for a grant for the caller's own organisation; an administrator decides."""
    authorize(actor, "grants.request")
    if body.purpose not in purposes.GRANTABLE:
        raise ValidationFailed(
            N_("unknown purpose %(purpose)s; choose one of %(known)s"),
            params={"purpose": body.purpose, "known": ", ".join(purposes.GRANTABLE)},
        )
    assert actor.org_id is not None  # the policy asks for an organisation
    if (
        body.subject_org_id is not None
        and auth_service.org_kind(session, body.subject_org_id) is None
    ):
        raise NotFound(N_("organisation %(id)s not found"), params={"id": body.subject_org_id})
    now = utcnow()
    grant = DataGrant(
        grantee_org_id=actor.org_id,
        subject_org_id=body.subject_org_id,
        datasets=sorted(set(body.datasets)),
        fields=sorted(set(body.fields)),
        purpose=body.purpose,
        purpose_text=body.purpose_text,
        link_kind=body.link_kind,
        link_ref=body.link_ref,
        expires_at=now + timedelta(days=body.days),
        status=grants.REQUESTED,
        requested_by_user_id=actor.user_id,
        requested_by=actor.username,
        decided_by="",
        reason="",
        created_at=now,
    )
    session.add(grant)
    session.flush()
    _audit(session, actor, "grants.request", grant, purpose_text=body.purpose_text)
    return _reads(session, [grant])[0]


def approve(session: Session, actor: Actor, grant_id: int, body: GrantDecision) -> GrantRead:
    """An administrator approves a requested grant; never the one who asked for it."""
    grant = _grant(session, grant_id)
    authorize(actor, "grants.decide", _resource(grant))
    if grant.requested_by_user_id is not None and grant.requested_by_user_id == actor.user_id:
        reason = N_("you asked for grant %(id)s: another administrator approves it")
        event = AuditEvent(
            actor=actor,
            action="grants.approve",
            outcome="denied",
            reason=reason % {"id": grant.id},
            resource_type=RESOURCE_TYPE,
            resource_id=str(grant.id),
        )
        raise OwnGrant(reason, params={"id": grant.id}, audit=event)
    _decided(grant, actor, {grants.REQUESTED}, grants.APPROVED, body.reason)
    _audit(session, actor, "grants.approve", grant, reason=body.reason)
    _tell_the_requester(session, actor, grant, "grant.approved")
    return _reads(session, [grant])[0]


def revoke(session: Session, actor: Actor, grant_id: int, body: GrantDecision) -> GrantRead:
    """An administrator or the grantee revokes a grant (requested or active): reads under
    it stop at once."""
    grant = _grant(session, grant_id)
    authorize(actor, "grants.revoke", _resource(grant))
    # A request revoked before it was approved is refused; an active grant, revoked.
    kind = "grant.refused" if grant.status == grants.REQUESTED else "grant.revoked"
    _decided(grant, actor, _OPEN, grants.REVOKED, body.reason)
    _audit(session, actor, "grants.revoke", grant, reason=body.reason)
    _tell_the_requester(session, actor, grant, kind)
    return _reads(session, [grant])[0]


def _tell_the_requester(session: Session, actor: Actor, grant: DataGrant, kind: str) -> None:
    """The user who asked for the grant hears what became of it (not when it was they who
    revoked it)."""
    params = {
        "id": grant.id,
        "purpose": purposes.label(grant.purpose),
        "until": grant.expires_at.date().isoformat(),
        "reason": grant.reason,
    }
    requester = [grant.requested_by_user_id]
    notifications.notify_users(session, actor, requester, kind, params, "/my/grants")


def _decided(grant: DataGrant, actor: Actor, allowed: set[str], to: str, reason: str) -> None:
    if grant.status not in allowed:
        raise Conflict(
            N_("grant %(id)s is %(status)s: it cannot become %(step)s"),
            params={
                "id": grant.id,
                "status": Term(grants.STATE_LABELS[grant.status]),
                "step": Term(grants.STATE_LABELS[to]),
            },
        )
    grant.status = to
    grant.decided_by_user_id = actor.user_id
    grant.decided_by = actor.username
    grant.decided_at = utcnow()
    grant.reason = reason
    session = object_session(grant)
    if session is not None:
        session.flush()


# --- grants the platform gives (a firm's consent, the centre's standing work) -------------


def grant_consent(
    session: Session,
    actor: Actor,
    *,
    grantee_org_id: int,
    subject_org_id: int,
    fields: Sequence[str],
    application_code: str,
    days: int,
    consented_at: datetime | None = None,
) -> DataGrant:
    """The grant a firm's consent to an application is: to the product's provider, for
    exactly the consented fields, linked to the application; the consent is the approval."""
    at = consented_at or utcnow()
    grant = DataGrant(
        grantee_org_id=grantee_org_id,
        subject_org_id=subject_org_id,
        datasets=[ESTATION_FACTS],
        fields=list(fields),
        purpose=purposes.FINANCING_APPLICATION,
        purpose_text=f"financing application {application_code}",
        link_kind="application",
        link_ref=application_code,
        expires_at=at + timedelta(days=days),
        status=grants.APPROVED,
        requested_by_user_id=actor.user_id,
        requested_by=actor.username,
        decided_by_user_id=actor.user_id,
        decided_by=actor.username,
        decided_at=at,
        reason=N_("the firm's consent"),
        created_at=utcnow(),
    )
    session.add(grant)
    session.flush()
    _audit(session, actor, "grants.consent", grant, application=application_code)
    return grant


def linked_grant(session: Session, link_kind: str, link_ref: str) -> DataGrant | None:
    """The newest grant linked to an application (scene, partnership)."""
    return session.scalar(
        select(DataGrant)
        .where(DataGrant.link_kind == link_kind, DataGrant.link_ref == link_ref)
        .order_by(DataGrant.id.desc())
        .limit(1)
    )


def linked_terms(session: Session, link_kind: str, link_ref: str) -> grants.GrantTerms | None:
    """The terms of the newest grant linked to an application (scene, partnership)."""
    grant = linked_grant(session, link_kind, link_ref)
    return terms(grant) if grant else None


def revoke_linked(
    session: Session, actor: Actor, link_kind: str, link_ref: str, reason: str
) -> None:
    """Revoke the active grant linked to an application (its firm withdrew its consent)."""
    grant = linked_grant(session, link_kind, link_ref)
    if grant is None or grant.status == grants.REVOKED:
        return
    _decided(grant, actor, _OPEN, grants.REVOKED, reason)
    _audit(session, actor, "grants.revoke", grant, reason=reason)


def standing_grant(session: Session, actor: Actor, *, grantee_org_id: int, days: int) -> GrantRead:
    """The centre's standing grant for its entity-resolution review (every field of the
    golden records, any firm): given from the shell (``scenehub grants standing``) and by
    the demo, so that even staff reads of personal data are purpose-bound and logged."""
    authorize(actor, "grants.standing")
    now = utcnow()
    grant = DataGrant(
        grantee_org_id=grantee_org_id,
        subject_org_id=None,
        datasets=[GOLDEN_FIRMS],
        fields=[grants.EVERY_FIELD],
        purpose=purposes.ENTITY_RESOLUTION_REVIEW,
        purpose_text="entity-resolution review",
        link_kind="",
        link_ref="",
        expires_at=now + timedelta(days=days),
        status=grants.APPROVED,
        requested_by_user_id=actor.user_id,
        requested_by=actor.username,
        decided_by_user_id=actor.user_id,
        decided_by=actor.username,
        decided_at=now,
        reason=N_("standing grant for the centre's entity-resolution review"),
        created_at=now,
    )
    session.add(grant)
    session.flush()
    _audit(session, actor, "grants.standing", grant)
    return _reads(session, [grant])[0]


def ensure_standing(session: Session, actor: Actor, *, grantee_org_id: int, days: int) -> None:
    """The centre's standing grant, unless it holds an active one (the demo, loaded again)."""
    held = active_terms(session, grantee_org_id, GOLDEN_FIRMS)
    if not any(t.purpose == purposes.ENTITY_RESOLUTION_REVIEW for t in held):
        standing_grant(session, actor, grantee_org_id=grantee_org_id, days=days)


def active_terms(session: Session, org_id: int | None, dataset: str) -> list[grants.GrantTerms]:
    """The approved, unexpired grants ``org_id`` holds on ``dataset`` (for the read gate)."""
    if org_id is None:
        return []
    now = utcnow()
    rows = session.scalars(
        select(DataGrant).where(
            DataGrant.grantee_org_id == org_id,
            DataGrant.status == grants.APPROVED,
            DataGrant.expires_at > now,
        )
    )
    return [terms(g) for g in rows if dataset in g.datasets]
