"""A partnership through the API and its pages: stage moves (409 when refused, 403 for a
firm), the pilot's records, the partnership's page and forms, and the public progress page
that shows only what the department published."""

from __future__ import annotations

from fastapi.testclient import TestClient

from scenehub.partnerships import stages
from tests.conftest import Accounts, bearer, counted_statements, csrf_of, sign_in
from tests.proposals.test_api import published_scene

RUBRIC = dict.fromkeys(stages.RUBRIC, 5)


def opened(client: TestClient, accounts: Accounts) -> str:
    """A salon follow-up the centre turned into a partnership (agreed)."""
    scene = client.get(f"/api/v1/scenes/{published_scene(client, accounts)}").json()
    centre = bearer(client, accounts.operator)
    body = {"scene_id": scene["id"], "firm_org_id": accounts.firm.org_id, "note": "沙龙跟进"}
    response = client.post("/api/v1/partnerships", json=body, headers=centre)
    assert response.status_code == 201, response.text
    assert response.json()["stage"] == "agreed"
    assert client.get(f"/api/v1/scenes/{scene['code']}").json()["status"] == "partnered"
    return str(response.json()["code"])


def in_pilot(client: TestClient, accounts: Accounts) -> tuple[str, dict[str, str]]:
    """A partnership its department moved to pilot: its API address and the department's
    headers."""
    base = f"/api/v1/partnerships/{opened(client, accounts)}"
    dept = bearer(client, accounts.department)
    client.post(f"{base}/moves", json={"to": "pilot"}, headers=dept)
    return base, dept


def test_an_invalid_move_is_a_409_and_a_firm_gets_a_403(
    client: TestClient, accounts: Accounts
) -> None:
    code = opened(client, accounts)
    dept, firm = bearer(client, accounts.department), bearer(client, accounts.firm)
    url = f"/api/v1/partnerships/{code}/moves"
    skipped = client.post(url, json={"to": "scale"}, headers=dept)
    assert skipped.status_code == 409
    assert skipped.json()["error"]["code"] == "invalid_transition"
    assert skipped.json()["error"]["message"]
    refused = client.post(url, json={"to": "pilot"}, headers=firm)
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "permission_denied"
    assert client.post(url, json={"to": "pilot"}).status_code == 401
    assert client.post(url, json={"to": "won"}, headers=dept).status_code == 422
    moved = client.post(url, json={"to": "pilot"}, headers=dept)
    assert moved.status_code == 200 and moved.json()["stage"] == "pilot"
    # The firm reads it; another firm does not.
    assert client.get(f"/api/v1/partnerships/{code}", headers=firm).json()["stage"] == "pilot"
    rival = bearer(client, accounts.other_firm)
    assert client.get(f"/api/v1/partnerships/{code}", headers=rival).status_code == 403
    assert client.get("/api/v1/partnerships/P-NONE", headers=dept).status_code == 404
    kpi = client.post(f"/api/v1/partnerships/{code}/kpis", json={"name": "准确率"}, headers=firm)
    assert kpi.status_code == 403


