"""Pages that belong to no domain: the home page and the language switch."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from scenehub.errors import NotFound
from scenehub.estation import service as estation_service
from scenehub.estation.application_lifecycle import STATUS_LABELS as APPLICATION_LABELS
from scenehub.governance.policy import Allow, decide
from scenehub.i18n import N_
from scenehub.partnerships import service as partnership_service
from scenehub.partnerships.labels import PARTNERSHIP_LABELS
from scenehub.scenes import service as scene_service
from scenehub.scenes.domains import DOMAIN_LABELS
from scenehub.translator import LOCALES
from scenehub.web.deps import PublicActor, SessionDep
from scenehub.web.forms import safe_next
from scenehub.web.templating import LANG_COOKIE, bar_chart, render, translator

router = APIRouter(include_in_schema=False)


@router.get("/")
def home(request: Request, actor: PublicActor, session: SessionDep) -> HTMLResponse:
    context: dict[str, object] = {}
    if isinstance(decide(actor, "partnerships.read_all"), Allow):
        t = translator(request)
        domains = scene_service.counts_by_domain(session, actor)
        partnerships = partnership_service.counts_by_stage(session, actor)
        applications = estation_service.application_counts(session, actor)
        context = {
            "dashboard": True,
            "domain_chart": bar_chart(
                (t(DOMAIN_LABELS.get(c.domain, c.domain)), c.count) for c in domains
            ),
            "partnership_chart": bar_chart(
                (t(PARTNERSHIP_LABELS[c.stage]), c.count) for c in partnerships
            ),
            "application_chart": bar_chart(
                (t(APPLICATION_LABELS.get(c.status, c.status)), c.count) for c in applications
            ),
        }
    return render(request, "home.html", context)


@router.get("/lang/{locale}")
def switch_language(locale: str, actor: PublicActor, next: str = "/") -> Response:
    if locale not in LOCALES:
        raise NotFound(N_("language %(locale)s is not available"), params={"locale": locale})
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(LANG_COOKIE, locale, max_age=365 * 86400, samesite="lax", path="/")
    return response
