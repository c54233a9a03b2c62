"""A real OpenID provider for the tests (panva's oidc-provider under node, tests/oidc/) and a
live scenehub server that signs in through it; the auth and browser tests import these."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import httpx
import pytest
import uvicorn

from scenehub.app import create_app
from scenehub.auth import service as auth_service
from scenehub.auth.roles import OrgKind
from scenehub.auth.schemas import OrgCreate
from scenehub.db import session_factory
from scenehub.governance.policy import SYSTEM
from scenehub.settings import Settings
from tests.live_server import free_port

HERE = Path(__file__).resolve().parent
CLIENT_ID = "scenehub"
CLIENT_SECRET = "scenehub-test-client-secret"
SCOPES = "openid profile scenehub"
STARTUP_SECONDS = 60  # a guard against a hung start, not a speed test
# The organisations the provider's accounts name by USCC (tests/oidc/provider.mjs).
FIRM_USCC = "91330106MA2B0C1X2C"
DEPARTMENT_USCC = "11330100002468000G"


@dataclass(frozen=True)
class Provider:
    issuer: str
    app_port: int  # the port its client's redirect URI names

    @property
    def app_url(self) -> str:
        return f"http://127.0.0.1:{self.app_port}"


@dataclass(frozen=True)
class SsoServer:
    base_url: str
    settings: Settings
    db_url: str
    firm_org_id: int
    department_org_id: int


def _need(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"CI must run the single sign-on tests: {reason}")
    pytest.skip(reason)


def _discovered(issuer: str) -> bool:
    try:
        response = httpx.get(f"{issuer}/.well-known/openid-configuration", timeout=2)
    except httpx.HTTPError:
        return False
    return response.status_code == 200 and response.json().get("issuer") == issuer


def start_provider(port: int, redirect_uri: str, log: Path) -> subprocess.Popen[bytes]:
    """`node provider.mjs PORT REDIRECT_URI`, answering its discovery document."""
    node = shutil.which("node")
    assert node is not None
    with log.open("wb") as out:
        process = subprocess.Popen(
            [node, str(HERE / "provider.mjs"), str(port), redirect_uri],
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=HERE,
        )
    deadline = time.monotonic() + STARTUP_SECONDS
    while not _discovered(f"http://127.0.0.1:{port}"):
        if process.poll() is not None or time.monotonic() > deadline:
            stop(process)
            raise RuntimeError(f"the OpenID provider did not start:\n{log.read_text()}")
        time.sleep(0.1)
    return process


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Provider]:
    """`node provider.mjs` on a free port, its client redirecting to a port kept for the app."""
    if shutil.which("node") is None:
        _need("node is missing (apt-get install nodejs npm)")
    if not (HERE / "node_modules" / "oidc-provider").is_dir():
        _need("the test provider is not installed: npm ci --prefix tests/oidc")
    port, app_port = free_port(), free_port()
    log = tmp_path_factory.mktemp("oidc") / "provider.log"
    try:
        process = start_provider(port, f"http://127.0.0.1:{app_port}/login/oidc/callback", log)
    except RuntimeError as error:
        pytest.fail(str(error))
    try:
        yield Provider(f"http://127.0.0.1:{port}", app_port)
    finally:
        stop(process)


def sso_settings(provider: Provider, db_url: str, data_dir: Path, **extra: object) -> Settings:
    from tests.conftest import TEST_SECRET

    return Settings(  # type: ignore[arg-type]
        database_url=db_url,
        data_dir=data_dir,
        secret_key=TEST_SECRET,
        default_locale="en",
        oidc_issuer=provider.issuer,
        oidc_client_id=CLIENT_ID,
        oidc_client_secret=CLIENT_SECRET,
        oidc_scopes=SCOPES,
        **extra,
    )


def register_organisations(db_url: str) -> tuple[int, int]:
    """The firm and the department the provider's accounts name (by USCC)."""
    with session_factory(db_url)() as db:
        firm = auth_service.create_org(
            db, SYSTEM, OrgCreate(kind=OrgKind.FIRM, name="云图智能", uscc=FIRM_USCC)
        )
        department = auth_service.create_org(
            db,
            SYSTEM,
            OrgCreate(kind=OrgKind.DEPARTMENT, name="杭州市公安局", uscc=DEPARTMENT_USCC),
        )
        db.commit()
    return firm.id, department.id


def start_server(provider: Provider, settings: Settings) -> tuple[uvicorn.Server, threading.Thread]:
    """scenehub under uvicorn, in a thread, on the port the provider redirects to."""
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(settings),
            host="127.0.0.1",
            port=provider.app_port,
            log_level="warning",
            lifespan="off",
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + STARTUP_SECONDS
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the scenehub test server did not start")
        time.sleep(0.05)
    return server, thread


@pytest.fixture
def sso_server(
    oidc_provider: Provider, db_url: str, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[SsoServer]:
    """scenehub on the provider's redirect port, a firm and a department registered."""
    extra = getattr(request, "param", {})
    settings = sso_settings(oidc_provider, db_url, tmp_path / "data", **extra)
    firm_id, department_id = register_organisations(db_url)
    server, thread = start_server(oidc_provider, settings)
    try:
        yield SsoServer(oidc_provider.app_url, settings, db_url, firm_id, department_id)
    finally:
        server.should_exit = True
        thread.join(timeout=10)


_FORM = re.compile(r'<form[^>]*action="([^"]+)"[^>]*>.*?name="prompt" value="(\w+)"', re.S)


def through_the_provider(
    client: httpx.Client, response: httpx.Response, login: str, until_callback: bool = False
) -> httpx.Response:
    """Follow redirects and fill the provider's dev login (``login``, any password) and
    consent forms; stop at the app's answer, or at the redirect to its callback."""
    while True:
        if response.is_redirect:
            target = urljoin(str(response.url), response.headers["location"])
            if until_callback and "/login/oidc/callback" in target:
                return response
            response = client.get(target)
            continue
        form = _FORM.search(response.text) if "/interaction/" in str(response.url) else None
        if form is None:
            return response
        action, prompt = urljoin(str(response.url), form.group(1)), form.group(2)
        data = {"prompt": prompt}
        if prompt == "login":
            data |= {"login": login, "password": "any password"}
        response = client.post(action, data=data)