def test_the_pilot_records_through_the_api(client: TestClient, accounts: Accounts) -> None:
    code = opened(client, accounts)
    dept = bearer(client, accounts.department)
    base = f"/api/v1/partnerships/{code}"
    contract = {"method": "public_tender", "value_fen": 35000025, "signed_on": "2026-11-20"}
    early = client.put(f"{base}/contract", json=contract, headers=dept)
    assert early.status_code == 409, early.text
    client.post(f"{base}/moves", json={"to": "pilot"}, headers=dept)
    pilot = {
        "scope": "客流统计",
        "site": "杭州东站",
        "starts_on": "2026-06-01",
        "ends_on": "2026-08-31",
        "data_granted": ["闸机数据"],
    }
    assert client.put(f"{base}/pilot", json=pilot, headers=dept).status_code == 200
    kpi = {"name": "准确率", "unit": "%", "baseline": 80, "target": 95}
    added = client.post(f"{base}/kpis", json=kpi, headers=dept)
    assert added.status_code == 201
    kpi_id = added.json()["kpis"][0]["id"]
    actual = client.put(f"{base}/kpis/{kpi_id}/actual", json={"actual": 97}, headers=dept)
    assert actual.json()["kpis"][0]["met"] is True
    bad = client.put(f"{base}/evaluation", json={"rubric": {"effectiveness": 9}}, headers=dept)
    assert bad.status_code == 422
    partial = client.put(f"{base}/evaluation", json={"rubric": {"cost": 3}}, headers=dept)
    assert partial.status_code == 409
    graded = client.put(f"{base}/evaluation", json={"rubric": RUBRIC}, headers=dept)
    assert graded.json()["evaluation"]["grade"] == "A"
    signed = client.put(f"{base}/contract", json=contract, headers=dept)
    assert signed.status_code == 200, signed.text
    assert signed.json()["contract"]["value_fen"] == 35000025
    unknown = {**contract, "method": "handshake"}
    assert client.put(f"{base}/contract", json=unknown, headers=dept).status_code == 422


def test_reading_a_partnership_costs_the_same_whatever_its_records(
    client: TestClient, accounts: Accounts
) -> None:
    base, dept = in_pilot(client, accounts)

    def statements() -> int:
        client.get(base, headers=dept)
        with counted_statements() as seen:
            assert client.get(base, headers=dept).status_code == 200
        return len(seen)

    client.post(f"{base}/kpis", json={"name": "K0"}, headers=dept)
    client.post(f"{base}/milestones", json={"title": "M0", "due_on": "2026-07-01"}, headers=dept)
    one = statements()
    for n in range(1, 4):
        client.post(f"{base}/kpis", json={"name": f"K{n}"}, headers=dept)
        body = {"title": f"M{n}", "due_on": "2026-07-01"}
        client.post(f"{base}/milestones", json=body, headers=dept)
        client.post(
            f"{base}/moves",
            json={"to": ("demonstration", "scale", "terminated")[n - 1], "reason": "结束"},
            headers=dept,
        )
    assert len(client.get(base, headers=dept).json()["kpis"]) == 4
    assert statements() == one > 0


def test_the_page_moves_the_stage_and_shows_a_refusal(
    client: TestClient, accounts: Accounts
) -> None:
    code = opened(client, accounts)
    sign_in(client, accounts.department)
    page = client.get(f"/partnerships/{code}?lang=en")
    assert page.status_code == 200
    assert 'data-testid="move-pilot"' in page.text and 'data-testid="move-scale"' not in page.text
    token = csrf_of(client)
    moved = client.post(
        f"/partnerships/{code}/move",
        data={"csrf_token": token, "to": "pilot"},
        follow_redirects=False,
    )
    assert moved.status_code == 303 and moved.headers["location"] == f"/partnerships/{code}"
    refused = client.post(
        f"/partnerships/{code}/move", data={"csrf_token": token, "to": "terminated", "reason": ""}
    )
    assert refused.status_code == 409 and 'data-testid="form-error"' in refused.text
    form = {"csrf_token": token, **{k: "4" for k in stages.RUBRIC}, "comment": "效果良好"}
    evaluated = client.post(f"/partnerships/{code}/evaluation", data=form, follow_redirects=False)
    assert evaluated.status_code == 303
    chinese = client.get(f"/partnerships/{code}?lang=zh_CN")
    assert (
        "试点" in chinese.text
        and "B — 良好" in chinese.text
        and "good" not in chinese.text
        and 'data-testid="grade"' in chinese.text
    )
    contract = {
        "csrf_token": token,
        "method": "single_source",
        "value_yuan": "88000.00",
        "signed_on": "2026-11-01",
    }
    signed = client.post(f"/partnerships/{code}/contract", data=contract, follow_redirects=False)
    assert signed.status_code == 303
    assert "88,000.00" in client.get(f"/partnerships/{code}?lang=en").text


