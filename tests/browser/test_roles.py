"""`scenehub demo` in a real Chromium: both languages, and every role signs in and sees only
its own navigation."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import ARTIFACTS, DemoServer, nav_keys, sign_in
from tests.expected_nav import EXPECTED_NAV

pytestmark = [pytest.mark.browser, pytest.mark.slow]

DEMO_ROLES = ["admin", "operator", "department", "firm", "investor", "financier"]


def test_visitor_sees_only_home(new_page: Callable[..., Page]) -> None:
    page = new_page()
    page.goto("/")
    expect(page.locator("[data-testid=login-link]")).to_be_visible()
    assert nav_keys(page) == EXPECTED_NAV["public"]


@pytest.mark.parametrize("role", DEMO_ROLES)
def test_role_signs_in_and_sees_only_its_navigation(
    new_page: Callable[..., Page], demo: DemoServer, role: str
) -> None:
    login = demo.logins[role]
    page = new_page()
    sign_in(page, login)
    assert nav_keys(page) == EXPECTED_NAV[role]
    expect(page.locator("[data-testid=who]")).to_be_visible()

    response = page.goto("/admin/users")
    assert response is not None
    if role == "admin":
        assert response.status == 200
        table = page.locator("[data-testid=users-table]")
        for other in demo.logins.values():
            expect(table.locator("td", has_text=other.username).first).to_be_visible()
    else:
        assert response.status == 403
        expect(page.locator("[data-testid=error]")).to_be_visible()

    page.click("[data-testid=logout]")
    expect(page.locator("[data-testid=login-link]")).to_be_visible()
    assert nav_keys(page) == EXPECTED_NAV["public"]


def test_chinese_browser_gets_chinese_and_can_switch_to_english(
    new_page: Callable[..., Page],
) -> None:
    page = new_page(locale="zh-CN")
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(page.locator(".brand span")).to_have_text("场景创新中心")

    page.click("a[data-lang=en]")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(".brand span")).to_have_text("Scene innovation centre")

    page.goto("/login")  # the choice is a cookie: it outlives the page
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("main h1")).to_have_text("Sign in")


def test_operator_audit_page_draws_the_chart(
    new_page: Callable[..., Page], demo: DemoServer
) -> None:
    page = new_page(viewport={"width": 1280, "height": 900})
    page.goto("/lang/en?next=/")  # English, although the operator's own language is Chinese
    sign_in(page, demo.logins["operator"])
    response = page.goto("/audit")
    assert response is not None
    assert response.status == 200
    expect(page.locator("html")).to_have_attribute("lang", "en")
    chart = page.locator("#activity-chart[data-rendered=true]")
    expect(chart).to_be_visible()
    expect(chart.locator("canvas")).to_have_count(1)
    expect(page.locator("[data-testid=chain-status]")).to_contain_text("intact")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "operator-audit.png"), full_page=True)


def test_phone_menu_opens_with_the_hamburger(new_page: Callable[..., Page]) -> None:
    page = new_page(viewport={"width": 390, "height": 844})
    page.goto("/")
    nav = page.locator("nav[data-testid=nav]")
    expect(page.locator(".menu-button")).to_be_visible()
    expect(nav).to_be_hidden()
    page.click(".menu-button")
    expect(page.locator("#menu-toggle")).to_be_checked()
    expect(nav).to_be_visible()
