"""Bad input to the partnership routes is a 4xx naming the problem in the reader's language,
on the API and on the partnership's page, never a 500."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.conftest import Accounts, bearer, csrf_of, sign_in
from tests.partnerships.test_access import PILOT
from tests.partnerships.test_progress import opened


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/moves", {"to": "terminated", "reason": "理" * 2001}, "reason"),
        ("/pilot", {**PILOT, "scope": "范" * 4001}, "scope"),
        ("/pilot", {**PILOT, "site": " "}, "site"),
        ("/pilot", {**PILOT, "data_granted": ["数据"] * 51}, "data_granted"),
        ("/pilot", {**PILOT, "starts_on": 20260601}, "starts_on"),
        ("/milestones", {"title": "t" * 301, "due_on": "2026-07-01"}, "title"),
        ("/kpis", {"name": "准确率", "unit": "%" * 41}, "unit"),
        ("/evaluation", {"rubric": {"cost": 6}}, "rubric.cost"),
        ("/contract", {"method": "handshake", "value_fen": 1, "signed_on": "2026-09-01"}, "method"),
        (
            "/contract",
            {"method": "single_source", "value_fen": 10**16, "signed_on": "2026-09-01"},
            "value_fen",
        ),
        ("/publication", {"parts": ["secrets"]}, "parts.0"),
        ("/catalogue-evidence", {"compliance_passed": ["Not A Name"]}, "compliance_passed.0"),
    ],
)
def test_a_bad_field_is_a_422_naming_it(
    client: TestClient, accounts: Accounts, path: str, body: dict[str, object], field: str
) -> None:
    url = f"/api/v1/partnerships/{opened(client, accounts)}"
    method = "POST" if path in ("/moves", "/milestones", "/kpis") else "PUT"
    refused = client.request(
        method, f"{url}{path}?lang=zh_CN", json=body, headers=bearer(client, accounts.department)
    )
    assert refused.status_code == 422, refused.text
    assert refused.json()["error"]["message"] == f"部分字段缺失或无效：{field}"


def test_nul_and_a_body_that_is_no_object_are_refused(
    client: TestClient, accounts: Accounts
) -> None:
    url = f"/api/v1/partnerships/{opened(client, accounts)}"
    dept = bearer(client, accounts.department)
    assert client.post(f"{url}/kpis", json={"name": "准\x00确"}, headers=dept).status_code == 422
    assert client.post(f"{url}/kpis", json=["准确率"], headers=dept).status_code == 422
    raw = {**dept, "Content-Type": "application/json"}
    broken = client.post(f"{url}/kpis", content=b'{"name": ', headers=raw)
    assert broken.status_code == 400 and broken.json()["error"]["code"] == "malformed_json"


def test_a_malformed_form_comes_back_on_the_partnership_page(
    client: TestClient, accounts: Accounts
) -> None:
    code = opened(client, accounts)
    client.post(
        f"/api/v1/partnerships/{code}/moves",
        json={"to": "pilot"},
        headers=bearer(client, accounts.department),
    )
    sign_in(client, accounts.department)
    token = csrf_of(client)
    for path, data, field in [
        (
            "/contract",
            {"method": "single_source", "value_yuan": "八万", "signed_on": "2026-11-01"},
            "value_yuan",
        ),
        (
            "/contract",
            {"method": "single_source", "value_yuan": "1.005", "signed_on": "2026-11-01"},
            "value_yuan",
        ),
        (
            "/contract",
            {"method": "single_source", "value_yuan": "88000", "signed_on": "昨天"},
            "signed_on",
        ),
        ("/pilot", {**PILOT, "ends_on": "2026-02-30"}, "ends_on"),
        ("/evaluation", {"effectiveness": "5", "reliability": "x"}, "reliability"),
        ("/milestones/1/complete", {"completed_on": ""}, "completed_on"),
        ("/kpis/1/actual", {"actual": "很多"}, "actual"),
    ]:
        page = client.post(
            f"/partnerships/{code}{path}?lang=en", data={"csrf_token": token, **data}
        )
        assert page.status_code == 422, (path, page.status_code)
        error = page.text.split('data-testid="form-error">')[1].split("<")[0]
        assert error.startswith("some fields are missing or invalid: ") and field in error, error
    unknown = client.post(
        f"/partnerships/{code}/kpis/{2**31 - 1}/actual", data={"csrf_token": token, "actual": "1"}
    )
    assert unknown.status_code == 404 and 'data-testid="form-error"' in unknown.text
