"""Use cases behind the industry map's JSON API: the map's tables, the chain graph, the deep
dives, demand against supply, the exports and one firm of the classification review — the
same figures, suppressed the same way, as the pages show (``industry/pages.py`` calls
``export_table`` from here, and both read ``service.map_views``).

Decisions: tables are returned whole (a few hundred cells at most, so no pagination); names
come in both languages (``name_zh``/``name_en``) rather than in the request's language, so a
script gets the same JSON whatever its ``Accept-Language``; only the files (CSV, XLSX, PDF)
are written in the request's language, as the pages' downloads are.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from scenehub.governance.authz import authorize
from scenehub.governance.policy import Actor
from scenehub.industry import exports, review, service
from scenehub.industry.schemas import (
    BenchmarkCity,
    BenchmarksRead,
    ChainGraphRead,
    ChainLinkRead,
    ChainNodeRead,
    DeepDiveRead,
    DemandSupplyRead,
    MapCellRead,
    MapOverviewRead,
    MapTableRead,
    MapView,
    ReviewFirmRead,
    StageSizeRead,
    UnclassifiedRead,
)
from scenehub.industry.taxonomy import load_chain
from scenehub.releases import service as release_service
from scenehub.scenes import service as scene_service
from scenehub.scenes.schemas import SegmentDemand
from scenehub.translator import Translator

# The two dimensions of each table (rows, columns).
DIMENSIONS: dict[str, tuple[str, str]] = {
    "districts": ("district", "layer"),
    "segments": ("layer", "segment"),
    "cohorts": ("period", "stage"),
    "cells": ("district", "segment"),
}
PUBLIC_VIEWS: tuple[MapView, ...] = ("districts", "segments", "cohorts")
_CITY_FIELDS = ("name", "name_en", "source")


def _views(session: Session, actor: Actor, warehouse: Path) -> service.MapViews:
    """The map's tables for ``actor``, the latest recorded releases in place of live ones."""
    released = release_service.latest_tables(session, actor)
    return service.map_views(actor, warehouse, service.district_codes(), released)


def _views_and_demand(
    session: Session, actor: Actor, warehouse: Path
) -> tuple[service.MapViews, list[SegmentDemand]]:
    return _views(session, actor, warehouse), scene_service.demand_by_segment(session, actor)


def map_table(session: Session, actor: Actor, warehouse: Path, view: MapView) -> MapTableRead:
    """One of the public tables (districts × layers, layers × segments, founding period ×
    stage), suppressed unless the actor is centre staff."""
    views = _views(session, actor, warehouse)
    tables = {"districts": views.districts, "segments": views.segments, "cohorts": views.cohorts}
    return _table_read(view, tables[view])


def map_cells(session: Session, actor: Actor, warehouse: Path) -> MapTableRead:
    """Districts × segments, unsuppressed: the centre's staff only."""
    authorize(actor, "industry.read_unsuppressed")
    detail = _views(session, actor, warehouse).detail
    assert detail is not None  # map_views gives staff the detail table
    return _table_read("cells", detail)


def _table_read(view: MapView, table: service.MapTable) -> MapTableRead:
    rows, columns = table.categories
    values: dict[tuple[str | None, ...], dict[str, float | None]] = {}
    reasons: dict[tuple[str | None, ...], dict[str, str]] = {}
    for (key, measure), value in table.values.items():
        values.setdefault(key, {})[measure] = value
        if (reason := table.reasons.get((key, measure))) is not None:
            reasons.setdefault(key, {})[measure] = reason

    def order(key: tuple[str | None, ...]) -> tuple[int, int]:
        row, column = key
        return (
            rows.index(row) if row in rows else len(rows),
            columns.index(column) if column in columns else len(columns),
        )

    cells = [
        MapCellRead(
            row=key[0], column=key[1], values=values[key], hidden_reasons=reasons.get(key, {})
        )
        for key in sorted(values, key=order)
    ]
    return MapTableRead(
        view=view,
        dimensions=DIMENSIONS[view],
        rows=list(rows),
        columns=list(columns),
        measures=list(table.measures),
        unsuppressed=table.unsuppressed,
        cells=cells,
    )


def overview(session: Session, actor: Actor, warehouse: Path) -> MapOverviewRead:
    """The tables this reader may read, the unclassified firms and the benchmark cities."""
    views = _views(session, actor, warehouse)
    unclassified = service.unclassified(actor, warehouse)
    data = service.benchmarks()
    cities = [
        BenchmarkCity(
            name=str(city["name"]),
            name_en=city.get("name_en"),
            source=city.get("source"),
            figures={
                k: float(v)
                for k, v in city.items()
                if k not in _CITY_FIELDS and isinstance(v, int | float)
            },
        )
        for city in data.get("cities", ())
    ]
    return MapOverviewRead(
        views=[*PUBLIC_VIEWS, *(("cells",) if views.detail is not None else ())],
        unclassified=UnclassifiedRead(
            firms=unclassified.firms, min_confidence=unclassified.min_confidence
        ),
        benchmarks=BenchmarksRead(
            year=data.get("year"),
            illustrative=bool(data.get("illustrative", False)),
            local=service.local_benchmark(views),
            cities=cities,
        ),
    )


