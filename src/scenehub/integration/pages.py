"""HTML pages of the integration domain: data sources, their rejects, uploads and the
pipeline's steps. (The golden firm records are shown by the registry's pages, firms/pages.py.)"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from scenehub.governance.policy import Actor
from scenehub.integration import service
from scenehub.jobs.runner import launch
from scenehub.web.deps import SessionDep, SettingsDep, require
from scenehub.web.forms import form_page
from scenehub.web.templating import bar_chart, render, translator

router = APIRouter(include_in_schema=False)
SourceReader = Annotated[Actor, require("integration.read_sources")]
Uploader = Annotated[Actor, require("integration.upload")]


@router.get("/data/sources")
def sources_page(request: Request, actor: SourceReader, settings: SettingsDep) -> HTMLResponse:
    """The sources and the pipeline's buttons. While a run holds the warehouse, or before the
    first ingest, the table cannot be read: the page says why and keeps the buttons."""
    busy = None
    try:
        sources = service.list_sources(actor, settings.warehouse_path)
    except service.WarehouseUnavailable as error:
        sources, busy = [], translator(request)(error.message, **error.params)
    chart = bar_chart((s.title or s.source, s.rows) for s in sources)
    return render(
        request, "integration/sources.html", {"sources": sources, "chart": chart, "busy": busy}
    )


@router.get("/data/sources/{source}/rejects")
def rejects_page(
    source: str, request: Request, actor: SourceReader, settings: SettingsDep
) -> HTMLResponse:
    rejects = service.list_rejects(actor, settings.warehouse_path, source)
    return render(request, "integration/rejects.html", {"source": source, "rejects": rejects})


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
    job = service.upload_dataset(
        session,
        actor,
        settings.uploads_dir,
        spec.file.read(),
        data.filename or "",
        data.file.read(),
        allow_shrink,
    )
    background.add_task(launch, job.id, settings)  # after the commit
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)