def test_the_public_page_shows_only_what_the_department_published(
    client: TestClient, accounts: Accounts
) -> None:
    code = opened(client, accounts)
    dept = bearer(client, accounts.department)
    base = f"/api/v1/partnerships/{code}"
    client.post(f"{base}/moves", json={"to": "pilot"}, headers=dept)
    pilot = {
        "scope": "东站客流统计试点",
        "site": "杭州东站",
        "starts_on": "2026-06-01",
        "ends_on": "2026-08-31",
    }
    client.put(f"{base}/pilot", json=pilot, headers=dept)
    client.post(f"{base}/kpis", json={"name": "识别准确率", "target": 95}, headers=dept)
    client.put(f"{base}/evaluation", json={"rubric": RUBRIC, "comment": "内部意见"}, headers=dept)
    assert client.get(f"/p/partnerships/{code}").status_code == 404  # nothing published yet
    firm = bearer(client, accounts.firm)
    refused = client.put(f"{base}/publication", json={"parts": ["stage"]}, headers=firm)
    assert refused.status_code == 403
    published = client.put(f"{base}/publication", json={"parts": ["stage", "kpis"]}, headers=dept)
    assert published.json()["published_parts"] == ["stage", "kpis"]
    page = client.get(f"/p/partnerships/{code}?lang=en")  # no sign-in
    assert page.status_code == 200
    assert 'data-stage="pilot"' in page.text and "识别准确率" in page.text
    assert "东站客流统计试点" not in page.text and "内部意见" not in page.text
    assert 'data-testid="evaluation"' not in page.text
    client.put(f"{base}/publication", json={"parts": ["pilot", "evaluation"]}, headers=dept)
    page = client.get(f"/p/partnerships/{code}?lang=en")
    assert "东站客流统计试点" in page.text and 'data-testid="evaluation"' in page.text
    assert "data-stage=" not in page.text and "识别准确率" not in page.text


def test_a_department_and_a_firm_list_their_own_partnerships(
    client: TestClient, accounts: Accounts
) -> None:
    code = opened(client, accounts)
    for account in (accounts.department, accounts.firm):
        rows = client.get("/api/v1/my/partnerships", headers=bearer(client, account)).json()
        assert [r["code"] for r in rows] == [code]
    rival = client.get("/api/v1/my/partnerships", headers=bearer(client, accounts.other_firm))
    assert rival.json() == []
    investor = bearer(client, accounts.investor)
    assert client.get("/api/v1/my/partnerships", headers=investor).status_code == 403
    sign_in(client, accounts.firm)
    page = client.get("/my/partnerships?lang=zh_CN")
    assert page.status_code == 200 and code in page.text and "我们的合作" in page.text
    detail = client.get(f"/partnerships/{code}?lang=en")
    assert detail.status_code == 200 and 'data-testid="moves"' not in detail.text
    assert 'data-testid="keep"' not in detail.text


def test_a_kpi_value_that_is_no_finite_number_is_a_422(
    client: TestClient, accounts: Accounts
) -> None:
    base, dept = in_pilot(client, accounts)
    code = base.rsplit("/", 1)[-1]
    kpi_id = client.post(f"{base}/kpis", json={"name": "准确率"}, headers=dept).json()["kpis"][0]
    raw = {**dept, "Content-Type": "application/json"}
    for value in (b"NaN", b"Infinity", b"1e400"):
        body = b'{"name": "n", "target": ' + value + b"}"
        added = client.post(f"{base}/kpis", content=body, headers=raw)
        assert added.status_code == 422 and added.json()["error"]["message"].endswith("target")
        actual = b'{"actual": ' + value + b"}"
        put = client.put(f"{base}/kpis/{kpi_id['id']}/actual", content=actual, headers=raw)
        assert put.status_code == 422, put.text
    assert [k["name"] for k in client.get(base, headers=dept).json()["kpis"]] == ["准确率"]
    sign_in(client, accounts.department)
    page = client.post(
        f"/partnerships/{code}/kpis",
        data={"csrf_token": csrf_of(client), "name": "误报率", "baseline": "nan"},
    )
    assert page.status_code == 422 and 'data-testid="form-error"' in page.text
