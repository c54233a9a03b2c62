"""Use cases of the national scene catalogue: a partnership's readiness with the evidence
missing, the catalogue evidence the department or the centre records (compliance checks,
sites beyond the pilot), and the catalogue's lists — the centre's (nominated and listed)
and the public one. The dossier is filled in ``dossier_records.py``."""

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
from scenehub.partnerships import evidence, stages
from scenehub.partnerships.models import Partnership
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
from scenehub.scenes.schemas import SceneRead

Translate = Callable[[str], str]
CATALOGUE_STAGES = ("catalogue_nominated", "catalogue_listed")


def readable(session: Session, actor: Actor, code: str) -> tuple[Partnership, SceneRead]:
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
    row, _ = readable(session, actor, code)
    return evidence.readiness_of(session, row)


def readiness(session: Session, actor: Actor, code: str, translate: Translate) -> ReadinessRead:
    """The partnership's readiness for the catalogue, the gaps in the reader's words."""
    row, _ = readable(session, actor, code)
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
        params = {"stage": stages.stage_term(row.stage), "names": ", ".join(unknown)}
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