def chain_graph(session: Session, actor: Actor, warehouse: Path) -> ChainGraphRead:
    """The chain's segments with their local firms, demand and gaps, and their links."""
    views, demand = _views_and_demand(session, actor, warehouse)
    chain = load_chain()
    nodes = [
        ChainNodeRead(
            code=n.code,
            layer=chain.segment(n.code).layer,
            name_zh=chain.segment(n.code).zh,
            name_en=chain.segment(n.code).en,
            firms=None if n.firms < 0 else n.firms,
            scenes=n.demand,
            downstream_firms=n.downstream_firms,
            gap=n.gap,
        )
        for n in service.chain_graph(views, demand)
    ]
    links = [
        ChainLinkRead(source=s.key, target=d)
        for s in chain.segments
        if s.is_ai
        for d in s.downstream
    ]
    return ChainGraphRead(nodes=nodes, links=links, gaps=[n.code for n in nodes if n.gap])


def demand_supply(
    session: Session, actor: Actor, warehouse: Path, sort: str = "index"
) -> list[DemandSupplyRead]:
    """Every AI segment's scenes and local firms, sorted as the demand page sorts them."""
    views, demand = _views_and_demand(session, actor, warehouse)
    rows = service.sort_demand_supply(service.demand_supply(views, demand), sort)
    return [_demand_read(row) for row in rows]


def _demand_read(row: service.DemandSupply) -> DemandSupplyRead:
    return DemandSupplyRead(
        segment=row.segment,
        name_zh=service.segment_name(row.segment, "zh_CN"),
        name_en=service.segment_name(row.segment, "en"),
        demand=row.demand,
        firms=row.firms,
        index=row.index,
    )


def deep_dive(session: Session, actor: Actor, warehouse: Path, group: str) -> DeepDiveRead:
    """A deep dive (``service.DEEP_DIVES``): its segments' firms and demand; for the centre's
    staff also firms by stage and size band."""
    views, demand = _views_and_demand(session, actor, warehouse)
    codes = service.segments_of(group)
    by_segment = {row.segment: row for row in service.demand_supply(views, demand)}
    staff_rows = service.stage_size(actor, warehouse, codes) if views.detail is not None else None
    title = service.DEEP_DIVES[group][0]
    return DeepDiveRead(
        group=group,
        title_zh=Translator("zh_CN").gettext(title),
        title_en=title,
        layer=load_chain().segment(codes[0]).layer,
        segments=[
            _demand_read(by_segment.get(c, service.DemandSupply(c, None, None, None)))
            for c in codes
        ],
        stage_size=(
            None
            if staff_rows is None
            else [
                StageSizeRead(
                    segment=r[0], stage=r[1], size_band=r[2], firms=int(r[3]), headcount=int(r[4])
                )
                for r in staff_rows
            ]
        ),
    )


def export_table(
    views: service.MapViews, demand: list[SegmentDemand], view: str, names: dict[str, str]
) -> tuple[list[str], list[list[Any]]]:
    """The header and rows of an export: ``districts`` (staff: districts × segments, others:
    districts × layers), ``segments`` (layers × segments) or ``demand``."""
    if view == "districts":
        return exports.table_rows(views.detail or views.districts, names)
    if view == "segments":
        return exports.table_rows(views.segments, {})
    return exports.demand_rows(service.demand_supply(views, demand))


def export(
    session: Session, actor: Actor, warehouse: Path, view: str, locale: str
) -> tuple[list[str], list[list[Any]]]:
    """An export's table as the reader may see it (district names in ``locale``)."""
    views, demand = _views_and_demand(session, actor, warehouse)
    return export_table(views, demand, view, service.district_names(locale))


def report(session: Session, actor: Actor, warehouse: Path, locale: str) -> bytes:
    """The PDF report in ``locale``, with the same suppression as the pages."""
    views, demand = _views_and_demand(session, actor, warehouse)
    return exports.pdf_report(
        views,
        service.demand_supply(views, demand),
        service.district_names(locale),
        lambda code: service.segment_name(code, locale),
        Translator(locale).gettext,
    )


def review_firm(session: Session, actor: Actor, warehouse: Path, firm_id: str) -> ReviewFirmRead:
    """One firm as the review shows it, with its labels (the read is audited for the firm)."""
    item = review.review_item(session, actor, warehouse, firm_id)
    return ReviewFirmRead(item=item, labels=review.labels_of(session, actor, firm_id))
