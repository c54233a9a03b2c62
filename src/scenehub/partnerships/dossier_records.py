"""The nomination dossier filled from a partnership's records: the scene and the district it
names, the firm and its golden record's district, the pilot with its milestones and KPIs,
the department's evaluation, the contract, the readiness and the attachments.

Districts: a scene has no district field; the district is the first one its title, its
texts or the pilot's site name (by name, former name or street, as an address is read:
``integration.standardise.district_of``). A firm's is its registry record's
``district_code``. Both are named as the city file names them, in the reader's language.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from scenehub.auth import service as auth_service
from scenehub.city import city_file, load_city
from scenehub.db import today as local_today
from scenehub.firms import service as firm_service
from scenehub.governance.policy import Actor
from scenehub.integration.standardise import DistrictIndex, city_rules, district_of
from scenehub.partnerships import attachments, evidence, stages
from scenehub.partnerships import dossier as doc
from scenehub.partnerships.attachment_store import AttachmentStore
from scenehub.partnerships.catalogue import readable
from scenehub.partnerships.models import Contract, Evaluation, Kpi, Milestone, Partnership, Pilot
from scenehub.scenes.domains import DOMAIN_LABELS
from scenehub.scenes.schemas import SceneRead


def dossier(
    session: Session, actor: Actor, code: str, locale: str, store: AttachmentStore
) -> doc.Dossier:
    """The nomination dossier of a partnership, every part from its records; the district
    names in ``locale``'s language, the photos among its attachments read from ``store``."""
    row, scene = readable(session, actor, code)
    names = auth_service.org_details(session, {row.firm_org_id, scene.department_org_id})
    department = names.get(scene.department_org_id, ("", None))[0]
    pilot = session.scalar(select(Pilot).where(Pilot.partnership_id == row.id))
    return doc.Dossier(
        scene=_scene_facts(scene, department, _scene_district(scene, pilot), locale),
        firm=_firm_facts(session, row.firm_org_id, names.get(row.firm_org_id), locale),
        pilot=_pilot_facts(pilot, row),
        readiness=evidence.readiness_of(session, row),
        milestones=_milestones(session, row.id),
        kpis=_kpis(session, row.id),
        evaluation=_evaluation(session, row.id, department),
        contract=_contract(session, row.id),
        attachments=attachments.for_dossier(session, row.id, store),
        prepared_on=local_today(),
    )


def district_name(code: str | None, locale: str) -> str:
    """The city file's name of a district code in ``locale``'s language ("" if unknown)."""
    district = next((d for d in load_city().districts if d.code == code), None) if code else None
    if district is None:
        return code or ""
    return district.name if locale.startswith("zh") else district.name_en or district.name


@lru_cache(maxsize=4)
def _district_index(path: Path) -> DistrictIndex:
    return city_rules(load_city(path)).districts


def _scene_district(scene: SceneRead, pilot: Pilot | None) -> str | None:
    """The code of the first district the scene's title, texts or pilot site name."""
    index = _district_index(city_file())
    texts = (scene.title, scene.background, scene.pain_points, scene.wanted)
    for text in (*texts, pilot.site if pilot else ""):
        if code := district_of(text, index):
            return code
    return None


def _scene_facts(
    scene: SceneRead, department: str, district: str | None, locale: str
) -> doc.SceneFacts:
    description = "\n".join(t for t in (scene.background, scene.pain_points, scene.wanted) if t)
    return doc.SceneFacts(
        code=scene.code,
        title=scene.title,
        department=department,
        domain=DOMAIN_LABELS.get(scene.domain, scene.domain),
        district=district_name(district, locale),
        description=description,
    )


def _firm_facts(
    session: Session, org_id: int, org: tuple[str, str | None] | None, locale: str
) -> doc.FirmFacts:
    """The firm's name and code as its organisation has them, its district as its record
    in the registry (the golden records') has it."""
    firm = firm_service.firm_of_org(session, org_id)
    name, uscc = org or (firm.name if firm else "", None)
    return doc.FirmFacts(
        name=name,
        uscc=uscc or (firm.uscc if firm else None) or "",
        district=district_name(firm.district_code if firm else None, locale),
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
