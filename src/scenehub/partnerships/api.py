"""JSON routes of partnerships: the centre's list of scene–firm partnerships and the counts
per lifecycle status that the dashboard charts."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from scenehub.governance.policy import Actor
from scenehub.partnerships import service
from scenehub.partnerships.schemas import PartnershipListItem, PartnershipStatus, StatusCount
from scenehub.web.deps import OffsetQuery, SessionDep, require

router = APIRouter(tags=["partnerships"])
Reader = Annotated[Actor, require("partnerships.read_all")]


@router.get("/partnerships")
def list_partnerships(
    actor: Reader,
    session: SessionDep,
    status: PartnershipStatus | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: OffsetQuery = 0,
) -> list[PartnershipListItem]:
    return service.list_partnerships(session, actor, status=status, limit=limit, offset=offset)


@router.get("/partnerships/status-counts")
def status_counts(actor: Reader, session: SessionDep) -> list[StatusCount]:
    """Partnerships per lifecycle status, in lifecycle order (the dashboard's chart)."""
    return service.counts_by_status(session, actor)
