"""Use cases of cases: an organisation objects to a read of its data or appeals a decision
against it; the centre's staff answer in writing (governance/cases.py holds the rules)."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from scenehub.auth import service as auth_service
from scenehub.db import utcnow
from scenehub.errors import Conflict, NotFound, ValidationFailed
from scenehub.estation import application_service
from scenehub.estation import service as product_service
from scenehub.fields import is_visible
from scenehub.firms import service as firm_service
from scenehub.governance import audit, cases, tracker, tracker_service
from scenehub.governance.authz import authorize
from scenehub.governance.models import Case
from scenehub.governance.policy import Actor, Resource
from scenehub.governance.schemas import CaseCreate, CaseDecision, CaseRead
from scenehub.i18n import N_, Term
from scenehub.notifications import service as notifications
from scenehub.proposals import service as proposal_service
from scenehub.scenes import service as scene_service
from scenehub.work import day_of

RESOURCE_TYPE = "case"


def _numeric(
    lookup: Callable[[Session, int], tuple[int, str] | None],
) -> Callable[[Session, str], tuple[int, str] | None]:
    def by_text(session: Session, key: str) -> tuple[int, str] | None:
        return lookup(session, int(key)) if key.isdigit() and len(key) < 10 else None

    return by_text


# Where each kind of decision lives: its organisation and status, by id or code.
_SUBJECTS: dict[str, Callable[[Session, str], tuple[int, str] | None]] = {
    "claim": _numeric(firm_service.claim_subject),
    "proposal": _numeric(proposal_service.proposal_subject),
    "application": application_service.application_subject,
    "scene": scene_service.scene_subject,
    "product": product_service.product_subject,
}


class CaseRefused(Conflict):
    code = "case_refused"


def _target_owner(session: Session, body: CaseCreate) -> int | None:
    """The organisation the entry or decision is about; refuses what cannot be filed."""
    if body.target_kind == cases.OBJECTION_TARGET:
        if not body.target_id.isdigit() or len(body.target_id) > 12:
            raise NotFound(N_("audit entry %(id)s not found"), params={"id": body.target_id})
        owner, action = tracker_service.entry_subject(session, int(body.target_id))
        if not tracker.is_read(action):
            raise CaseRefused(N_("an objection is to a read entry"))
        return owner
    found = _SUBJECTS[body.target_kind](session, body.target_id)
    if found is None:
        raise NotFound(
            N_("%(kind)s %(id)s not found"),
            params={"kind": Term(cases.TARGET_LABELS[body.target_kind]), "id": body.target_id},
        )
    owner, status = found
    if (refused := cases.check_appealable(body.target_kind, status)) is not None:
        raise CaseRefused(refused)
    return owner


def file(session: Session, actor: Actor, body: CaseCreate) -> CaseRead:
    """An objection to a read of the caller's organisation's data, or an appeal against a
    decision about it, with its text; the deadline follows from the kind."""
    authorize(actor, "cases.file")
    if (refused := cases.check_target(body.kind, body.target_kind)) is not None:
        raise ValidationFailed(refused)
    if not is_visible(body.text):
        raise ValidationFailed(N_("write what the case is about; the centre reads it"))
    owner = _target_owner(session, body)
    word = cases.TARGET_LABELS[body.target_kind]
    authorize(actor, "cases.file", Resource(word, body.target_id, owner or 0))
    assert actor.org_id is not None  # the policy admits only members of an organisation
    _refuse_a_second_open_case(session, actor.org_id, body)
    now = utcnow()
    row = Case(
        kind=body.kind,
        target_kind=body.target_kind,
        target_id=body.target_id,
        org_id=actor.org_id,
        filed_by=actor.user_id,
        text=body.text.strip(),
        status="open",
        opened_at=now,
        deadline=cases.deadline(body.kind, day_of(now)),
        decision="",
    )
    session.add(row)
    session.flush()
    _audit(session, actor, "cases.file", row)
    return _reads(session, [row])[0]


def _refuse_a_second_open_case(session: Session, org_id: int, body: CaseCreate) -> None:
    open_one = session.scalar(
        select(Case.id).where(
            Case.org_id == org_id,
            Case.target_kind == body.target_kind,
            Case.target_id == body.target_id,
            Case.status == "open",
        )
    )
    if open_one is not None:
        raise CaseRefused(N_("case %(id)s about this is still open"), params={"id": open_one})


def _audit(session: Session, actor: Actor, action: str, row: Case) -> None:
    audit.record(
        session,
        actor,
        action,
        resource_type=RESOURCE_TYPE,
        resource_id=row.id,
        subject_org_id=row.org_id,
        details={
            "kind": row.kind,
            "target": f"{row.target_kind}:{row.target_id}",
            "status": row.status,
        },
    )


def _reads(session: Session, rows: list[Case]) -> list[CaseRead]:
    names = auth_service.org_names(session, {r.org_id for r in rows})
    today = day_of(utcnow())
    return [
        CaseRead.model_validate(r).model_copy(
            update={
                "org_name": names.get(r.org_id, ""),
                "overdue": cases.is_overdue(r.status, r.deadline, today),
            }
        )
        for r in rows
    ]


def mine(session: Session, actor: Actor) -> list[CaseRead]:
    """The cases the caller's organisation filed, newest first."""
    authorize(actor, "cases.read_own")
    rows = session.scalars(select(Case).where(Case.org_id == actor.org_id).order_by(Case.id.desc()))
    return _reads(session, list(rows))


def queue(session: Session, actor: Actor, *, status: str | None = None) -> list[CaseRead]:
    """Every case for the centre: open first, overdue first among them, then by deadline."""
    authorize(actor, "cases.read_all")
    query = select(Case)
    if status:
        query = query.where(Case.status == status)
    today = day_of(utcnow())
    rows = sorted(
        session.scalars(query.limit(2000)),
        key=lambda r: cases.queue_key(cases.QueuePlace(r.status, r.deadline, r.id), today),
    )
    return _reads(session, rows)


def _case(session: Session, actor: Actor, case_id: int, action: str) -> Case:
    row = session.get(Case, case_id)
    if row is None:
        raise NotFound(N_("case %(id)s not found"), params={"id": case_id})
    authorize(actor, action, Resource("case", str(case_id), row.org_id))
    return row


def get(session: Session, actor: Actor, case_id: int) -> CaseRead:
    """One case: its filer's organisation and the centre's staff."""
    return _reads(session, [_case(session, actor, case_id, "cases.read")])[0]


def decide(session: Session, actor: Actor, case_id: int, body: CaseDecision) -> CaseRead:
    """The centre's written decision: answered, upheld or dismissed, with the reason."""
    row = _case(session, actor, case_id, "cases.decide")
    if (refused := cases.check_decision(row.status, body.decision, body.reason)) is not None:
        raise CaseRefused(refused)
    row.status, row.decision = body.decision, body.reason.strip()
    row.decided_at, row.decided_by = utcnow(), actor.user_id
    session.flush()
    _audit(session, actor, "cases.decide", row)
    params = {"id": row.id, "decision": cases.STATUS_LABELS.get(row.status, row.status)}
    notifications.notify_orgs(
        session,
        actor,
        [row.org_id],
        "case.decided",
        {**params, "reason": row.decision},
        "/my/cases",
    )
    return _reads(session, [row])[0]
