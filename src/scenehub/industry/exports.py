"""The industry map's figures as downloads: district × segment and demand tables (CSV,
XLSX) and a PDF report with an embedded CJK font. Every export carries exactly the figures
its reader may see on the pages (hidden ones are empty)."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from scenehub.governance.disclosure import COUNT
from scenehub.industry.map import MAGNITUDES
from scenehub.industry.service import DemandSupply, MapTable, MapViews

# A TrueType font with Chinese glyphs, embedded in the PDF so any viewer shows it; the
# first that exists wins. Without one, the PDF names Adobe's STSong-Light (the viewer
# supplies the glyphs).
CJK_FONTS = (
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
)


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


def _font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfbase.ttfonts import TTFont

    for path in CJK_FONTS:
        if path.exists():
            if "SceneCJK" not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont("SceneCJK", str(path), subfontIndex=0))
            return "SceneCJK"
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"


def pdf_report(
    views: MapViews,
    demand: list[DemandSupply],
    names: dict[str, str],
    segment_name: Callable[[str], str],
    gettext: Callable[..., str],
) -> bytes:
    """A few pages an investor can take away: firms per district, a chart of them, and
    demand against supply — with the same suppression as the pages."""
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = _font()
    title = ParagraphStyle("title", fontName=font, fontSize=18, leading=24)
    body = ParagraphStyle("body", fontName=font, fontSize=9, leading=13)
    heading = ParagraphStyle("heading", fontName=font, fontSize=13, leading=18, spaceBefore=10)
    hidden = "—"

    def show(value: float | None) -> str:
        return hidden if value is None else f"{value:,.0f}"

    grid = TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), font),
            ("FONTSIZE", (0, 0), (-1, -1), 8),
            ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e0ecf8")),
        ]
    )
    table = views.districts
    districts = [d for d in table.categories[0] if d != "unknown"]
    story: list[Any] = [
        Paragraph(gettext("AI industry map"), title),
        Paragraph(f"{date.today().isoformat()} · scenehub", body),
        Spacer(1, 6),
        Paragraph(
            gettext(
                "Figures about fewer than 10 firms, or dominated by two firms, are hidden "
                "(—), as are the figures that would let them be worked out."
            ),
            body,
        ),
        Paragraph(gettext("Firms per district"), heading),
    ]
    rows = [[gettext("District"), gettext("Firms"), gettext("Headcount"), gettext("Patents")]]
    for district in districts:
        rows.append(
            [names.get(district, district)]
            + [show(table.value((district, None), m)) for m in (COUNT, "headcount", "patents")]
        )
    rows.append(
        [gettext("Total")]
        + [show(table.value((None, None), m)) for m in (COUNT, "headcount", "patents")]
    )
    story.append(Table(rows, style=grid, hAlign="LEFT"))
    chart_values = [table.value((d, None)) for d in districts]
    if all(v is not None for v in chart_values) and districts:
        drawing = Drawing(440, 16 * len(districts) + 30)
        chart = HorizontalBarChart()
        chart.x, chart.y, chart.width, chart.height = 90, 10, 320, 16 * len(districts)
        chart.data = [[float(v or 0) for v in chart_values]]
        chart.categoryAxis.categoryNames = [names.get(d, d) for d in districts]
        chart.categoryAxis.labels.fontName = font
        chart.categoryAxis.labels.fontSize = 7
        chart.valueAxis.labels.fontSize = 7
        chart.bars[0].fillColor = colors.HexColor("#0b5cad")
        drawing.add(chart)
        story.append(drawing)
    story.append(Paragraph(gettext("Demand and local supply by chain segment"), heading))
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
                show(row.firms),
                hidden if row.index is None else f"{row.index:.2f}",
            ]
        )
    story.append(Table(rows, style=grid, hAlign="LEFT"))
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, title=gettext("AI industry map")).build(story)
    return out.getvalue()
