"""Reads of one partnership: in full for its parties and the centre, and the public progress
page's parts. A fixed number of queries, whatever the number of milestones and KPIs."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from scenehub.auth import service as auth_service
from scenehub.errors import NotFound
from scenehub.governance.authz import authorize
from scenehub.governance.policy import Actor, Resource
from scenehub.i18n import N_
from scenehub.partnerships import stages
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
    ContractRead,
    EvaluationRead,
    EventRead,
    KpiRead,
    MilestoneRead,
    PartnershipRead,
    PilotRead,
    PublicProgress,
)
from scenehub.partnerships.service import partnership
from scenehub.scenes import service as scene_service


def get_partnership(session: Session, actor: Actor, code: str) -> PartnershipRead:
    """A partnership in full, for its department, its firm and the centre."""
    row = partnership(session, code)
    scene = scene_service.by_id(session, row.scene_id)
    resource = Resource(
        "partnership", code, scene.department_org_id, party_org_ids=frozenset({row.firm_org_id})
    )
    authorize(actor, "partnerships.read", resource)
    events = session.scalars(
        select(PartnershipEvent)
        .where(PartnershipEvent.partnership_id == row.id)
        .order_by(PartnershipEvent.id)
    )
    return PartnershipRead(
        id=row.id,
        code=row.code,
        scene_id=scene.id,
        scene_code=scene.code,
        scene_title=scene.title,
        department_org_id=scene.department_org_id,
        firm_org_id=row.firm_org_id,
        firm_name=auth_service.org_names(session, {row.firm_org_id}).get(row.firm_org_id, ""),
        stage=row.stage,
        terminated_reason=row.terminated_reason,
        started_on=row.started_on,
        origin=row.origin,
        note=row.note,
        published_parts=row.published_parts,
        compliance_passed=row.compliance_passed or [],
        sites_beyond_pilot=row.sites_beyond_pilot or 0,
        history=[EventRead.model_validate(e) for e in events],
        **_records(session, row),
    )


def _records(session: Session, row: Partnership) -> dict[str, object]:
    """The pilot, milestones, KPIs (with whether each is met), evaluation and contract."""
    pilot = session.scalar(select(Pilot).where(Pilot.partnership_id == row.id))
    milestones = session.scalars(
        select(Milestone)
        .where(Milestone.partnership_id == row.id)
        .order_by(Milestone.due_on, Milestone.id)
    )
    kpis = session.scalars(select(Kpi).where(Kpi.partnership_id == row.id).order_by(Kpi.id))
    evaluation = session.scalar(select(Evaluation).where(Evaluation.partnership_id == row.id))
    contract = session.scalar(select(Contract).where(Contract.partnership_id == row.id))
    return {
        "pilot": PilotRead.model_validate(pilot) if pilot else None,
        "milestones": [MilestoneRead.model_validate(m) for m in milestones],
        "kpis": [
            KpiRead.model_validate(k).model_copy(
                update={"met": stages.kpi_met(k.target, k.actual, k.higher_is_better)}
            )
            for k in kpis
        ],
        "evaluation": EvaluationRead.model_validate(evaluation) if evaluation else None,
        "contract": (
            ContractRead(
                method=contract.method,
                value_fen=contract.value_fen,
                value_yuan=Decimal(contract.value_fen) / 100,
                signed_on=contract.signed_on,
            )
            if contract
            else None
        ),
    }


def public_progress(session: Session, code: str) -> PublicProgress:
    """What anybody may read of a partnership: the parts its department published. A
    partnership that published nothing does not exist for the public (404)."""
    row = session.scalar(select(Partnership).where(Partnership.code == code))
    if row is None or not row.published_parts:
        raise NotFound(N_("partnership %(code)s not found"), params={"code": code})
    scene = scene_service.by_id(session, row.scene_id)
    if scene.security_vetting:
        raise NotFound(N_("partnership %(code)s not found"), params={"code": code})
    parts = set(row.published_parts)
    records = _records(session, row)
    shown = {key: value for key, value in records.items() if key in parts}
    if isinstance(evaluation := shown.get("evaluation"), EvaluationRead):
        shown["evaluation"] = evaluation.model_copy(update={"user_id": None})  # who: not public
    return PublicProgress(
        code=row.code,
        scene_code=scene.code,
        scene_title=scene.title,
        firm_name=auth_service.org_names(session, {row.firm_org_id}).get(row.firm_org_id, ""),
        published_parts=row.published_parts,
        stage=row.stage if "stage" in parts else None,
        **shown,
    )
