"""Every response carries the security headers, and no template holds script that the
Content-Security-Policy would refuse (inline script, an on* handler, a javascript: address)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from scenehub.app import create_app
from scenehub.settings import Settings
from scenehub.web.headers import CONTENT_SECURITY_POLICY, HSTS, SecurityHeaders
from tests.conftest import TEST_SECRET

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "scenehub" / "web" / "templates"
ALWAYS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
}


def client_for(sqlite_template: Path, tmp_path: Path, *, cookie_secure: bool) -> TestClient:
    # The headers do not depend on the database: one backend is enough.
    path = tmp_path / "headers.sqlite3"
    shutil.copy(sqlite_template, path)
    settings = Settings(
        database_url=f"sqlite:///{path}",
        data_dir=tmp_path / "data",
        secret_key=TEST_SECRET,  # type: ignore[arg-type]
        default_locale="en",
        cookie_secure=cookie_secure,
    )
    return TestClient(create_app(settings))


@pytest.fixture
def plain(sqlite_template: Path, tmp_path: Path) -> Iterator[TestClient]:
    with client_for(sqlite_template, tmp_path, cookie_secure=False) as client:
        yield client


@pytest.fixture
def secure(sqlite_template: Path, tmp_path: Path) -> Iterator[TestClient]:
    with client_for(sqlite_template, tmp_path, cookie_secure=True) as client:
        yield client


def assert_security_headers(headers: dict[str, str]) -> None:
    for name, value in ALWAYS.items():
        assert headers.get(name) == value, name


@pytest.mark.parametrize(
    ("path", "status", "kind"),
    [
        ("/login", 200, "text/html"),
        ("/", 200, "text/html"),
        ("/healthz", 200, "application/json"),
        ("/api/v1/scenes", 200, "application/json"),
        ("/api/v1/openapi.json", 200, "application/json"),
        ("/api/v1/no-such-thing", 404, "application/json"),
        ("/no-such-page", 404, "text/html"),
        ("/static/js/charts.js", 200, "javascript"),
        ("/static/css/app.css", 200, "text/css"),
        ("/static/no-such-file.js", 404, ""),
        ("/api/v1/scenes/a%00b", 422, "application/json"),  # refused by NulInAddress
    ],
)
def test_every_response_carries_the_security_headers(
    plain: TestClient, path: str, status: int, kind: str
) -> None:
    response = plain.get(path)
    assert response.status_code == status
    assert kind in response.headers.get("content-type", "")
    assert_security_headers(dict(response.headers))
    assert "strict-transport-security" not in response.headers
    assert "server" not in response.headers


def test_a_body_refused_before_routing_carries_them_too(plain: TestClient) -> None:
    response = plain.post(
        "/api/v1/auth/token",
        content=b"x",
        headers={"Content-Type": "application/json", "Content-Length": str(10**12)},
    )
    assert response.status_code == 413
    assert_security_headers(dict(response.headers))


@pytest.mark.parametrize(
    "path", ["/login", "/api/v1/scenes", "/no-such-page", "/static/css/app.css"]
)
def test_hsts_is_sent_only_when_cookies_are_secure(secure: TestClient, path: str) -> None:
    response = secure.get(path)
    assert response.headers["strict-transport-security"] == HSTS
    assert_security_headers(dict(response.headers))


def test_the_policy_runs_only_the_apps_own_files() -> None:
    directives = dict(d.split(" ", 1) for d in CONTENT_SECURITY_POLICY.split("; "))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"  # no <style> element: only style attributes
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["form-action"] == "'self'"
    assert not any("unsafe-eval" in v or "*" in v for v in directives.values())


def test_a_header_the_response_sets_itself_is_kept_not_doubled() -> None:
    def own(request: Request) -> PlainTextResponse:
        return PlainTextResponse("x", headers={"X-Frame-Options": "SAMEORIGIN"})

    app = SecurityHeaders(Starlette(routes=[Route("/", own)]), hsts=False)
    response = TestClient(app).get("/")
    assert response.headers.get_list("x-frame-options") == ["SAMEORIGIN"]
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY


class ScriptAudit(HTMLParser):
    """What in a template the policy would block: inline <script>, <style>, on* attributes,
    javascript: addresses."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        line = self.getpos()[0]
        if tag == "script" and "src" not in named and named.get("type") != "application/json":
            self.problems.append(f"line {line}: inline <script>")
        if tag == "style":
            self.problems.append(f"line {line}: <style> element")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"line {line}: {name}= handler")
            if value and value.strip().lower().startswith("javascript:"):
                self.problems.append(f"line {line}: javascript: in {name}")


def without_jinja(source: str) -> str:
    """The template's HTML: comments and statements dropped, each expression a placeholder
    (so ``{% if online %}`` is not read as an ``online`` attribute). Newlines are kept, for
    line numbers."""

    def blank(match: re.Match[str]) -> str:
        return "\n" * match.group(0).count("\n")

    source = re.sub(r"\{#.*?#\}", blank, source, flags=re.S)
    source = re.sub(r"\{%.*?%\}", blank, source, flags=re.S)
    return re.sub(r"\{\{.*?\}\}", lambda m: "x" + blank(m), source, flags=re.S)


def test_no_template_holds_script_the_policy_would_block() -> None:
    templates = sorted(TEMPLATES.rglob("*.html"))
    assert len(templates) > 50
    problems: list[str] = []
    for template in templates:
        source = template.read_text(encoding="utf-8")
        audit = ScriptAudit()
        audit.feed(without_jinja(source))
        audit.close()
        name = template.relative_to(TEMPLATES)
        problems += [f"{name} {p}" for p in audit.problems]
        if "javascript:" in source.lower():
            problems.append(f"{name}: javascript:")
    assert problems == []


def test_the_audit_sees_what_it_looks_for() -> None:
    audit = ScriptAudit()
    audit.feed(
        without_jinja(
            '<script>alert(1)</script><script src="/static/js/a.js"></script>'
            '<script type="application/json" id="d">{{ data|tojson }}</script>'
            '<a href="javascript:go()" onclick="go()">x</a><style>p{}</style>'
            "<p {% if online %}hidden{% endif %}>x</p>"
        )
    )
    assert audit.problems == [
        "line 1: inline <script>",
        "line 1: javascript: in href",
        "line 1: onclick= handler",
        "line 1: <style> element",
    ]
