"""The data integration through the API: sources with their runs and rejected rows, uploads,
golden firm records with the source of every field — for the roles the pages serve, with
the error envelope for everybody else and for bad input."""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from scenehub.auth import service as auth_service
from scenehub.auth.roles import OrgKind, Role
from scenehub.auth.schemas import OrgCreate
from scenehub.city import load_city
from scenehub.db import session_factory
from scenehub.governance import grant_service
from scenehub.governance.models import AuditEntry
from scenehub.governance.policy import SYSTEM
from scenehub.integration.ingest import ingest
from scenehub.integration.pipeline import run_resolution
from scenehub.integration.resolve import ResolveSettings
from scenehub.integration.standardise import city_rules
from scenehub.integration.uscc import make_uscc
from scenehub.integration.warehouse import open_warehouse
from scenehub.settings import Settings
from tests.conftest import Account, Accounts, bearer, make_account, sign_in

API = "/api/v1/integration"
CODES = [make_uscc("330108", f"MA2H7K{i:02d}") for i in range(6)]
NAMES = [
    "杭州云图智能科技有限公司",
    "杭州明鉴科技有限公司",
    "杭州慧眸环境科技有限公司",
    "杭州海岳机器人有限公司",
    "杭州芯原微电子有限公司",
    "杭州钱江数据服务有限公司",
]
AMR_FIELDS = {"uscc": "统一社会信用代码", "name": "企业名称", "legal_rep": "法定代表人"}
POLICE_FIELDS = {"uscc": "统一社会信用代码", "name": "单位名称", "phone": "联系电话"}


def write_source(
    folder: Path, name: str, department: str, header: str, rows: list[str], fields: dict[str, str]
) -> Path:
    """A department's CSV and its spec in ``folder``; returns the spec's path."""
    (folder / f"{name}.csv").write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    spec = {
        "name": name,
        "department": department,
        "path": f"{name}.csv",
        "format": "csv",
        "encoding": "utf-8",
        "grade": "core",
        "personal": ["legal_rep", "phone"],
        # the firm's code and name are public; the rest is the department's core data
        "field_grades": {"uscc": "general", "name": "general"},
        "record_id": "编号",
        "fields": fields,
    }
    path = folder / f"{name}.yaml"
    path.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    return path


def amr_rows(firms: int) -> list[str]:
    # R99 has neither a code nor a name: rejected with that reason.
    return [f"R{i},{CODES[i]},{NAMES[i]},王{i}" for i in range(firms)] + ["R99,,,"]


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two departments' sources; the registrations delivered twice (the second run adds a
    firm), the police's once."""
    folder = tmp_path_factory.mktemp("api-sources")
    connection = open_warehouse(folder / "warehouse.duckdb")
    amr_header = "编号,统一社会信用代码,企业名称,法定代表人"
    amr = write_source(
        folder, "amr_registrations", "杭州市市场监督管理局", amr_header, amr_rows(5), AMR_FIELDS
    )
    ingest(connection, amr)
    write_source(
        folder, "amr_registrations", "杭州市市场监督管理局", amr_header, amr_rows(6), AMR_FIELDS
    )
    ingest(connection, amr)
    police = [f"B{i},{CODES[i]},{NAMES[i]},0571-8888{i:04d}" for i in range(3)]
    header = "编号,统一社会信用代码,单位名称,联系电话"
    ingest(
        connection,
        write_source(
            folder, "police_security_firms", "杭州市公安局", header, police, POLICE_FIELDS
        ),
    )
    connection.close()
    return folder / "warehouse.duckdb"


