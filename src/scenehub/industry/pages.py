"""HTML pages of the industry map: the overview (district choropleth, chain graph, treemap,
founding cohorts, benchmark cities), segment deep dives, demand against supply; CSV/XLSX
exports and the PDF report. Figures hidden by disclosure control show as "—"; the
centre's staff see every figure, marked when others cannot see it."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from scenehub.city import City, load_city
from scenehub.errors import NotFound
from scenehub.governance.policy import Actor, Allow, decide
from scenehub.i18n import N_
from scenehub.industry import exports, figures, review, service
from scenehub.industry.map import MAGNITUDES, MIN_CONFIDENCE
from scenehub.industry.schemas import LabelCreate
from scenehub.industry.taxonomy import load_chain
from scenehub.releases import service as release_service
from scenehub.scenes import service as scene_service
from scenehub.settings import Settings
from scenehub.web.deps import SessionDep, SettingsDep, require
from scenehub.web.downloads import table_download
from scenehub.web.forms import form_page
from scenehub.web.templating import render, translator

router = APIRouter(include_in_schema=False)
MapReader = Annotated[Actor, require("industry.read_map")]
MEASURES: dict[str, str] = {
    "count": N_("Firms"),
    "headcount": N_("Headcount"),
    "patents": N_("Patents"),
    "registered_capital": N_("Registered capital (10k yuan)"),
}
LAYER_LABELS = service.LAYER_LABELS
REASON_LABELS: dict[str, str] = {
    "primary_count": N_("fewer than 10 firms"),
    "primary_dominance": N_("two firms hold most of it"),
    "secondary": N_("hidden to protect another figure"),
}


def city() -> City:
    """The configured city (``SCENEHUB_CITY_FILE``)."""
    return load_city()


_segment_name = service.segment_name


def _common(request: Request, actor: Actor, settings: Settings, session: Session) -> dict[str, Any]:
    latest = release_service.latest(session, actor)
    views = service.map_views(
        actor, settings.warehouse_path, service.district_codes(), latest.tables
    )
    demand = scene_service.demand_by_segment(session, actor)
    locale = translator(request).locale
    return {
        "views": views,
        "releases": latest.releases,
        **release_service.release_labels(),
        "demand": demand,
        "locale_names": service.district_names(locale),
        "segment_name": lambda code: _segment_name(code, locale),
        "measures": MEASURES,
        "layer_labels": LAYER_LABELS,
        "reason_labels": REASON_LABELS,
        "chain": load_chain(),
    }


@router.get("/industry")
def map_page(
    request: Request,
    actor: MapReader,
    settings: SettingsDep,
    session: SessionDep,
    layer: Annotated[str, Query(pattern=r"^(|foundation|technology|embodied|application)$")] = "",
    segment: Annotated[str | None, Query(max_length=30)] = None,
    measure: Annotated[
        str, Query(pattern=r"^(count|headcount|patents|registered_capital)$")
    ] = "count",
) -> HTMLResponse:
    """The map by district: everybody by layer; the centre's staff also by segment."""
    context = _common(request, actor, settings, session)
    views: service.MapViews = context["views"]
    if segment and (views.detail is None or segment not in views.detail.categories[1]):
        raise NotFound(N_("unknown chain segment %(code)s"), params={"code": segment})
    t = translator(request)
    names = context["locale_names"]
    shown = views.detail if segment and views.detail is not None else views.districts
    column = segment if shown is views.detail else (layer or None)
    grid_layer = layer or "embodied"
    context.update(
        layer=layer,
        segment=segment or "",
        measure=measure,
        shown=shown,
        column=column,
        grid=views.detail or views.districts,
        grid_columns=(
            [s.key for s in load_chain().segments if s.layer == grid_layer]
            if views.detail is not None
            else list(views.districts.categories[1])
        ),
        grid_layer=grid_layer,
        choropleth={
            "geo": service.district_shapes(),
            "values": [
                {"name": d, "value": shown.value((d, column), measure), "label": names[d]}
                for d in shown.categories[0]
                if d != "unknown"
            ],
            "hidden": t(N_("hidden (disclosure control)")),
        },
        treemap=_treemap(views, context["segment_name"], t),
        graph=_graph(views, context["demand"], context["segment_name"], t),
        cohorts=_cohorts(views.cohorts, t),
        benchmark=_benchmark(views, t),
        benchmarks=service.benchmarks(),
        unclassified=service.unclassified(actor, settings.warehouse_path),
        can_review=isinstance(decide(actor, "industry.label"), Allow),
    )
    return render(request, "industry/map.html", context)


