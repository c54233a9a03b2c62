"""A user's e-mail address for notifications: set by an administrator, or by the user."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import Accounts, bearer, csrf_of, sign_in


def test_an_administrator_sets_and_removes_a_users_address(
    client: TestClient, accounts: Accounts
) -> None:
    admin = bearer(client, accounts.admin)
    url = f"/api/v1/users/{accounts.firm.user_id}"
    set_ = client.patch(url, json={"email": "li@yuntu.example"}, headers=admin)
    assert set_.status_code == 200 and set_.json()["email"] == "li@yuntu.example"
    kept = client.patch(url, json={"display_name": "李工"}, headers=admin)
    assert kept.json()["email"] == "li@yuntu.example"
    bad = client.patch(url, json={"email": "li@yuntu.example\r\nBcc: x@y.example"}, headers=admin)
    assert bad.status_code == 422
    assert client.patch(url, json={"email": ""}, headers=admin).json()["email"] is None
    body = {
        "username": "newbie",
        "password": "a quiet river at dawn",
        "role": "firm",
        "org_id": accounts.firm.org_id,
        "email": "new@yuntu.example",
    }
    made = client.post("/api/v1/users", json=body, headers=admin)
    assert made.status_code == 201 and made.json()["email"] == "new@yuntu.example"


def test_a_user_sets_its_own_address_on_the_account_page(
    client: TestClient, accounts: Accounts
) -> None:
    firm = bearer(client, accounts.firm)
    sign_in(client, accounts.firm)
    page = client.get("/account?lang=zh_CN")
    assert "接收通知的电子邮箱" in page.text
    saved = client.post(
        "/account/email",
        data={"email": "me@yuntu.example", "csrf_token": csrf_of(client)},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    assert 'value="me@yuntu.example"' in client.get("/account").text
    assert client.get("/api/v1/me", headers=firm).json()["email"] == "me@yuntu.example"
    wrong = client.post(
        "/account/email", data={"email": "not an address", "csrf_token": csrf_of(client)}
    )
    assert wrong.status_code == 422 and "E-mail for notifications" in wrong.text
