"""Single sign-on in a real Chromium (issue 15's done-when): the SSO button on the login page,
the sign-in at a real OpenID provider started locally (panva's oidc-provider, its development
login and consent pages), and the home page as the user its claims name."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import ARTIFACTS
from tests.oidc.fixtures import SsoServer, oidc_provider, sso_server

__all__ = ["oidc_provider", "sso_server"]  # fixtures of this module
pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def page(chromium: Browser, sso_server: SsoServer) -> Iterator[Page]:
    context = chromium.new_context(base_url=sso_server.base_url, locale="en-GB")
    context.set_default_timeout(30_000)  # a guard against a hung page, not a speed test
    yield context.new_page()
    context.close()


def sign_in_at_the_provider(page: Page, login: str) -> None:
    page.fill("input[name=login]", login)
    page.fill("input[name=password]", "any password")
    page.click("button.login-submit")  # the provider's development login form


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_a_firm_officer_signs_in_through_the_sso_button(page: Page, sso_server: SsoServer) -> None:
    page.goto("/login?lang=en")
    page.click("[data-testid=sso-login]")
    page.wait_for_url(f"{sso_server.settings.oidc_issuer}/interaction/**")
    sign_in_at_the_provider(page, "firm-officer")
    expect(page.locator("button.login-submit")).to_have_text("Continue")  # the consent
    page.click("button.login-submit")
    page.wait_for_url(f"{sso_server.base_url}/")
    expect(page.locator("[data-testid=welcome]")).to_contain_text("云图智能 王工")
    expect(page.locator("[data-testid=who]")).to_contain_text("Firm")
    page.screenshot(path=str(ARTIFACTS / "sso-signed-in.png"), full_page=True)

    page.click("[data-testid=logout]")  # ends the session here (not at the provider)
    expect(page.locator("[data-testid=login-link]")).to_be_visible()
    page.goto("/login?lang=en")
    page.click("[data-testid=sso-login]")  # the provider still knows the browser: no forms
    page.wait_for_url(f"{sso_server.base_url}/")
    expect(page.locator("[data-testid=welcome]")).to_contain_text("云图智能 王工")


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_an_unmapped_role_sees_why_in_chinese(chromium: Browser, sso_server: SsoServer) -> None:
    context = chromium.new_context(base_url=sso_server.base_url, locale="zh-CN")
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.goto("/login")
    page.click("[data-testid=sso-login]")
    sign_in_at_the_provider(page, "odd-role")
    page.click("button.login-submit")
    expect(page.locator("body")).to_contain_text(
        "身份认证服务给出的角色“superuser”在本平台没有对应的账户类型"
    )
    context.close()
