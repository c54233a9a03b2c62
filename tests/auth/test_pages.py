"""The server-rendered pages: sign-in form, CSRF, navigation per role, both languages."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from scenehub.auth.models import User, WebSession
from scenehub.db import utcnow
from tests.conftest import Account, Accounts, csrf_of, sign_in
from tests.expected_nav import EXPECTED_NAV

NAV = {role: keys for role, keys in EXPECTED_NAV.items() if role != "public"}


def nav_keys(html: str) -> list[str]:
    return re.findall(r'data-nav="([a-z-]+)"', html)


def test_the_login_page_is_chinese_by_default_and_english_on_request(client: TestClient) -> None:
    chinese = client.get("/login", headers={"Accept-Language": "zh-CN"})
    assert chinese.status_code == 200
    assert "登录" in chinese.text and 'lang="zh-CN"' in chinese.text
    english = client.get("/login?lang=en")
    assert "Sign in" in english.text and 'lang="en"' in english.text


def test_the_language_switch_remembers_the_choice(client: TestClient) -> None:
    response = client.get("/lang/en?next=/login", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login"
    assert "Sign in" in client.get("/login", headers={"Accept-Language": "zh-CN"}).text
    assert client.get("/lang/fr").status_code == 404


@pytest.mark.parametrize("role", list(NAV))
def test_each_role_sees_only_its_navigation(
    client: TestClient, accounts: Accounts, role: str
) -> None:
    account: Account = getattr(accounts, role)
    sign_in(client, account)
    home = client.get("/")
    assert 'data-testid="welcome"' in home.text
    assert nav_keys(home.text) == NAV[role]


def test_visitors_see_the_public_navigation(client: TestClient) -> None:
    assert nav_keys(client.get("/").text) == [
        "home",
        "scenes",
        "capabilities",
        "industry",
        "financing",
    ]


def test_a_page_that_needs_sign_in_redirects_to_the_login_form(client: TestClient) -> None:
    response = client.get("/account", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/account"


def test_a_forbidden_page_says_why(client: TestClient, accounts: Accounts) -> None:
    sign_in(client, accounts.firm)
    response = client.get("/admin/users")
    assert response.status_code == 403
    assert "this needs the role admin; you are firm" in response.text


def test_login_without_the_csrf_token_is_refused(client: TestClient, accounts: Accounts) -> None:
    client.get("/login")
    response = client.post("/login", data={"username": "yuntu", "password": accounts.firm.password})
    assert response.status_code == 403
    assert "scenehub_session" not in client.cookies


def test_a_forged_csrf_token_is_refused(client: TestClient, accounts: Accounts) -> None:
    client.cookies.set("scenehub_csrf", "abc.def")
    response = client.post(
        "/login",
        data={"username": "yuntu", "csrf_token": "abc.def", "password": accounts.firm.password},
    )
    assert response.status_code == 403


def test_a_wrong_password_re_renders_the_form_with_the_error(
    client: TestClient, accounts: Accounts
) -> None:
    response = client.post(
        "/login", data={"username": "yuntu", "password": "nope", "csrf_token": csrf_of(client)}
    )
    assert response.status_code == 401
    assert 'data-testid="form-error"' in response.text
    assert 'value="yuntu"' in response.text


def test_logout_ends_the_session_on_the_server(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    sign_in(client, accounts.firm)
    stolen = client.cookies["scenehub_session"]
    response = client.post("/logout", data={"csrf_token": csrf_of(client)}, follow_redirects=False)
    assert response.status_code == 303
    client.cookies.set("scenehub_session", stolen)
    replay = client.get("/api/v1/me")
    assert replay.status_code == 401
    assert session.scalars(select(WebSession)).one().revoked_at is not None


def test_a_forged_session_cookie_is_treated_as_signed_out(client: TestClient) -> None:
    client.cookies.set("scenehub_session", "forged")
    response = client.get("/account", follow_redirects=False)
    assert response.status_code == 303
    assert nav_keys(client.get("/").text) == [
        "home",
        "scenes",
        "capabilities",
        "industry",
        "financing",
    ]


def test_admin_adds_a_user_through_the_form(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    sign_in(client, accounts.admin)
    response = client.post(
        "/admin/users",
        data={
            "csrf_token": csrf_of(client),
            "username": "newbie",
            "password": "long enough pw",
            "role": "department",
            "org_id": str(accounts.department.org_id),
            "display_name": "新同事",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert session.scalars(select(User).where(User.username == "newbie")).one().role == "department"


def test_an_invalid_user_form_re_renders_with_the_problem(
    client: TestClient, accounts: Accounts
) -> None:
    sign_in(client, accounts.admin)
    response = client.post(
        "/admin/users",
        data={
            "csrf_token": csrf_of(client),
            "username": "x",
            "password": "short",
            "role": "firm",
            "org_id": str(accounts.firm.org_id),
        },
    )
    assert response.status_code == 422
    assert 'data-testid="form-error"' in response.text
    assert 'data-testid="users-table"' in response.text


def test_a_firm_creates_an_api_token_on_its_account_page(
    client: TestClient, accounts: Accounts
) -> None:
    sign_in(client, accounts.firm)
    page = client.post(
        "/account/tokens", data={"csrf_token": csrf_of(client), "name": "etl", "days": "30"}
    )
    assert page.status_code == 200
    token = re.search(r"<code>(shk_[^<]+)</code>", page.text)
    assert token is not None
    client.cookies.clear()
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token.group(1)}"})
    assert me.json()["username"] == "yuntu"


def test_the_audit_page_shows_the_chain_status_and_chart_data(
    client: TestClient, accounts: Accounts
) -> None:
    sign_in(client, accounts.operator)
    page = client.get("/audit")
    assert page.status_code == 200
    assert 'data-testid="chain-status"' in page.text and "intact" in page.text
    assert '"outcome": "success"' in page.text
    assert "/static/vendor/echarts.min.js" in page.text


def test_a_firm_sees_who_touched_its_data(client: TestClient, accounts: Accounts) -> None:
    sign_in(client, accounts.firm)
    page = client.get("/audit/mine")
    assert page.status_code == 200
    assert "users.create" in page.text  # the centre created the firm's account


def test_vendored_assets_are_served_locally(client: TestClient) -> None:
    for path in (
        "/static/vendor/htmx.min.js",
        "/static/vendor/echarts.min.js",
        "/static/css/app.css",
        "/static/js/charts.js",
    ):
        assert client.get(path).status_code == 200, path
    html = client.get("/").text
    assert "http://" not in html.replace("http://www.w3.org", "")
    assert "https://" not in html


def test_an_expired_session_cookie_sends_the_user_to_sign_in_again(
    client: TestClient, accounts: Accounts, session: Session
) -> None:
    sign_in(client, accounts.firm)
    session.execute(update(WebSession).values(expires_at=utcnow() - timedelta(seconds=1)))
    session.commit()
    response = client.get("/account", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/account"
    assert "scenehub_session" not in client.cookies  # the stale cookie is cleared
    assert client.get("/api/v1/me").status_code == 401


@pytest.mark.parametrize("header", ["Bearer shk_not-a-token", "Basic Z2F0ZXdheTpwYXNz", "junk"])
def test_pages_ignore_an_authorization_header_instead_of_redirecting_for_ever(
    client: TestClient, accounts: Accounts, header: str
) -> None:
    """Issue 16, finding 7: a page answered 401 to a bad header and sent the browser to
    /login, which answered the same, growing ?next= each time; /healthz answered 303."""
    headers = {"Authorization": header}
    assert client.get("/healthz", headers=headers).status_code == 200
    assert client.get("/login", headers=headers).status_code == 200
    account = client.get("/account", headers=headers, follow_redirects=False)
    assert account.status_code == 303
    assert account.headers["location"].startswith("/login")
    landed = client.get(account.headers["location"], headers=headers, follow_redirects=False)
    assert landed.status_code == 200
    api = client.get("/api/v1/me", headers=headers)
    assert api.status_code == 401  # the API still refuses a bad token, once


def test_a_valid_token_does_not_sign_a_page_in(client: TestClient, accounts: Accounts) -> None:
    token = client.post(
        "/api/v1/auth/token",
        json={"username": accounts.firm.username, "password": accounts.firm.password},
    ).json()["token"]
    page = client.get(
        "/account", headers={"Authorization": f"Bearer {token}"}, follow_redirects=False
    )
    assert page.status_code == 303  # pages are signed in by the session cookie only
