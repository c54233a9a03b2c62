"""HTML pages of scenes: the public catalogue and a scene's page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from scenehub.scenes import service
from scenehub.scenes.domains import DOMAIN_LABELS
from scenehub.scenes.schemas import DomainCount
from scenehub.web.deps import PublicActor, SessionDep
from scenehub.web.templating import render, translator

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 30


@router.get("/scenes")
def catalogue_page(
    request: Request,
    actor: PublicActor,
    session: SessionDep,
    domain: str | None = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
    page: Annotated[int, Query(ge=1, le=1000)] = 1,
) -> HTMLResponse:
    scenes = service.list_published(
        session,
        actor,
        domain=domain or None,
        text=q or None,
        limit=PAGE_SIZE + 1,
        offset=(page - 1) * PAGE_SIZE,
    )
    return render(
        request,
        "scenes/catalogue.html",
        {
            "scenes": scenes[:PAGE_SIZE],
            "has_more": len(scenes) > PAGE_SIZE,
            "page": page,
            "domain": domain or "",
            "q": q or "",
            "domains": DOMAIN_LABELS,
            "domain_chart": bar_chart(request, service.counts_by_domain(session, actor)),
        },
    )


def bar_chart(request: Request, counts: list[DomainCount]) -> dict[str, list[object]]:
    """Categories (translated domain names) and values for the catalogue's bar chart."""
    t = translator(request)
    return {
        "categories": [t(DOMAIN_LABELS.get(c.domain, c.domain)) for c in counts],
        "values": [c.count for c in counts],
    }


@router.get("/scenes/{code}")
def scene_page(
    code: str, request: Request, actor: PublicActor, session: SessionDep
) -> HTMLResponse:
    scene = service.get_published(session, actor, code)
    return render(request, "scenes/detail.html", {"scene": scene, "domains": DOMAIN_LABELS})
