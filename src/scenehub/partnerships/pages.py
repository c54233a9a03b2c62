"""HTML pages of partnerships: the centre's list with a chart of the stages, a partnership's
page (its stage and next moves, pilot, milestones, KPIs, evaluation, contract, what is
published, with forms for whoever keeps it; its attachments, with the upload form for its
parties), the catalogue and the public progress page."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request, UploadFile
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from scenehub.db import today as local_today
from scenehub.governance.policy import Actor, Allow, Resource, decide
from scenehub.partnerships import attachments, catalogue, pilots, progress, service, stages
from scenehub.partnerships.attachment_kinds import KINDS, SUFFIXES, size_text
from scenehub.partnerships.attachment_store import AttachmentStore
from scenehub.partnerships.labels import PARTNERSHIP_LABELS
from scenehub.partnerships.readiness import COMPLIANCE_CHECKS, LABELS
from scenehub.partnerships.schemas import (
    AttachmentRead,
    CatalogueEvidenceSet,
    ContractForm,
    EvaluationForm,
    KpiActual,
    KpiCreate,
    MilestoneComplete,
    MilestoneCreate,
    PartnershipRead,
    PartnershipStage,
    PilotSet,
    PublicationSet,
    StageMove,
)
from scenehub.settings import Settings
from scenehub.web.deps import IdPath, PublicActor, SessionDep, SettingsDep, require
from scenehub.web.forms import FormPosts
from scenehub.web.paging import PageNumber, offset_of, pager
from scenehub.web.templating import bar_chart, render, translator
from scenehub.work import day_of

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 100
Keeper = Annotated[Actor, require("partnerships.edit")]


@router.get("/partnerships")
def partnerships_page(
    request: Request,
    actor: Annotated[Actor, require("partnerships.read_all")],
    session: SessionDep,
    stage: PartnershipStage | None = None,
    page: PageNumber = 1,
) -> HTMLResponse:
    t = translator(request)
    rows = service.list_partnerships(
        session, actor, stage=stage, limit=PAGE_SIZE + 1, offset=offset_of(page, PAGE_SIZE)
    )
    counts = service.counts_by_stage(session, actor)
    return render(
        request,
        "partnerships/list.html",
        {
            "partnerships": rows[:PAGE_SIZE],
            "mine": False,
            "pager": pager(page, list(rows), {"stage": stage or ""}, size=PAGE_SIZE),
            "stage": stage or "",
            "labels": PARTNERSHIP_LABELS,
            "chart": bar_chart((t(PARTNERSHIP_LABELS[c.stage]), c.count) for c in counts),
        },
    )


@router.get("/my/partnerships")
def own_partnerships_page(
    request: Request,
    actor: Annotated[Actor, require("partnerships.read_own")],
    session: SessionDep,
) -> HTMLResponse:
    return render(
        request,
        "partnerships/list.html",
        {
            "partnerships": service.list_own(session, actor),
            "mine": True,
            "has_more": False,
            "page": 1,
            "stage": "",
            "labels": PARTNERSHIP_LABELS,
        },
    )


def partnership_context(
    actor: Actor, session: Session, code: str, settings: Settings
) -> dict[str, Any]:
    found = progress.get_partnership(session, actor, code)
    resource = Resource("partnership", code, found.department_org_id)
    keeps = isinstance(decide(actor, "partnerships.edit", resource), Allow)
    party = service.party_of(actor, found.department_org_id)
    return {
        "p": found,
        "labels": PARTNERSHIP_LABELS,
        "keeps": keeps and found.stage != "terminated",
        "moves": stages.next_stages(found.stage, party) if keeps else [],
        "rubric": stages.RUBRIC,
        "grades": stages.GRADE_LABELS,
        "methods": stages.PROCUREMENT_METHODS,
        "parts": stages.PUBLISHABLE_PARTS,
        "contract_open": stages.check_contract(found.stage) is None,
        "evaluation_open": stages.check_evaluation(found.stage) is None,
        "yuan": stages.yuan_text,
        "today": local_today(),
        **_readiness_context(actor, session, code),
        **_attachment_context(actor, session, found, settings),
    }


def _readiness_context(actor: Actor, session: Session, code: str) -> dict[str, Any]:
    return {
        "readiness": catalogue.assessed(session, actor, code),
        "criteria_labels": LABELS,
        "checks": catalogue.compliance_checks(),
        "check_labels": COMPLIANCE_CHECKS,
    }


def _attachment_context(
    actor: Actor, session: Session, found: PartnershipRead, settings: Settings
) -> dict[str, Any]:
    """The attachments, whether the actor may attach one and which ones it may delete."""
    listed = attachments.list_of(session, actor, found.code)
    parties = frozenset({found.firm_org_id})
    resource = Resource("partnership", found.code, found.department_org_id, parties)
    may_attach = isinstance(decide(actor, "partnerships.attach", resource), Allow)

    def deletable(a: AttachmentRead) -> bool:
        uploader = Resource("attachment", str(a.id), a.uploaded_by_org_id)
        return isinstance(decide(actor, "partnerships.detach", uploader), Allow)

    return {
        "attachments": listed,
        "may_attach": may_attach and found.stage != "terminated",
        "deletable": {a.id for a in listed if deletable(a)},
        "kinds": KINDS,
        "size_text": size_text,
        "day_of": day_of,
        "accept": ",".join(SUFFIXES),
        "attach_limit_mb": f"{settings.attachment_max_bytes / (1024 * 1024):g}",
    }


@router.get("/partnerships/{code}")
def partnership_page(
    code: str,
    request: Request,
    actor: Annotated[Actor, require("partnerships.read")],
    session: SessionDep,
    settings: SettingsDep,
) -> HTMLResponse:
    context = partnership_context(actor, session, code, settings)
    return render(request, "partnerships/detail.html", context)


forms = FormPosts(router, "partnerships/detail.html", partnership_context)
PAGE = "/partnerships/{code}"


@forms.post("/partnerships/{code}/move", back=PAGE)
def move(
    code: str,
    actor: Annotated[Actor, require("partnerships.move")],
    session: SessionDep,
    body: Annotated[StageMove, Form()],
) -> None:
    service.move_stage(session, actor, code, body)


@forms.post("/partnerships/{code}/pilot", back=PAGE + "#pilot")
def set_pilot(
    code: str, actor: Keeper, session: SessionDep, body: Annotated[PilotSet, Form()]
) -> None:
    pilots.set_pilot(session, actor, code, body)


@forms.post("/partnerships/{code}/milestones", back=PAGE + "#milestones")
def add_milestone(
    code: str, actor: Keeper, session: SessionDep, body: Annotated[MilestoneCreate, Form()]
) -> None:
    pilots.add_milestone(session, actor, code, body)


@forms.post("/partnerships/{code}/milestones/{milestone_id}/complete", back=PAGE + "#milestones")
def complete_milestone(
    code: str,
    milestone_id: IdPath,
    actor: Keeper,
    session: SessionDep,
    body: Annotated[MilestoneComplete, Form()],
) -> None:
    pilots.complete_milestone(session, actor, code, milestone_id, body)


@forms.post("/partnerships/{code}/kpis", back=PAGE + "#kpis")
def add_kpi(
    code: str, actor: Keeper, session: SessionDep, body: Annotated[KpiCreate, Form()]
) -> None:
    pilots.add_kpi(session, actor, code, body)


@forms.post("/partnerships/{code}/kpis/{kpi_id}/actual", back=PAGE + "#kpis")
def record_kpi_actual(
    code: str,
    kpi_id: IdPath,
    actor: Keeper,
    session: SessionDep,
    body: Annotated[KpiActual, Form()],
) -> None:
    pilots.record_kpi_actual(session, actor, code, kpi_id, body)


@forms.post("/partnerships/{code}/evaluation", back=PAGE + "#evaluation")
def record_evaluation(
    code: str, actor: Keeper, session: SessionDep, body: Annotated[EvaluationForm, Form()]
) -> None:
    pilots.record_evaluation(session, actor, code, body.to_body())


@forms.post("/partnerships/{code}/contract", back=PAGE + "#contract")
def record_contract(
    code: str, actor: Keeper, session: SessionDep, body: Annotated[ContractForm, Form()]
) -> None:
    pilots.record_contract(session, actor, code, body.to_body())


@forms.post("/partnerships/{code}/publication", back=PAGE + "#publication")
def set_publication(
    code: str, actor: Keeper, session: SessionDep, body: Annotated[PublicationSet, Form()]
) -> None:
    pilots.set_publication(session, actor, code, body)


@forms.post("/partnerships/{code}/catalogue-evidence", back=PAGE + "#readiness")
def set_catalogue_evidence(
    code: str,
    actor: Keeper,
    session: SessionDep,
    body: Annotated[CatalogueEvidenceSet, Form()],
) -> None:
    catalogue.set_evidence(session, actor, code, body)


@forms.post("/partnerships/{code}/attachments", back=PAGE + "#attachments")
def upload_attachment(
    code: str,
    actor: Annotated[Actor, require("partnerships.attach")],
    session: SessionDep,
    settings: SettingsDep,
    file: UploadFile,
    caption: Annotated[str, Form(max_length=attachments.MAX_CAPTION)] = "",
) -> None:
    upload = attachments.Upload.read(file.filename or "", file.file, caption, settings)
    attachments.add(session, actor, code, AttachmentStore.of(settings.data_dir), upload, settings)


@forms.post("/partnerships/{code}/attachments/{attachment_id}/delete", back=PAGE + "#attachments")
def delete_attachment(
    code: str,
    attachment_id: IdPath,
    actor: Annotated[Actor, require("partnerships.detach")],
    session: SessionDep,
    settings: SettingsDep,
) -> None:
    attachments.delete(session, actor, code, attachment_id, AttachmentStore.of(settings.data_dir))


@router.get("/catalogue")
def catalogue_page(
    request: Request,
    actor: Annotated[Actor, require("partnerships.read_all")],
    session: SessionDep,
) -> HTMLResponse:
    """The centre's catalogue: nominated and listed partnerships, readiness and dossiers."""
    return render(
        request,
        "partnerships/catalogue.html",
        {
            "items": catalogue.catalogue(session, actor),
            "labels": PARTNERSHIP_LABELS,
            "public": False,
        },
    )


@router.get("/p/catalogue")
def public_catalogue_page(
    request: Request, actor: PublicActor, session: SessionDep
) -> HTMLResponse:
    """The catalogue for anybody: listed partnerships whose department published progress."""
    return render(
        request,
        "partnerships/catalogue.html",
        {
            "items": catalogue.public_catalogue(session),
            "labels": PARTNERSHIP_LABELS,
            "public": True,
        },
    )


@router.get("/p/partnerships/{code}")
def public_progress_page(
    code: str, request: Request, actor: PublicActor, session: SessionDep
) -> HTMLResponse:
    """A partnership's progress for anybody: only the parts its department published."""
    return render(
        request,
        "partnerships/public.html",
        {
            "p": progress.public_progress(session, code),
            "labels": PARTNERSHIP_LABELS,
            "grades": stages.GRADE_LABELS,
            "rubric": stages.RUBRIC,
            "methods": stages.PROCUREMENT_METHODS,
            "yuan": stages.yuan_text,
        },
    )
