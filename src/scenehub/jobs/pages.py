"""A job's page: its progress while it runs (HTMX polls the status fragment), then its result."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from scenehub.governance.policy import Actor
from scenehub.jobs import service
from scenehub.jobs.runner import launch
from scenehub.jobs.schemas import Step
from scenehub.web.deps import IdPath, SessionDep, SettingsDep, SignedInActor, require
from scenehub.web.templating import render

router = APIRouter(include_in_schema=False)
PipelineRunner = Annotated[Actor, require("integration.run_pipeline")]


@router.post("/pipeline/{step}")
def start_step(
    step: Step,
    actor: PipelineRunner,
    session: SessionDep,
    settings: SettingsDep,
    background: BackgroundTasks,
) -> RedirectResponse:
    """The data sources page's buttons: queue the step, start it, show its job; while a
    job of the step is queued or running, show that one."""
    try:
        job = service.queue_step(session, actor, step)
    except service.StepRunning as running:
        return RedirectResponse(f"/jobs/{running.job_id}", status_code=303)
    background.add_task(launch, job.id, settings)  # after the commit
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


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
