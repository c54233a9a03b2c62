"""Single sign-on through a real OpenID provider (tests/oidc/provider.mjs, panva's certified
oidc-provider) started locally: the code flow with PKCE, the ID token checked against the
provider's keys, claims mapped to organisation and role, the identity linked to one user."""

from __future__ import annotations

import html
from collections.abc import Iterator
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx
import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from scenehub.auth.models import SsoIdentity, User
from scenehub.auth.roles import Role
from scenehub.cli import app as cli_app
from scenehub.db import session_factory
from scenehub.governance.models import AuditEntry
from scenehub.settings import get_settings
from tests.conftest import make_account
from tests.oidc.fixtures import SsoServer, through_the_provider

pytestmark = pytest.mark.slow


@pytest.fixture
def browser(sso_server: SsoServer) -> Iterator[httpx.Client]:
    """A cookie jar for the app and the provider (both on 127.0.0.1, cookies of other names)."""
    with httpx.Client(timeout=30, follow_redirects=False) as client:
        yield client


def sign_in(client: httpx.Client, server: SsoServer, login: str) -> httpx.Response:
    start = client.get(f"{server.base_url}/login/oidc?next=/account")
    assert start.status_code == 303
    return through_the_provider(client, start, login)


def users_and_links(server: SsoServer) -> list[tuple[str, Role, int | None, str]]:
    with session_factory(server.db_url, read_only=True)() as db:
        rows = db.execute(
            select(User.username, User.role, User.org_id, SsoIdentity.subject).join(
                SsoIdentity, SsoIdentity.user_id == User.id
            )
        )
        return [tuple(r) for r in rows]  # type: ignore[misc]


def audit_of(server: SsoServer, action: str) -> list[tuple[str, dict[str, object]]]:
    with session_factory(server.db_url, read_only=True)() as db:
        entries = db.scalars(select(AuditEntry).where(AuditEntry.action == action))
        return [(e.outcome, dict(e.details or {})) for e in entries]


def test_the_login_page_offers_the_sso_button(browser: httpx.Client, sso_server: SsoServer) -> None:
    page = browser.get(f"{sso_server.base_url}/login?lang=en")
    assert 'data-testid="sso-login"' in page.text
    assert "Sign in with the government SSO" in page.text
    chinese = browser.get(f"{sso_server.base_url}/login?lang=zh_CN")
    assert "使用政务统一身份认证登录" in chinese.text


def test_a_firm_officer_signs_in_with_the_mapped_organisation_and_role(
    browser: httpx.Client, sso_server: SsoServer
) -> None:
    landed = sign_in(browser, sso_server, "firm-officer")
    assert landed.status_code == 200 and str(landed.url).endswith("/account")
    assert "云图智能" in landed.text  # the account page names the organisation
    assert users_and_links(sso_server) == [
        ("sso-firm-officer", Role.FIRM, sso_server.firm_org_id, "firm-officer")
    ]
    logins = [d for outcome, d in audit_of(sso_server, "auth.login") if outcome == "success"]
    assert logins == [{"via": "web", "method": "oidc", "issuer": sso_server.settings.oidc_issuer}]


def test_a_second_sign_in_links_the_same_user(browser: httpx.Client, sso_server: SsoServer) -> None:
    sign_in(browser, sso_server, "dept-officer")
    browser.cookies.delete("scenehub_session")
    again = sign_in(browser, sso_server, "dept-officer")  # the provider remembers consent
    assert again.status_code == 200 and "杭州市公安局" in again.text
    assert users_and_links(sso_server) == [
        ("sso-dept-officer", Role.DEPARTMENT, sso_server.department_org_id, "dept-officer")
    ]
    assert len([o for o, _ in audit_of(sso_server, "auth.login") if o == "success"]) == 2


@pytest.mark.parametrize(
    ("login", "says"),
    [
        ("odd-role", "the role 'superuser' from the sign-on service has no account here"),
        ("admin-claim", "the role 'admin' from the sign-on service has no account here"),
        ("stranger", "the organisation 913300000000000004 named by the sign-on service"),
    ],
)
def test_claims_without_an_account_here_are_refused_and_audited(
    browser: httpx.Client, sso_server: SsoServer, login: str, says: str
) -> None:
    refused = sign_in(browser, sso_server, login)
    assert refused.status_code == 403 and says in html.unescape(refused.text)
    assert "scenehub_session" not in browser.cookies
    assert users_and_links(sso_server) == []
    assert [d.get("method") for o, d in audit_of(sso_server, "auth.login")] == ["oidc"]
    assert [o for o, _ in audit_of(sso_server, "auth.login")] == ["refused"]


