"""Sign-in, tokens and the object-level rules of the auth API."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from scenehub.auth.models import ApiToken
from scenehub.db import utcnow
from scenehub.integration.uscc import make_uscc
from tests.conftest import Accounts, bearer, csrf_of, sign_in


def test_password_grant_gives_a_token_that_identifies_the_user(
    client: TestClient, accounts: Accounts
) -> None:
    headers = bearer(client, accounts.firm)
    me = client.get("/api/v1/me", headers=headers)
    assert me.status_code == 200
    assert (me.json()["username"], me.json()["role"]) == ("yuntu", "firm")


def test_wrong_password_is_401_in_the_error_format(client: TestClient, accounts: Accounts) -> None:
    response = client.post(
        "/api/v1/auth/token", json={"username": "yuntu", "password": "wrong password"}
    )
    assert response.status_code == 401
    assert response.json() == {
        "error": {
            "code": "invalid_credentials",
            "message": "wrong username or password",
            "details": {},
        }
    }


def test_unknown_user_gets_the_same_answer_as_a_wrong_password(
    client: TestClient, accounts: Accounts
) -> None:
    response = client.post("/api/v1/auth/token", json={"username": "ghost", "password": "x"})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "invalid_credentials"


def test_a_deactivated_user_can_no_longer_use_tokens_or_sign_in(
    client: TestClient, accounts: Accounts
) -> None:
    firm = bearer(client, accounts.firm)
    admin = bearer(client, accounts.admin)
    response = client.patch(
        f"/api/v1/users/{accounts.firm.user_id}", json={"is_active": False}, headers=admin
    )
    assert response.status_code == 200
    assert client.get("/api/v1/me", headers=firm).status_code == 401
    again = client.post(
        "/api/v1/auth/token", json={"username": "yuntu", "password": accounts.firm.password}
    )
    assert again.status_code == 401


def test_a_forged_token_is_refused(client: TestClient, accounts: Accounts) -> None:
    response = client.get("/api/v1/me", headers={"Authorization": "Bearer shk_forged"})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "invalid_token"
    assert response.headers["www-authenticate"] == "Bearer"


def test_a_malformed_authorization_header_is_refused(client: TestClient) -> None:
    response = client.get("/api/v1/me", headers={"Authorization": "Basic abc"})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "invalid_token"


def test_an_expired_token_is_refused_with_its_own_code(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    headers = bearer(client, accounts.firm)
    session.execute(update(ApiToken).values(expires_at=utcnow() - timedelta(minutes=1)))
    session.commit()
    response = client.get("/api/v1/me", headers=headers)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "token_expired"


def test_a_revoked_token_stops_working(client: TestClient, accounts: Accounts) -> None:
    headers = bearer(client, accounts.firm)
    tokens = client.get("/api/v1/auth/tokens", headers=headers).json()
    assert len(tokens) == 1
    revoked = client.delete(f"/api/v1/auth/tokens/{tokens[0]['id']}", headers=headers)
    assert revoked.status_code == 200 and revoked.json()["revoked_at"] is not None
    assert client.get("/api/v1/me", headers=headers).status_code == 401


def test_a_user_cannot_revoke_someone_elses_token(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    bearer(client, accounts.firm)
    other = bearer(client, accounts.other_firm)
    firm_token = session.scalars(
        select(ApiToken).where(ApiToken.user_id == accounts.firm.user_id)
    ).one()
    session.commit()  # end the read so the next one sees what the request did
    response = client.delete(f"/api/v1/auth/tokens/{firm_token.id}", headers=other)
    assert response.status_code == 404
    session.refresh(firm_token)
    assert firm_token.revoked_at is None
    own = client.delete(
        f"/api/v1/auth/tokens/{firm_token.id}", headers=bearer(client, accounts.firm)
    )
    assert own.status_code == 200
    session.commit()
    session.refresh(firm_token)
    assert firm_token.revoked_at is not None


def test_tokens_are_stored_only_as_hashes(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    raw = bearer(client, accounts.firm)["Authorization"].removeprefix("Bearer ")
    stored = session.scalars(select(ApiToken)).one()
    assert raw not in (stored.token_hash, stored.prefix)
    assert len(stored.token_hash) == 64


def test_admin_creates_users_and_roles_must_fit_the_organisation(
    client: TestClient, accounts: Accounts
) -> None:
    admin = bearer(client, accounts.admin)
    ok = client.post(
        "/api/v1/users",
        headers=admin,
        json={
            "username": "analyst",
            "password": "long enough pw",
            "role": "firm",
            "org_id": accounts.firm.org_id,
        },
    )
    assert ok.status_code == 201
    misfit = client.post(
        "/api/v1/users",
        headers=admin,
        json={
            "username": "sneaky",
            "password": "long enough pw",
            "role": "operator",
            "org_id": accounts.firm.org_id,
        },
    )
    # Well formed, but the organisation does not take the role: a conflict, not a bad field.
    assert misfit.status_code == 409
    assert misfit.json()["error"]["code"] == "conflict"
    taken = client.post(
        "/api/v1/users",
        headers=admin,
        json={
            "username": "analyst",
            "password": "long enough pw",
            "role": "firm",
            "org_id": accounts.firm.org_id,
        },
    )
    assert taken.status_code == 409


def test_non_admins_cannot_create_users_and_are_told_why(
    client: TestClient, accounts: Accounts
) -> None:
    response = client.post(
        "/api/v1/users",
        headers=bearer(client, accounts.operator),
        json={
            "username": "x1234",
            "password": "long enough pw",
            "role": "firm",
            "org_id": accounts.firm.org_id,
        },
    )
    assert response.status_code == 403
    error = response.json()["error"]
    assert error["code"] == "permission_denied"
    assert error["message"] == "this needs the role admin; you are operator"


def test_a_firm_reads_its_own_organisation_only(client: TestClient, accounts: Accounts) -> None:
    firm = bearer(client, accounts.firm)
    assert client.get(f"/api/v1/orgs/{accounts.firm.org_id}", headers=firm).status_code == 200
    other = client.get(f"/api/v1/orgs/{accounts.other_firm.org_id}", headers=firm)
    assert other.status_code == 403
    assert "belongs to another organisation" in other.json()["error"]["message"]
    staff = bearer(client, accounts.operator)
    assert (
        client.get(f"/api/v1/orgs/{accounts.other_firm.org_id}", headers=staff).status_code == 200
    )


def test_anonymous_api_calls_are_asked_to_sign_in(client: TestClient) -> None:
    response = client.get("/api/v1/users")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_error_messages_follow_the_requested_language(client: TestClient) -> None:
    response = client.get("/api/v1/users", headers={"Accept-Language": "zh-CN,zh;q=0.9"})
    assert response.json()["error"]["message"] == "请先登录"


def test_the_api_with_a_session_cookie_needs_the_csrf_header_for_writes(
    client: TestClient, accounts: Accounts
) -> None:
    sign_in(client, accounts.firm)
    assert client.get("/api/v1/me").status_code == 200  # reads need no token
    refused = client.post("/api/v1/auth/tokens", json={"name": "x"})
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "csrf_failed"
    allowed = client.post(
        "/api/v1/auth/tokens", json={"name": "x"}, headers={"X-CSRF-Token": csrf_of(client)}
    )
    assert allowed.status_code == 201


def test_repeated_failed_sign_ins_lock_the_username_for_a_while(
    client: TestClient, accounts: Accounts
) -> None:
    for _ in range(5):
        wrong = client.post("/api/v1/auth/token", json={"username": "yuntu", "password": "x"})
        assert wrong.status_code == 401
    right = client.post(
        "/api/v1/auth/token", json={"username": "yuntu", "password": accounts.firm.password}
    )
    assert right.status_code == 429
    assert right.json()["error"]["code"] == "too_many_attempts"
    other = client.post(
        "/api/v1/auth/token", json={"username": "rival", "password": accounts.other_firm.password}
    )
    assert other.status_code == 201


def test_failed_sign_ins_from_one_address_do_not_lock_the_owner_out_elsewhere(
    app: FastAPI, accounts: Accounts
) -> None:
    with (
        TestClient(app, client=("203.0.113.9", 5000)) as attacker,
        TestClient(app, client=("198.51.100.7", 5000)) as owner,
    ):
        for _ in range(5):
            attacker.post("/api/v1/auth/token", json={"username": "admin", "password": "x"})
        locked = attacker.post(
            "/api/v1/auth/token", json={"username": "admin", "password": accounts.admin.password}
        )
        assert locked.status_code == 429
        fine = owner.post(
            "/api/v1/auth/token", json={"username": "admin", "password": accounts.admin.password}
        )
        assert fine.status_code == 201


def test_an_administrator_cannot_lock_themselves_out(
    client: TestClient, accounts: Accounts
) -> None:
    admin = bearer(client, accounts.admin)
    own = f"/api/v1/users/{accounts.admin.user_id}"
    for body in ({"is_active": False}, {"password": "a brand new password"}):
        refused = client.patch(own, json=body, headers=admin)
        assert refused.status_code == 409, body
    assert client.get("/api/v1/me", headers=admin).status_code == 200
    renamed = client.patch(own, json={"display_name": "平台管理员"}, headers=admin)
    assert renamed.status_code == 200
    other = client.patch(
        f"/api/v1/users/{accounts.operator.user_id}", json={"is_active": False}, headers=admin
    )
    assert other.status_code == 200 and other.json()["is_active"] is False


@pytest.mark.parametrize("name", ["", "   ", "\u200b\u200d", "\u3164", "\ufeff\t"])
def test_an_organisation_needs_a_visible_name(
    client: TestClient, accounts: Accounts, name: str
) -> None:
    response = client.post(
        "/api/v1/orgs", json={"kind": "firm", "name": name}, headers=bearer(client, accounts.admin)
    )
    assert response.status_code == 422


def test_an_organisations_code_is_folded_and_checked(
    client: TestClient, accounts: Accounts
) -> None:
    admin = bearer(client, accounts.admin)
    code = make_uscc("330106", "MA2B0XY1")
    wide = "".join(chr(ord(ch) + 0xFEE0) for ch in code.lower())
    created = client.post(
        "/api/v1/orgs", json={"kind": "firm", "name": "宽字企业", "uscc": wide}, headers=admin
    )
    assert created.status_code == 201 and created.json()["uscc"] == code
    wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
    refused = client.post(
        "/api/v1/orgs", json={"kind": "firm", "name": "错码企业", "uscc": wrong}, headers=admin
    )
    assert refused.status_code == 422 and "check character" in refused.text
    empty = client.post(
        "/api/v1/orgs", json={"kind": "firm", "name": "无码企业", "uscc": ""}, headers=admin
    )
    assert empty.status_code == 201 and empty.json()["uscc"] is None


def test_no_user_has_the_visitors_role(client: TestClient, accounts: Accounts) -> None:
    response = client.post(
        "/api/v1/users",
        headers=bearer(client, accounts.admin),
        json={
            "username": "visitor",
            "password": "long enough pw",
            "role": "public",
            "org_id": accounts.firm.org_id,
        },
    )
    assert response.status_code == 422


def test_a_financier_belongs_to_a_financier_and_an_investor_to_an_investor(
    client: TestClient, accounts: Accounts
) -> None:
    admin = bearer(client, accounts.admin)

    def create(username: str, role: str, org_id: int) -> int:
        body = {"username": username, "password": "long enough pw", "role": role, "org_id": org_id}
        return client.post("/api/v1/users", headers=admin, json=body).status_code

    assert create("lender", "financier", accounts.financier.org_id) == 201
    assert create("lender2", "financier", accounts.investor.org_id) == 409
    assert create("vc2", "investor", accounts.financier.org_id) == 409
