"""Use cases of the national scene catalogue: a partnership's readiness with the evidence
missing, the catalogue evidence the department or the centre records (compliance checks,
sites beyond the pilot), the nomination dossier filled from the records, and the
catalogue's lists — the centre's (nominated and listed) and the public one."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from scenehub.auth import service as auth_service
from scenehub.city import load_city
from scenehub.governance import audit
from scenehub.governance.authz import authorize
from scenehub.governance.policy import Actor, Resource
from scenehub.i18n import N_
from scenehub.partnerships import dossier as doc
from scenehub.partnerships import evidence, stages
from scenehub.partnerships.models import Contract, Evaluation, Kpi, Milestone, Partnership, Pilot
from scenehub.partnerships.readiness import COMPLIANCE, COMPLIANCE_CHECKS, Readiness
from scenehub.partnerships.schemas import (
    CatalogueEvidenceSet,
    CatalogueItem,
    GapRead,
    PublicCatalogueItem,
    ReadinessRead,
)
from scenehub.partnerships.service import PartnershipConflict, partnership
from scenehub.scenes import service as scene_service
from scenehub.scenes.domains import DOMAIN_LABELS
from scenehub.scenes.schemas import SceneRead

Translate = Callable[[str], str]
CATALOGUE_STAGES = ("catalogue_nominated", "catalogue_listed")


def _readable(session: Session, actor: Actor, code: str) -> tuple[Partnership, SceneRead]:
    """The partnership and its scene, if the actor is a party to it or the centre."""
    row = partnership(session, code)
    scene = scene_service.by_id(session, row.scene_id)
    resource = Resource(
        "partnership", code, scene.department_org_id, party_org_ids=frozenset({row.firm_org_id})
    )
    authorize(actor, "partnerships.read", resource)
    return row, scene


def compliance_checks() -> list[str]:
    """The compliance checks the city's criteria ask for (the platform's own if none)."""
    asked = [c.checks for c in load_city().readiness_criteria if c.key == COMPLIANCE]
    return list(asked[0]) if asked and asked[0] else list(COMPLIANCE_CHECKS)


def assessed(session: Session, actor: Actor, code: str) -> Readiness:
    """The partnership's readiness (its gaps as message ids with their parameters)."""
    row, _ = _readable(session, actor, code)
    return evidence.readiness_of(session, row)


def readiness(session: Session, actor: Actor, code: str, translate: Translate) -> ReadinessRead:
    """The partnership's readiness for the catalogue, the gaps in the reader's words."""
    row, _ = _readable(session, actor, code)
    result = evidence.readiness_of(session, row)
    return ReadinessRead(
        code=row.code,
        score=result.score,
        pass_mark=result.pass_mark,
        ready=result.ready,
        met=list(result.met),
        gaps=[GapRead(criterion=g.criterion, message=g.text(translate)) for g in result.gaps],
        compliance_passed=list(row.compliance_passed or []),
        compliance_checks=compliance_checks(),
        sites_beyond_pilot=row.sites_beyond_pilot or 0,
    )


def set_evidence(session: Session, actor: Actor, code: str, body: CatalogueEvidenceSet) -> None:
    """Record the compliance checks passed and the sites beyond the pilot (the scene's
    department or the centre); a check the city does not ask for is refused (409)."""
    row = partnership(session, code)
    scene = scene_service.by_id(session, row.scene_id)
    authorize(actor, "partnerships.edit", Resource("partnership", code, scene.department_org_id))
    known = set(compliance_checks()) | set(COMPLIANCE_CHECKS)
    unknown = sorted(set(body.compliance_passed) - known)
    refused = stages.check_editable(row.stage)
    if refused is None and unknown:
        refused = N_("unknown compliance checks: %(names)s")
    if refused is not None:
        params = {"stage": row.stage, "names": ", ".join(unknown)}
        raise PartnershipConflict(refused, params=params)
    row.compliance_passed = sorted(set(body.compliance_passed))
    row.sites_beyond_pilot = body.sites_beyond_pilot
    audit.record(
        session,
        actor,
        "partnerships.catalogue_evidence",
        resource_type="partnership",
        resource_id=code,
        subject_org_id=row.firm_org_id,
        details={"compliance": row.compliance_passed, "sites": row.sites_beyond_pilot},
    )
    session.flush()


def dossier(session: Session, actor: Actor, code: str) -> doc.Dossier:
    """The nomination dossier of a partnership, every part from its records."""
    row, scene = _readable(session, actor, code)
    names = auth_service.org_details(session, {row.firm_org_id, scene.department_org_id})
    firm_name, uscc = names.get(row.firm_org_id, ("", None))
    department = names.get(scene.department_org_id, ("", None))[0]
    pilot = session.scalar(select(Pilot).where(Pilot.partnership_id == row.id))
    return doc.Dossier(
        scene=_scene_facts(scene, department),
        firm=doc.FirmFacts(name=firm_name, uscc=uscc or "", district=""),
        pilot=_pilot_facts(pilot, row),
        readiness=evidence.readiness_of(session, row),
        milestones=_milestones(session, row.id),
        kpis=_kpis(session, row.id),
        evaluation=_evaluation(session, row.id, department),
        contract=_contract(session, row.id),
    )


