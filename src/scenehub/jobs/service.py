"""Use cases of jobs: queue one, report progress, finish, read it."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from scenehub.db import utcnow
from scenehub.errors import AppError, NotFound
from scenehub.governance import audit
from scenehub.governance.authz import authorize
from scenehub.governance.policy import Actor, Resource
from scenehub.i18n import N_
from scenehub.jobs.models import Job
from scenehub.jobs.schemas import JobRead

STATUSES = (N_("queued"), N_("running"), N_("succeeded"), N_("failed"))
# The pipeline steps an operator starts from the web or the API, with their jobs' titles.
PIPELINE_STEPS = {
    "resolve": N_("Resolve firms from the departments' records"),
    "sync": N_("Update the capability registry from the golden records"),
    "map": N_("Build the AI industry map"),
}
# What a step's job says while it runs (the page translates them).
PROGRESS_MESSAGES = (
    N_("starting"),
    N_("standardising"),
    N_("linking and golden records"),
    N_("reading the golden records"),
    N_("loading the industry classifier"),
    N_("training the industry classifier"),
    N_("gathering firm facts"),
    N_("classifying firms on the AI chain"),
    N_("building the map's tables"),
    N_("done"),
    N_("reading"),
    N_("ingested"),
    N_("unchanged"),
)


def queue(
    session: Session, actor: Actor, kind: str, title: str, arguments: dict[str, Any]
) -> JobRead:
    job = Job(
        kind=kind, title=title, org_id=actor.org_id, created_by=actor.user_id, arguments=arguments
    )
    session.add(job)
    session.flush()
    audit.record(
        session,
        actor,
        "jobs.queue",
        resource_type="job",
        resource_id=job.id,
        subject_org_id=actor.org_id,
        details={"kind": kind, "title": title[:100]},
    )
    return JobRead.model_validate(job)


def queue_step(session: Session, actor: Actor, step: str) -> JobRead:
    """Queue a pipeline step (``PIPELINE_STEPS``) as ``actor``; the caller launches it."""
    authorize(actor, "integration.run_pipeline")
    if step not in PIPELINE_STEPS:
        raise NotFound(N_("no pipeline step %(step)s"), params={"step": step})
    return queue(session, actor, step, PIPELINE_STEPS[step], {})


def get(session: Session, actor: Actor, job_id: int) -> JobRead:
    job = session.get(Job, job_id)
    if job is None:
        raise NotFound(N_("job %(id)s not found"), params={"id": job_id})
    authorize(actor, "jobs.read", Resource("job", str(job_id), job.org_id))
    return JobRead.model_validate(job)


def progress(
    session: Session, job_id: int, done: int, total: int | None, message: str = ""
) -> None:
    """Record progress (called by the process running the job; commits itself)."""
    job = session.get(Job, job_id)
    if job is None:
        return
    job.status, job.done, job.total = "running", done, total
    if message:
        job.message = message
    session.commit()


def finish(
    session: Session, job_id: int, ok: bool, message: str, result: dict[str, Any] | None = None
) -> None:
    job = session.get(Job, job_id)
    if job is None:
        return
    job.status = "succeeded" if ok else "failed"
    job.message, job.result, job.finished_at = message, result or {}, utcnow()
    session.commit()


def arguments_of(session: Session, job_id: int) -> dict[str, Any]:
    job = session.get(Job, job_id)
    if job is None:
        raise NotFound(N_("job %(id)s not found"), params={"id": job_id})
    return dict(job.arguments)


def creator_of(session: Session, job_id: int) -> int | None:
    """The id of the user who queued the job."""
    job = session.get(Job, job_id)
    return job.created_by if job else None


def kind_of(session: Session, job_id: int) -> str:
    job = session.get(Job, job_id)
    if job is None:
        raise NotFound(N_("job %(id)s not found"), params={"id": job_id})
    return job.kind


def error_of(error: AppError) -> dict[str, Any]:
    """An error as the job page shows it, in the reader's language: status, code, message
    id and its parameters."""
    params = {k: v if isinstance(v, (int, float)) else str(v) for k, v in error.params.items()}
    return {"status": error.status, "code": error.code, "message": error.message, "params": params}


def fail(session: Session, job_id: int, error: Exception) -> None:
    """End a job as failed with the reason (an AppError in the reader's language)."""
    if isinstance(error, AppError):
        finish(session, job_id, False, str(error), {"error": error_of(error)})
    else:
        finish(
            session, job_id, False, f"unexpected error: {type(error).__name__}: {str(error)[:300]}"
        )
