"""A department uploads a dataset with its spec; the ingest runs as a job in its own process."""

from __future__ import annotations

import time

import pytest
import yaml
from fastapi.testclient import TestClient

from scenehub.integration.warehouse import open_warehouse
from scenehub.settings import Settings
from tests.conftest import Accounts, csrf_of, sign_in

pytestmark = pytest.mark.slow

CSV = (
    "备案编号,统一社会信用代码,单位名称,负责人\n"
    "B1,91330108MA2H7K0L0C,杭州云图智能科技有限公司,王伟\n"
    "B2,,,\n"
).encode("gbk")


def spec(department: str = "杭州市公安局", **changes: object) -> bytes:
    body = {
        "name": "police_security_firms",
        "department": department,
        "path": "x.csv",
        "format": "csv",
        "encoding": "auto",
        "grade": "core",
        "personal": ["legal_rep"],
        "record_id": "备案编号",
        "fields": {"uscc": "统一社会信用代码", "name": "单位名称", "legal_rep": "负责人"},
    }
    body.update(changes)
    return yaml.safe_dump(body, allow_unicode=True).encode("utf-8")


def upload(
    client: TestClient,
    spec_bytes: bytes,
    data: bytes = CSV,
    name: str = "firms.csv",
    allow_shrink: bool = False,
) -> object:
    form = {"csrf_token": csrf_of(client)} | ({"allow_shrink": "true"} if allow_shrink else {})
    return client.post(
        "/data/upload",
        data=form,
        files={"spec": ("spec.yaml", spec_bytes), "data": (name, data)},
        follow_redirects=False,
    )


def wait_for(client: TestClient, job_url: str) -> str:
    for _ in range(240):
        status = client.get(f"{job_url}/status")
        state = status.text.split('data-status="')[1].split('"')[0]
        if state in ("succeeded", "failed"):
            return status.text
        time.sleep(0.25)
    raise AssertionError("the job did not finish within a minute")


def test_a_department_uploads_its_dataset_and_watches_the_ingest(
    client: TestClient, accounts: Accounts, settings: Settings
) -> None:
    sign_in(client, accounts.department)
    response = upload(client, spec())
    assert response.status_code == 303, response.text  # type: ignore[attr-defined]
    job_url = response.headers["location"]  # type: ignore[attr-defined]
    assert client.get(job_url).status_code == 200
    final = wait_for(client, job_url)
    assert 'data-status="succeeded"' in final
    assert "neither a USCC nor a name: 1" in final
    connection = open_warehouse(settings.warehouse_path, read_only=True)
    assert connection.execute("SELECT count(*) FROM current_records").fetchone() == (1,)
    assert connection.execute("SELECT reason FROM rejects").fetchone() == (
        "neither a USCC nor a name",
    )
    connection.close()


def test_a_department_cannot_upload_another_departments_dataset(
    client: TestClient, accounts: Accounts
) -> None:
    sign_in(client, accounts.department)
    response = upload(client, spec(department="杭州市税务局"))
    assert response.status_code == 403  # type: ignore[attr-defined]
    assert "uploads only its own datasets" in response.text  # type: ignore[attr-defined]


def test_a_bad_spec_or_file_is_refused_on_the_form(client: TestClient, accounts: Accounts) -> None:
    sign_in(client, accounts.department)
    bad = upload(client, spec(format="docx"))
    assert bad.status_code == 422  # type: ignore[attr-defined]
    assert 'data-testid="form-error"' in bad.text  # type: ignore[attr-defined]
    exe = upload(client, spec(), name="virus.exe")
    assert exe.status_code == 422  # type: ignore[attr-defined]


def test_firms_cannot_upload_and_others_cannot_read_a_job(
    client: TestClient, accounts: Accounts
) -> None:
    sign_in(client, accounts.department)
    job_url = upload(client, spec()).headers["location"]  # type: ignore[attr-defined]
    wait_for(client, job_url)
    client.post("/logout", data={"csrf_token": csrf_of(client)})
    sign_in(client, accounts.firm)
    assert client.get("/data/upload").status_code == 403
    assert client.get(job_url).status_code == 403


def test_a_refused_upload_is_audited_and_leaves_no_files(
    client: TestClient, accounts: Accounts, settings: Settings
) -> None:
    from sqlalchemy import select

    from scenehub.db import session_factory
    from scenehub.governance.models import AuditEntry

    sign_in(client, accounts.department)
    upload(client, spec(department="杭州市税务局"))
    uploads = settings.data_dir / "uploads"
    assert not uploads.exists() or not any(uploads.iterdir())
    with session_factory(settings.resolved_database_url, read_only=True)() as db:
        denial = db.scalars(
            select(AuditEntry).where(AuditEntry.action == "integration.upload")
        ).one()
    assert denial.outcome == "denied" and denial.actor_username == "police"


def test_an_upload_cannot_take_over_another_departments_source(
    client: TestClient, accounts: Accounts
) -> None:
    sign_in(client, accounts.department)
    wait_for(client, upload(client, spec()).headers["location"])  # type: ignore[attr-defined]
    client.post("/logout", data={"csrf_token": csrf_of(client)})
    sign_in(client, accounts.operator)
    takeover = upload(client, spec(department="杭州市市场监督管理局"))
    final = wait_for(client, takeover.headers["location"])  # type: ignore[attr-defined]
    assert 'data-status="failed"' in final
    assert "belongs to 杭州市公安局" in final


def test_a_header_only_upload_is_refused_unless_the_uploader_confirms_the_shrink(
    client: TestClient, accounts: Accounts, settings: Settings
) -> None:
    sign_in(client, accounts.department)
    assert 'data-testid="allow-shrink"' in client.get("/data/upload").text
    wait_for(client, upload(client, spec()).headers["location"])  # type: ignore[attr-defined]
    header_only = "备案编号,统一社会信用代码,单位名称,负责人\n".encode("gbk")
    refused = upload(client, spec(), data=header_only).headers["location"]  # type: ignore[attr-defined]
    final = wait_for(client, refused)
    assert 'data-status="failed"' in final and 'data-code="source_shrank"' in final
    assert "0 usable rows, the current run of police_security_firms has 1" in final
    assert "(409 source_shrank)" in final
    in_chinese = client.get(f"{refused}/status?lang=zh_CN").text
    assert "保留不到一半行数的批次会被拒绝" in in_chinese
    connection = open_warehouse(settings.warehouse_path, read_only=True)
    assert connection.execute("SELECT count(*) FROM current_records").fetchone() == (1,)
    connection.close()
    allowed = upload(client, spec(), data=header_only, allow_shrink=True)
    assert 'data-status="succeeded"' in wait_for(client, allowed.headers["location"])  # type: ignore[attr-defined]
    connection = open_warehouse(settings.warehouse_path, read_only=True)
    assert connection.execute("SELECT count(*) FROM current_records").fetchone() == (0,)
    connection.close()
