"""Rendering a page: the template gets the translator, the actor, the navigation and the
CSRF token; a fresh CSRF cookie is set when the browser has none."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from scenehub.auth import credentials
from scenehub.auth.roles import ORG_KIND_LABELS, ROLE_LABELS
from scenehub.governance.policy import ANONYMOUS, Actor
from scenehub.notifications import service as notification_service
from scenehub.scenes.domains import STAGE_LABELS
from scenehub.translator import LOCALE_NAMES, Translator, negotiate
from scenehub.web.deps import CSRF_COOKIE, SESSION_COOKIE, csrf_binding
from scenehub.web.nav import nav_for

TEMPLATES = Jinja2Templates(directory=Path(__file__).parent / "templates")
LANG_COOKIE = "scenehub_lang"  # the language the user chose with the switch


def request_locale(request: Request) -> str:
    """The request's language: ?lang=, the language cookie, the browser, the default."""
    cached = getattr(request.state, "locale", None)
    if isinstance(cached, str):
        return cached
    locale = negotiate(
        request.query_params.get("lang"),
        request.cookies.get(LANG_COOKIE),
        None,
        request.headers.get("accept-language"),
        request.app.state.settings.default_locale,
    )
    request.state.locale = locale
    return locale


def translator(request: Request) -> Translator:
    return Translator(request_locale(request))


def bar_chart(bars: Iterable[tuple[str, float]]) -> dict[str, list[object]]:
    """An ECharts bar chart's categories and values from (translated label, count) pairs."""
    pairs = list(bars)
    return {"categories": [label for label, _ in pairs], "values": [count for _, count in pairs]}


def csrf_token(request: Request) -> str:
    """The browser's CSRF token, minting one (set as a cookie by ``render``) if it has none
    or one bound to another session (it signed in or out since)."""
    secret, bound_to = request.app.state.secret_key, csrf_binding(request)
    token = getattr(request.state, "new_csrf", None) or request.cookies.get(CSRF_COOKIE)
    if not token or not credentials.csrf_token_fits(secret, token, bound_to):
        token = credentials.new_csrf_token(secret, bound_to)
        request.state.new_csrf = token
    return str(token)


def render(
    request: Request, template: str, context: dict[str, Any] | None = None, status_code: int = 200
) -> HTMLResponse:
    actor: Actor = getattr(request.state, "actor", ANONYMOUS)
    t = translator(request)
    page_context = {
        "_": t.gettext,
        "locale": t.locale,
        "locales": LOCALE_NAMES,
        "actor": actor,
        "nav": nav_for(actor),
        "csrf_token": csrf_token(request),
        "role_label": t.gettext(ROLE_LABELS[actor.role]),
        "org_kind_labels": ORG_KIND_LABELS,
        "role_labels": ROLE_LABELS,
        "stage_labels": STAGE_LABELS,
        "current_path": request.url.path,
        "unread_notifications": lambda: unread_notifications(request, actor),
        **(context or {}),
    }
    response = TEMPLATES.TemplateResponse(request, template, page_context, status_code=status_code)
    attach_cookies(request, response)
    return response


def unread_notifications(request: Request, actor: Actor) -> int | None:
    """The top bar's unread count: one COUNT in the request's own session (a second
    connection per page could wait on the first); none on a page without one (an error's)."""
    session = getattr(request.state, "db_session", None)
    if session is None or actor.user_id is None:
        return None
    return notification_service.unread_count(session, actor.user_id)


def attach_cookies(request: Request, response: Any) -> None:
    """Set the minted CSRF cookie and clear a stale session cookie on ``response``."""
    secure = request.app.state.settings.cookie_secure
    new_csrf = getattr(request.state, "new_csrf", None)
    if new_csrf:
        response.set_cookie(
            CSRF_COOKIE, new_csrf, httponly=True, samesite="strict", secure=secure, path="/"
        )
    if getattr(request.state, "stale_session", False):
        response.delete_cookie(SESSION_COOKIE, path="/")
