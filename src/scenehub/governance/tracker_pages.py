"""HTML pages of the access tracker: who read my organisation's data, with a chart of reads
per week, filters, an export and an objection link on each row."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from scenehub.governance import audit, cases, purposes, tracker, tracker_service
from scenehub.governance.policy import Actor, Allow, decide
from scenehub.governance.schemas import DataAccessQuery
from scenehub.web.deps import OptionalSeqQuery, SessionDep, require
from scenehub.web.downloads import table_download
from scenehub.web.templating import render, translator

router = APIRouter(include_in_schema=False)
OwnOrg = Annotated[Actor, require("audit.read_own_org")]
Filters = Annotated[DataAccessQuery, Query()]
PAGE_SIZE = 50


@router.get("/my/data-access")
def data_access_page(
    request: Request,
    actor: OwnOrg,
    session: SessionDep,
    filters: Filters,
    before_seq: OptionalSeqQuery = None,
) -> HTMLResponse:
    page = tracker_service.data_access(
        session, actor, filters.filter(), before_seq=before_seq, limit=PAGE_SIZE
    )
    query = request.url.query
    return render(
        request,
        "governance/data_access.html",
        {
            "page": page,
            "filters": filters,
            "readers": tracker_service.readers(session, actor),
            "weekly": tracker_service.weekly_reads(session, actor),
            "purposes": purposes.PURPOSES,
            "outcomes": audit.OUTCOMES,
            "objection_days": cases.DEADLINE_DAYS["objection"],
            "can_object": isinstance(decide(actor, "cases.file"), Allow),
            "export_query": "&".join(p for p in query.split("&") if not p.startswith("before_seq")),
        },
    )


@router.get("/my/data-access.csv")
def data_access_csv(
    request: Request, actor: OwnOrg, session: SessionDep, filters: Filters
) -> Response:
    rows = tracker_service.export(session, actor, filters.filter(), "csv")
    header, cells = tracker.csv_table(rows, translator(request).gettext)
    return table_download("data-access", header, cells, "csv")


@router.get("/my/data-access.json")
def data_access_json(actor: OwnOrg, session: SessionDep, filters: Filters) -> Response:
    rows = tracker_service.export(session, actor, filters.filter(), "json")
    headers = {"Content-Disposition": 'attachment; filename="data-access.json"'}
    return JSONResponse([vars(r) for r in rows], headers=headers)


@router.get("/audit/mine")
def my_audit_page(actor: OwnOrg) -> Response:
    """The old address of the record: every entry about my organisation, in the tracker."""
    return RedirectResponse("/my/data-access?changes=true", status_code=307)
