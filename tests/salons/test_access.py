"""Who may call each salon route: the centre runs a salon, a firm or department only its own
invitation; every refusal says why in the reader's language."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from tests.conftest import Accounts, bearer, csrf_of, sign_in
from tests.salons.test_api import SALON, invitation_id, new_salon, sent_salon

CJK = re.compile(r"[\u4e00-\u9fff]")
# The operator's routes of one salon, with a body each accepts (the refusal comes first).
OPERATOR_ROUTES = [
    ("GET", "", None),
    ("PUT", "", {**SALON, "scene_codes": ["A", "B"]}),
    ("POST", "/transitions", {"to": "cancelled"}),
    ("POST", "/propose-invitations", None),
    ("POST", "/invitations", {"org_id": 1}),
    ("DELETE", "/invitations/1", None),
    ("POST", "/send-invitations", None),
    ("POST", "/constraints", {"firm_org_id": 1, "department_org_id": 2, "kind": "forbid"}),
    ("DELETE", "/constraints/1", None),
    ("POST", "/schedule", {"time_limit": 1}),
    ("GET", "/schedule.pdf", None),
    ("GET", "/participants/1/calendar.ics", None),
    ("POST", "/meetings/1/check-in", None),
    ("POST", "/participants/1/check-in", None),
    ("PUT", "/meetings/1/outcome", {"outcome": "no_fit"}),
    ("POST", "/meetings/1/follow-up", {"action": "partnership"}),
]


def refusal(response: object, status: int) -> str:
    assert getattr(response, "status_code", None) == status, getattr(response, "text", "")
    message = str(response.json()["error"]["message"])  # type: ignore[attr-defined]
    assert CJK.search(message), message  # ?lang=zh_CN: said in Chinese
    return message


def test_only_the_centre_runs_a_salon(client: TestClient, accounts: Accounts) -> None:
    url = f"/api/v1/salons/{new_salon(client, accounts)['code']}"
    for account in (accounts.firm, accounts.department, accounts.investor):
        headers = bearer(client, account)
        for method, path, body in OPERATOR_ROUTES:
            response = client.request(method, f"{url}{path}?lang=zh_CN", json=body, headers=headers)
            assert "运营人员" in refusal(response, 403), (method, path)
    for method, path, body in OPERATOR_ROUTES:
        assert client.request(method, f"{url}{path}", json=body).status_code == 401
    created = client.post(
        "/api/v1/salons?lang=zh_CN", json=SALON, headers=bearer(client, accounts.firm)
    )
    refusal(created, 403)


@pytest.mark.parametrize("who", ["operator", "investor"])
def test_only_firms_and_departments_take_part(
    client: TestClient, accounts: Accounts, who: str
) -> None:
    code = new_salon(client, accounts)["code"]
    headers = bearer(client, getattr(accounts, who))
    for method, path, body in [
        ("GET", "/my/salons", None),
        ("GET", f"/my/salons/{code}", None),
        ("PUT", f"/my/salons/{code}/registration", {"seats": 1}),
        ("GET", f"/my/salons/{code}/calendar.ics", None),
        ("POST", f"/salons/{code}/invitations/1/answer", {"accept": True}),
    ]:
        response = client.request(method, f"/api/v1{path}?lang=zh_CN", json=body, headers=headers)
        assert "企业" in refusal(response, 403), path


def test_a_firm_reaches_no_other_organisations_invitation_or_salon(
    client: TestClient, accounts: Accounts
) -> None:
    url, _, sent = sent_salon(
        client, accounts, accounts.other_firm.org_id, accounts.department.org_id
    )
    rivals = invitation_id(sent, accounts.other_firm.org_id)
    firm = bearer(client, accounts.firm)
    answer = client.post(
        f"{url}/invitations/{rivals}/answer?lang=zh_CN", json={"accept": False}, headers=firm
    )
    assert "沙龙邀请" in refusal(answer, 403)  # the kind of record, in Chinese
    mine = f"/api/v1/my/salons/{sent['code']}"
    for method, path in (("GET", ""), ("GET", "/calendar.ics")):
        refusal(client.request(method, f"{mine}{path}?lang=zh_CN", headers=firm), 404)
    registered = client.put(f"{mine}/registration?lang=zh_CN", json={}, headers=firm)
    refusal(registered, 404)
    assert client.get("/api/v1/my/salons", headers=firm).json() == []


def test_the_centres_salon_pages_are_refused_to_others_with_the_reason(
    client: TestClient, accounts: Accounts
) -> None:
    code = new_salon(client, accounts)["code"]
    pages = [
        "/salons/new",
        f"/salons/{code}",
        f"/salons/{code}/edit",
        f"/salons/{code}/schedule.pdf",
    ]
    for page in pages:
        assert client.get(page, follow_redirects=False).status_code == 303  # to sign in
    sign_in(client, accounts.department)
    for page in pages:
        response = client.get(f"{page}?lang=zh_CN")
        assert response.status_code == 403 and "中心运营人员" in response.text, page
    posted = client.post(f"/salons/{code}/send?lang=zh_CN", data={"csrf_token": csrf_of(client)})
    assert posted.status_code == 403 and "中心运营人员" in posted.text
    assert client.get(f"/my/salons/{code}").status_code == 404  # not invited
