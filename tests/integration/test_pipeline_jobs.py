"""An operator starts the pipeline's steps from the web and the API: each runs as a job in a
worker process of the server, with progress and outcome on the job, audited as the operator."""

from __future__ import annotations

import time
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from scenehub.governance.models import AuditEntry
from scenehub.integration.ingest import ingest
from scenehub.integration.warehouse import open_warehouse
from scenehub.settings import Settings
from tests.conftest import Accounts, bearer, csrf_of, sign_in
from tests.integration.test_ingest import HEADER, ROWS, write_csv, write_spec

pytestmark = pytest.mark.slow


def _ingested(settings: Settings) -> None:
    folder = settings.data_dir / "delivery"
    folder.mkdir(parents=True)
    write_csv(folder / "amr.csv", [HEADER, *ROWS])
    connection = open_warehouse(settings.warehouse_path)
    ingest(connection, write_spec(folder, "amr.csv"))
    connection.close()


def _finished(client: TestClient, headers: dict[str, str], job_id: int) -> dict[str, Any]:
    seen = set()
    for _ in range(1200):  # a worker starts a fresh interpreter; the map loads its model
        job: dict[str, Any] = client.get(f"/api/v1/jobs/{job_id}", headers=headers).json()
        seen.add(job["status"])
        if job["status"] in ("succeeded", "failed"):
            job["seen"] = seen
            return job
        time.sleep(0.25)
    raise AssertionError(f"job {job_id} did not finish within five minutes")


def test_resolve_sync_and_map_run_as_jobs_from_the_api(
    client: TestClient, accounts: Accounts, settings: Settings, session: Session
) -> None:
    _ingested(settings)
    headers = bearer(client, accounts.operator)
    outcomes = {}
    for step in ("resolve", "sync", "train", "map"):
        started = client.post(f"/api/v1/pipeline/{step}", headers=headers)
        assert started.status_code == 202, started.text
        assert started.json()["status"] == "queued" and started.json()["kind"] == step
        outcomes[step] = _finished(client, headers, started.json()["id"])
        assert outcomes[step]["status"] == "succeeded", outcomes[step]
    assert outcomes["resolve"]["result"]["firms"] == 2
    assert outcomes["resolve"]["result"]["records"] == 2
    # A real total, so the page draws a real bar, and it ends full.
    assert outcomes["resolve"]["total"] >= 2
    assert outcomes["resolve"]["done"] == outcomes["resolve"]["total"]
    assert outcomes["train"]["result"]["examples"] > 0
    assert (settings.data_dir / "models").is_dir()
    assert outcomes["sync"]["result"] == {"golden": 2, "new": 2}
    assert outcomes["map"]["result"]["firms"] == 2
    runs = session.scalars(
        select(AuditEntry).where(AuditEntry.action == "integration.resolve")
    ).all()
    assert [r.actor_user_id for r in runs] == [accounts.operator.user_id]
    trained = session.scalars(select(AuditEntry).where(AuditEntry.action == "industry.train"))
    assert [t.actor_user_id for t in trained] == [accounts.operator.user_id]


def test_only_the_centre_starts_a_step(client: TestClient, accounts: Accounts) -> None:
    for account in (accounts.department, accounts.firm, accounts.investor):
        refused = client.post("/api/v1/pipeline/resolve", headers=bearer(client, account))
        assert refused.status_code == 403, account.username
    headers = bearer(client, accounts.operator)
    assert client.post("/api/v1/pipeline/drop-tables", headers=headers).status_code == 422
    assert client.post("/api/v1/pipeline/resolve").status_code == 401


def test_the_sources_page_starts_a_step_and_shows_its_job(
    client: TestClient, accounts: Accounts, settings: Settings
) -> None:
    _ingested(settings)
    sign_in(client, accounts.operator)
    page = client.get("/data/sources?lang=zh_CN")
    assert 'data-testid="run-resolve"' in page.text and "运行数据流程" in page.text
    started = client.post(
        "/pipeline/resolve", data={"csrf_token": csrf_of(client)}, follow_redirects=False
    )
    assert started.status_code == 303
    job_url = started.headers["location"]
    job_id = int(job_url.rsplit("/", 1)[1])
    assert _finished(client, {}, job_id)["status"] == "succeeded"
    shown = client.get(f"{job_url}?lang=zh_CN").text
    assert "从各部门记录归并企业" in shown and 'data-testid="job-firms">2<' in shown
    forged = client.post("/pipeline/resolve", data={"csrf_token": "x"}, follow_redirects=False)
    assert forged.status_code == 403
