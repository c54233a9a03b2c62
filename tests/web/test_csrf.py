"""CSRF in depth (issue 16, finding 4): an unsafe browser request must come from this site
(Origin, else Referer) and carry a token bound to its own session."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from scenehub.app import create_app
from scenehub.settings import Settings
from tests.conftest import Accounts, csrf_of, sign_in


def _new_token(client: TestClient) -> dict[str, str]:
    return {"csrf_token": csrf_of(client), "name": "etl", "days": "30"}


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Referer": "https://evil.example/page"},
        {"Origin": "http://testserver.evil.example"},
    ],
)
def test_a_form_post_from_another_site_is_refused_even_with_the_token(
    client: TestClient, accounts: Accounts, headers: dict[str, str]
) -> None:
    sign_in(client, accounts.firm)
    response = client.post("/account/tokens", data=_new_token(client), headers=headers)
    assert response.status_code == 403
    assert "another site" in response.text


@pytest.mark.parametrize(
    "headers", [{}, {"Origin": "http://testserver"}, {"Referer": "http://testserver/account"}]
)
def test_a_form_post_from_this_site_or_saying_nothing_is_accepted(
    client: TestClient, accounts: Accounts, headers: dict[str, str]
) -> None:
    sign_in(client, accounts.firm)
    response = client.post(
        "/account/tokens", data=_new_token(client), headers=headers, follow_redirects=False
    )
    assert response.status_code in (200, 303), response.text


def test_the_api_with_a_session_cookie_checks_the_origin_too(
    client: TestClient, accounts: Accounts
) -> None:
    sign_in(client, accounts.firm)
    headers = {"X-CSRF-Token": csrf_of(client), "Origin": "https://evil.example"}
    refused = client.post("/api/v1/auth/tokens", json={"name": "x"}, headers=headers)
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "csrf_failed"


def test_a_token_minted_for_another_browser_is_refused(app: FastAPI, accounts: Accounts) -> None:
    with TestClient(app) as attacker, TestClient(app) as victim:
        sign_in(attacker, accounts.other_firm)
        attackers_token = csrf_of(attacker)
        sign_in(victim, accounts.firm)
        # the attacker plants its own (validly signed) token in the victim's browser
        victim.cookies.set("scenehub_csrf", attackers_token)
        response = victim.post(
            "/account/tokens", data={"csrf_token": attackers_token, "name": "planted"}
        )
        assert response.status_code == 403
        # the victim's own page mints a token for its session, which works
        victim.cookies.delete("scenehub_csrf")
        victim.get("/account")
        ok = victim.post(
            "/account/tokens",
            data={"csrf_token": csrf_of(victim), "name": "mine"},
            follow_redirects=False,
        )
        assert ok.status_code in (200, 303)


def test_signing_out_and_in_again_needs_no_reload(client: TestClient, accounts: Accounts) -> None:
    sign_in(client, accounts.firm)
    out = client.post("/logout", data={"csrf_token": csrf_of(client)}, follow_redirects=False)
    assert out.status_code == 303
    sign_in(client, accounts.other_firm)
    assert client.get("/api/v1/me").json()["username"] == accounts.other_firm.username


def test_behind_a_proxy_that_rewrites_host_the_public_origin_counts(
    settings: Settings, accounts: Accounts
) -> None:
    public = settings.model_copy(update={"public_origins": "https://scenes.hz.gov.cn"})
    with TestClient(create_app(public)) as client:
        sign_in(client, accounts.firm)
        ok = client.post(
            "/account/tokens",
            data=_new_token(client),
            headers={"Origin": "https://scenes.hz.gov.cn"},
            follow_redirects=False,
        )
        assert ok.status_code in (200, 303), ok.text
        host_only = client.post(
            "/account/tokens", data=_new_token(client), headers={"Origin": "http://testserver"}
        )
        assert host_only.status_code == 403
