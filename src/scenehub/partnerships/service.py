"""Use cases of partnerships: opening one (a selected proposal, a salon follow-up, the
history's import), moving its stage with the scene following, the centre's list and counts,
and the track record matching reads. The pilot's records are in ``pilots.py``."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.orm import Session

from scenehub import events
from scenehub.auth import service as auth_service
from scenehub.auth.roles import OrgKind, Role
from scenehub.db import today as local_today
from scenehub.errors import Conflict, NotFound
from scenehub.governance import audit
from scenehub.governance.authz import authorize
from scenehub.governance.policy import Actor, Resource
from scenehub.i18n import N_
from scenehub.partnerships import evidence, stages
from scenehub.partnerships.models import (
    Contract,
    Evaluation,
    Kpi,
    Milestone,
    Partnership,
    PartnershipEvent,
    Pilot,
)
from scenehub.partnerships.schemas import (
    STAGES,
    PartnershipImport,
    PartnershipListItem,
    StageCount,
    StageMove,
)

# scenes.service imports this module through firms.service; the names are used at call time.
from scenehub.scenes import lifecycle as scene_lifecycle
from scenehub.scenes import service as scene_service
from scenehub.work import WorkRecord, day_of

CENTRE_ROLES = (Role.OPERATOR, Role.ADMIN)


class InvalidStageMove(Conflict):
    code = "invalid_transition"


class PartnershipConflict(Conflict):
    code = "partnership_conflict"


def import_partnership(session: Session, actor: Actor, body: PartnershipImport) -> None:
    """Add a partnership of the history (once per code), with its pilot, KPIs and score."""
    authorize(actor, "partnerships.manage")
    if session.scalar(select(Partnership.id).where(Partnership.code == body.code)) is not None:
        return
    row = Partnership(
        **body.model_dump(exclude={"pilot", "kpis", "evaluation_score"}),
        origin="import",
        note="",
    )
    row.published_parts = []
    session.add(row)
    session.flush()
    _import_records(session, row.id, body)
    audit.record(
        session,
        actor,
        "partnerships.import",
        resource_type="partnership",
        resource_id=body.code,
        subject_org_id=body.firm_org_id,
        details={"stage": body.stage},
    )


def _import_records(session: Session, partnership_id: int, body: PartnershipImport) -> None:
    """The history's pilot, milestones, KPIs and 0–100 score (kept as one "overall"
    criterion of 1–5: the history has no rubric)."""
    if body.pilot is not None:
        fields = body.pilot.model_dump(exclude={"milestones"})
        session.add(Pilot(partnership_id=partnership_id, **fields))
        for m in body.pilot.milestones:
            session.add(Milestone(partnership_id=partnership_id, **m.model_dump()))
    for kpi in body.kpis:
        session.add(Kpi(partnership_id=partnership_id, **kpi.model_dump()))
    if body.evaluation_score is not None:
        rubric = stages.rubric_from_score(body.evaluation_score)
        session.add(
            Evaluation(
                partnership_id=partnership_id,
                rubric=rubric,
                grade=stages.grade(rubric),
                comment="imported",
            )
        )
    session.flush()


def _open(
    session: Session,
    actor: Actor,
    *,
    code: str,
    scene_id: int,
    firm_org_id: int,
    origin: str,
    note: str,
) -> Partnership:
    """A partnership in "agreed" (the one that exists for the scene and firm, if any)."""
    existing = session.scalar(
        select(Partnership).where(
            Partnership.scene_id == scene_id, Partnership.firm_org_id == firm_org_id
        )
    )
    if existing is not None:
        return existing
    row = Partnership(
        code=code,
        scene_id=scene_id,
        firm_org_id=firm_org_id,
        stage="agreed",
        terminated_reason="",
        started_on=local_today(),
        origin=origin,
        note=note,
        published_parts=[],
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor,
        "partnerships.start",
        resource_type="partnership",
        resource_id=code,
        subject_org_id=firm_org_id,
        details={"origin": origin},
    )
    return row


def start_from_selection(
    session: Session, actor: Actor, *, code: str, scene_id: int, firm_org_id: int
) -> None:
    """A selected proposal opens a partnership, agreed (once); the proposal's review has
    already partnered the scene."""
    _open(
        session,
        actor,
        code=code,
        scene_id=scene_id,
        firm_org_id=firm_org_id,
        origin="proposal",
        note="",
    )


def open_from_follow_up(
    session: Session, actor: Actor, *, scene_id: int, firm_org_id: int, note: str
) -> str:
    """A salon follow-up opens a partnership, agreed (once), and partners its scene; the
    partnership's code is returned. For the scene's department or the centre."""
    scene = scene_service.by_id(session, scene_id)
    authorize(actor, "partnerships.open", Resource("scene", scene.code, scene.department_org_id))
    if auth_service.org_kind(session, firm_org_id) is not OrgKind.FIRM:
        raise PartnershipConflict(N_("a partnership is made with a firm"))
    _partner_scene(session, actor, scene.id, scene.status)
    row = _open(
        session,
        actor,
        code=f"P-{scene.code}-S{firm_org_id}"[:20],
        scene_id=scene.id,
        firm_org_id=firm_org_id,
        origin="salon",
        note=note,
    )
    return row.code


def _partner_scene(session: Session, actor: Actor, scene_id: int, status: str) -> None:
    """The scene follows its first agreed partnership: published or matching → partnered."""
    if status == "published":
        scene_service.advance_for_partners(session, actor, scene_id, "matching")
    elif status not in ("matching", "partnered"):
        raise PartnershipConflict(
            N_("the scene is %(status)s; a partnership needs a published scene"),
            params={"status": scene_lifecycle.status_term(status)},
        )
    scene_service.advance_for_partners(session, actor, scene_id, "partnered")


def partnership(session: Session, code: str) -> Partnership:
    row = session.scalar(select(Partnership).where(Partnership.code == code))
    if row is None:
        raise NotFound(N_("partnership %(code)s not found"), params={"code": code})
    return row


def party_of(actor: Actor, department_org_id: int) -> str:
    """Which party the actor is: "centre", "owner" (the scene's department) or "firm"."""
    if actor.role in CENTRE_ROLES:
        return "centre"
    return "owner" if actor.org_id == department_org_id else "firm"


def move_stage(session: Session, actor: Actor, code: str, body: StageMove) -> None:
    """Move a partnership to its next stage; an invalid move is a 409 with the reason."""
    row = partnership(session, code)
    scene = scene_service.by_id(session, row.scene_id)
    authorize(actor, "partnerships.move", Resource("partnership", code, scene.department_org_id))
    party = party_of(actor, scene.department_org_id)
    refused = stages.check_transition(row.stage, body.to, party, body.reason)
    if refused is not None:
        raise InvalidStageMove(
            refused, params={"from": stages.stage_term(row.stage), "to": stages.stage_term(body.to)}
        )
    if body.to == "catalogue_nominated":
        _check_ready(session, row)
    session.add(
        PartnershipEvent(
            partnership_id=row.id,
            from_stage=row.stage,
            to_stage=body.to,
            reason=body.reason,
            user_id=actor.user_id,
        )
    )
    if body.to == "terminated":
        row.terminated_reason = body.reason
    audit.record(
        session,
        actor,
        "partnerships.move",
        resource_type="partnership",
        resource_id=code,
        subject_org_id=row.firm_org_id,
        details={"from": row.stage, "to": body.to, "reason": body.reason[:200]},
    )
    row.stage = body.to
    session.flush()
    if body.to in stages.COMPLETED_PILOT_STAGES:
        publish_pilot_completed(session, actor, row)


def publish_pilot_completed(session: Session, actor: Actor, row: Partnership) -> None:
    """Tell the other domains that the partnership's pilot is completed (the E-Station's
    scene credit); a listener hears it once per partnership."""
    scene = scene_service.by_id(session, row.scene_id)
    events.publish(session, actor, events.PilotCompleted(row.firm_org_id, row.code, scene.code))


class NotReadyForCatalogue(Conflict):
    code = "not_ready_for_catalogue"


def _check_ready(session: Session, row: Partnership) -> None:
    """Refuse a nomination the records do not support, naming the evidence missing."""
    result = evidence.readiness_of(session, row)
    if result.ready:
        return
    raise NotReadyForCatalogue(
        N_(
            "the partnership is not ready for the catalogue: readiness %(score)s of 100 "
            "(pass mark %(pass_mark)s); the readiness panel lists the evidence missing"
        ),
        params={"score": f"{result.score:g}", "pass_mark": f"{result.pass_mark:g}"},
        details={
            "score": result.score,
            "gaps": [{"criterion": g.criterion, "message": g.text(str)} for g in result.gaps],
        },
    )


def list_partnerships(
    session: Session,
    actor: Actor,
    *,
    stage: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[PartnershipListItem]:
    """Partnerships, newest first, with their scenes' and firms' names and grades;
    optionally of one stage. (Four queries, whatever the number of rows.)"""
    authorize(actor, "partnerships.read_all")
    query = select(Partnership)
    if stage is not None:
        query = query.where(Partnership.stage == stage)
    return _list_items(session, query, limit, offset)


def list_own(session: Session, actor: Actor) -> list[PartnershipListItem]:
    """A firm's partnerships, or those of a department's scenes, newest first."""
    authorize(actor, "partnerships.read_own")
    query = select(Partnership)
    if actor.role is Role.FIRM:
        query = query.where(Partnership.firm_org_id == actor.org_id)
    else:
        own = {s.id for s in scene_service.list_own(session, actor)}
        query = query.where(Partnership.scene_id.in_(own))
    return _list_items(session, query, 500, 0)


def _list_items(
    session: Session, query: Select[Partnership], limit: int, offset: int
) -> list[PartnershipListItem]:
    query = query.order_by(Partnership.started_on.desc(), Partnership.id.desc())
    rows = list(session.scalars(query.limit(limit).offset(offset)))
    firms = auth_service.org_names(session, {r.firm_org_id for r in rows})
    scenes = scene_service.by_ids(session, {r.scene_id for r in rows})
    grades = _grades(session, [r.id for r in rows])
    return [
        PartnershipListItem(
            id=r.id,
            code=r.code,
            scene_id=r.scene_id,
            scene_code=scenes[r.scene_id].code,
            scene_title=scenes[r.scene_id].title,
            firm_org_id=r.firm_org_id,
            firm_name=firms.get(r.firm_org_id, ""),
            stage=r.stage,
            started_on=r.started_on,
            grade=grades.get(r.id),
        )
        for r in rows
    ]


def _grades(session: Session, ids: list[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = session.execute(
        select(Evaluation.partnership_id, Evaluation.grade).where(
            Evaluation.partnership_id.in_(ids)
        )
    )
    return {id_: grade for id_, grade in rows}


def counts_by_stage(session: Session, actor: Actor) -> list[StageCount]:
    """Partnerships per stage, in stage order."""
    authorize(actor, "partnerships.read_all")
    counts = {
        key: n
        for key, n in session.execute(
            select(Partnership.stage, func.count()).group_by(Partnership.stage)
        )
    }
    return [StageCount(stage=s, count=counts.get(s, 0)) for s in STAGES]


def pilot_counts_by_org(session: Session, org_ids: Collection[int] | None = None) -> dict[int, int]:
    """Completed pilots of each firm organisation (all, or these) — matching's track record:
    partnerships that went on to demonstration or further, or whose pilot the department
    evaluated."""
    completed = or_(
        Partnership.stage.in_(stages.COMPLETED_PILOT_STAGES), Evaluation.id.is_not(None)
    )
    return _pilots_by_org(session, completed, org_ids)


def running_pilot_counts_by_org(
    session: Session, org_ids: Collection[int] | None = None
) -> dict[int, int]:
    """Pilots under way of each firm organisation (all, or these): partnerships in the pilot
    stage that the department has not evaluated (an evaluated pilot is a completed one)."""
    running = and_(Partnership.stage == "pilot", Evaluation.id.is_(None))
    return _pilots_by_org(session, running, org_ids)


def _pilots_by_org(
    session: Session, condition: ColumnElement[bool], org_ids: Collection[int] | None
) -> dict[int, int]:
    query = (
        select(Partnership.firm_org_id, func.count(Partnership.id))
        .outerjoin(Evaluation, Evaluation.partnership_id == Partnership.id)
        .where(condition)
        .group_by(Partnership.firm_org_id)
    )
    if org_ids is not None:
        query = query.where(Partnership.firm_org_id.in_(org_ids))
    return {org: n for org, n in session.execute(query)}


def _stages_reached(
    session: Session, stage_of: dict[int, str]
) -> tuple[dict[int, set[str]], list[date]]:
    """Every stage each partnership reached (now, in its history, or a pilot on record), and
    the days partnerships were nominated to the catalogue."""
    reached: dict[int, set[str]] = {pid: {stage} for pid, stage in stage_of.items()}
    nominated_on: list[date] = []
    for pid, to_stage, at in session.execute(
        select(PartnershipEvent.partnership_id, PartnershipEvent.to_stage, PartnershipEvent.at)
    ):
        reached.setdefault(pid, set()).add(to_stage)
        if to_stage == "catalogue_nominated":
            nominated_on.append(day_of(at))
    for (pid,) in session.execute(select(Pilot.partnership_id)):
        reached.setdefault(pid, set()).add("pilot")
    return reached, nominated_on


def work_record(session: Session) -> WorkRecord:
    """What partnerships did, for the dashboard. A partnership that was terminated still counts
    at every stage it reached (its history says which); a contract is its procurement row."""
    rows = list(
        session.execute(
            select(
                Partnership.id,
                Partnership.scene_id,
                Partnership.firm_org_id,
                Partnership.stage,
                Partnership.started_on,
            )
        )
    )
    reached, nominated_on = _stages_reached(session, {pid: stage for pid, _, _, stage, _ in rows})
    contracts = {
        pid: (value_fen, signed_on)
        for pid, value_fen, signed_on in session.execute(
            select(Contract.partnership_id, Contract.value_fen, Contract.signed_on)
        )
    }
    pair = {pid: (scene, org) for pid, scene, org, _, _ in rows}

    def ever(*stage_names: str) -> set[int]:
        return {pid for pid in pair if reached.get(pid, set()) & set(stage_names)}

    piloted = ever(*stages.CONTRACT_STAGES)
    demonstrated = ever(*stages.COMPLETED_PILOT_STAGES)
    nominated = ever("catalogue_nominated", "catalogue_listed")
    listed = ever("catalogue_listed")
    return WorkRecord(
        pairs={
            "partnership": frozenset(pair.values()),
            "pilot": frozenset(pair[p] for p in piloted),
            "contract": frozenset(pair[p] for p in contracts if p in pair),
            "catalogue": frozenset(pair[p] for p in nominated),
        },
        events=(
            *(("partnership", started) for _, _, _, _, started in rows),
            *(("contract", signed) for _, signed in contracts.values()),
            *(("nomination", day) for day in nominated_on),
        ),
        firms=frozenset(org for _, org in pair.values()),
        figures={
            "partnerships_brokered": len(rows),
            "pilots_running": sum(1 for _, _, _, stage, _ in rows if stage == "pilot"),
            "demonstrations": len(demonstrated),
            "contracts": len(contracts),
            "contract_value_yuan": sum(value for value, _ in contracts.values()) / 100,
            "catalogue_nominations": len(nominated),
            "catalogue_listings": len(listed),
        },
    )
