"""Use cases of proposals (揭榜) and invitations.

A firm answers a scene open for proposals; the scene's department (or the centre) moves it
through screening → shortlist → selected, scoring the rubric, or rejects it with a reason
the firm reads. Review starting moves the scene to "matching"; a selection partners it.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from scenehub import events
from scenehub.auth import service as auth_service
from scenehub.db import utcnow
from scenehub.errors import Conflict, NotFound
from scenehub.firms import service as firm_service
from scenehub.governance import audit, purposes, reads
from scenehub.governance.authz import authorize, authorize_or_hide
from scenehub.governance.policy import Actor, Resource
from scenehub.i18n import N_
from scenehub.notifications import service as notifications
from scenehub.partnerships import service as partnership_service
from scenehub.proposals import review
from scenehub.proposals.models import Invitation, Proposal
from scenehub.proposals.schemas import (
    DecisionTiming,
    InvitationCreate,
    InvitationRead,
    ProposalAdvance,
    ProposalCreate,
    ProposalRead,
    ProposalReject,
    ProposalScores,
)
from scenehub.scenes import lifecycle
from scenehub.scenes import service as scene_service
from scenehub.scenes.schemas import SceneRead
from scenehub.work import WorkRecord, day_of


class InvalidReview(Conflict):
    code = "invalid_review"


def submit(session: Session, actor: Actor, scene_code: str, body: ProposalCreate) -> ProposalRead:
    authorize(actor, "proposals.submit")
    firm = firm_service.require_my_firm(session, actor)
    scene = scene_service.get_published(session, actor, scene_code)  # 404 unless visible
    if scene.status not in lifecycle.OPEN_FOR_PROPOSALS:
        raise InvalidReview(
            N_("scene %(code)s is %(status)s and takes no proposals"),
            params={"code": scene.code, "status": scene.status},
        )
    if session.scalar(
        select(Proposal.id).where(Proposal.scene_id == scene.id, Proposal.firm_id == firm.id)
    ):
        raise InvalidReview(N_("your firm has already answered this scene"))
    row = Proposal(**body.model_dump(), scene_id=scene.id, firm_id=firm.id, org_id=actor.org_id)
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor,
        "proposals.submit",
        resource_type="proposal",
        resource_id=row.id,
        subject_org_id=scene.department_org_id,
        details={"scene": scene.code},
    )
    return _read(session, row, scene)


def _read(session: Session, row: Proposal, scene: SceneRead | None = None) -> ProposalRead:
    return _reads(session, [row], scene)[0]


def _reads(
    session: Session, rows: list[Proposal], scene: SceneRead | None = None
) -> list[ProposalRead]:
    """Proposals with their scene and firm names (two queries for all of them; none for the
    scene when the caller has it)."""
    scenes = (
        {scene.id: scene} if scene else scene_service.by_ids(session, {r.scene_id for r in rows})
    )
    firms = firm_service.names(session, {r.firm_id for r in rows})
    return [
        ProposalRead.model_validate(row).model_copy(
            update={
                "scene_code": scenes[row.scene_id].code,
                "scene_title": scenes[row.scene_id].title,
                "firm_name": firms.get(row.firm_id, ""),
            }
        )
        for row in rows
    ]


def _proposal(
    session: Session, actor: Actor, proposal_id: int, action: str
) -> tuple[Proposal, SceneRead]:
    row = session.get(Proposal, proposal_id)
    if row is None:
        raise NotFound(N_("proposal %(id)s not found"), params={"id": proposal_id})
    scene = scene_service.by_id(session, row.scene_id)
    if action == "proposals.review":
        resource = Resource("proposal", str(row.id), scene.department_org_id)
    else:
        resource = Resource(
            "proposal", str(row.id), row.org_id, frozenset({scene.department_org_id})
        )
    parties = {row.org_id, scene.department_org_id}
    if actor.org_id in parties or actor.role in scene_service.CENTRE_ROLES:
        authorize(actor, action, resource)  # a party: told why not
    else:  # anybody else is not told that the proposal exists
        missing = N_("proposal %(id)s not found")
        authorize_or_hide(actor, action, resource, missing, {"id": proposal_id})
    return row, scene


# What a proposal's reader sees of the firm's submission (logged for the firm).
READ_FIELDS = ("summary", "approach", "budget_10k", "timeline_months")


def get(session: Session, actor: Actor, proposal_id: int) -> ProposalRead:
    """One proposal; a reader other than its firm (the scene's department, the centre) is
    logged for the firm, with the fields it saw and why."""
    row, scene = _proposal(session, actor, proposal_id, "proposals.read")
    _log_reads(session, actor, [row], scene)
    return _read(session, row, scene)


def _log_reads(session: Session, actor: Actor, rows: list[Proposal], scene: SceneRead) -> None:
    for row in rows:
        reads.log_read(
            session,
            actor,
            action="proposals.read",
            resource_type="proposal",
            resource_id=row.id,
            subject_org_id=row.org_id,
            fields=READ_FIELDS,
            purpose=purposes.PROPOSAL_REVIEW,
            details={"scene": scene.code},
        )


def mine(session: Session, actor: Actor) -> list[ProposalRead]:
    authorize(actor, "proposals.submit")
    rows = session.scalars(
        select(Proposal).where(Proposal.org_id == actor.org_id).order_by(Proposal.id.desc())
    )
    return _reads(session, list(rows))


def for_scene(session: Session, actor: Actor, scene_code: str) -> list[ProposalRead]:
    """A scene's proposals, best scored first, for its department and the centre."""
    scene = scene_service.for_matching(session, actor, scene_code)
    rows = list(session.scalars(select(Proposal).where(Proposal.scene_id == scene.id)))
    order = {s: i for i, s in enumerate((*review.PHASES[::-1], "rejected", "withdrawn"))}
    rows.sort(key=lambda r: (order.get(r.status, 9), -(r.total_score or 0), r.id))
    _log_reads(session, actor, rows, scene)
    return _reads(session, rows, scene)


def advance(
    session: Session, actor: Actor, proposal_id: int, body: ProposalAdvance
) -> ProposalRead:
    row, scene = _proposal(session, actor, proposal_id, "proposals.review")
    scores = {**row.scores, **body.scores}
    refused = review.check_scores(body.scores) or review.check_advance(row.status, body.to, scores)
    if refused is not None:
        raise InvalidReview(
            refused,
            params={
                "status": row.status,
                "to": body.to,
                "next": review.next_phase(row.status) or "-",
                "names": ", ".join(sorted(set(body.scores) - {c.key for c in review.RUBRIC})),
            },
        )
    row.scores, row.total_score = scores, review.total_score(scores)
    if scene.status == "published":
        scene_service.advance_for_partners(session, actor, scene.id, "matching")
    row.status = body.to
    if body.to == "selected":
        row.decided_at = utcnow()
    session.flush()
    audit.record(
        session,
        actor,
        "proposals.advance",
        resource_type="proposal",
        resource_id=row.id,
        subject_org_id=row.org_id,
        details={"to": body.to, "total": row.total_score},
    )
    if body.to == "selected":
        _select(session, actor, row, scene)
        _tell_the_firm(session, actor, row, scene, "proposal.selected")
    return _read(session, row, scene)


def _tell_the_firm(
    session: Session, actor: Actor, row: Proposal, scene: SceneRead, kind: str
) -> None:
    """The firm that proposed hears the department's decision."""
    params = {"title": scene.title, "code": scene.code, "reason": row.reason}
    notifications.notify_orgs(session, actor, [row.org_id], kind, params, f"/proposals/{row.id}")


def _select(session: Session, actor: Actor, row: Proposal, scene: SceneRead) -> None:
    """The selected firm partners the scene; the other open proposals are told why not."""
    scene_service.advance_for_partners(session, actor, scene.id, "partnered")
    others = session.scalars(
        select(Proposal).where(
            Proposal.scene_id == scene.id,
            Proposal.id != row.id,
            Proposal.status.in_(review.OPEN),
        )
    )
    for other in others:
        other.status, other.reason = "rejected", N_("another proposal was selected")
        other.decided_at = utcnow()
        _tell_the_firm(session, actor, other, scene, "proposal.declined")
    partnership_service.start_from_selection(
        session,
        actor,
        code=f"P-{scene.code}-{row.id}"[:20],
        scene_id=scene.id,
        firm_org_id=row.org_id,
    )
    session.flush()
    events.publish(session, actor, events.SceneWon(row.firm_id, row.id, scene.code))


def score(session: Session, actor: Actor, proposal_id: int, body: ProposalScores) -> ProposalRead:
    row, scene = _proposal(session, actor, proposal_id, "proposals.review")
    refused = review.check_scores(body.scores)
    if refused is not None:
        raise InvalidReview(
            refused,
            params={"names": ", ".join(sorted(set(body.scores) - {c.key for c in review.RUBRIC}))},
        )
    if row.status not in review.OPEN:
        raise InvalidReview(
            N_("this proposal is %(status)s and cannot move on"), params={"status": row.status}
        )
    row.scores = {**row.scores, **body.scores}
    row.total_score = review.total_score(row.scores)
    session.flush()
    audit.record(
        session,
        actor,
        "proposals.score",
        resource_type="proposal",
        resource_id=row.id,
        details={"scores": row.scores},
    )
    return _read(session, row, scene)


def reject(session: Session, actor: Actor, proposal_id: int, body: ProposalReject) -> ProposalRead:
    row, scene = _proposal(session, actor, proposal_id, "proposals.review")
    if row.status not in review.OPEN:
        raise InvalidReview(
            N_("this proposal is %(status)s and cannot move on"), params={"status": row.status}
        )
    row.status, row.reason, row.decided_at = "rejected", body.reason, utcnow()
    session.flush()
    audit.record(
        session,
        actor,
        "proposals.reject",
        resource_type="proposal",
        resource_id=row.id,
        subject_org_id=row.org_id,
        details={"reason": body.reason[:200]},
    )
    _tell_the_firm(session, actor, row, scene, "proposal.declined")
    return _read(session, row, scene)


def withdraw(session: Session, actor: Actor, proposal_id: int) -> ProposalRead:
    row, scene = _proposal(session, actor, proposal_id, "proposals.read")
    if row.org_id != actor.org_id:
        raise InvalidReview(N_("only the firm that proposed can withdraw it"))
    if row.status not in review.OPEN:
        raise InvalidReview(
            N_("this proposal is %(status)s and cannot move on"), params={"status": row.status}
        )
    row.status = "withdrawn"
    session.flush()
    audit.record(session, actor, "proposals.withdraw", resource_type="proposal", resource_id=row.id)
    return _read(session, row, scene)


# --- invitations ------------------------------------------------------------------------


def invite(
    session: Session,
    actor: Actor,
    scene_code: str,
    body: InvitationCreate,
    score: float | None = None,
) -> InvitationRead:
    """Invite a firm to propose (from the ranked shortlist)."""
    scene = scene_service.for_matching(session, actor, scene_code)
    if scene.status not in lifecycle.OPEN_FOR_PROPOSALS:
        raise InvalidReview(
            N_("scene %(code)s is %(status)s and takes no proposals"),
            params={"code": scene.code, "status": scene.status},
        )
    firm = firm_service.get_firm_for_invitation(session, body.firm_id)
    if scene.security_vetting and not firm.vetted:
        raise InvalidReview(N_("this scene needs security vetting and the firm is not vetted"))
    if session.scalar(
        select(Invitation.id).where(Invitation.scene_id == scene.id, Invitation.firm_id == firm.id)
    ):
        raise InvalidReview(N_("this firm has been invited already"))
    assert actor.org_id is not None
    row = Invitation(
        scene_id=scene.id,
        firm_id=firm.id,
        invited_by_org_id=actor.org_id,
        message=body.message,
        score=score,
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor,
        "proposals.invite",
        resource_type="scene",
        resource_id=scene.code,
        subject_org_id=firm.org_id,
        details={"firm": firm.id},
    )
    if firm.org_id is not None:  # a firm nobody has claimed has no one to tell
        org = actor.display_name if actor.org_id is None else _org_name(session, actor.org_id)
        params = {"title": scene.title, "code": scene.code, "org": org, "message": body.message}
        link = f"/scenes/{scene.code}"
        notifications.notify_orgs(session, actor, [firm.org_id], "proposal.invited", params, link)
    return _invitation_read(session, row, scene)


def _org_name(session: Session, org_id: int) -> str:
    return auth_service.org_names(session, {org_id}).get(org_id, "")


def _invitation_read(
    session: Session, row: Invitation, scene: SceneRead | None = None
) -> InvitationRead:
    return _invitation_reads(session, [row], scene)[0]


def _invitation_reads(
    session: Session, rows: list[Invitation], scene: SceneRead | None = None
) -> list[InvitationRead]:
    """Invitations with their scene, firm and whether the firm has proposed (three queries
    for all of them)."""
    scenes = (
        {scene.id: scene} if scene else scene_service.by_ids(session, {r.scene_id for r in rows})
    )
    firms = firm_service.names(session, {r.firm_id for r in rows})
    proposed = set(
        session.execute(
            select(Proposal.scene_id, Proposal.firm_id).where(
                Proposal.scene_id.in_({r.scene_id for r in rows}),
                Proposal.firm_id.in_({r.firm_id for r in rows}),
            )
        ).all()
    )
    return [
        InvitationRead.model_validate(row).model_copy(
            update={
                "scene_code": scenes[row.scene_id].code,
                "scene_title": scenes[row.scene_id].title,
                "firm_name": firms.get(row.firm_id, ""),
                "proposed": (row.scene_id, row.firm_id) in proposed,
            }
        )
        for row in rows
    ]


def my_invitations(session: Session, actor: Actor) -> list[InvitationRead]:
    authorize(actor, "firms.home")
    firm = firm_service.firm_of_org(session, actor.org_id)
    if firm is None:
        return []
    rows = session.scalars(
        select(Invitation).where(Invitation.firm_id == firm.id).order_by(Invitation.id.desc())
    )
    return _invitation_reads(session, list(rows))


def invited_firm_ids(session: Session, actor: Actor, scene_code: str) -> set[int]:
    scene = scene_service.for_matching(session, actor, scene_code)
    return set(session.scalars(select(Invitation.firm_id).where(Invitation.scene_id == scene.id)))


def selected_counts_by_firm(
    session: Session, firm_ids: Collection[int] | None = None
) -> dict[int, int]:
    """Scenes each registry firm (all, or these) won: its proposals the department selected."""
    query = (
        select(Proposal.firm_id, func.count(Proposal.id))
        .where(Proposal.status == "selected")
        .group_by(Proposal.firm_id)
    )
    if firm_ids is not None:
        query = query.where(Proposal.firm_id.in_(firm_ids))
    return {firm: n for firm, n in session.execute(query)}


def work_record(session: Session) -> WorkRecord:
    """What proposals did, for the dashboard: every firm's proposal for a scene (a withdrawn
    one was sent all the same), dated by its submission."""
    rows = list(session.execute(select(Proposal.scene_id, Proposal.org_id, Proposal.created_at)))
    return WorkRecord(
        pairs={"proposal": frozenset((scene, org) for scene, org, _ in rows)},
        events=tuple(("proposal", day_of(created)) for _, _, created in rows),
        firms=frozenset(org for _, org, _ in rows),
    )


def decision_timings(session: Session) -> list[DecisionTiming]:
    """Each proposal's submission and decision days with its scene's department (the
    dashboard's responsiveness); withdrawn proposals wait for nobody and are left out."""
    rows = list(
        session.execute(
            select(Proposal.scene_id, Proposal.created_at, Proposal.decided_at).where(
                Proposal.status != "withdrawn"
            )
        )
    )
    scenes = scene_service.by_ids(session, {scene for scene, _, _ in rows})
    return [
        DecisionTiming(
            department_org_id=scenes[scene].department_org_id,
            scene_id=scene,
            submitted_on=day_of(created),
            decided_on=day_of(decided) if decided is not None else None,
        )
        for scene, created, decided in rows
    ]


def proposal_subject(session: Session, proposal_id: int) -> tuple[int, str] | None:
    """The firm organisation of a proposal and its status (for an appeal against it)."""
    row = session.get(Proposal, proposal_id)
    return (row.org_id, row.status) if row else None
