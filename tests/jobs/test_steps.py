"""One job of a pipeline step at a time: starting a step while its job is queued or running
is refused (API: 409 naming the job; page: the running job's page), unless that job has
gone silent (its worker died); and a resolve run's progress is one bar that never goes back
and names its linking phases."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlalchemy.orm import Session

from scenehub.db import utcnow
from scenehub.governance.policy import SYSTEM
from scenehub.integration.pipeline import LINKING_PHASES, PHASE_QUARTERS, STANDARDISING, RunProgress
from scenehub.jobs import service
from scenehub.jobs.liveness import STALE_AFTER, holds_its_step
from scenehub.jobs.models import Job
from tests.conftest import Accounts, bearer, csrf_of, sign_in


def _queued(session: Session, step: str) -> int:
    job = service.queue_step(session, SYSTEM, step)
    session.commit()
    return job.id


def test_a_step_whose_job_is_queued_is_refused_with_409_naming_it(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    first = _queued(session, "resolve")
    refused = client.post("/api/v1/pipeline/resolve", headers=bearer(client, accounts.operator))
    assert refused.status_code == 409, refused.text
    assert refused.json()["error"]["details"]["job_id"] == first
    assert str(first) in refused.json()["error"]["message"]


def test_the_page_shows_the_running_job_instead_of_starting_another(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    first = _queued(session, "map")
    sign_in(client, accounts.operator)
    shown = client.post(
        "/pipeline/map", data={"csrf_token": csrf_of(client)}, follow_redirects=False
    )
    assert shown.status_code == 303 and shown.headers["location"] == f"/jobs/{first}"
    assert session.query(Job).filter(Job.kind == "map").count() == 1


def test_a_silent_job_or_a_finished_one_does_not_hold_its_step(session: Session) -> None:
    silent = _queued(session, "resolve")
    session.execute(
        update(Job)
        .where(Job.id == silent)
        .values(updated_at=utcnow() - STALE_AFTER - timedelta(seconds=1))
    )
    session.commit()
    second = _queued(session, "resolve")
    assert second != silent
    service.finish(session, second, True, "done")
    assert _queued(session, "resolve") not in (silent, second)
    # Another step is never held by this one's job.
    assert _queued(session, "sync")


@pytest.mark.parametrize(
    ("status", "silent_for", "holds"),
    [
        ("queued", timedelta(0), True),
        ("running", STALE_AFTER - timedelta(seconds=1), True),
        ("running", STALE_AFTER, False),
        ("succeeded", timedelta(0), False),
        ("failed", timedelta(0), False),
    ],
)
def test_liveness(status: str, silent_for: timedelta, holds: bool) -> None:
    now = utcnow()
    assert holds_its_step(status, now - silent_for, now) is holds


def test_a_resolve_runs_progress_is_one_bar_that_never_goes_back() -> None:
    heard: list[tuple[int, int, str]] = []
    progress = RunProgress(1000, lambda done, total, phase: heard.append((done, total, phase)))
    progress.standardised(0)
    for _ in range(10):
        progress.standardised(100)
    for phase in LINKING_PHASES:
        progress.phase(phase)
    # An exact-only rerun after a failed model repeats phases: the bar stays where it was.
    progress.phase(LINKING_PHASES[0])
    progress.finished()
    done = [d for d, _, _ in heard]
    assert done == sorted(done) and done[-1] == heard[-1][1] == progress.total
    assert progress.total == 1000  # the bar is over the run's records, as its page says
    assert [p for _, _, p in heard if p in LINKING_PHASES][:4] == list(LINKING_PHASES)
    # Standardising fills its share only: linking is work on the bar too, not a frozen 100 %.
    share = PHASE_QUARTERS[STANDARDISING] / sum(PHASE_QUARTERS.values())
    assert heard[10] == (int(1000 * share), 1000, STANDARDISING)
