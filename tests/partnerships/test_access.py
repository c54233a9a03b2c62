"""Who may call each partnership route: its department and the centre keep it, its firm reads
it, nobody else reaches it; the public pages show only what was published; bad ids are 4xx."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from scenehub.auth import service as auth_service
from scenehub.auth.roles import OrgKind, Role
from scenehub.auth.schemas import OrgCreate
from scenehub.db import session_factory
from scenehub.governance.policy import SYSTEM
from tests.conftest import Account, Accounts, bearer, csrf_of, make_account, sign_in
from tests.partnerships.test_progress import RUBRIC, in_pilot, opened
from tests.proposals.test_api import published_scene

CJK = re.compile(r"[\u4e00-\u9fff]")
PILOT = {"scope": "客流", "site": "东站", "starts_on": "2026-06-01", "ends_on": "2026-08-31"}
# A partnership's routes and a body each accepts.
READS = ["", "/readiness", "/dossier.pdf", "/dossier.docx"]
WRITES = [
    ("POST", "/moves", {"to": "terminated", "reason": "不再需要"}),
    ("PUT", "/pilot", PILOT),
    ("POST", "/milestones", {"title": "部署", "due_on": "2026-07-01"}),
    ("POST", "/milestones/1/complete", {"completed_on": "2026-07-01"}),
    ("POST", "/kpis", {"name": "准确率"}),
    ("PUT", "/kpis/1/actual", {"actual": 1}),
    ("PUT", "/evaluation", {"rubric": RUBRIC}),
    ("PUT", "/contract", {"method": "public_tender", "value_fen": 1, "signed_on": "2026-09-01"}),
    ("PUT", "/publication", {"parts": ["stage"]}),
    ("PUT", "/catalogue-evidence", {"compliance_passed": [], "sites_beyond_pilot": 0}),
]


@pytest.fixture
def other_department(db_url: str) -> Account:
    with session_factory(db_url)() as db:
        org = auth_service.create_org(
            db, SYSTEM, OrgCreate(kind=OrgKind.DEPARTMENT, name="杭州市城管局")
        ).id
        account = make_account(db, "parks", Role.DEPARTMENT, org)
        db.commit()
    return account


def said_in_chinese(response: object, status: int) -> str:
    assert getattr(response, "status_code", None) == status, getattr(response, "text", "")
    message = str(response.json()["error"]["message"])  # type: ignore[attr-defined]
    assert CJK.search(message), message
    return message


def test_nobody_but_its_parties_and_the_centre_reaches_a_partnership(
    client: TestClient, accounts: Accounts, other_department: Account
) -> None:
    url = f"/api/v1/partnerships/{opened(client, accounts)}"
    for account in (other_department, accounts.other_firm, accounts.investor):
        headers = bearer(client, account)
        for path in READS:
            refused = client.get(f"{url}{path}?lang=zh_CN", headers=headers)
            said_in_chinese(refused, 403)
        for method, path, body in WRITES:
            refused = client.request(method, f"{url}{path}?lang=zh_CN", json=body, headers=headers)
            said_in_chinese(refused, 403)
    for path in READS:
        assert client.get(f"{url}{path}").status_code == 401
    for method, path, body in WRITES:
        assert client.request(method, f"{url}{path}", json=body).status_code == 401


def test_the_firm_reads_its_partnership_and_keeps_none_of_it(
    client: TestClient, accounts: Accounts
) -> None:
    url = f"/api/v1/partnerships/{opened(client, accounts)}"
    firm = bearer(client, accounts.firm)
    for path in READS:
        assert client.get(f"{url}{path}", headers=firm).status_code == 200, path
    for method, path, body in WRITES:
        refused = client.request(method, f"{url}{path}?lang=zh_CN", json=body, headers=firm)
        assert "企业" in said_in_chinese(refused, 403), path


def test_another_department_opens_no_partnership_on_a_scene_not_its_own(
    client: TestClient, accounts: Accounts, other_department: Account
) -> None:
    code = opened(client, accounts)
    scene_id = client.get(f"/api/v1/partnerships/{code}", headers=bearer(client, accounts.firm))
    body = {"scene_id": scene_id.json()["scene_id"], "firm_org_id": accounts.other_firm.org_id}
    headers = bearer(client, other_department)
    said_in_chinese(client.post("/api/v1/partnerships?lang=zh_CN", json=body, headers=headers), 403)
    firm = bearer(client, accounts.firm)
    said_in_chinese(client.post("/api/v1/partnerships?lang=zh_CN", json=body, headers=firm), 403)


def test_the_centres_lists_are_the_centres(
    client: TestClient, accounts: Accounts, other_department: Account
) -> None:
    for account in (accounts.department, accounts.firm, accounts.investor):
        headers = bearer(client, account)
        for path in ("/partnerships", "/partnerships/stage-counts", "/catalogue", "/dashboard"):
            said_in_chinese(client.get(f"/api/v1{path}?lang=zh_CN", headers=headers), 403)
    assert client.get("/api/v1/public/catalogue").status_code == 200
    assert (
        client.get("/api/v1/my/partnerships", headers=bearer(client, other_department)).json() == []
    )


def test_records_of_another_partnership_or_none_are_not_found(
    client: TestClient, accounts: Accounts
) -> None:
    base, dept = in_pilot(client, accounts)
    kpi = client.post(f"{base}/kpis", json={"name": "准确率"}, headers=dept).json()["kpis"][0]
    milestone = {"title": "部署", "due_on": "2026-07-01"}
    mid = client.post(f"{base}/milestones", json=milestone, headers=dept).json()["milestones"][0]
    second, _ = in_pilot(client, accounts)
    for method, path, body in [
        ("PUT", f"/kpis/{kpi['id']}/actual", {"actual": 1}),
        ("POST", f"/milestones/{mid['id']}/complete", {"completed_on": "2026-07-02"}),
    ]:
        refused = client.request(method, f"{second}{path}?lang=zh_CN", json=body, headers=dept)
        said_in_chinese(refused, 404)
    for path in ("", "/readiness", "/dossier.pdf"):
        said_in_chinese(
            client.get(f"/api/v1/partnerships/P-NONE{path}?lang=zh_CN", headers=dept), 404
        )
    long = "P" * 5000
    assert client.get(f"/api/v1/partnerships/{long}", headers=dept).status_code == 404


def test_a_terminated_partnership_keeps_its_records_as_they_were(
    client: TestClient, accounts: Accounts
) -> None:
    url = f"/api/v1/partnerships/{opened(client, accounts)}"
    dept = bearer(client, accounts.department)
    client.post(f"{url}/moves", json={"to": "terminated", "reason": "场地取消"}, headers=dept)
    for method, path, body in WRITES[:3]:
        refused = client.request(method, f"{url}{path}?lang=zh_CN", json=body, headers=dept)
        said_in_chinese(refused, 409)


def test_another_departments_officer_is_refused_the_partnership_page(
    client: TestClient, accounts: Accounts, other_department: Account
) -> None:
    code = opened(client, accounts)
    assert client.get(f"/partnerships/{code}", follow_redirects=False).status_code == 303
    sign_in(client, other_department)
    page = client.get(f"/partnerships/{code}?lang=zh_CN")
    assert page.status_code == 403 and f"合作 {code} 属于其他机构" in page.text
    posted = client.post(
        f"/partnerships/{code}/move?lang=zh_CN",
        data={"csrf_token": csrf_of(client), "to": "pilot"},
    )
    assert posted.status_code == 403
    assert client.get(f"/p/partnerships/{code}").status_code == 404  # nothing published


def test_a_partnership_on_a_scene_under_security_vetting_has_no_public_page(
    client: TestClient, accounts: Accounts
) -> None:
    code = published_scene(client, accounts, security_vetting=True)
    scene_id = client.get(f"/api/v1/scenes/{code}", headers=bearer(client, accounts.operator))
    body = {"scene_id": scene_id.json()["id"], "firm_org_id": accounts.firm.org_id}
    dept = bearer(client, accounts.department)
    opened_ = client.post("/api/v1/partnerships", json=body, headers=dept)
    assert opened_.status_code == 201, opened_.text
    url = f"/api/v1/partnerships/{opened_.json()['code']}"
    client.put(f"{url}/publication", json={"parts": ["stage", "kpis"]}, headers=dept)
    assert client.get(f"/p/partnerships/{opened_.json()['code']}").status_code == 404


def test_a_refused_move_names_both_stages_in_the_readers_language(
    client: TestClient, accounts: Accounts
) -> None:
    url = f"/api/v1/partnerships/{opened(client, accounts)}/moves?lang=zh_CN"
    centre = bearer(client, accounts.operator)
    message = said_in_chinese(client.post(url, json={"to": "scale"}, headers=centre), 409)
    assert "已签约" in message and "规模化推广" in message, message
    assert "agreed" not in message and "scale" not in message, message