def _treemap(views: service.MapViews, name: Any, t: Any) -> dict[str, Any]:
    children = []
    for layer, label in LAYER_LABELS.items():
        leaves = [
            {"name": name(s.key), "value": value}
            for s in load_chain().segments
            if s.layer == layer and (value := views.segment(s.key)) is not None and value > 0
        ]
        if leaves:
            children.append({"name": t(label), "children": leaves})
    return {"children": children}


def _graph(views: service.MapViews, demand: Any, name: Any, t: Any) -> dict[str, Any]:
    chain = load_chain()
    layers = list(LAYER_LABELS)
    nodes = service.chain_graph(views, demand)
    layer_of = {s.key: s.layer for s in chain.segments}
    return {
        "categories": [{"name": t(LAYER_LABELS[layer])} for layer in layers],
        "nodes": [
            {
                "id": n.code,
                "name": name(n.code),
                "value": n.firms,
                "gap": n.gap,
                "category": layers.index(layer_of[n.code]),
            }
            for n in nodes
        ],
        "links": [
            {"source": s.key, "target": d} for s in chain.segments if s.is_ai for d in s.downstream
        ],
        "gaps": [n.code for n in nodes if n.gap],
    }


def _cohorts(table: service.MapTable, t: Any) -> dict[str, Any]:
    periods, stages = table.categories
    return {
        "categories": list(periods),
        "stacked": True,
        "series": [
            {
                "name": t(N_("0→1")) if stage == "0-1" else t(N_("1→100")),
                "values": [table.value((p, stage)) for p in periods],
            }
            for stage in stages
        ],
    }


def _benchmark(views: service.MapViews, t: Any) -> dict[str, Any]:
    data = service.benchmarks()
    local = service.local_benchmark(views)
    measures = ("ai_firms", "humanoid_firms", "ic_design_firms")
    cities = [(t(N_("Hangzhou (this map)")), local)] + [(c["name"], c) for c in data["cities"]]
    labels = {
        "ai_firms": t(N_("AI firms")),
        "humanoid_firms": t(N_("Humanoid robot firms")),
        "ic_design_firms": t(N_("IC design firms")),
    }
    return {
        "categories": [labels[m] for m in measures],
        "series": [
            {"name": name, "values": [figures.get(m) for m in measures]} for name, figures in cities
        ],
    }


@router.get("/industry/segments/{group}")
def deep_dive(
    group: str,
    request: Request,
    actor: MapReader,
    settings: SettingsDep,
    session: SessionDep,
) -> HTMLResponse:
    if group not in service.DEEP_DIVES:
        raise NotFound(N_("no deep dive named %(name)s"), params={"name": group})
    context = _common(request, actor, settings, session)
    codes = service.segments_of(group)
    views: service.MapViews = context["views"]
    t = translator(request)
    demand = {d.segment: d for d in context["demand"]}
    context.update(
        group=group,
        title=service.DEEP_DIVES[group][0],
        codes=codes,
        layer=load_chain().segment(codes[0]).layer,
        bars={
            "categories": [context["segment_name"](c) for c in codes],
            "series": [
                {"name": t(N_("Firms")), "values": [views.segment(c) for c in codes]},
                {
                    "name": t(N_("Scenes asking")),
                    "values": [demand[c].scenes if c in demand else 0 for c in codes],
                },
            ],
        },
        staff_rows=(
            service.stage_size(actor, settings.warehouse_path, codes)
            if views.detail is not None
            else []
        ),
        magnitudes=MAGNITUDES,
        demand_by_segment=demand,
    )
    return render(request, "industry/deep.html", context)


@router.get("/industry/demand")
def demand_page(
    request: Request,
    actor: MapReader,
    settings: SettingsDep,
    session: SessionDep,
    sort: Annotated[str, Query(pattern=r"^(index|scenes|firms|budget)$")] = "index",
) -> HTMLResponse:
    context = _common(request, actor, settings, session)
    rows = service.sort_demand_supply(
        service.demand_supply(context["views"], context["demand"]), sort
    )
    top = [r for r in rows if r.demand is not None][:8]
    t = translator(request)
    context.update(
        rows=rows,
        sort=sort,
        radar={
            "indicators": [
                {
                    "name": context["segment_name"](r.segment),
                    "max": max([x.demand.scenes for x in top if x.demand] + [1]),
                }
                for r in top
            ],
            "series": [
                {
                    "name": t(N_("Scenes asking")),
                    "values": [r.demand.scenes if r.demand else 0 for r in top],
                },
                {
                    "name": t(N_("Open scenes")),
                    "values": [r.demand.open if r.demand else 0 for r in top],
                },
            ],
        },
    )
    return render(request, "industry/demand.html", context)


