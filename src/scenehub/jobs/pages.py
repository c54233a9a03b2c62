"""A job's page: its progress while it runs (HTMX polls the status fragment), then its result."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from scenehub.jobs import service
from scenehub.web.deps import IdPath, SessionDep, SignedInActor
from scenehub.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/jobs/{job_id}")
def job_page(
    job_id: IdPath, request: Request, actor: SignedInActor, session: SessionDep
) -> HTMLResponse:
    return render(request, "jobs/job.html", {"job": service.get(session, actor, job_id)})


@router.get("/jobs/{job_id}/status")
def job_status(
    job_id: IdPath, request: Request, actor: SignedInActor, session: SessionDep
) -> HTMLResponse:
    return render(request, "jobs/_status.html", {"job": service.get(session, actor, job_id)})
