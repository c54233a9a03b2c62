"""HTML pages of releases: the operator's page (release a table, the privacy budget's
ledger, every release) and one release as its readers see it."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from scenehub.governance.policy import Actor
from scenehub.governance.releases import KINDS
from scenehub.industry import service as industry_service
from scenehub.releases import service
from scenehub.releases.schemas import ReleaseCreate
from scenehub.settings import Settings
from scenehub.web.deps import SessionDep, SettingsDep, require
from scenehub.web.forms import form_page
from scenehub.web.templating import render, translator

router = APIRouter(include_in_schema=False)
ReleaseId = Annotated[int, Path(ge=1, le=2**31 - 1)]


def _ledger_context(actor: Actor, session: Session, settings: Settings) -> dict[str, Any]:
    return {
        "ledger": service.ledger(session, actor, rule=service.budget_rule(settings)),
        "releases": service.list_releases(session, actor),
        "kinds": KINDS,
        **service.release_labels(),
    }


@router.get("/releases")
def releases_page(
    request: Request,
    actor: Annotated[Actor, require("releases.read_ledger")],
    session: SessionDep,
    settings: SettingsDep,
) -> HTMLResponse:
    """Release a table; this period's privacy budget and the releases so far."""
    return render(request, "releases/index.html", _ledger_context(actor, session, settings))


@router.post("/releases")
def create_release(
    actor: Annotated[Actor, require("releases.create")],
    _page: Annotated[None, form_page("releases/index.html", _ledger_context)],
    session: SessionDep,
    settings: SettingsDep,
    body: Annotated[ReleaseCreate, Form()],
) -> Response:
    release = service.create_release(
        session,
        actor,
        warehouse=settings.warehouse_path,
        rule=service.budget_rule(settings),
        body=body,
    )
    return RedirectResponse(f"/releases/{release.id}", status_code=303)


@router.get("/releases/{release_id}")
def release_page(
    request: Request,
    release_id: ReleaseId,
    actor: Annotated[Actor, require("releases.read")],
    session: SessionDep,
) -> HTMLResponse:
    """One release's table, exactly as released, with its method (and ε and noise)."""
    release = service.get_release(session, actor, release_id)
    locale = translator(request).locale
    rows, columns = release.categories
    dimensions = KINDS[release.kind].dimensions
    values = {(c["row"], c["column"]): c["value"] for c in release.cells if c["measure"] == "count"}
    return render(
        request,
        "releases/detail.html",
        {
            "release": release,
            "rows": [(r, industry_service.category_label(dimensions[0], r, locale)) for r in rows],
            "columns": [
                (c, industry_service.category_label(dimensions[1], c, locale)) for c in columns
            ],
            "values": values,
            **service.release_labels(),
        },
    )