def _scene_facts(scene: SceneRead, department: str) -> doc.SceneFacts:
    description = "\n".join(t for t in (scene.background, scene.pain_points, scene.wanted) if t)
    return doc.SceneFacts(
        code=scene.code,
        title=scene.title,
        department=department,
        domain=DOMAIN_LABELS.get(scene.domain, scene.domain),
        district="",
        description=description,
    )


def _pilot_facts(pilot: Pilot | None, row: Partnership) -> doc.PilotFacts:
    if pilot is None:
        return doc.PilotFacts(scope="", site="", starts_on=row.started_on, ends_on=None)
    return doc.PilotFacts(
        scope=pilot.scope,
        site=pilot.site,
        starts_on=pilot.starts_on,
        ends_on=pilot.ends_on,
        data_granted=tuple(pilot.data_granted or ()),
    )


def _milestones(session: Session, partnership_id: int) -> tuple[doc.Milestone, ...]:
    rows = session.scalars(
        select(Milestone)
        .where(Milestone.partnership_id == partnership_id)
        .order_by(Milestone.due_on, Milestone.id)
    )
    return tuple(doc.Milestone(m.title, m.due_on, m.completed_on) for m in rows)


def _kpis(session: Session, partnership_id: int) -> tuple[doc.Kpi, ...]:
    rows = session.scalars(select(Kpi).where(Kpi.partnership_id == partnership_id).order_by(Kpi.id))
    return tuple(
        doc.Kpi(
            name=k.name,
            unit=k.unit,
            baseline=k.baseline,
            target=k.target if k.target is not None else 0.0,
            actual=k.actual,
            met=bool(stages.kpi_met(k.target, k.actual, k.higher_is_better)),
        )
        for k in rows
    )


def _evaluation(session: Session, partnership_id: int, department: str) -> doc.Evaluation | None:
    row = session.scalar(select(Evaluation).where(Evaluation.partnership_id == partnership_id))
    if row is None:
        return None
    rubric = tuple((stages.RUBRIC.get(k, k), float(v)) for k, v in row.rubric.items())
    return doc.Evaluation(
        grade=row.grade,
        rubric=rubric,
        comment=row.comment,
        evaluated_by=department,  # the scene's department evaluates its pilot
        evaluated_on=row.at.date(),
    )


def _contract(session: Session, partnership_id: int) -> doc.Contract | None:
    row = session.scalar(select(Contract).where(Contract.partnership_id == partnership_id))
    if row is None:
        return None
    method = stages.PROCUREMENT_METHODS.get(row.method, row.method)
    return doc.Contract(method=method, value_yuan=row.value_fen / 100, signed_on=row.signed_on)


def catalogue(session: Session, actor: Actor) -> list[CatalogueItem]:
    """The centre's catalogue: nominated and listed partnerships with their readiness."""
    authorize(actor, "partnerships.read_all")
    rows = _catalogue_rows(session, CATALOGUE_STAGES)
    scenes = scene_service.by_ids(session, {r.scene_id for r in rows})
    orgs = {r.firm_org_id for r in rows} | {s.department_org_id for s in scenes.values()}
    names = auth_service.org_names(session, orgs)
    readiness = evidence.readiness_of_many(session, rows)
    return [
        CatalogueItem(
            code=r.code,
            scene_code=scenes[r.scene_id].code,
            scene_title=scenes[r.scene_id].title,
            firm_name=names.get(r.firm_org_id, ""),
            department_name=names.get(scenes[r.scene_id].department_org_id, ""),
            stage=r.stage,
            score=readiness[r.id].score,
            ready=readiness[r.id].ready,
        )
        for r in rows
    ]


def public_catalogue(session: Session) -> list[PublicCatalogueItem]:
    """What anybody may read of the catalogue: listed partnerships whose department
    published at least one part of them (as the public progress page), on scenes that need
    no security vetting; the readiness and the dossier stay with the parties."""
    rows = [r for r in _catalogue_rows(session, ("catalogue_listed",)) if r.published_parts]
    scenes = scene_service.by_ids(session, {r.scene_id for r in rows})
    rows = [r for r in rows if not scenes[r.scene_id].security_vetting]
    orgs = {r.firm_org_id for r in rows} | {scenes[r.scene_id].department_org_id for r in rows}
    names = auth_service.org_names(session, orgs)
    return [
        PublicCatalogueItem(
            code=r.code,
            scene_code=scenes[r.scene_id].code,
            scene_title=scenes[r.scene_id].title,
            firm_name=names.get(r.firm_org_id, ""),
            department_name=names.get(scenes[r.scene_id].department_org_id, ""),
        )
        for r in rows
    ]


def _catalogue_rows(session: Session, stage_names: tuple[str, ...]) -> list[Partnership]:
    query = (
        select(Partnership)
        .where(Partnership.stage.in_(stage_names))
        .order_by(Partnership.stage.desc(), Partnership.code)
    )
    return list(session.scalars(query))
