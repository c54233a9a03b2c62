"""Shared by the browser tests: one headless Debian Chromium and one `scenehub demo` server
for the whole session (started once; the tests that change data use their own objects)."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from tests.live_server import free_port, launched

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
# The first start generates the city, ingests, resolves and trains the industry classifier:
# about two minutes on a quiet machine, several times that while other jobs share its two
# cores. A guard against a hung start, not a speed test (benchmarks/demo_start.py times it).
STARTUP_SECONDS = 900
REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO_ROOT / "test-artifacts"


@dataclass(frozen=True)
class Login:
    username: str
    password: str
    role: str
    organisation: str


@dataclass(frozen=True)
class DemoServer:
    base_url: str
    logins: dict[str, Login]  # by role: the first account of each role
    accounts: dict[str, Login]  # by username (the demo has two financiers: bank, guarantor)
    data_dir: Path  # its data dir (a test runs `scenehub map` on it)
    refused: Path  # the connections outside this machine it was refused (tests/offline_run.py)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    """One headless Debian Chromium for the session (Playwright downloads no browser here)."""
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


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoServer]:
    """`scenehub demo` serving a fresh SQLite data dir on a free local port, under the tests'
    offline guard; the session fails if the server tried to reach another machine."""
    data_dir = tmp_path_factory.mktemp("demo-data")
    log = data_dir.parent / f"{data_dir.name}.log"
    refused = data_dir.parent / f"{data_dir.name}.refused"
    port = free_port()
    # Only the command line configures the child: no database URL, data dir or key leaks in.
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCENEHUB_")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    command = [
        sys.executable,
        "-m",
        "tests.offline_run",
        str(refused),
        "demo",
        "--data-dir",
        str(data_dir),
        "--port",
        str(port),
        "--host",
        "127.0.0.1",
    ]
    base_url = f"http://127.0.0.1:{port}"
    with launched(command, env, f"{base_url}/healthz", log, STARTUP_SECONDS):
        raw = json.loads((data_dir / "demo-credentials.json").read_text(encoding="utf-8"))
        accounts = {d["username"]: Login(**d) for d in raw}
        logins: dict[str, Login] = {}
        for login in accounts.values():
            logins.setdefault(login.role, login)
        yield DemoServer(base_url, logins, accounts, data_dir, refused)
    if outside := refused.read_text(encoding="utf-8").splitlines():
        pytest.fail(f"the demo server tried to reach other machines: {', '.join(outside)}")


@pytest.fixture
def new_page(chromium: Browser, demo: DemoServer) -> Iterator[Callable[..., Page]]:
    """Open a page in a fresh browser context (own cookies) on the demo; closed afterwards."""
    contexts: list[BrowserContext] = []

    def open_page(**options: Any) -> Page:
        context = chromium.new_context(base_url=demo.base_url, **options)
        # A guard against a hung page, not a speed test: the firm's home ranks every open
        # scene, and in CI the page shares two cores with the other test workers.
        context.set_default_timeout(30_000)
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