@pytest.fixture(scope="module")
def resolved(ingested: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("api-resolved") / "warehouse.duckdb"
    shutil.copy(ingested, path)
    connection = open_warehouse(path)
    try:
        run_resolution(connection, city_rules(load_city()), ResolveSettings())
    finally:
        connection.close()
    return path


def installed(source: Path, settings: Settings) -> Path:
    settings.warehouse_path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(source, settings.warehouse_path)
    return settings.warehouse_path


@pytest.fixture
def warehouse(ingested: Path, settings: Settings) -> Path:
    return installed(ingested, settings)


@pytest.fixture
def golden(resolved: Path, settings: Settings) -> Path:
    return installed(resolved, settings)


def assert_envelope(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert set(error) == {"code", "message", "details"} and error["message"]
    if code is not None:
        assert error["code"] == code
    return dict(error)


def firm_of(db_url: str, uscc: str) -> Account:
    """A firm's account whose organisation holds ``uscc``."""
    with session_factory(db_url)() as db:
        org = auth_service.create_org(
            db, SYSTEM, OrgCreate(kind=OrgKind.FIRM, name=NAMES[0], uscc=uscc)
        )
        account = make_account(db, "yuntu_owner", Role.FIRM, org.id)
        db.commit()
    return account


# --- sources, runs, rejects ------------------------------------------------------------------


def test_operators_list_the_sources_with_their_current_run(
    client: TestClient, accounts: Accounts, warehouse: Path
) -> None:
    sources = client.get(f"{API}/sources", headers=bearer(client, accounts.operator))
    assert sources.status_code == 200, sources.text
    by_name = {s["source"]: s for s in sources.json()}
    assert set(by_name) == {"amr_registrations", "police_security_firms"}
    amr = by_name["amr_registrations"]
    assert (amr["rows"], amr["rejects"], amr["current_run"]) == (6, 1, 2)
    assert amr["department"] == "杭州市市场监督管理局"
    assert amr["personal"] == ["legal_rep", "phone"]
    assert by_name["police_security_firms"]["rows"] == 3


def test_a_sources_runs_come_newest_first_a_page_at_a_time(
    client: TestClient, accounts: Accounts, warehouse: Path
) -> None:
    staff = bearer(client, accounts.admin)
    runs = client.get(f"{API}/sources/amr_registrations/runs", headers=staff).json()
    assert [(r["run_id"], r["current"], r["rows"], r["rejects"]) for r in runs] == [
        (2, True, 6, 1),
        (1, False, 5, 1),
    ]
    assert runs[0]["file_name"] == "amr_registrations.csv"  # not the server's path
    assert runs[0]["finished_at"] is not None and len(runs[0]["file_sha256"]) == 64
    assert runs[0]["file_sha256"] != runs[1]["file_sha256"]
    older = client.get(
        f"{API}/sources/amr_registrations/runs", params={"limit": 1, "offset": 1}, headers=staff
    ).json()
    assert [r["run_id"] for r in older] == [1]


def test_rejected_rows_carry_their_reason(
    client: TestClient, accounts: Accounts, warehouse: Path
) -> None:
    staff = bearer(client, accounts.operator)
    rejects = client.get(f"{API}/sources/amr_registrations/rejects", headers=staff).json()
    # The file's line 8: after the header and six firms.
    assert [(r["row_number"], r["record_id"], r["reason"]) for r in rejects] == [
        (8, "R99", "neither a USCC nor a name")
    ]
    assert "R99" in rejects[0]["raw"]
    clean = client.get(f"{API}/sources/police_security_firms/rejects", headers=staff)
    assert clean.status_code == 200 and clean.json() == []
    past_the_end = client.get(
        f"{API}/sources/amr_registrations/rejects", params={"offset": 1}, headers=staff
    )
    assert past_the_end.json() == []


def test_an_unknown_source_is_404_and_a_malformed_one_422(
    client: TestClient, accounts: Accounts, warehouse: Path
) -> None:
    staff = bearer(client, accounts.operator)
    for kind in ("runs", "rejects"):
        missing = client.get(f"{API}/sources/tax_records/{kind}", headers=staff)
        assert "tax_records" in assert_envelope(missing, 404, "not_found")["message"]
        assert_envelope(client.get(f"{API}/sources/Bad-Name/{kind}", headers=staff), 422)
    for params in ({"limit": 0}, {"limit": 1001}, {"offset": -1}):
        bad = client.get(f"{API}/sources/amr_registrations/rejects", params=params, headers=staff)
        assert_envelope(bad, 422, "validation_error")


def test_only_the_centre_reads_sources_and_golden_records(
    client: TestClient, accounts: Accounts, warehouse: Path
) -> None:
    paths = [
        "/sources",
        "/sources/amr_registrations/runs",
        "/sources/amr_registrations/rejects",
        "/firms",
    ]
    for path in [*paths, f"/firms/{CODES[0]}"]:
        assert_envelope(client.get(API + path), 401, "not_authenticated")
    for account in (accounts.department, accounts.firm, accounts.investor):
        headers = bearer(client, account)
        for path in paths:
            assert_envelope(client.get(API + path, headers=headers), 403, "permission_denied")
    # Another firm's record: refused to a firm; a department or investor opens it with its
    # graded fields masked unless it holds a grant (tests/governance/test_reads.py).
    other = client.get(f"{API}/firms/{CODES[0]}", headers=bearer(client, accounts.firm))
    assert_envelope(other, 403, "permission_denied")


def test_without_a_warehouse_the_api_says_what_to_do(
    client: TestClient, accounts: Accounts
) -> None:
    staff = bearer(client, accounts.operator)
    for path in ("/sources", "/sources/amr_registrations/runs", f"/firms/{CODES[0]}"):
        error = assert_envelope(client.get(API + path, headers=staff), 409, "warehouse_unavailable")
        assert "scenehub ingest" in error["message"]


def test_a_golden_record_before_resolution_says_to_resolve(
    client: TestClient, accounts: Accounts, warehouse: Path
) -> None:
    staff = bearer(client, accounts.operator)
    assert client.get(f"{API}/firms", headers=staff).json() == []
    error = assert_envelope(client.get(f"{API}/firms/{CODES[0]}", headers=staff), 409)
    assert "scenehub resolve" in error["message"]


# --- uploads -------------------------------------------------------------------------------

UPLOAD_CSV = (
    f"备案编号,统一社会信用代码,单位名称,负责人\nB1,{CODES[0]},{NAMES[0]},王伟\nB2,,,\n"
).encode("gbk")


def upload_spec(department: str = "杭州市公安局", **changes: object) -> bytes:
    body = {
        "name": "police_guard_licences",
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
    client: TestClient, headers: dict[str, str], spec: bytes, name: str = "guards.csv"
) -> Any:
    return client.post(
        f"{API}/uploads",
        files={"spec": ("spec.yaml", spec), "data": (name, UPLOAD_CSV)},
        headers=headers,
    )


@pytest.mark.slow
def test_a_department_uploads_a_dataset_and_its_ingest_runs_as_a_job(
    client: TestClient, accounts: Accounts, settings: Settings
) -> None:
    department = bearer(client, accounts.department)
    queued = upload(client, department, upload_spec())
    assert queued.status_code == 202, queued.text
    job = queued.json()
    assert job["kind"] == "ingest" and job["org_id"] == accounts.department.org_id
    assert job["title"] == "杭州市公安局 · police_guard_licences"
    for _ in range(240):
        job = client.get(f"/api/v1/jobs/{job['id']}", headers=department).json()
        if job["status"] in ("succeeded", "failed"):
            break
        time.sleep(0.25)
    assert job["status"] == "succeeded", job
    staff = bearer(client, accounts.operator)
    sources = client.get(f"{API}/sources", headers=staff).json()
    assert [(s["source"], s["rows"], s["rejects"]) for s in sources] == [
        ("police_guard_licences", 1, 1)
    ]
    rejects = client.get(f"{API}/sources/police_guard_licences/rejects", headers=staff).json()
    assert [r["reason"] for r in rejects] == ["neither a USCC nor a name"]


def test_an_upload_is_refused_to_the_wrong_department_and_to_firms(
    client: TestClient, accounts: Accounts, settings: Settings
) -> None:
    other = upload(client, bearer(client, accounts.department), upload_spec("杭州市税务局"))
    assert "uploads only its own datasets" in assert_envelope(other, 403)["message"]
    assert_envelope(upload(client, bearer(client, accounts.firm), upload_spec()), 403)
    assert_envelope(upload(client, {}, upload_spec()), 401)
    assert not (settings.data_dir / "uploads").exists() or not any(
        (settings.data_dir / "uploads").iterdir()
    )


def test_a_bad_upload_is_a_422_with_the_envelope(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    department = bearer(client, accounts.department)
    assert_envelope(upload(client, department, upload_spec(format="docx")), 422)
    assert_envelope(upload(client, department, upload_spec(), name="virus.exe"), 422)
    missing = client.post(
        f"{API}/uploads", files={"spec": ("spec.yaml", upload_spec())}, headers=department
    )
    assert_envelope(missing, 422, "validation_error")
    queued = session.scalars(select(AuditEntry).where(AuditEntry.action == "jobs.queue")).all()
    assert queued == []


# --- golden firm records -------------------------------------------------------------------


@pytest.mark.slow
def test_a_golden_record_names_the_source_of_every_field_and_is_audited(
    client: TestClient, accounts: Accounts, golden: Path, session: Session
) -> None:
    staff = bearer(client, accounts.operator)
    found = client.get(f"{API}/firms", params={"q": "云图"}, headers=staff).json()
    assert [(f["firm_id"], f["records"], f["sources"]) for f in found] == [(CODES[0], 2, 2)]
    # Without the centre's standing grant even staff see the personal and core fields masked.
    masked = client.get(f"{API}/firms/{CODES[0]}", headers=staff).json()
    assert {f["field"]: f["value"] for f in masked["fields"]}["phone"] is None
    assert {"legal_rep", "phone"} <= set(masked["masked"]) and "name" not in masked["masked"]
    standing(session, accounts.operator.org_id)
    firm = client.get(f"{API}/firms/{CODES[0]}", headers=staff)
    assert firm.status_code == 200, firm.text
    body = firm.json()
    assert body["masked"] == [] and body["purpose"] == "entity-resolution-review"
    fields = {f["field"]: (f["value"], f["source"], f["record_id"]) for f in body["fields"]}
    graded = {f["field"]: (f["grade"], f["personal"]) for f in body["fields"]}
    assert graded["phone"] == ("core", True) and graded["name"] == ("general", False)
    assert fields["phone"] == ("0571-88880000", "police_security_firms", "B0")
    assert fields["legal_rep"] == ("王0", "amr_registrations", "R0")
    assert fields["name"][0] == NAMES[0]
    assert sorted((r["source"], r["record_id"]) for r in body["linked"]) == [
        ("amr_registrations", "R0"),
        ("police_security_firms", "B0"),
    ]
    read = session.scalars(
        select(AuditEntry).where(AuditEntry.action == "integration.read_firm")
    ).all()
    assert [(e.resource_id, e.actor_username) for e in read] == [(CODES[0], "operator")] * 2
    assert [e.purpose for e in read] == ["firm-profile", "entity-resolution-review"]
    assert "phone" in read[0].details["masked"] and read[0].details["grant"] is None
    assert "phone" in read[1].details["fields"] and read[1].details["grant"] is not None


def standing(session: Session, org_id: int) -> None:
    """The centre's standing grant for its entity-resolution review (committed)."""
    grant_service.standing_grant(session, SYSTEM, grantee_org_id=org_id, days=30)
    session.commit()


@pytest.mark.slow
def test_golden_records_are_listed_a_page_at_a_time(
    client: TestClient, accounts: Accounts, golden: Path
) -> None:
    staff = bearer(client, accounts.operator)
    every = [f["firm_id"] for f in client.get(f"{API}/firms", headers=staff).json()]
    assert sorted(every) == sorted(CODES)
    first = client.get(f"{API}/firms", params={"limit": 4}, headers=staff).json()
    rest = client.get(f"{API}/firms", params={"limit": 4, "offset": 4}, headers=staff).json()
    assert [f["firm_id"] for f in first + rest] == every
    assert_envelope(client.get(f"{API}/firms", params={"limit": 201}, headers=staff), 422)


@pytest.mark.slow
def test_a_firm_reads_its_own_golden_record_and_no_other(
    client: TestClient, accounts: Accounts, golden: Path, db_url: str
) -> None:
    owner = bearer(client, firm_of(db_url, CODES[0]))
    own = client.get(f"{API}/firms/{CODES[0]}", headers=owner)
    assert own.status_code == 200 and own.json()["firm_id"] == CODES[0]
    assert_envelope(client.get(f"{API}/firms/{CODES[1]}", headers=owner), 403)
    assert_envelope(client.get(f"{API}/firms", headers=owner), 403)
    staff = bearer(client, accounts.operator)
    unknown = make_uscc("330108", "MA2H7K99")
    assert_envelope(client.get(f"{API}/firms/{unknown}", headers=staff), 404, "not_found")
    assert_envelope(client.get(f"{API}/firms/not-a-code", headers=staff), 422)


# --- grades, grants and the read gate (governance/reads.py) -----------------------------------

GRANTS = "/api/v1/grants"
ASKED = {
    "datasets": ["golden_firms"],
    "fields": ["phone", "legal_rep"],
    "purpose": "pilot-evaluation",
    "purpose_text": "评估安防巡检试点",
    "link_kind": "scene",
    "link_ref": "SC-2026-001",
    "days": 30,
}


def read_firm(client: TestClient, headers: dict[str, str]) -> dict[str, Any]:
    found = client.get(f"{API}/firms/{CODES[0]}", headers=headers)
    assert found.status_code == 200, found.text
    return dict(found.json())


def test_a_department_reads_a_firm_masked_until_an_admin_approves_its_grant(
    client: TestClient, accounts: Accounts, golden: Path, db_url: str, session: Session
) -> None:
    owner = firm_of(db_url, CODES[0])
    department, admin = bearer(client, accounts.department), bearer(client, accounts.admin)
    masked = read_firm(client, department)
    values = {f["field"]: f["value"] for f in masked["fields"]}
    assert values["phone"] is None and values["legal_rep"] is None
    assert values["name"] == NAMES[0] and masked["purpose"] == "firm-profile"

    asked = client.post(GRANTS, json={**ASKED, "subject_org_id": owner.org_id}, headers=department)
    assert asked.status_code == 201, asked.text
    grant = asked.json()
    assert grant["state"] == "requested" and grant["requested_by"] == "police"
    assert read_firm(client, department)["masked"] == masked["masked"]  # not approved yet
    refused = client.post(f"{GRANTS}/{grant['id']}/approve", headers=department)
    assert_envelope(refused, 403, "permission_denied")
    approved = client.post(
        f"{GRANTS}/{grant['id']}/approve", json={"reason": "试点"}, headers=admin
    )
    assert approved.status_code == 200 and approved.json()["state"] == "approved"

    granted = read_firm(client, department)
    values = {f["field"]: f["value"] for f in granted["fields"]}
    assert values["phone"] == "0571-88880000" and values["legal_rep"] == "王0"
    assert (granted["purpose"], granted["grant"]) == ("pilot-evaluation", grant["id"])
    assert "phone" not in granted["masked"]  # other core fields stay masked

    revoked = client.post(f"{GRANTS}/{grant['id']}/revoke", headers=department)
    assert revoked.status_code == 200 and revoked.json()["state"] == "revoked"
    assert read_firm(client, department)["masked"] == masked["masked"]

    entries = session.scalars(
        select(AuditEntry)
        .where(AuditEntry.action == "integration.read_firm")
        .order_by(AuditEntry.seq)
    ).all()
    assert [e.subject_org_id for e in entries] == [owner.org_id] * 4
    assert [e.purpose for e in entries] == [
        "firm-profile",
        "firm-profile",
        "pilot-evaluation",
        "firm-profile",
    ]
    assert "phone" in entries[2].details["fields"] and entries[2].details["grant"] == grant["id"]
    assert "phone" in entries[3].details["masked"] and entries[3].details["grant"] is None
    # the firm sees the grant about its data, and every read in its own trail
    mine = client.get(f"{GRANTS}/mine", headers=bearer(client, owner)).json()
    assert [g["id"] for g in mine] == [grant["id"]]
    trail = client.get("/api/v1/audit/mine", headers=bearer(client, owner)).json()
    assert sum(e["action"] == "integration.read_firm" for e in trail) == 4


def test_an_administrator_never_approves_a_grant_they_asked_for(
    client: TestClient, accounts: Accounts, db_url: str
) -> None:
    admin = bearer(client, accounts.admin)
    asked = client.post(GRANTS, json=ASKED, headers=admin).json()
    refused = client.post(f"{GRANTS}/{asked['id']}/approve", headers=admin)
    assert_envelope(refused, 403, "own_grant")
    with session_factory(db_url)() as db:
        denied = db.scalars(
            select(AuditEntry).where(
                AuditEntry.action == "grants.approve", AuditEntry.outcome == "denied"
            )
        ).all()
    assert [e.resource_id for e in denied] == [str(asked["id"])]
    # another organisation neither revokes it nor reads it
    investor = bearer(client, accounts.investor)
    assert_envelope(client.post(f"{GRANTS}/{asked['id']}/revoke", headers=investor), 403)
    assert_envelope(client.get(f"{GRANTS}/{asked['id']}", headers=investor), 403)
    assert_envelope(client.get(GRANTS, headers=investor), 403)
    assert_envelope(client.post(GRANTS, json=ASKED, headers=bearer(client, accounts.firm)), 403)
    unknown = client.post(GRANTS, json={**ASKED, "purpose": "curiosity"}, headers=investor)
    assert_envelope(unknown, 422)


def test_the_firm_page_shows_grades_and_masks_without_a_grant(
    client: TestClient, accounts: Accounts, golden: Path
) -> None:
    sign_in(client, accounts.investor)
    page = client.get(f"/firms/{CODES[0]}?lang=zh_CN")
    assert page.status_code == 200, page.text
    assert 'data-testid="masked-phone"' in page.text and "已遮蔽——需要数据授权" in page.text
    assert "0571-88880000" not in page.text and "个人信息" in page.text
    english = client.get(f"/firms/{CODES[0]}?lang=en")
    assert "masked — needs a grant" in english.text
