"""A schematic district map for the choropleth (pure): each district is the area closer to
its government seat than to any other seat (a Voronoi cell), clipped to the city's box.

These are not legal boundaries — the air-gapped intranet cannot fetch any, and none ships
with a maintained package. A centre that has the surveying bureau's GeoJSON serves that
instead (``SCENEHUB_DISTRICT_GEOJSON``); the page only needs features named by district
code.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

Point = tuple[float, float]
MARGIN = 0.25  # degrees of box around the outermost seats


def _clip(polygon: list[Point], site: Point, other: Point) -> list[Point]:
    """The part of a convex polygon closer to ``site`` than to ``other``."""
    mx, my = (site[0] + other[0]) / 2, (site[1] + other[1]) / 2
    nx, ny = other[0] - site[0], other[1] - site[1]

    def inside(p: Point) -> bool:
        return (p[0] - mx) * nx + (p[1] - my) * ny <= 0

    def cross(a: Point, b: Point) -> Point:
        da = (a[0] - mx) * nx + (a[1] - my) * ny
        db = (b[0] - mx) * nx + (b[1] - my) * ny
        t = da / (da - db)
        return (a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]))

    out: list[Point] = []
    for i, current in enumerate(polygon):
        previous = polygon[i - 1]
        if inside(current):
            if not inside(previous):
                out.append(cross(previous, current))
            out.append(current)
        elif inside(previous):
            out.append(cross(previous, current))
    return out


def district_cells(seats: Sequence[tuple[str, str, Point]]) -> dict[str, Any]:
    """GeoJSON FeatureCollection of Voronoi cells; features carry ``code`` and ``name``."""
    lons = [p[0] for _, _, p in seats]
    lats = [p[1] for _, _, p in seats]
    box = [
        (min(lons) - MARGIN, min(lats) - MARGIN),
        (max(lons) + MARGIN, min(lats) - MARGIN),
        (max(lons) + MARGIN, max(lats) + MARGIN),
        (min(lons) - MARGIN, max(lats) + MARGIN),
    ]
    features = []
    for code, name, site in seats:
        cell = list(box)
        for other_code, _, other in seats:
            if other_code != code and cell:
                cell = _clip(cell, site, other)
        ring = [[round(x, 5), round(y, 5)] for x, y in cell]
        features.append(
            {
                "type": "Feature",
                "properties": {"name": code, "code": code, "label": name},
                "geometry": {"type": "Polygon", "coordinates": [[*ring, ring[0]]]},
            }
        )
    return {"type": "FeatureCollection", "features": features}