@router.get("/industry/export")
def export(
    request: Request,
    actor: MapReader,
    settings: SettingsDep,
    session: SessionDep,
    view: Annotated[str, Query(pattern=r"^(districts|segments|demand)$")] = "districts",
    format: Annotated[str, Query(pattern=r"^(csv|xlsx)$")] = "csv",
) -> Response:
    """A table of the map as this reader may see it (staff: districts × segments)."""
    context = _common(request, actor, settings, session)
    header, rows = figures.export_table(
        context["views"], context["demand"], view, context["locale_names"]
    )
    return table_download(f"industry-{view}", header, rows, format)


@router.get("/industry/report.pdf")
def report(
    request: Request, actor: MapReader, settings: SettingsDep, session: SessionDep
) -> Response:
    context = _common(request, actor, settings, session)
    pdf = exports.pdf_report(
        context["views"],
        service.demand_supply(context["views"], context["demand"]),
        context["locale_names"],
        context["segment_name"],
        translator(request).gettext,
    )
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": 'attachment; filename="industry-map.pdf"'},
    )


@router.get("/industry/districts.geojson")
def districts_geojson(actor: MapReader) -> JSONResponse:
    return JSONResponse(service.district_shapes())


# --- the classification review -------------------------------------------------------------

Labeller = Annotated[Actor, require("industry.label")]
FirmKey = Annotated[str, Path(pattern=r"^[0-9A-Za-z]{1,40}$")]
KIND_LABELS: dict[str, str] = {
    "primary": N_("main segment"),
    "secondary": N_("also works in"),
    "candidate": N_("next best guess"),
}
TEXT_LABELS: dict[str, str] = {
    "name": N_("Name"),
    "capability": N_("Capabilities it published"),
    "department": N_("What departments record (scope, products, chain link)"),
    "patents": N_("Patent titles"),
}


def _review_context(
    actor: Actor, session: Session, settings: Settings, page: int = 1
) -> dict[str, Any]:
    items, total = review.review_queue(session, actor, settings.warehouse_path, page=page)
    return {
        "items": items,
        "total": total,
        "page": page,
        "pages": max(1, -(-total // review.REVIEW_PAGE)),
        "min_confidence": MIN_CONFIDENCE,
        "segment_name": _segment_name,
    }


def _label_context(
    actor: Actor, session: Session, settings: Settings, firm_id: str
) -> dict[str, Any]:
    return {
        "item": review.review_item(session, actor, settings.warehouse_path, firm_id),
        "labels": review.labels_of(session, actor, firm_id),
        "chain": load_chain(),
        "kind_labels": KIND_LABELS,
        "text_labels": TEXT_LABELS,
        "segment_name": _segment_name,
        "min_confidence": MIN_CONFIDENCE,
    }


@router.get("/industry/review")
def review_queue(
    request: Request,
    actor: Labeller,
    session: SessionDep,
    settings: SettingsDep,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    labelled: Annotated[str, Query(max_length=40)] = "",
) -> HTMLResponse:
    """The firms the classifier is least sure of, least sure first, for an operator."""
    context = _review_context(actor, session, settings, page)
    return render(request, "industry/review.html", {**context, "labelled": labelled})


@router.get("/industry/review/{firm_id}")
def review_firm(
    request: Request, firm_id: FirmKey, actor: Labeller, session: SessionDep, settings: SettingsDep
) -> HTMLResponse:
    context = _label_context(actor, session, settings, firm_id)
    return render(request, "industry/label.html", context)


@router.post("/industry/review/{firm_id}")
def label_firm(
    firm_id: FirmKey,
    actor: Labeller,
    _page: Annotated[None, form_page("industry/label.html", _label_context)],
    session: SessionDep,
    settings: SettingsDep,
    body: Annotated[LabelCreate, Form()],
) -> Response:
    review.record_label(session, actor, settings.warehouse_path, firm_id, body)
    return RedirectResponse("/industry/review?labelled=" + firm_id, status_code=303)
