"""`scenehub demo` in a real Chromium: both languages, and every role signs in and sees only
its own navigation."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
STARTUP_SECONDS = 60
REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO_ROOT / "test-artifacts"

# What each role must see in the main navigation, in menu order. Written out here on purpose:
# the test checks the app against this table, not against the app's own NAV.
EXPECTED_NAV: dict[str, list[str]] = {
    "public": ["home", "scenes", "capabilities", "financing"],
    "admin": [
        "home",
        "scenes",
        "capabilities",
        "my-scenes",
        "scene-review",
        "registry-review",
        "financing",
        "salons",
        "firms",
        "sources",
        "upload",
        "access-log",
        "orgs",
        "users",
        "audit",
        "account",
    ],
    "operator": [
        "home",
        "scenes",
        "capabilities",
        "my-scenes",
        "scene-review",
        "registry-review",
        "financing",
        "salons",
        "firms",
        "sources",
        "upload",
        "access-log",
        "orgs",
        "audit",
        "account",
    ],
    "department": [
        "home",
        "scenes",
        "capabilities",
        "my-scenes",
        "financing",
        "salons",
        "upload",
        "access-log",
        "account",
    ],
    "firm": [
        "home",
        "scenes",
        "capabilities",
        "firm",
        "financing",
        "salons",
        "access-log",
        "account",
    ],
    "investor": ["home", "scenes", "capabilities", "financing", "salons", "access-log", "account"],
}
DEMO_ROLES = ["admin", "operator", "department", "firm", "investor"]


@dataclass(frozen=True)
class Login:
    username: str
    password: str
    role: str
    organisation: str


@dataclass(frozen=True)
class DemoServer:
    base_url: str
    logins: dict[str, Login]  # by role


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (local http)
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def _wait_until_healthy(process: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(
                f"`scenehub demo` exited with {process.returncode}:\n"
                f"{log.read_text(encoding='utf-8', errors='replace')}"
            )
        if _healthy(url):
            return
        time.sleep(0.2)
    pytest.fail(
        f"`scenehub demo` did not answer {url} within {STARTUP_SECONDS} s:\n"
        f"{log.read_text(encoding='utf-8', errors='replace')}"
    )


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    """One headless Debian Chromium for the module (Playwright downloads no browser here)."""
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the browser tests: {reason}")
        pytest.skip(reason)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoServer]:
    """`scenehub demo` serving a fresh SQLite data dir on a free local port."""
    data_dir = tmp_path_factory.mktemp("demo-data")
    log = data_dir.parent / f"{data_dir.name}.log"
    port = _free_port()
    # Only the command line configures the child: no database URL, data dir or key leaks in.
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCENEHUB_")}
    command = [
        str(Path(sys.executable).parent / "scenehub"),
        "demo",
        "--data-dir",
        str(data_dir),
        "--port",
        str(port),
        "--host",
        "127.0.0.1",
    ]
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)
    try:
        base_url = f"http://127.0.0.1:{port}"
        _wait_until_healthy(process, f"{base_url}/healthz", log)
        raw = json.loads((data_dir / "demo-credentials.json").read_text(encoding="utf-8"))
        logins = {d["role"]: Login(**d) for d in raw}
        yield DemoServer(base_url, logins)
    finally:
        _stop(process)


@pytest.fixture
def new_page(chromium: Browser, demo: DemoServer) -> Iterator[Callable[..., Page]]:
    """Open a page in a fresh browser context (own cookies) on the demo; closed afterwards."""
    contexts: list[BrowserContext] = []

    def open_page(**options: Any) -> Page:
        context = chromium.new_context(base_url=demo.base_url, **options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def nav_keys(page: Page) -> list[str]:
    links = page.locator("nav[data-testid=nav] a").all()
    return [str(link.get_attribute("data-nav")) for link in links]


def sign_in(page: Page, login: Login) -> None:
    page.goto("/login")
    page.fill("input[name=username]", login.username)
    page.fill("input[name=password]", login.password)
    page.click("[data-testid=login-submit]")
    page.wait_for_url("/")
    expect(page.locator("[data-testid=welcome]")).to_be_visible()


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
