"""Provably offline in the browser (issue 16): every page in every role's menu, in both
languages, loads everything it needs from the centre's own server. Chromium's requests are
recorded (including fetches by htmx and the charts' scripts, fonts and images) and any
address off this machine fails the test; the demo server itself runs under the offline guard
(tests/offline_run.py) and is checked here too."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, Request

from tests.browser.conftest import DemoServer, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROLES = ["public", "admin", "department", "firm", "investor", "financier"]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
# Schemes that never leave the browser.
IN_BROWSER = {"data", "blob", "about", "chrome-error"}


def off_this_machine(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme not in IN_BROWSER and parts.hostname not in LOCAL_HOSTS


def menu_paths(page: Page) -> list[str]:
    links = page.locator("nav[data-testid=nav] a").all()
    return [str(link.get_attribute("href")) for link in links]


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
@pytest.mark.parametrize("role", ROLES)
def test_every_menu_page_loads_only_from_this_machine(
    new_page: Callable[..., Page], demo: DemoServer, role: str, locale: str
) -> None:
    page = new_page(locale=locale, viewport={"width": 1280, "height": 900})
    requested: list[str] = []

    def record(request: Request) -> None:
        requested.append(request.url)

    page.context.on("request", record)
    page.goto(f"/lang/{locale.replace('-', '_')}?next=/")
    if role != "public":
        sign_in(page, demo.logins[role])
    paths = menu_paths(page)
    assert paths, "the menu is empty"
    for path in paths:
        page.goto(path)
        page.wait_for_load_state("networkidle")

    assert len(requested) > len(paths)  # pages, their styles and scripts were seen
    outside = sorted({url for url in requested if off_this_machine(url)})
    assert outside == [], f"{role} ({locale}) requested from other machines: {outside}"
    refused = demo.refused.read_text(encoding="utf-8").splitlines()
    assert refused == [], f"the demo server tried to reach other machines: {refused}"


def test_the_recorder_knows_what_leaves_the_machine() -> None:
    assert off_this_machine("https://cdn.jsdelivr.net/npm/echarts")
    assert off_this_machine("http://10.0.0.7/static/app.css")
    assert not off_this_machine("http://127.0.0.1:8123/static/css/app.css")
    assert not off_this_machine("data:image/png;base64,AAAA")
