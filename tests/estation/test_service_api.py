"""Service requests through /api/v1/estation/services on both databases: a firm asks, an
operator decides and records usage, the firm's quota falls; refusals are 4xx envelopes with
the reason; each role reads only what it may."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from scenehub.settings import Settings
from tests.conftest import TEST_SECRET, Accounts, bearer

API = "/api/v1/estation/services"


@pytest.fixture
def settings(db_url: str, tmp_path: Path, dataset_warehouse: Path) -> Settings:
    return Settings(
        database_url=db_url,
        data_dir=tmp_path / "data",
        secret_key=TEST_SECRET,
        default_locale="en",
        warehouse=dataset_warehouse,
    )  # type: ignore[arg-type]


def quota(client: TestClient, headers: dict[str, str], kind: str) -> dict[str, Any]:
    response = client.get(f"{API}/quotas", headers=headers)
    assert response.status_code == 200, response.text
    return next(q for q in response.json() if q["kind"] == kind)


def post(client: TestClient, path: str, headers: dict[str, str], **body: Any) -> dict[str, Any]:
    response = client.post(f"{API}/{path}", json=body, headers=headers)
    assert response.status_code in (200, 201), response.text
    found: dict[str, Any] = response.json()
    return found


def published_scene(client: TestClient, accounts: Accounts) -> str:
    dept, centre = bearer(client, accounts.department), bearer(client, accounts.operator)
    draft = {"title": "路口信号配时优化", "domain": "transport", "wanted": "依据车流量优化配时。"}
    code = client.post("/api/v1/scenes", json=draft, headers=dept).json()["code"]
    client.post(f"/api/v1/scenes/{code}/transitions", json={"to": "submitted"}, headers=dept)
    batch = client.post("/api/v1/scene-batches", json={"scene_codes": [code]}, headers=centre)
    assert batch.status_code == 201, batch.text
    return str(code)


def test_a_firm_spends_compute_hours_and_sees_its_quota_fall(
    client: TestClient, accounts: Accounts
) -> None:
    firm, operator = bearer(client, accounts.firm), bearer(client, accounts.operator)
    assert quota(client, firm, "compute")["left"] == 200
    asked = post(client, "compute", firm, hours=50, purpose="训练交通大模型")
    assert asked["status"] == "pending" and asked["code"].startswith("SR")
    queue = client.get(f"{API}/requests", params={"status": "pending"}, headers=operator).json()
    assert [r["code"] for r in queue] == [asked["code"]]
    code = asked["code"]
    approved = post(client, f"requests/{code}/approve", operator, hours=40)
    assert (approved["status"], approved["hours_approved"]) == ("approved", 40)
    used = post(client, f"requests/{code}/usage", operator, hours=12, note="A100")
    assert used["hours_used"] == 12 and used["usage"][0]["recorded_by"] == "operator"
    found = quota(client, firm, "compute")
    assert (found["granted"], found["used"], found["left"], found["free"]) == (40, 12, 188, 160)
    beyond = client.post(f"{API}/requests/{code}/usage", json={"hours": 29}, headers=operator)
    assert beyond.status_code == 409
    assert beyond.json()["error"]["message"].startswith("usage beyond the approval: 29 hours")
    assert quota(client, firm, "compute")["used"] == 12


def test_over_the_quota_is_a_409_with_the_reason_in_the_readers_language(
    client: TestClient, accounts: Accounts
) -> None:
    firm = bearer(client, accounts.firm)
    refused = client.post(f"{API}/compute", json={"hours": 201, "purpose": "x"}, headers=firm)
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "quota_exceeded"
    assert "201 asked, 200 of 200 left" in refused.json()["error"]["message"]
    zh = client.post(
        f"{API}/compute",
        json={"hours": 201, "purpose": "x"},
        headers={**firm, "Accept-Language": "zh-CN"},
    )
    assert "超出配额" in zh.json()["error"]["message"]
    assert "算力（GPU 小时）" in zh.json()["error"]["message"]


def test_bad_bodies_are_422_naming_the_field(client: TestClient, accounts: Accounts) -> None:
    firm = bearer(client, accounts.firm)
    for body in ({"hours": 0, "purpose": "x"}, {"hours": "5", "purpose": "x"}, {"hours": 5}):
        response = client.post(f"{API}/compute", json=body, headers=firm)
        assert response.status_code == 422, body
    slot = client.post(
        f"{API}/consulting",
        json={"expert": "chen-ai", "starts_at": "2026-12-08T14:00", "topic": "x"},
        headers=firm,
    )
    assert slot.status_code == 422  # a moment needs its offset
    assert client.get(f"{API}/requests", params={"kind": "gpu"}, headers=firm).status_code == 422


def test_a_data_access_names_a_dataset_of_the_catalogue_and_a_scene(
    client: TestClient, accounts: Accounts
) -> None:
    firm, operator = bearer(client, accounts.firm), bearer(client, accounts.operator)
    catalogue = client.get(f"{API}/datasets", headers=firm).json()
    assert [d["source"] for d in catalogue] == ["hrss_insured", "traffic_flows"]
    scene = published_scene(client, accounts)
    core = client.post(
        f"{API}/data",
        json={"dataset": "police_cases", "scene_code": scene, "purpose": "x"},
        headers=firm,
    )
    assert core.status_code == 422 and "police_cases" in core.json()["error"]["message"]
    asked = post(client, "data", firm, dataset="traffic_flows", scene_code=scene, purpose="配时")
    assert (asked["scene_code"], asked["dataset"]) == (scene, "traffic_flows")
    code = asked["code"]
    no_day = client.post(f"{API}/requests/{code}/approve", json={}, headers=operator)
    assert no_day.status_code == 422
    past = client.post(
        f"{API}/requests/{code}/approve", json={"expires_on": "2020-01-01"}, headers=operator
    )
    assert past.status_code == 409 and "in the past" in past.json()["error"]["message"]
    until = (date.today() + timedelta(days=30)).isoformat()
    approved = post(client, f"requests/{code}/approve", operator, expires_on=until)
    assert (approved["status"], approved["expires_on"]) == ("approved", until)
    mine = client.get(f"{API}/requests/{code}", headers=firm).json()
    assert mine["status"] == "approved"


def test_nobody_books_an_experts_slot_twice(client: TestClient, accounts: Accounts) -> None:
    firm, rival = bearer(client, accounts.firm), bearer(client, accounts.other_firm)
    experts = client.get(f"{API}/experts", headers=firm).json()
    chen = next(e for e in experts if e["key"] == "chen-ai")
    slot = chen["free_slots"][0]
    booked = post(client, "consulting", firm, expert="chen-ai", starts_at=slot, topic="算力规划")
    assert booked["status"] == "booked"
    twice = client.post(
        f"{API}/consulting",
        json={"expert": "chen-ai", "starts_at": slot, "topic": "抢占"},
        headers=rival,
    )
    assert twice.status_code == 409 and "booked already" in twice.json()["error"]["message"]
    still = next(
        e for e in client.get(f"{API}/experts", headers=rival).json() if e["key"] == "chen-ai"
    )
    assert slot not in still["free_slots"]
    operator = bearer(client, accounts.operator)
    bookings = client.get(f"{API}/requests", params={"kind": "consulting"}, headers=operator)
    assert [b["firm_org_id"] for b in bookings.json()] == [accounts.firm.org_id]
    cancelled = post(client, f"requests/{booked['code']}/cancel", firm)
    assert cancelled["status"] == "cancelled"
    assert post(client, "consulting", rival, expert="chen-ai", starts_at=slot, topic="x")


def test_each_role_reads_and_decides_only_what_it_may(
    client: TestClient, accounts: Accounts
) -> None:
    firm, rival = bearer(client, accounts.firm), bearer(client, accounts.other_firm)
    code = post(client, "compute", firm, hours=10, purpose="x")["code"]
    assert client.get(f"{API}/requests/{code}", headers=firm).status_code == 200
    other = client.get(f"{API}/requests/{code}", headers=rival)
    assert other.status_code == 403 and "belongs to another organisation" in other.text
    assert client.get(f"{API}/requests", headers=rival).json() == []
    assert client.post(f"{API}/requests/{code}/cancel", headers=rival).status_code == 403
    assert client.post(f"{API}/requests/{code}/approve", json={}, headers=firm).status_code == 403
    params = {"firm": accounts.firm.org_id}
    assert client.get(f"{API}/quotas", params=params, headers=rival).status_code == 403
    operator = bearer(client, accounts.operator)
    assert len(client.get(f"{API}/quotas", params=params, headers=operator).json()) == 3
    for account in (accounts.financier, accounts.department, accounts.investor):
        who = bearer(client, account)
        assert client.get(f"{API}/requests/{code}", headers=who).status_code == 403
        assert client.get(f"{API}/requests", headers=who).status_code == 403
        assert client.get(f"{API}/quotas", headers=who).status_code == 403
        refused = client.post(f"{API}/compute", json={"hours": 1, "purpose": "x"}, headers=who)
        assert refused.status_code == 403
        usage = client.post(f"{API}/requests/{code}/usage", json={"hours": 1}, headers=who)
        assert usage.status_code == 403
    assert client.get(f"{API}/requests").status_code == 401
    assert client.get(f"{API}/datasets").status_code == 401