@pytest.mark.parametrize(
    "sso_server", [{"oidc_role_map": {"admin": "admin", "firm": "firm"}}], indirect=True
)
def test_admin_comes_from_a_claim_only_when_the_mapping_says_so(
    browser: httpx.Client, sso_server: SsoServer
) -> None:
    refused = sign_in(browser, sso_server, "admin-claim")  # the mapping grants admin, but
    assert refused.status_code == 403  # a firm is no centre: the role does not fit
    assert "does not fit the organisation 云图智能" in refused.text


def test_a_tampered_state_is_refused(browser: httpx.Client, sso_server: SsoServer) -> None:
    start = browser.get(f"{sso_server.base_url}/login/oidc")
    back = through_the_provider(browser, start, "firm-officer", until_callback=True)
    url = urlsplit(back.headers["location"])
    query = dict(parse_qsl(url.query)) | {"state": "forged"}
    response = browser.get(urlunsplit(url._replace(query=urlencode(query))))
    assert response.status_code == 400
    assert "state does not match" in response.text
    assert users_and_links(sso_server) == []


def test_a_callback_without_its_pending_cookie_is_refused(
    browser: httpx.Client, sso_server: SsoServer
) -> None:
    response = browser.get(f"{sso_server.base_url}/login/oidc/callback?code=x&state=y")
    assert response.status_code == 400
    assert "not started here" in response.text


def test_a_sign_in_cancelled_at_the_provider_is_a_403_page(
    browser: httpx.Client, sso_server: SsoServer
) -> None:
    start = browser.get(f"{sso_server.base_url}/login/oidc")
    login_page = browser.get(start.headers["location"])
    while login_page.is_redirect:
        login_page = browser.get(
            str(httpx.URL(str(login_page.url)).join(login_page.headers["location"]))
        )
    abort = str(login_page.url).rstrip("/") + "/abort"
    response = through_the_provider(browser, browser.get(abort), "nobody")
    assert response.status_code == 403
    assert "access_denied" in response.text
    assert [o for o, _ in audit_of(sso_server, "auth.login")] == ["refused"]


@pytest.mark.parametrize("sso_server", [{"oidc_provision_users": False}], indirect=True)
def test_without_provisioning_an_unlinked_identity_is_refused(
    browser: httpx.Client, sso_server: SsoServer
) -> None:
    refused = sign_in(browser, sso_server, "firm-officer")
    assert refused.status_code == 403 and "no account here is linked" in refused.text
    assert users_and_links(sso_server) == []


@pytest.mark.parametrize("sso_server", [{"oidc_provision_users": False}], indirect=True)
def test_an_account_linked_from_the_shell_signs_in_through_the_provider(
    browser: httpx.Client, sso_server: SsoServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    with session_factory(sso_server.db_url)() as db:
        make_account(db, "wang", Role.FIRM, sso_server.firm_org_id)
        make_account(db, "lili", Role.FIRM, sso_server.firm_org_id)
        db.commit()
    monkeypatch.setenv("SCENEHUB_DATABASE_URL", sso_server.db_url)
    monkeypatch.setenv("SCENEHUB_DEFAULT_LOCALE", "en")
    monkeypatch.setenv("SCENEHUB_OIDC_ISSUER", str(sso_server.settings.oidc_issuer))
    get_settings.cache_clear()
    try:
        linked = CliRunner().invoke(cli_app, ["users", "link-sso", "wang", "firm-officer"])
        again = CliRunner().invoke(cli_app, ["users", "link-sso", "lili", "firm-officer"])
    finally:
        get_settings.cache_clear()
    assert linked.exit_code == 0, linked.output
    assert again.exit_code != 0 and "linked to the user wang already" in again.output
    landed = sign_in(browser, sso_server, "firm-officer")
    assert landed.status_code == 200 and str(landed.url).endswith("/account")
    assert users_and_links(sso_server) == [
        ("wang", Role.FIRM, sso_server.firm_org_id, "firm-officer")
    ]
