"""The centre's dashboard page, and its tables as downloads."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Literal

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from scenehub.dashboard import service
from scenehub.dashboard.schemas import Dashboard
from scenehub.governance.policy import Actor
from scenehub.i18n import N_
from scenehub.web.deps import SessionDep, require
from scenehub.web.downloads import table_download
from scenehub.web.templating import bar_chart, render, translator

router = APIRouter(include_in_schema=False)
Reader = Annotated[Actor, require("dashboard.read")]
Table = Literal["headlines", "funnel", "trends", "departments"]


@router.get("/dashboard")
def dashboard_page(request: Request, actor: Reader, session: SessionDep) -> HTMLResponse:
    t = translator(request)
    figures = service.dashboard(session, actor)
    return render(
        request,
        "dashboard/index.html",
        {
            "figures": figures,
            "funnel_chart": {
                "steps": [{"name": t(s.label), "value": s.count} for s in figures.funnel]
            },
            "trend_chart": {
                "categories": figures.trends.months,
                "series": [{"name": t(s.label), "values": s.values} for s in figures.trends.series],
            },
            "responsiveness_chart": bar_chart(
                (d.department, d.median_days or 0) for d in figures.departments
            ),
        },
    )


@router.get("/dashboard/{table}.{format}")
def dashboard_download(
    request: Request,
    actor: Reader,
    session: SessionDep,
    table: Table,
    format: Literal["csv", "xlsx"],
) -> Response:
    t = translator(request)
    header, rows = _table(service.dashboard(session, actor), table, t)
    return table_download(f"dashboard-{table}", [t(h) for h in header], rows, format)


def _table(
    figures: Dashboard, table: str, gettext: Callable[[str], str]
) -> tuple[list[str], list[list[object]]]:
    """A table's header (message ids) and rows (labels translated)."""
    if table == "headlines":
        return [N_("Figure"), N_("Value")], [[gettext(h.label), h.value] for h in figures.headlines]
    if table == "funnel":
        return (
            [N_("Step"), N_("Pairs through every step"), N_("Pairs by any road"), N_("Rate")],
            [[gettext(s.label), s.count, s.reached, s.rate] for s in figures.funnel],
        )
    if table == "trends":
        return (
            [N_("Month"), *(s.label for s in figures.trends.series)],
            [
                [month, *(s.values[i] for s in figures.trends.series)]
                for i, month in enumerate(figures.trends.months)
            ],
        )
    return (
        [
            N_("Department"),
            N_("Decided"),
            N_("Median days"),
            N_("Slowest"),
            N_("Waiting"),
            N_("Stuck scenes"),
        ],
        [
            [d.department, d.decided, d.median_days, d.slowest_days, d.waiting, d.stuck_scenes]
            for d in figures.departments
        ],
    )
