"""JSON routes of jobs: one job's progress and outcome, and starting a pipeline step."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks

from scenehub.governance.policy import Actor
from scenehub.jobs import service
from scenehub.jobs.runner import launch
from scenehub.jobs.schemas import JobRead, Step
from scenehub.web.deps import IdPath, SessionDep, SettingsDep, SignedInActor, require

router = APIRouter(tags=["jobs"])
PipelineRunner = Annotated[Actor, require("integration.run_pipeline")]
_STEP_ERRORS: dict[int | str, dict[str, Any]] = {
    409: {"description": "a job of this step is queued or running (its id: details.job_id)"}
}


@router.get("/jobs/{job_id}")
def read_job(job_id: IdPath, actor: SignedInActor, session: SessionDep) -> JobRead:
    return service.get(session, actor, job_id)


@router.post("/pipeline/{step}", status_code=202, responses=_STEP_ERRORS)
def start_step(
    step: Step,
    actor: PipelineRunner,
    session: SessionDep,
    settings: SettingsDep,
    background: BackgroundTasks,
) -> JobRead:
    """Queue a pipeline step and start it in a worker process; poll ``/jobs/{id}``. While
    a job of the step is queued or running, 409 names it (a job silent for 30 minutes is
    taken for abandoned and no longer counts)."""
    job = service.queue_step(session, actor, step)
    background.add_task(launch, job.id, settings)  # after the commit
    return job
