"""JSON routes of the E-Station."""

from __future__ import annotations

from fastapi import APIRouter

from scenehub.estation import service
from scenehub.estation.schemas import ProductRead
from scenehub.web.deps import PublicActor, SessionDep

router = APIRouter(prefix="/estation", tags=["estation"])


@router.get("/products")
def list_financing_products(
    actor: PublicActor, session: SessionDep, kind: str | None = None
) -> list[ProductRead]:
    return service.list_products(session, actor, kind=kind)
