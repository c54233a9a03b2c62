"""JSON routes of the industry map: its tables, the chain graph, deep dives, demand against
supply, the exports, and the classification review (queue, one firm, labels). Each route
takes the policy of the page it mirrors (table in docs/industry-map.md, "API"), so the
figures are the pages' figures: suppressed for everybody but the centre's staff."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import Response
from pydantic import BaseModel

from scenehub.governance.policy import Actor
from scenehub.industry import figures, review, service
from scenehub.industry.schemas import (
    ChainGraphRead,
    DeepDiveRead,
    DemandSupplyRead,
    LabelCreate,
    LabelRead,
    MapOverviewRead,
    MapTableRead,
    ReviewFirmRead,
    ReviewItem,
)
from scenehub.translator import Translator
from scenehub.web.deps import SessionDep, SettingsDep, require
from scenehub.web.downloads import XLSX_TYPE, table_download
from scenehub.web.templating import translator

router = APIRouter(tags=["industry"])
MapReader = Annotated[Actor, require("industry.read_map")]
StaffReader = Annotated[Actor, require("industry.read_unsuppressed")]
Labeller = Annotated[Actor, require("industry.label")]
Language = Annotated[Translator, Depends(translator)]
FirmKey = Annotated[str, Path(pattern=r"^[0-9A-Za-z]{1,40}$")]
PublicView = Literal["districts", "segments", "cohorts"]
DeepDive = Literal["embodied", "ic"]  # service.DEEP_DIVES
DemandSort = Literal["index", "scenes", "firms", "budget"]  # service.DEMAND_SORTS
ExportView = Literal["districts", "segments", "demand"]
ExportFormat = Literal["csv", "xlsx"]

# Errors every map route can answer (the envelope: {"error": {"code", "message", "details"}}).
UNBUILT: dict[int | str, dict[str, Any]] = {
    409: {"description": "no data has been ingested, or the map has not been built yet"},
}
MAP_ERRORS: dict[int | str, dict[str, Any]] = {
    **UNBUILT,
    422: {"description": "a query or path parameter is not one of its allowed values"},
}
STAFF_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "not signed in"},
    403: {"description": "unsuppressed figures are for the centre's staff"},
    **UNBUILT,
}
REVIEW_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "not signed in"},
    403: {"description": "the classification review is for the centre's staff"},
    409: {"description": "firms have not been classified yet"},
    422: {"description": "a parameter or the body is invalid"},
}


class ReviewPage(BaseModel):
    total: int  # firms below the map's confidence, not labelled yet
    items: list[ReviewItem]


@router.get("/industry/map", responses=UNBUILT)
def map_overview(actor: MapReader, session: SessionDep, settings: SettingsDep) -> MapOverviewRead:
    """The tables this reader may read, the firms not classified reliably, the benchmarks."""
    return figures.overview(session, actor, settings.warehouse_path)


@router.get("/industry/map/cells", responses=STAFF_ERRORS)
def map_cells(actor: StaffReader, session: SessionDep, settings: SettingsDep) -> MapTableRead:
    """Districts × segments, every figure shown with the reason others cannot see it."""
    return figures.map_cells(session, actor, settings.warehouse_path)


@router.get("/industry/map/{view}", responses=MAP_ERRORS)
def map_table(
    view: PublicView, actor: MapReader, session: SessionDep, settings: SettingsDep
) -> MapTableRead:
    """Districts × layers, layers × segments or founding period × stage (hidden: null;
    the latest recorded release of a table in place of the live one)."""
    return figures.map_table(session, actor, settings.warehouse_path, view)


@router.get("/industry/chain", responses=UNBUILT)
def chain_graph(actor: MapReader, session: SessionDep, settings: SettingsDep) -> ChainGraphRead:
    return figures.chain_graph(session, actor, settings.warehouse_path)


@router.get("/industry/deep-dives/{group}", responses=MAP_ERRORS)
def deep_dive(
    group: DeepDive, actor: MapReader, session: SessionDep, settings: SettingsDep
) -> DeepDiveRead:
    return figures.deep_dive(session, actor, settings.warehouse_path, group)


@router.get("/industry/demand", responses=MAP_ERRORS)
def demand_signals(
    actor: MapReader, session: SessionDep, settings: SettingsDep, sort: DemandSort = "index"
) -> list[DemandSupplyRead]:
    """Every AI segment's demand (visible scenes) against its local firms."""
    return figures.demand_supply(session, actor, settings.warehouse_path, sort)


@router.get(
    "/industry/export",
    response_class=Response,
    responses={
        200: {"content": {"text/csv": {}, XLSX_TYPE: {}}, "description": "the table"},
        **MAP_ERRORS,
    },
)
def export_table(
    actor: MapReader,
    session: SessionDep,
    settings: SettingsDep,
    language: Language,
    view: ExportView = "districts",
    format: ExportFormat = "csv",
) -> Response:
    """A table of the map as a file, with the figures this reader may see (hidden: empty)."""
    header, rows = figures.export(session, actor, settings.warehouse_path, view, language.locale)
    return table_download(f"industry-{view}", header, rows, format)


@router.get(
    "/industry/report.pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}, "description": "the report"}, **UNBUILT},
)
def report_pdf(
    actor: MapReader, session: SessionDep, settings: SettingsDep, language: Language
) -> Response:
    """The map's PDF report in the request's language."""
    pdf = figures.report(session, actor, settings.warehouse_path, language.locale)
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": 'attachment; filename="industry-map.pdf"'},
    )


@router.get("/industry/districts.geojson")
def district_shapes(actor: MapReader) -> dict[str, Any]:
    """The schematic district cells the choropleth draws (GeoJSON FeatureCollection)."""
    return service.district_shapes()


# --- the classification review -------------------------------------------------------------


@router.get("/industry/review", responses=REVIEW_ERRORS)
def review_queue(
    actor: Labeller,
    session: SessionDep,
    settings: SettingsDep,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> ReviewPage:
    items, total = review.review_queue(session, actor, settings.warehouse_path, page=page)
    return ReviewPage(total=total, items=items)


@router.get(
    "/industry/review/{firm_id}",
    responses={**REVIEW_ERRORS, 404: {"description": "no classified firm has this id"}},
)
def review_firm(
    firm_id: FirmKey, actor: Labeller, session: SessionDep, settings: SettingsDep
) -> ReviewFirmRead:
    """One firm's texts, segments and labels (the read is audited for the firm)."""
    return figures.review_firm(session, actor, settings.warehouse_path, firm_id)


@router.post(
    "/industry/labels/{firm_id}",
    status_code=201,
    responses={**REVIEW_ERRORS, 404: {"description": "no classified firm has this id"}},
)
def label_firm(
    firm_id: FirmKey, body: LabelCreate, actor: Labeller, session: SessionDep, settings: SettingsDep
) -> LabelRead:
    return review.record_label(session, actor, settings.warehouse_path, firm_id, body)
