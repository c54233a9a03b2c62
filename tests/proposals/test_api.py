"""Proposals (揭榜) and their review, through the API, on both databases."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from scenehub.partnerships.models import Partnership
from scenehub.proposals.review import RUBRIC
from tests.conftest import Accounts, bearer
from tests.firms.test_api import claimed_firm

FULL_SCORES = {c.key: 8 for c in RUBRIC}


def published_scene(client: TestClient, accounts: Accounts, **fields: Any) -> str:
    dept, centre = bearer(client, accounts.department), bearer(client, accounts.operator)
    body = {"title": "地铁站客流视频分析", "domain": "transport", "wanted": "实时统计客流并预警。"}
    code = str(client.post("/api/v1/scenes", json={**body, **fields}, headers=dept).json()["code"])
    client.post(f"/api/v1/scenes/{code}/transitions", json={"to": "submitted"}, headers=dept)
    client.post("/api/v1/scene-batches", json={"scene_codes": [code]}, headers=centre)
    return code


def propose(client: TestClient, headers: dict[str, str], code: str) -> dict[str, Any]:
    response = client.post(
        f"/api/v1/scenes/{code}/proposals",
        json={"summary": "以视频结构化方案实现客流统计，两周部署。", "budget_10k": 80},
        headers=headers,
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


def test_a_proposal_goes_through_screening_shortlist_and_selection(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    _, firm = claimed_firm(client, accounts, session)
    code = published_scene(client, accounts)
    proposal = propose(client, firm, code)
    dept = bearer(client, accounts.department)
    url = f"/api/v1/proposals/{proposal['id']}"
    assert client.post(f"{url}/advance", json={"to": "screening"}, headers=dept).status_code == 200
    assert client.get(f"/api/v1/scenes/{code}", headers=dept).json()["status"] == "matching"
    client.post(f"{url}/advance", json={"to": "shortlisted"}, headers=dept)
    unscored = client.post(f"{url}/advance", json={"to": "selected"}, headers=dept)
    assert unscored.status_code == 409 and "rubric" in unscored.json()["error"]["message"]
    selected = client.post(
        f"{url}/advance", json={"to": "selected", "scores": FULL_SCORES}, headers=dept
    ).json()
    assert selected["status"] == "selected" and selected["total_score"] == 80.0
    assert client.get(f"/api/v1/scenes/{code}", headers=dept).json()["status"] == "partnered"
    partnership = session.scalars(select(Partnership)).one()
    assert partnership.firm_org_id == accounts.firm.org_id and partnership.stage == "agreed"


def test_a_rejected_firm_reads_the_reason_and_others_are_told_on_selection(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    _, firm = claimed_firm(client, accounts, session)
    code = published_scene(client, accounts)
    mine = propose(client, firm, code)
    dept = bearer(client, accounts.department)
    no_reason = client.post(
        f"/api/v1/proposals/{mine['id']}/reject", json={"reason": ""}, headers=dept
    )
    assert no_reason.status_code == 422
    client.post(
        f"/api/v1/proposals/{mine['id']}/reject",
        json={"reason": "方案未覆盖夜间低照度场景"},
        headers=dept,
    )
    seen = client.get("/api/v1/my/proposals", headers=firm).json()
    assert [(p["status"], p["reason"]) for p in seen] == [("rejected", "方案未覆盖夜间低照度场景")]
    again = client.post(
        f"/api/v1/proposals/{mine['id']}/advance", json={"to": "screening"}, headers=dept
    )
    assert again.status_code == 409


def test_only_the_scenes_department_or_the_centre_reviews(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    _, firm = claimed_firm(client, accounts, session)
    code = published_scene(client, accounts)
    proposal = propose(client, firm, code)
    url = f"/api/v1/proposals/{proposal['id']}/advance"
    assert client.post(url, json={"to": "screening"}, headers=firm).status_code == 403
    rival = bearer(client, accounts.other_firm)
    # another firm is not told the proposal exists (issue 16, finding 5)
    assert client.get(f"/api/v1/proposals/{proposal['id']}", headers=rival).status_code == 404
    assert client.get(f"/api/v1/proposals/{proposal['id']}", headers=firm).status_code == 200
    dept = bearer(client, accounts.department)
    assert client.get(f"/api/v1/proposals/{proposal['id']}", headers=dept).status_code == 200
    listed = client.get(f"/api/v1/scenes/{code}/proposals", headers=dept).json()
    assert [p["id"] for p in listed] == [proposal["id"]]


def test_a_firm_proposes_once_and_only_to_open_scenes(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    _, firm = claimed_firm(client, accounts, session)
    code = published_scene(client, accounts)
    propose(client, firm, code)
    twice = client.post(
        f"/api/v1/scenes/{code}/proposals",
        json={"summary": "再次提交同一场景的方案。"},
        headers=firm,
    )
    assert twice.status_code == 409
    unclaimed = bearer(client, accounts.other_firm)
    response = client.post(
        f"/api/v1/scenes/{code}/proposals",
        json={"summary": "尚未认领企业的方案。"},
        headers=unclaimed,
    )
    assert response.status_code == 409 and "claim" in response.json()["error"]["message"]
    dept = bearer(client, accounts.department)
    gone = published_scene(client, accounts, title="即将撤回的场景")
    withdrawn = client.post(
        f"/api/v1/scenes/{gone}/transitions",
        json={"to": "withdrawn", "reason": "需求取消"},
        headers=dept,
    )
    assert withdrawn.status_code == 200
    late = client.post(
        f"/api/v1/scenes/{gone}/proposals", json={"summary": "撤回之后提交的方案。"}, headers=firm
    )
    assert late.status_code == 404


def test_invitations_reach_the_firm(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    firm_id, firm = claimed_firm(client, accounts, session)
    code = published_scene(client, accounts)
    dept = bearer(client, accounts.department)
    sent = client.post(
        f"/api/v1/scenes/{code}/invitations",
        json={"firm_id": firm_id, "message": "欢迎揭榜"},
        headers=dept,
    )
    assert sent.status_code == 201, sent.text
    again = client.post(
        f"/api/v1/scenes/{code}/invitations", json={"firm_id": firm_id}, headers=dept
    )
    assert again.status_code == 409
    invitations = client.get("/api/v1/my/invitations", headers=firm).json()
    assert [(i["scene_code"], i["message"], i["proposed"]) for i in invitations] == [
        (code, "欢迎揭榜", False)
    ]
    propose(client, firm, code)
    assert client.get("/api/v1/my/invitations", headers=firm).json()[0]["proposed"] is True


def test_an_unvetted_firm_cannot_be_invited_to_a_vetted_scene(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    firm_id, _ = claimed_firm(client, accounts, session)
    code = published_scene(client, accounts, domain="policing", security_vetting=True)
    dept = bearer(client, accounts.department)
    response = client.post(
        f"/api/v1/scenes/{code}/invitations", json={"firm_id": firm_id}, headers=dept
    )
    assert response.status_code == 409 and "vetting" in response.json()["error"]["message"]


def test_scores_outside_the_rubric_are_refused_as_invalid_fields(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    _, firm = claimed_firm(client, accounts, session)
    proposal = propose(client, firm, published_scene(client, accounts))
    dept = bearer(client, accounts.department)
    url = f"/api/v1/proposals/{proposal['id']}/scores"
    for scores in ({"charm": 5}, {"fit": 11}, {"fit": -1}):
        response = client.post(url, json={"scores": scores}, headers=dept)
        assert response.status_code == 422, scores
    assert client.post(url, json={"scores": {"fit": 9}}, headers=dept).status_code == 200


def test_a_proposal_needs_a_visible_summary(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    _, firm = claimed_firm(client, accounts, session)
    code = published_scene(client, accounts)
    response = client.post(
        f"/api/v1/scenes/{code}/proposals", json={"summary": "\u200b" * 12}, headers=firm
    )
    assert response.status_code == 422


def test_the_departments_read_of_a_proposal_is_in_the_firms_trail(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    _, firm = claimed_firm(client, accounts, session)
    code = published_scene(client, accounts)
    proposal = propose(client, firm, code)
    dept = bearer(client, accounts.department)
    assert client.get(f"/api/v1/proposals/{proposal['id']}", headers=dept).status_code == 200
    client.get(f"/api/v1/proposals/{proposal['id']}", headers=firm)  # its own: not logged
    trail = client.get("/api/v1/audit/mine?action=proposals.read", headers=firm).json()
    assert [(e["actor_username"], e["purpose"]) for e in trail] == [("police", "proposal-review")]
    assert trail[0]["details"]["fields"] == ["summary", "approach", "budget_10k", "timeline_months"]
    assert trail[0]["subject_org_id"] == accounts.firm.org_id
