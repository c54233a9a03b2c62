"""The industry map's figures as downloads: district × segment and demand tables (CSV,
XLSX) and a PDF report with an embedded CJK font. Every export carries exactly the figures
its reader may see on the pages (hidden ones are empty)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from scenehub.db import today as local_today
from scenehub.governance.disclosure import COUNT
from scenehub.industry.map import MAGNITUDES
from scenehub.industry.service import DemandSupply, MapTable, MapViews
from scenehub.printing import pdf_bytes, pdf_font

HIDDEN = "—"  # a figure disclosure control hides


def table_rows(table: MapTable, names: dict[str, str]) -> tuple[list[str], list[list[Any]]]:
    """Every cell and margin of a 2-D map table ("ALL" marks a margin); ``names`` labels the
    first dimension's categories (districts)."""
    first, second = table.categories
    header = ["row", "row_name", "column", COUNT, *MAGNITUDES]
    rows = []
    for r in (*first, None):
        for c in (*second, None):
            rows.append(
                [
                    r or "ALL",
                    names.get(r, "") if r else "",
                    c or "ALL",
                    *(table.value((r, c), m) for m in (COUNT, *MAGNITUDES)),
                ]
            )
    return header, rows


def demand_rows(rows: list[DemandSupply]) -> tuple[list[str], list[list[Any]]]:
    header = [
        "segment",
        "scenes",
        "main",
        "departments",
        "open",
        "budget_max_10k",
        "latest",
        "local_firms",
        "scenes_per_10_firms",
    ]
    out = []
    for row in rows:
        d = row.demand
        out.append(
            [
                row.segment,
                d.scenes if d else 0,
                d.main if d else 0,
                d.departments if d else 0,
                d.open if d else 0,
                d.budget_max_10k if d else 0,
                d.latest if d else None,
                row.firms,
                row.index,
            ]
        )
    return header, out


@dataclass(frozen=True)
class _Look:
    """The report's font, paragraph styles and table grid."""

    font: str
    title: Any  # reportlab ParagraphStyle (reportlab loads on use)
    body: Any
    heading: Any
    grid: Any  # reportlab TableStyle


def _look() -> _Look:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import TableStyle

    font = pdf_font()
    grid = TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), font),
            ("FONTSIZE", (0, 0), (-1, -1), 8),
            ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e0ecf8")),
        ]
    )
    return _Look(
        font,
        title=ParagraphStyle("title", fontName=font, fontSize=18, leading=24),
        body=ParagraphStyle("body", fontName=font, fontSize=9, leading=13),
        heading=ParagraphStyle("heading", fontName=font, fontSize=13, leading=18, spaceBefore=10),
        grid=grid,
    )


def _shown(value: float | None) -> str:
    return HIDDEN if value is None else f"{value:,.0f}"


def pdf_report(
    views: MapViews,
    demand: list[DemandSupply],
    names: dict[str, str],
    segment_name: Callable[[str], str],
    gettext: Callable[..., str],
) -> bytes:
    """A few pages an investor can take away: firms per district, a chart of them, and
    demand against supply — with the same suppression as the pages."""
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import Paragraph

    look = _look()
    districts = [d for d in views.districts.categories[0] if d != "unknown"]
    story: list[Any] = [
        *_opening(look, gettext),
        _district_table(look, views.districts, districts, names, gettext),
        *_district_chart(look, views.districts, districts, names),
        Paragraph(gettext("Demand and local supply by chain segment"), look.heading),
        _demand_table(look, demand, segment_name, gettext),
    ]
    return pdf_bytes(story, pagesize=A4, title=gettext("AI industry map"))


def _opening(look: _Look, gettext: Callable[..., str]) -> list[Any]:
    """The title, the date, what hidden figures mean, and the first section's heading."""
    from reportlab.platypus import Paragraph, Spacer

    return [
        Paragraph(gettext("AI industry map"), look.title),
        Paragraph(f"{local_today().isoformat()} · scenehub", look.body),
        Spacer(1, 6),
        Paragraph(
            gettext(
                "Figures about fewer than 10 firms, or dominated by two firms, are hidden "
                "(—), as are the figures that would let them be worked out."
            ),
            look.body,
        ),
        Paragraph(gettext("Firms per district"), look.heading),
    ]


def _district_table(
    look: _Look,
    table: MapTable,
    districts: list[str],
    names: dict[str, str],
    gettext: Callable[..., str],
) -> Any:
    """Firms, headcount and patents per district, and the city's total."""
    from reportlab.platypus import Table

    measures = (COUNT, "headcount", "patents")
    rows = [[gettext("District"), gettext("Firms"), gettext("Headcount"), gettext("Patents")]]
    for district in districts:
        rows.append(
            [names.get(district, district)]
            + [_shown(table.value((district, None), m)) for m in measures]
        )
    rows.append([gettext("Total")] + [_shown(table.value((None, None), m)) for m in measures])
    return Table(rows, style=look.grid, hAlign="LEFT")


def _district_chart(
    look: _Look, table: MapTable, districts: list[str], names: dict[str, str]
) -> list[Any]:
    """A bar of firms per district; none when a district's count is hidden (the bars
    would let it be worked out)."""
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib import colors

    values = [table.value((d, None)) for d in districts]
    if not districts or any(v is None for v in values):
        return []
    drawing = Drawing(440, 16 * len(districts) + 30)
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 90, 10, 320, 16 * len(districts)
    chart.data = [[float(v or 0) for v in values]]
    chart.categoryAxis.categoryNames = [names.get(d, d) for d in districts]
    chart.categoryAxis.labels.fontName = look.font
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.labels.fontSize = 7
    chart.bars[0].fillColor = colors.HexColor("#0b5cad")
    drawing.add(chart)
    return [drawing]


def _demand_table(
    look: _Look,
    demand: list[DemandSupply],
    segment_name: Callable[[str], str],
    gettext: Callable[..., str],
) -> Any:
    """Scenes, departments and local firms of every segment some scene wants."""
    from reportlab.platypus import Table

    rows = [
        [
            gettext("Segment"),
            gettext("Scenes"),
            gettext("Departments"),
            gettext("Local firms"),
            gettext("Scenes per 10 firms"),
        ]
    ]
    for row in demand:
        if row.demand is None:
            continue
        rows.append(
            [
                segment_name(row.segment),
                str(row.demand.scenes),
                str(row.demand.departments),
                _shown(row.firms),
                HIDDEN if row.index is None else f"{row.index:.2f}",
            ]
        )
    return Table(rows, style=look.grid, hAlign="LEFT")
