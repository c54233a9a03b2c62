"""HTML pages of the integration domain: data sources, rejects, golden firm records."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from scenehub.governance.policy import Actor
from scenehub.integration import service
from scenehub.web.deps import SessionDep, SettingsDep, SignedInActor, require
from scenehub.web.templating import render

router = APIRouter(include_in_schema=False)
SourceReader = Annotated[Actor, require("integration.read_sources")]
FirmReader = Annotated[Actor, require("integration.read_firms")]


@router.get("/data/sources")
def sources_page(request: Request, actor: SourceReader, settings: SettingsDep) -> HTMLResponse:
    sources = service.list_sources(actor, settings.warehouse_path)
    chart = {
        "categories": [s.title or s.source for s in sources],
        "values": [s.rows for s in sources],
    }
    return render(request, "integration/sources.html", {"sources": sources, "chart": chart})


@router.get("/data/sources/{source}/rejects")
def rejects_page(
    source: str, request: Request, actor: SourceReader, settings: SettingsDep
) -> HTMLResponse:
    rejects = service.list_rejects(actor, settings.warehouse_path, source)
    return render(request, "integration/rejects.html", {"source": source, "rejects": rejects})


@router.get("/firms")
def firms_page(
    request: Request,
    actor: FirmReader,
    settings: SettingsDep,
    q: Annotated[str | None, Query(max_length=100)] = None,
) -> HTMLResponse:
    firms = service.search_firms(actor, settings.warehouse_path, q or None)
    return render(request, "integration/firms.html", {"firms": firms, "q": q or ""})


@router.get("/firms/{firm_id}")
def firm_page(
    firm_id: str, request: Request, actor: SignedInActor, session: SessionDep, settings: SettingsDep
) -> HTMLResponse:
    firm = service.get_firm(session, actor, settings.warehouse_path, firm_id)
    return render(request, "integration/firm.html", {"firm": firm})
