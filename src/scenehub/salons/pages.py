"""HTML pages of salons."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from scenehub.salons import service
from scenehub.web.deps import SessionDep, SignedInActor
from scenehub.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/salons")
def salons_page(request: Request, actor: SignedInActor, session: SessionDep) -> HTMLResponse:
    return render(request, "salons/list.html", {"salons": service.list_salons(session, actor)})
