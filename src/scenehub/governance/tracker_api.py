"""JSON routes of the access tracker: the reads of my organisation's data, and its export."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse, Response

from scenehub.governance import tracker, tracker_service
from scenehub.governance.policy import Actor
from scenehub.governance.schemas import DataAccessPage, DataAccessQuery, ReaderOrg
from scenehub.translator import Translator
from scenehub.web.deps import OptionalSeqQuery, SessionDep, require
from scenehub.web.downloads import table_download
from scenehub.web.templating import translator

router = APIRouter(prefix="/me", tags=["governance"])
OwnOrg = Annotated[Actor, require("audit.read_own_org")]
Filters = Annotated[DataAccessQuery, Query()]
Language = Annotated[Translator, Depends(translator)]
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "not signed in"},
    403: {"description": "the account belongs to no organisation"},
    422: {"description": "a filter is not one of its allowed values"},
}


@router.get("/data-access", responses=ERRORS)
def my_data_access(
    actor: OwnOrg,
    session: SessionDep,
    filters: Filters,
    before_seq: OptionalSeqQuery = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> DataAccessPage:
    """Who read my organisation's data (and, with ``changes``, who changed its account):
    newest first, filtered, a page at a time."""
    return tracker_service.data_access(
        session, actor, filters.filter(), before_seq=before_seq, limit=limit
    )


@router.get(
    "/data-access.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "the rows"}, **ERRORS},
)
def export_my_data_access_csv(
    actor: OwnOrg, session: SessionDep, filters: Filters, language: Language
) -> Response:
    """Every row the filters keep, as CSV in the reader's language (the export is audited)."""
    rows = tracker_service.export(session, actor, filters.filter(), "csv")
    header, cells = tracker.csv_table(rows, language.gettext)
    return table_download("data-access", header, cells, "csv")


@router.get(
    "/data-access.json",
    response_class=JSONResponse,
    responses={200: {"description": "the rows, as the page's rows"}, **ERRORS},
)
def export_my_data_access_json(actor: OwnOrg, session: SessionDep, filters: Filters) -> Response:
    """Every row the filters keep, as a JSON file (the export is audited)."""
    rows = tracker_service.export(session, actor, filters.filter(), "json")
    headers = {"Content-Disposition": 'attachment; filename="data-access.json"'}
    return JSONResponse([vars(r) for r in rows], headers=headers)


@router.get("/data-access/readers", responses=ERRORS)
def my_data_readers(actor: OwnOrg, session: SessionDep) -> list[ReaderOrg]:
    """The organisations that read my organisation's data."""
    return tracker_service.readers(session, actor)


@router.get("/data-access/weekly", responses=ERRORS)
def my_data_reads_per_week(actor: OwnOrg, session: SessionDep) -> list[dict[str, Any]]:
    """Reads per week and reading organisation over the last weeks (the page's chart)."""
    return tracker_service.weekly_reads(session, actor)
