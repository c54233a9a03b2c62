"""Passwords a guesser tries first are refused, and API tokens are bounded (issue 16,
finding 6): a lifetime cap, a minted token no longer-lived than its minter, revocation that
reaches what a token minted."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from scenehub.auth.credentials import password_is_guessable
from tests.conftest import Accounts, bearer

USERS = "/api/v1/users"
TOKENS = "/api/v1/auth/tokens"


@pytest.mark.parametrize(
    ("password", "user_inputs"),
    [("password1234", []), ("qwertyuiop1", []), ("analyst2026", ["analyst"]), ("scenehub2026", [])],
)
def test_common_patterned_and_name_derived_passwords_are_guessable(
    password: str, user_inputs: list[str]
) -> None:
    assert password_is_guessable(password, user_inputs)


def test_a_few_unrelated_words_are_not() -> None:
    assert not password_is_guessable("maple river cobalt lantern", ["analyst"])


def test_passwords_up_to_the_schema_limit_are_judged() -> None:
    # zxcvbn itself refuses more than 72 characters: that was a 500 for a valid body
    assert not password_is_guessable("maple river cobalt lantern " * 9, ["0" * 300])
    assert password_is_guessable("a" * 256, [])


def test_an_administrator_cannot_give_a_user_a_guessable_password(
    client: TestClient, accounts: Accounts
) -> None:
    admin = bearer(client, accounts.admin)
    body = {"username": "analyst", "role": "firm", "org_id": accounts.firm.org_id}
    weak = client.post(USERS, headers=admin, json=body | {"password": "analyst2026"})
    assert weak.status_code == 409, weak.text  # well formed, refused by a rule
    error = weak.json()["error"]
    assert error["code"] == "weak_password"
    assert error["details"]["problems"][0]["loc"] == ["body", "password"]
    assert "too easy to guess" in error["message"]
    zh = client.post(
        f"{USERS}?lang=zh_CN",
        headers=admin,
        json=body | {"password": "analyst2026"},
    )
    assert "太容易被猜中" in zh.json()["error"]["message"]
    strong = client.post(USERS, headers=admin, json=body | {"password": "maple river cobalt"})
    assert strong.status_code == 201, strong.text
    changed = client.patch(
        f"{USERS}/{strong.json()['id']}", headers=admin, json={"password": "qwertyuiop1"}
    )
    assert changed.status_code == 409


def test_no_token_outlasts_the_cap(client: TestClient, accounts: Accounts) -> None:
    credentials = {"username": accounts.firm.username, "password": accounts.firm.password}
    asked = client.post("/api/v1/auth/token", json=credentials | {"days": 3000})
    assert asked.status_code == 201
    lasts = _expiry(asked.json()) - datetime.fromisoformat(asked.json()["created_at"])
    assert abs(lasts - timedelta(days=365)) < timedelta(minutes=1)


def _expiry(issued: dict[str, str]) -> datetime:
    return datetime.fromisoformat(issued["expires_at"])


def test_a_token_cannot_mint_a_token_that_outlives_it(
    client: TestClient, accounts: Accounts
) -> None:
    firm = bearer(client, accounts.firm)
    short = client.post(TOKENS, headers=firm, json={"name": "short", "days": 2}).json()
    minted = client.post(
        TOKENS,
        headers={"Authorization": f"Bearer {short['token']}"},
        json={"name": "minted", "days": 300},
    )
    assert minted.status_code == 201
    assert _expiry(minted.json()) == _expiry(short)


def test_revoking_a_token_revokes_what_it_minted(client: TestClient, accounts: Accounts) -> None:
    firm = bearer(client, accounts.firm)
    parent = client.post(TOKENS, headers=firm, json={"name": "parent"}).json()
    as_parent = {"Authorization": f"Bearer {parent['token']}"}
    child = client.post(TOKENS, headers=as_parent, json={"name": "child"}).json()
    as_child = {"Authorization": f"Bearer {child['token']}"}
    grandchild = client.post(TOKENS, headers=as_child, json={"name": "grandchild"}).json()
    sibling = client.post(TOKENS, headers=firm, json={"name": "sibling"}).json()

    assert client.delete(f"{TOKENS}/{parent['id']}", headers=firm).status_code == 200
    for gone in (parent, child, grandchild):
        headers = {"Authorization": f"Bearer {gone['token']}"}
        assert client.get("/api/v1/me", headers=headers).status_code == 401
    still = {"Authorization": f"Bearer {sibling['token']}"}
    assert client.get("/api/v1/me", headers=still).status_code == 200
