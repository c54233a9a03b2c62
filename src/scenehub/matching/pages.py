"""HTML pages of matching: how the ranking works, with its published weights. (A scene's
ranked firms and a firm's recommended scenes appear on the scene's and the firm's pages.)"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from scenehub.matching import service
from scenehub.web.deps import PublicActor
from scenehub.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/matching/how")
def how_matching_works(request: Request, actor: PublicActor) -> HTMLResponse:
    return render(request, "matching/how.html", service.published_method_context())
