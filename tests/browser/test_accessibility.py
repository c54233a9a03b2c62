"""Every main page of every role passes axe-core's WCAG 2.1 A/AA rules (issue 16; GB/T 37668
asks the same of government portals) with no serious or critical violation, in both languages.

axe-core is the npm package pinned in tests/a11y (``scripts/test`` installs it); the test
injects it into each page, so its contexts bypass the Content-Security-Policy, which runs only
the app's own scripts. The pages are each role's main navigation and, one level below it, the
first record of each item's list (a scene, a firm, a salon, a product …) and its form for a
new one, plus the sign-in page. Each page also has to say its language in ``<html lang>``,
have exactly one ``<main>``, and start with a skip link that shows when focused and moves the
focus to the main content.

Chinese, the default, runs on all of them. English runs on the home page and a representative
subset (``ENGLISH_PATHS``: a list with a chart, the industry map, the dashboard, a desk, forms,
the account): both languages render the same templates, English changes only the text, and
every page in both took the test past four minutes (312 s after the demo's start, on a shared
two-core machine, without the forms below the navigation); this takes about 235 s there.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import REPO_ROOT, DemoServer, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AXE = REPO_ROOT / "tests" / "a11y" / "node_modules" / "axe-core" / "axe.min.js"
ROLES = ["public", "admin", "operator", "department", "firm", "investor", "financier"]
LANGUAGES = {"zh_CN": "zh-CN", "en": "en"}  # the app's locale → <html lang> and the browser's
# The serious and critical violations of the WCAG 2.1 A and AA rules, a few targets each.
RUN_AXE = """
async () => {
  const results = await axe.run(document, {
    runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
  });
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length,
                  targets: v.nodes.slice(0, 3).map((n) => n.target.join(" "))}));
}
"""
# English's pages, with the first page below each (see the docstring).
ENGLISH_PATHS = frozenset(
    {
        *("/", "/login", "/scenes", "/industry", "/dashboard", "/my/scenes", "/firm"),
        *("/my/services", "/estation/products", "/salons", "/account"),
    }
)
# A link into a page's own records, not a download or a filter of the same list.
NOT_A_PAGE = (".csv", ".xlsx", ".pdf", ".json", "/export", "/api/")


@dataclass(frozen=True)
class Finding:
    path: str
    problem: str

    def __str__(self) -> str:
        return f"{self.path}: {self.problem}"


def axe_findings(page: Page, path: str) -> list[Finding]:
    page.add_script_tag(path=str(AXE))
    violations: list[dict[str, Any]] = page.evaluate(RUN_AXE)
    return [
        Finding(path, f"{v['impact']} {v['id']} ({v['help']}), {v['nodes']}× e.g. {v['targets']}")
        for v in violations
    ]


def structure_findings(page: Page, path: str, html_lang: str) -> list[Finding]:
    """The language attribute, the one <main>, and the skip link (Tab, then Enter)."""
    findings = []
    if (lang := page.get_attribute("html", "lang")) != html_lang:
        findings.append(Finding(path, f"<html lang={lang!r}>, wanted {html_lang!r}"))
    if (mains := page.locator("main").count()) != 1:
        findings.append(Finding(path, f"{mains} <main> elements"))
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className + ' ' + location.hash")
    skip = page.locator("a.skip-link")
    box = skip.bounding_box() if skip.count() == 1 else None
    if not focused.startswith("skip-link") or box is None or box["x"] < 0 or box["y"] < 0:
        wrong = f"the first Tab focused {focused!r}, not a shown skip link"
        return [*findings, Finding(path, wrong)]
    page.keyboard.press("Enter")
    if page.evaluate("document.activeElement.id + location.hash") != "main#main":
        findings.append(Finding(path, "the skip link did not move the focus to <main id=main>"))
    return findings


def pages_below(page: Page, path: str) -> list[str]:
    """The first record a page links to below itself (``/scenes`` → ``/scenes/S0001``) and
    its form for a new one (``/salons`` → ``/salons/new``)."""
    if path == "/":
        return []
    hrefs: list[str] = page.locator(f"main a[href^='{path}/']").evaluate_all(
        "links => links.map((a) => a.getAttribute('href'))"
    )
    pages = [h for h in hrefs if not any(part in h for part in NOT_A_PAGE)]
    forms = [h for h in pages if h.endswith("/new")]
    return [h for h in pages if h not in forms][:1] + forms[:1]


class Auditor:
    """One role in one language: visits pages and keeps what is wrong with them."""

    def __init__(self, page: Page, locale: str) -> None:
        self.page, self.html_lang = page, LANGUAGES[locale]
        self.findings: list[Finding] = []
        self.visited: list[str] = []

    def audit(self, path: str) -> None:
        response = self.page.goto(path)
        self.visited.append(path)
        if response is None or response.status != 200:
            status = response.status if response else None
            self.findings.append(Finding(path, f"status {status}"))
            return
        self.findings += axe_findings(self.page, path)
        self.findings += structure_findings(self.page, path, self.html_lang)

    def nav_paths(self) -> list[str]:
        self.page.goto("/")
        links = self.page.locator("nav[data-testid=nav] a")
        return [str(href) for href in links.evaluate_all("as => as.map((a) => a.pathname)")]


def auditor_for(new_page: Callable[..., Page], demo: DemoServer, role: str, locale: str) -> Auditor:
    page = new_page(
        locale=LANGUAGES[locale], bypass_csp=True, viewport={"width": 1280, "height": 900}
    )
    page.goto(f"/lang/{locale}?next=/")
    if role != "public":
        sign_in(page, demo.logins[role])
    return Auditor(page, locale)


@pytest.fixture(scope="module", autouse=True)
def _axe_is_installed() -> None:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: npm ci --prefix tests/a11y (scripts/test does it)")


@pytest.mark.parametrize("locale", LANGUAGES)
@pytest.mark.parametrize("role", ROLES)
def test_every_main_page_of_a_role_passes_axe(
    new_page: Callable[..., Page], demo: DemoServer, role: str, locale: str
) -> None:
    auditor = auditor_for(new_page, demo, role, locale)
    paths = auditor.nav_paths()
    if locale == "en":
        paths = [path for path in paths if path in ENGLISH_PATHS]
    below: list[str] = []
    for path in paths:
        auditor.audit(path)
        below += [p for p in pages_below(auditor.page, path) if p not in below]
    for path in below:
        auditor.audit(path)
    if role == "public":
        auditor.audit("/login")
    assert any(re.fullmatch(r"/scenes/S\d+", path) for path in auditor.visited), "no scene's page"
    assert auditor.findings == [], "\n".join(map(str, auditor.findings))
