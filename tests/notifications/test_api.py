"""The API and pages of notifications, and the events that reach each party."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from scenehub.notifications.models import Notification
from tests.conftest import Accounts, bearer, counted_statements, csrf_of, sign_in
from tests.firms.test_api import claimed_firm
from tests.proposals.test_api import FULL_SCORES, propose, published_scene
from tests.salons.test_api import invitation_id, sent_salon

MINE = "/api/v1/me/notifications"


def _mine(client: TestClient, headers: dict[str, str], **query: Any) -> dict[str, Any]:
    response = client.get(MINE, params=query, headers=headers)
    assert response.status_code == 200, response.text
    return dict(response.json())


def test_a_claim_decision_reaches_the_firm_which_reads_and_marks_it(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    _, firm = claimed_firm(client, accounts, session)
    found = _mine(client, firm)
    assert (found["total"], found["unread"]) == (1, 1)
    (item,) = found["items"]
    assert item["kind"] == "claim.approved" and item["link"] == "/firm"
    assert item["title"].startswith("Your claim of")
    zh = _mine(client, {**firm, "Accept-Language": "zh-CN"})
    assert zh["items"][0]["title"].startswith("您对")
    read = client.post(f"{MINE}/{item['id']}/read", headers=firm)
    assert read.status_code == 200 and read.json()["read_at"] is not None
    assert _mine(client, firm)["unread"] == 0


def test_another_users_notification_is_a_404_and_read_all_marks_only_ones_own(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    _, firm = claimed_firm(client, accounts, session)
    (item,) = _mine(client, firm)["items"]
    rival = bearer(client, accounts.other_firm)
    refused = client.post(f"{MINE}/{item['id']}/read", headers=rival)
    assert refused.status_code == 404 and refused.json()["error"]["code"] == "not_found"
    assert client.post(f"{MINE}/read-all", headers=rival).json() == {"marked": 0, "unread": 0}
    assert _mine(client, firm)["unread"] == 1
    assert client.post(f"{MINE}/read-all", headers=firm).json() == {"marked": 1, "unread": 0}
    assert client.get(MINE).status_code == 401


def test_proposal_decisions_reach_the_firms_and_the_list_pages(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    _, firm = claimed_firm(client, accounts, session)
    dept = bearer(client, accounts.department)
    declined = propose(client, firm, published_scene(client, accounts))
    reason = {"reason": "方案未覆盖夜间低照度场景"}
    client.post(f"/api/v1/proposals/{declined['id']}/reject", json=reason, headers=dept)
    chosen = propose(client, firm, published_scene(client, accounts))
    url = f"/api/v1/proposals/{chosen['id']}"
    for to in ("screening", "shortlisted"):
        client.post(f"{url}/advance", json={"to": to}, headers=dept)
    picked = client.post(
        f"{url}/advance", json={"to": "selected", "scores": FULL_SCORES}, headers=dept
    )
    assert picked.status_code == 200, picked.text
    newest = _mine(client, firm, limit=2)
    assert [i["kind"] for i in newest["items"]] == ["proposal.selected", "proposal.declined"]
    assert "方案未覆盖夜间低照度场景" in newest["items"][1]["body"]
    assert newest["items"][0]["link"] == f"/proposals/{chosen['id']}"
    rest = _mine(client, firm, limit=2, offset=2)
    assert [i["kind"] for i in rest["items"]] == ["claim.approved"] and rest["total"] == 3


def test_a_salon_invitation_reaches_the_firm_and_its_answer_the_operator(
    client: TestClient, accounts: Accounts
) -> None:
    url, centre, sent = sent_salon(
        client, accounts, accounts.firm.org_id, accounts.department.org_id
    )
    firm = bearer(client, accounts.firm)
    (invited,) = _mine(client, firm)["items"]
    assert invited["kind"] == "salon.invited" and invited["link"].startswith("/my/salons/")
    assert _mine(client, bearer(client, accounts.department))["items"][0]["kind"] == "salon.invited"
    mine = invitation_id(sent, accounts.firm.org_id)
    client.post(f"{url}/invitations/{mine}/answer", json={"accept": True}, headers=firm)
    (answer,) = _mine(client, centre)["items"]
    assert answer["kind"] == "salon.accepted" and "云图智能" in answer["title"]


def test_a_grant_decision_reaches_the_requester(client: TestClient, accounts: Accounts) -> None:
    investor = bearer(client, accounts.investor)
    body = {"datasets": ["golden_firms"], "fields": ["phone"], "purpose": "investment-research"}
    asked = client.post("/api/v1/grants", json=body, headers=investor)
    assert asked.status_code == 201, asked.text
    admin = bearer(client, accounts.admin)
    client.post(f"/api/v1/grants/{asked.json()['id']}/approve", json={"reason": ""}, headers=admin)
    refused = client.post("/api/v1/grants", json=body, headers=investor).json()
    no = {"reason": "用途过宽"}
    client.post(f"/api/v1/grants/{refused['id']}/revoke", json=no, headers=admin)
    kinds = [i["kind"] for i in _mine(client, investor)["items"]]
    assert kinds == ["grant.refused", "grant.approved"]
    zh = _mine(client, {**investor, "Accept-Language": "zh-CN"})["items"]
    assert "用途过宽" in zh[0]["body"] and "投资研究" in zh[0]["body"] + zh[1]["body"]


def test_the_page_lists_them_the_top_bar_counts_them_and_opening_one_marks_it(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    claimed_firm(client, accounts, session)
    sign_in(client, accounts.firm)
    home = client.get("/?lang=zh_CN")
    assert 'data-testid="unread-count">1<' in home.text
    page = client.get("/notifications?lang=zh_CN")
    assert (
        page.status_code == 200
        and "您对" in page.text
        and 'data-kind="claim.approved"' in page.text
    )
    notification_id = session.scalars(select(Notification.id)).one()
    assert f'action="/notifications/{notification_id}/read"' in page.text
    opened = client.post(
        f"/notifications/{notification_id}/read",
        data={"csrf_token": csrf_of(client)},
        follow_redirects=False,
    )
    assert opened.status_code == 303 and opened.headers["location"] == "/firm"
    assert 'data-testid="unread-count"' not in client.get("/notifications").text
    assert client.get("/notifications?page=0").status_code == 422


def test_the_top_bar_count_costs_one_count_query_per_page(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    claimed_firm(client, accounts, session)
    sign_in(client, accounts.firm)
    client.get("/account")
    with counted_statements() as statements:
        assert client.get("/account").status_code == 200
    told = [s for s in statements if "notifications" in s]
    assert len(told) == 1 and "count(" in told[0].lower()
    client.cookies.clear()
    with counted_statements() as anonymous:
        assert client.get("/").status_code == 200
    assert not [s for s in anonymous if "notifications" in s]
