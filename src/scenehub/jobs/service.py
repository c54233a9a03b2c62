"""Use cases of jobs: queue one, report progress, finish, read it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from scenehub.db import utcnow
from scenehub.errors import AppError, Conflict, NotFound
from scenehub.governance import audit
from scenehub.governance.authz import authorize
from scenehub.governance.policy import Actor, Resource
from scenehub.i18n import N_
from scenehub.jobs.liveness import ACTIVE, holds_its_step
from scenehub.jobs.models import Job
from scenehub.jobs.schemas import JobRead

STATUSES = (N_("queued"), N_("running"), N_("succeeded"), N_("failed"))
# The pipeline steps an operator starts from the web or the API, with their jobs' titles.
PIPELINE_STEPS = {
    "resolve": N_("Resolve firms from the departments' records"),
    "sync": N_("Update the capability registry from the golden records"),
    "train": N_("Train the industry classifier on the centre's labels"),
    "map": N_("Build the AI industry map"),
}
# What a step's job says while it runs (the page translates them).
PROGRESS_MESSAGES = (
    N_("starting"),
    N_("standardising"),
    N_("blocking and scoring pairs"),  # resolve's linking phases (integration/pipeline.py)
    N_("clustering"),
    N_("building golden records"),
    N_("writing"),
    N_("linking and golden records"),  # what resolve jobs said before it named the phases
    N_("reading the centre's labels"),
    N_("saving the industry classifier"),
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


# Any constant works; it names the lock that serialises starting a step on PostgreSQL.
_START_LOCK_KEY = 0x5CE70B5


class StepRunning(Conflict):
    """A pipeline step whose job (``job_id``) is still queued or running."""

    code = "step_running"

    def __init__(self, step: str, job_id: int) -> None:
        super().__init__(
            N_(
                "%(step)s is already queued or running as job %(id)s; start it again when "
                "that job has finished"
            ),
            params={"step": step, "id": job_id},
            details={"job_id": job_id},
        )
        self.job_id = job_id


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
    """Queue a pipeline step (``PIPELINE_STEPS``) as ``actor``; the caller launches it.

    One job of a step at a time: while one is queued or running (and not abandoned, see
    ``jobs/liveness.py``) this raises ``StepRunning`` naming it."""
    authorize(actor, "integration.run_pipeline")
    if step not in PIPELINE_STEPS:
        raise NotFound(N_("no pipeline step %(step)s"), params={"step": step})
    _lock_step_starts(session)
    holder = job_holding(session, step, utcnow())
    if holder is not None:
        raise StepRunning(step, holder)
    return queue(session, actor, step, PIPELINE_STEPS[step], {})


def job_holding(session: Session, kind: str, now: datetime) -> int | None:
    """The newest job of ``kind`` that still holds its step at ``now``, if any."""
    jobs = session.execute(
        select(Job.id, Job.status, Job.updated_at)
        .where(Job.kind == kind, Job.status.in_(ACTIVE))
        .order_by(Job.id.desc())
    ).all()
    return next((j.id for j in jobs if holds_its_step(j.status, j.updated_at, now)), None)


def _lock_step_starts(session: Session) -> None:
    # Two starts must not both find no job and both queue one. SQLite transactions already
    # hold the write lock (BEGIN IMMEDIATE, see db.py); PostgreSQL's take this one, until
    # the request commits the job it queued.
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _START_LOCK_KEY})


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
    job.status, job.done, job.total, job.updated_at = "running", done, total, utcnow()
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
    job.message, job.result = message, result or {}
    job.finished_at = job.updated_at = utcnow()
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


def failed_ingest_uploads(session: Session, before: datetime) -> list[str]:
    """The spec paths staged by ingest jobs that failed before ``before`` (retention)."""
    jobs = session.scalars(
        select(Job).where(Job.kind == "ingest", Job.status == "failed", Job.finished_at < before)
    )
    return [str(job.arguments["spec"]) for job in jobs if job.arguments.get("spec")]


def delete_finished(session: Session, before: datetime) -> tuple[int, list[str]]:
    """Delete the jobs that finished before ``before`` (retention): how many, and the spec
    paths the deleted ingest jobs had staged."""
    jobs = session.scalars(select(Job).where(Job.finished_at < before)).all()
    staged = [
        str(j.arguments["spec"]) for j in jobs if j.kind == "ingest" and j.arguments.get("spec")
    ]
    for job in jobs:
        session.delete(job)
    session.flush()
    return len(jobs), staged
