"""HTML pages of partnerships: the centre's list, with a chart of the lifecycle."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from scenehub.governance.policy import Actor
from scenehub.partnerships import service
from scenehub.partnerships.labels import PARTNERSHIP_LABELS
from scenehub.partnerships.schemas import PartnershipStatus
from scenehub.web.deps import SessionDep, require
from scenehub.web.templating import bar_chart, render, translator

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 100


@router.get("/partnerships")
def partnerships_page(
    request: Request,
    actor: Annotated[Actor, require("partnerships.read_all")],
    session: SessionDep,
    status: PartnershipStatus | None = None,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> HTMLResponse:
    t = translator(request)
    rows = service.list_partnerships(
        session, actor, status=status, limit=PAGE_SIZE + 1, offset=(page - 1) * PAGE_SIZE
    )
    counts = service.counts_by_status(session, actor)
    return render(
        request,
        "partnerships/list.html",
        {
            "partnerships": rows[:PAGE_SIZE],
            "has_more": len(rows) > PAGE_SIZE,
            "page": page,
            "status": status or "",
            "labels": PARTNERSHIP_LABELS,
            "chart": bar_chart((t(PARTNERSHIP_LABELS[c.status]), c.count) for c in counts),
        },
    )
