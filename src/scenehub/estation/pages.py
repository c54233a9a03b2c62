"""HTML pages of the E-Station: the financing products on offer."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from scenehub.estation import service
from scenehub.estation.kinds import KIND_LABELS
from scenehub.web.deps import PublicActor, SessionDep
from scenehub.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/estation/products")
def products_page(
    request: Request, actor: PublicActor, session: SessionDep, kind: str | None = None
) -> HTMLResponse:
    products = service.list_products(session, actor, kind=kind or None)
    return render(
        request,
        "estation/products.html",
        {"products": products, "kind": kind or "", "kinds": KIND_LABELS},
    )
