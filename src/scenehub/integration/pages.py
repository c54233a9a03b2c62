"""HTML pages of the integration domain: data sources, rejects, golden firm records."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from scenehub.auth import service as auth_service
from scenehub.governance.policy import Actor
from scenehub.integration import service
from scenehub.integration.upload import stage_upload
from scenehub.jobs import service as job_service
from scenehub.jobs.runner import launch
from scenehub.web.deps import SessionDep, SettingsDep, SignedInActor, require
from scenehub.web.forms import form_page
from scenehub.web.templating import render

router = APIRouter(include_in_schema=False)
SourceReader = Annotated[Actor, require("integration.read_sources")]
FirmReader = Annotated[Actor, require("integration.read_firms")]
Uploader = Annotated[Actor, require("integration.upload")]


@router.get("/data/sources")
def sources_page(request: Request, actor: SourceReader, settings: SettingsDep) -> HTMLResponse:
    sources = service.list_sources(actor, settings.warehouse_path)
    chart = {
        "categories": [s.title or s.source for s in sources],
        "values": [s.rows for s in sources],
    }
    return render(request, "integration/sources.html", {"sources": sources, "chart": chart})


@router.get("/data/sources/{source}/rejects")
def rejects_page(
    source: str, request: Request, actor: SourceReader, settings: SettingsDep
) -> HTMLResponse:
    rejects = service.list_rejects(actor, settings.warehouse_path, source)
    return render(request, "integration/rejects.html", {"source": source, "rejects": rejects})


@router.get("/firms")
def firms_page(
    request: Request,
    actor: FirmReader,
    settings: SettingsDep,
    q: Annotated[str | None, Query(max_length=100)] = None,
) -> HTMLResponse:
    firms = service.search_firms(actor, settings.warehouse_path, q or None)
    return render(request, "integration/firms.html", {"firms": firms, "q": q or ""})


@router.get("/firms/{firm_id}")
def firm_page(
    firm_id: str, request: Request, actor: SignedInActor, session: SessionDep, settings: SettingsDep
) -> HTMLResponse:
    firm = service.get_firm(session, actor, settings.warehouse_path, firm_id)
    return render(request, "integration/firm.html", {"firm": firm})


def _no_context(actor: Actor, session: Session) -> dict[str, object]:
    return {}


@router.get("/data/upload")
def upload_page(request: Request, actor: Uploader) -> HTMLResponse:
    return render(request, "integration/upload.html")


@router.post("/data/upload")
def upload(
    actor: Uploader,
    _page: Annotated[None, form_page("integration/upload.html", _no_context)],
    session: SessionDep,
    settings: SettingsDep,
    background: BackgroundTasks,
    spec: UploadFile,
    data: UploadFile,
    allow_shrink: Annotated[bool, Form()] = False,
) -> Response:
    """Store the file and its spec, queue the ingest, show its progress (``allow_shrink``:
    the uploader confirms that the source really shrank, docs/source-specs.md)."""
    org = auth_service.get_org(session, actor, actor.org_id) if actor.org_id else None
    staged, spec_path = stage_upload(
        actor,
        org.name if org else None,
        settings.data_dir / "uploads",
        spec.file.read(),
        data.filename or "",
        data.file.read(),
    )
    job = job_service.queue(
        session,
        actor,
        "ingest",
        f"{staged.department} · {staged.name}",
        {"spec": str(spec_path), "allow_shrink": allow_shrink},
    )
    background.add_task(launch, job.id, settings)  # after the commit
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)
