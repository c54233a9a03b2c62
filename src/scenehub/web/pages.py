"""Pages that belong to no domain: the home page and the language switch."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from scenehub.auth.pages import safe_next
from scenehub.errors import NotFound
from scenehub.i18n import N_
from scenehub.web.deps import PublicActor
from scenehub.web.i18n import LANG_COOKIE, LOCALES
from scenehub.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/")
def home(request: Request, actor: PublicActor) -> HTMLResponse:
    return render(request, "home.html")


@router.get("/lang/{locale}")
def switch_language(locale: str, actor: PublicActor, next: str = "/") -> Response:
    if locale not in LOCALES:
        raise NotFound(N_("language %(locale)s is not available"), params={"locale": locale})
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(LANG_COOKIE, locale, max_age=365 * 86400, samesite="lax", path="/")
    return response
