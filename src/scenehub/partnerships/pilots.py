"""Use cases of a partnership's records, kept by the scene's department or the centre: the
pilot, its milestones and KPIs, the evaluation, the contract, and what is published."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from scenehub.db import utcnow
from scenehub.errors import NotFound
from scenehub.governance import audit
from scenehub.governance.authz import authorize
from scenehub.governance.policy import Actor, Resource
from scenehub.i18n import N_
from scenehub.partnerships import stages
from scenehub.partnerships.models import Contract, Evaluation, Kpi, Milestone, Partnership, Pilot
from scenehub.partnerships.schemas import (
    ContractSet,
    EvaluationSet,
    KpiActual,
    KpiCreate,
    MilestoneComplete,
    MilestoneCreate,
    PilotSet,
    PublicationSet,
)
from scenehub.partnerships.service import (
    PartnershipConflict,
    partnership,
    publish_pilot_completed,
)
from scenehub.scenes import service as scene_service


def _editable(session: Session, actor: Actor, code: str, check: str | None = None) -> Partnership:
    """The partnership, if the actor may edit it and its stage lets it change."""
    row = partnership(session, code)
    scene = scene_service.by_id(session, row.scene_id)
    authorize(actor, "partnerships.edit", Resource("partnership", code, scene.department_org_id))
    refused = stages.check_editable(row.stage)
    if refused is None and check == "evaluation":
        refused = stages.check_evaluation(row.stage)
    if refused is None and check == "contract":
        refused = stages.check_contract(row.stage)
    if refused is not None:
        raise PartnershipConflict(
            refused, params={"stage": stages.stage_term(row.stage), "code": code}
        )
    return row


def _audit(
    session: Session, actor: Actor, action: str, row: Partnership, **details: object
) -> None:
    audit.record(
        session,
        actor,
        action,
        resource_type="partnership",
        resource_id=row.code,
        subject_org_id=row.firm_org_id,
        details=details,
    )


def set_pilot(session: Session, actor: Actor, code: str, body: PilotSet) -> None:
    """Set or update the pilot's scope, site, period and granted data."""
    row = _editable(session, actor, code)
    if body.ends_on < body.starts_on:
        raise PartnershipConflict(N_("a pilot cannot end before it starts"))
    pilot = session.scalar(select(Pilot).where(Pilot.partnership_id == row.id))
    if pilot is None:
        pilot = Pilot(partnership_id=row.id, starts_on=body.starts_on, ends_on=body.ends_on)
        session.add(pilot)
    for key, value in body.model_dump().items():
        setattr(pilot, key, value)
    session.flush()
    _audit(session, actor, "partnerships.pilot", row, site=body.site[:80])


def add_milestone(session: Session, actor: Actor, code: str, body: MilestoneCreate) -> int:
    row = _editable(session, actor, code)
    milestone = Milestone(partnership_id=row.id, title=body.title, due_on=body.due_on)
    session.add(milestone)
    session.flush()
    _audit(session, actor, "partnerships.milestone", row, title=body.title[:80])
    return milestone.id


def complete_milestone(
    session: Session, actor: Actor, code: str, milestone_id: int, body: MilestoneComplete
) -> None:
    row = _editable(session, actor, code)
    milestone = session.get(Milestone, milestone_id)
    if milestone is None or milestone.partnership_id != row.id:
        raise NotFound(N_("milestone %(id)s not found"), params={"id": milestone_id})
    milestone.completed_on = body.completed_on
    session.flush()
    _audit(session, actor, "partnerships.milestone_done", row, milestone=milestone_id)


def add_kpi(session: Session, actor: Actor, code: str, body: KpiCreate) -> int:
    row = _editable(session, actor, code)
    kpi = Kpi(partnership_id=row.id, **body.model_dump())
    session.add(kpi)
    session.flush()
    _audit(session, actor, "partnerships.kpi", row, name=body.name[:80])
    return kpi.id


def record_kpi_actual(
    session: Session, actor: Actor, code: str, kpi_id: int, body: KpiActual
) -> None:
    row = _editable(session, actor, code)
    kpi = session.get(Kpi, kpi_id)
    if kpi is None or kpi.partnership_id != row.id:
        raise NotFound(N_("KPI %(id)s not found"), params={"id": kpi_id})
    kpi.actual = body.actual
    session.flush()
    _audit(session, actor, "partnerships.kpi_actual", row, kpi=kpi_id, actual=body.actual)


def record_evaluation(session: Session, actor: Actor, code: str, body: EvaluationSet) -> str:
    """Record (or replace) the department's evaluation; returns the grade it comes to."""
    row = _editable(session, actor, code, check="evaluation")
    refused = stages.check_rubric(body.rubric)
    if refused is not None:
        raise PartnershipConflict(refused, params={"names": ", ".join(stages.RUBRIC)})
    evaluation = session.scalar(select(Evaluation).where(Evaluation.partnership_id == row.id))
    if evaluation is None:
        evaluation = Evaluation(partnership_id=row.id)
        session.add(evaluation)
    evaluation.rubric = dict(body.rubric)
    evaluation.grade = stages.grade(body.rubric)
    evaluation.comment = body.comment
    evaluation.user_id = actor.user_id
    evaluation.at = utcnow()
    session.flush()
    _audit(session, actor, "partnerships.evaluate", row, grade=evaluation.grade)
    publish_pilot_completed(session, actor, row)
    return evaluation.grade


def record_contract(session: Session, actor: Actor, code: str, body: ContractSet) -> None:
    """Record (or correct) the procurement that followed the pilot."""
    row = _editable(session, actor, code, check="contract")
    fen = body.value_fen
    contract = session.scalar(select(Contract).where(Contract.partnership_id == row.id))
    if contract is None:
        contract = Contract(partnership_id=row.id)
        session.add(contract)
    contract.method, contract.value_fen, contract.signed_on = body.method, fen, body.signed_on
    session.flush()
    _audit(session, actor, "partnerships.contract", row, method=body.method, value_fen=fen)


def set_publication(session: Session, actor: Actor, code: str, body: PublicationSet) -> None:
    """Which parts the department agrees to publish on the public progress page."""
    row = partnership(session, code)
    scene = scene_service.by_id(session, row.scene_id)
    authorize(actor, "partnerships.edit", Resource("partnership", code, scene.department_org_id))
    row.published_parts = [p for p in stages.PUBLISHABLE_PARTS if p in body.parts]
    session.flush()
    _audit(session, actor, "partnerships.publish", row, parts=row.published_parts)
