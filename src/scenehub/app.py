"""The FastAPI application factory: JSON API under /api/v1, pages, static files."""

from __future__ import annotations

import gc
from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.staticfiles import StaticFiles
from sqlalchemy import text

from scenehub import __version__
from scenehub.auth import api as auth_api
from scenehub.auth import pages as auth_pages
from scenehub.auth.oidc_client import OidcClient
from scenehub.dashboard import api as dashboard_api
from scenehub.dashboard import pages as dashboard_pages
from scenehub.db import import_all_models, session_factory
from scenehub.estation import api as estation_api
from scenehub.estation import application_api as estation_application_api
from scenehub.estation import application_pages as estation_application_pages
from scenehub.estation import pages as estation_pages
from scenehub.estation import service_api as estation_service_api
from scenehub.estation import service_pages as estation_service_pages
from scenehub.firms import api as firm_api
from scenehub.firms import pages as firm_pages
from scenehub.governance import api as governance_api
from scenehub.governance import case_api as governance_case_api
from scenehub.governance import case_pages as governance_case_pages
from scenehub.governance import exit_api as governance_exit_api
from scenehub.governance import exit_pages as governance_exit_pages
from scenehub.governance import grant_api as governance_grant_api
from scenehub.governance import grant_pages as governance_grant_pages
from scenehub.governance import pages as governance_pages
from scenehub.governance import tracker_api as governance_tracker_api
from scenehub.governance import tracker_pages as governance_tracker_pages
from scenehub.industry import api as industry_api
from scenehub.industry import pages as industry_pages
from scenehub.integration import api as integration_api
from scenehub.integration import pages as integration_pages
from scenehub.integration import review_pages as link_review_pages
from scenehub.jobs import api as job_api
from scenehub.jobs import pages as job_pages
from scenehub.matching import api as matching_api
from scenehub.matching import pages as matching_pages
from scenehub.notifications import api as notification_api
from scenehub.notifications import pages as notification_pages
from scenehub.partnerships import api as partnership_api
from scenehub.partnerships import pages as partnership_pages
from scenehub.proposals import api as proposal_api
from scenehub.proposals import pages as proposal_pages
from scenehub.releases import api as release_api
from scenehub.releases import pages as release_pages
from scenehub.salons import api as salon_api
from scenehub.salons import pages as salon_pages
from scenehub.scenes import api as scene_api
from scenehub.scenes import pages as scene_pages
from scenehub.settings import Settings, get_settings
from scenehub.web import pages as web_pages
from scenehub.web.deps import PublicActor, SessionDep
from scenehub.web.errors import install_error_handlers
from scenehub.web.headers import SecurityHeaders
from scenehub.web.limits import BodySizeLimit
from scenehub.web.nul import NulInAddress
from scenehub.web.openapi import install_openapi

API_PREFIX = "/api/v1"
STATIC_DIR = Path(__file__).parent / "web" / "static"
# The domains' routers, in the order the app matches them: JSON under API_PREFIX, then pages.
API_MODULES = (
    auth_api,
    governance_api,
    governance_exit_api,
    governance_tracker_api,
    governance_case_api,
    governance_grant_api,
    scene_api,
    firm_api,
    proposal_api,
    matching_api,
    estation_api,
    estation_application_api,
    estation_service_api,
    salon_api,
    partnership_api,
    dashboard_api,
    industry_api,
    release_api,
    integration_api,
    job_api,
    notification_api,
)
PAGE_MODULES = (
    web_pages,
    auth_pages,
    governance_pages,
    governance_exit_pages,
    governance_tracker_pages,
    governance_case_pages,
    governance_grant_pages,
    scene_pages,
    firm_pages,
    matching_pages,
    proposal_pages,
    estation_pages,
    estation_application_pages,
    estation_service_pages,
    salon_pages,
    partnership_pages,
    dashboard_pages,
    industry_pages,
    release_pages,
    integration_pages,
    link_review_pages,
    job_pages,
    notification_pages,
)


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app for ``settings`` (default: from the environment)."""
    settings = settings or get_settings()
    import_all_models()
    app = FastAPI(
        title="scenehub",
        version=__version__,
        openapi_url=f"{API_PREFIX}/openapi.json",
        # The interactive docs pages load scripts from a CDN; intranets cannot reach one.
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.secret_key = settings.secret_key_value()
    app.state.session_factory = session_factory(settings.resolved_database_url)
    app.state.read_session_factory = session_factory(settings.resolved_database_url, read_only=True)
    # Single sign-on: nothing is fetched until the first sign-in through the provider.
    app.state.oidc = OidcClient(settings) if settings.oidc_enabled else None
    install_error_handlers(app)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(NulInAddress)
    # Last added, so outermost: the refusals of the two above carry the headers too.
    app.add_middleware(SecurityHeaders, hsts=settings.cookie_secure)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    app.include_router(health_router)  # first: load balancers probe it often
    api = APIRouter(prefix=API_PREFIX)
    for domain_api in API_MODULES:
        api.include_router(domain_api.router)
    app.include_router(api)
    for domain_pages in PAGE_MODULES:
        app.include_router(domain_pages.router)
    install_openapi(app)
    return app


def served_app() -> FastAPI:
    """The app of a ``scenehub serve`` worker: built, then its long-lived objects (modules,
    routes, templates, the chain) moved out of the collector's sight with ``gc.freeze``, so
    a collection during a request walks only what requests made. Tests call ``create_app``."""
    app = create_app()
    gc.freeze()
    return app


health_router = APIRouter()


@health_router.get("/healthz", tags=["ops"])
def healthz(actor: PublicActor, session: SessionDep) -> dict[str, str]:
    """Liveness and database reachability, for load balancers and `scenehub demo`."""
    session.execute(text("SELECT 1"))
    return {"status": "ok", "version": __version__}
