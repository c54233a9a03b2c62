"""JSON routes of salons: the centre's themed scene salons with their scenes and 1:1 meetings."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter

from scenehub.governance.policy import Actor
from scenehub.salons import service
from scenehub.salons.schemas import SalonRead
from scenehub.web.deps import SessionDep, require

router = APIRouter(tags=["salons"])


@router.get("/salons")
def list_salons(
    actor: Annotated[Actor, require("salons.read")], session: SessionDep
) -> list[SalonRead]:
    """Every salon, newest first, with the number of scenes shown and meetings held."""
    return service.list_salons(session, actor)
