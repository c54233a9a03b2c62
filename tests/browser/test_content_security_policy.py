"""Every page that draws charts works in a real Chromium under the Content-Security-Policy
(web/headers.py): the charts and the district map render, their tooltips show, and the
browser reports no violation of the policy and no script error."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import DemoServer, Login, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Every violation reaches the console: Chromium's own message, and this listener's.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", function (e) {
  console.error("securitypolicyviolation " + e.violatedDirective + " " + e.blockedURI);
});
"""
# The pages with charts, by who may see them, and the charts each draws.
OPERATOR_PAGES = {
    "/": ["dash-domains", "dash-partnerships", "dash-applications"],
    "/dashboard": ["dash-funnel", "dash-trends", "dash-responsiveness"],
    "/audit": ["activity-chart"],
    "/data/sources": ["sources-chart"],
    "/partnerships": ["partnership-chart"],
    "/industry": ["district-map", "chain-graph", "treemap", "cohorts", "benchmark"],
    "/industry/segments/embodied": ["deep-bars"],
    "/industry/demand": ["demand-radar"],
    "/scenes": ["domain-chart"],
    "/matching/how": ["weights-chart"],
}
FIRM_PAGES = {
    "/my/services": ["quota-chart"],
    "/my/data-access": ["reads-chart"],
}


class Watched:
    """A page whose policy violations, script errors and console messages are kept."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.problems: list[str] = []
        page.add_init_script(REPORT_VIOLATIONS)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))

    def _console(self, message: object) -> None:
        text = str(getattr(message, "text", ""))
        if "securitypolicyviolation" in text or "Content Security Policy" in text:
            self.problems.append(text)

    def visit(self, path: str, charts: list[str]) -> None:
        response = self.page.goto(path)
        assert response is not None and response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"]
        for chart in charts:
            drawn = self.page.locator(f"#{chart}[data-rendered=true]")
            expect(drawn.locator("canvas")).to_have_count(1)
            hover_over(self.page, chart)
        assert self.problems == [], path


def hover_over(page: Page, chart: str) -> None:
    """Move across the chart, so ECharts writes its tooltip (HTML with style attributes)."""
    locator = page.locator(f"#{chart}")
    locator.scroll_into_view_if_needed()
    box = locator.bounding_box()
    assert box is not None, chart
    for share in (0.3, 0.5, 0.7):
        page.mouse.move(box["x"] + box["width"] * share, box["y"] + box["height"] * share)
        page.wait_for_timeout(150)


def watched(new_page: Callable[..., Page], login: Login) -> Watched:
    page = new_page(viewport={"width": 1280, "height": 1000})
    page.goto("/lang/en?next=/")
    sign_in(page, login)
    return Watched(page)


def test_the_operators_chart_pages_run_under_the_policy(
    new_page: Callable[..., Page], demo: DemoServer
) -> None:
    operator = watched(new_page, demo.logins["operator"])
    for path, charts in OPERATOR_PAGES.items():
        operator.visit(path, charts)
    # the tooltip's own styles are applied (the policy allows style attributes)
    operator.page.goto("/scenes")
    hover_over(operator.page, "domain-chart")
    marker = operator.page.locator("#domain-chart span").first
    expect(marker).to_have_css("border-radius", "10px")


def test_a_scenes_ranking_chart_runs_under_the_policy(
    new_page: Callable[..., Page], demo: DemoServer
) -> None:
    operator = watched(new_page, demo.logins["operator"])
    operator.page.goto("/scenes")
    codes = [
        str(link.get_attribute("href"))
        for link in operator.page.locator("[data-testid=scene-list] a").all()
    ]
    for path in codes:  # the first scene still open for proposals has a ranking
        operator.page.goto(path)
        if operator.page.locator("#ranking-chart").count():
            operator.visit(path, ["ranking-chart"])
            return
    pytest.fail("no scene of the catalogue shows a ranking to the operator")


def test_the_firms_chart_pages_run_under_the_policy(
    new_page: Callable[..., Page], demo: DemoServer
) -> None:
    firm = watched(new_page, demo.accounts["startup"])
    for path, charts in FIRM_PAGES.items():
        firm.visit(path, charts)
