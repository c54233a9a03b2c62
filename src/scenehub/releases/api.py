"""JSON routes of releases: release a table, read the releases, the privacy budget."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from scenehub.governance.policy import Actor
from scenehub.releases import service
from scenehub.releases.schemas import (
    BudgetRead,
    ReleaseRead,
    ReleaseRequest,
    ReleaseSummary,
    as_release,
)
from scenehub.web.deps import SessionDep, SettingsDep, require

router = APIRouter(prefix="/releases", tags=["releases"])
Releaser = Annotated[Actor, require("releases.create")]
Reader = Annotated[Actor, require("releases.read")]
ReleaseId = Annotated[int, Path(ge=1, le=2**31 - 1)]
CREATE_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "not signed in"},
    403: {"description": "releases are the centre's"},
    409: {"description": "over the period's privacy budget, or the map is not built"},
    422: {"description": "an unknown statistic, a method it cannot take, or a bad ε"},
}


@router.post("", status_code=201, responses=CREATE_ERRORS)
def create_release(
    body: ReleaseRequest, actor: Releaser, session: SessionDep, settings: SettingsDep
) -> ReleaseRead:
    """Release a table; with ``differential_privacy`` its ε is charged to the budget."""
    return service.create_release(
        session,
        actor,
        warehouse=settings.warehouse_path,
        rule=service.budget_rule(settings),
        body=as_release(body),
    )


@router.get("")
def list_releases(
    actor: Reader, session: SessionDep, limit: Annotated[int, Query(ge=1, le=500)] = 100
) -> list[ReleaseSummary]:
    """The releases this reader may read (investor releases for investors), newest first."""
    return service.list_releases(session, actor, limit=limit)


@router.get(
    "/budget",
    responses={
        401: {"description": "not signed in"},
        403: {"description": "the ledger is the centre's"},
    },
)
def privacy_budget(
    actor: Annotated[Actor, require("releases.read_ledger")],
    session: SessionDep,
    settings: SettingsDep,
) -> list[BudgetRead]:
    """This period's privacy budget, then the earlier periods'."""
    return service.ledger(session, actor, rule=service.budget_rule(settings))


@router.get(
    "/{release_id}",
    responses={
        403: {"description": "an investor release"},
        404: {"description": "no such release"},
    },
)
def get_release(release_id: ReleaseId, actor: Reader, session: SessionDep) -> ReleaseRead:
    """One release with its cells, exactly as it was released."""
    return service.get_release(session, actor, release_id)
