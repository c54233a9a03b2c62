"""The industry map's tables, the schematic district map and chain coverage."""

from __future__ import annotations

from itertools import pairwise

import duckdb
import pytest

from scenehub.demo.config import load_city
from scenehub.industry.geo import district_cells
from scenehub.industry.map import build_map, chain_coverage
from scenehub.industry.taxonomy import load_chain
from scenehub.integration.engine import DuckDBEngine


def _inside(point: tuple[float, float], ring: list[list[float]]) -> bool:
    x, y = point
    inside = False
    for (x1, y1), (x2, y2) in pairwise(ring):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def _area(ring: list[list[float]]) -> float:
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in pairwise(ring))) / 2


def test_each_district_seat_lies_in_its_own_cell_and_the_cells_tile_the_box() -> None:
    seats = [(d.code, d.name, d.seat) for d in load_city().districts if d.seat]
    assert len(seats) == 13
    geo = district_cells(seats)
    rings = {f["properties"]["code"]: f["geometry"]["coordinates"][0] for f in geo["features"]}
    for code, _, seat in seats:
        assert _inside(seat, rings[code]), code
        assert all(not _inside(seat, rings[other]) for other in rings if other != code)
    lons = [s[0] for _, _, s in seats]
    lats = [s[1] for _, _, s in seats]
    box = (max(lons) - min(lons) + 0.5) * (max(lats) - min(lats) + 0.5)
    assert sum(_area(r) for r in rings.values()) == pytest.approx(box, rel=1e-6)


def facts_db(
    rows: list[tuple[str, str, int, int | None, int, float, str]],
) -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect()
    connection.execute("""CREATE TABLE firm_facts (firm_id VARCHAR, district_code VARCHAR,
        founded_year INTEGER, headcount BIGINT, patents BIGINT, registered_capital DOUBLE,
        name VARCHAR)""")
    connection.execute("""CREATE TABLE firm_segments (firm_id VARCHAR, code VARCHAR,
        score DOUBLE, rank INTEGER)""")
    for firm_id, district, year, headcount, patents, capital, segment in rows:
        connection.execute(
            "INSERT INTO firm_facts VALUES (?, ?, ?, ?, ?, ?, ?)",
            [firm_id, district, year, headcount, patents, capital, firm_id],
        )
        connection.execute("INSERT INTO firm_segments VALUES (?, ?, 0.9, 1)", [firm_id, segment])
        connection.execute("INSERT INTO firm_segments VALUES (?, 'T.cv', 0.3, 2)", [firm_id])
    return connection


def test_cells_count_each_firm_once_by_its_primary_segment_with_stage_and_size() -> None:
    connection = facts_db(
        [
            ("a", "330106", 2024, 12, 3, 100.0, "E.humanoid"),
            ("b", "330106", 2010, 2000, 40, 5000.0, "E.humanoid"),
            ("c", "330108", 2023, None, 0, 50.0, "F.chip"),
        ]
    )
    assert build_map(DuckDBEngine(connection), reference_year=2026) == 3
    cells = connection.execute("""SELECT district_code, segment, stage, size_band, firms,
        headcount, headcount_top2 FROM map_cells ORDER BY ALL""").fetchall()
    assert cells == [
        ("330106", "E.humanoid", "0-1", "small", 1, 12, [12]),
        ("330106", "E.humanoid", "1-100", "large", 1, 2000, [2000]),
        ("330108", "F.chip", "0-1", "unknown", 1, 0, [0]),
    ]
    cohorts = connection.execute("SELECT sum(firms) FROM map_cohorts").fetchone()
    assert cohorts == (3,)


def test_a_gap_is_a_thin_segment_that_scenes_or_downstream_firms_need() -> None:
    chain = load_chain()
    humanoid = chain.segment("E.humanoid")
    upstream = humanoid.upstream[0]
    firms = {"E.humanoid": 40, upstream: 2, "T.cv": 3}
    nodes = {n.code: n for n in chain_coverage(firms, {"T.cv": 4}, chain)}
    assert nodes[upstream].gap  # 40 humanoid-robot firms downstream, 2 local suppliers
    assert nodes["T.cv"].gap  # 4 scenes ask for vision, 3 local firms
    assert not nodes["E.humanoid"].gap
    assert "X.other" not in nodes
    quiet = [
        n for n in nodes.values() if n.firms == 0 and n.demand == 0 and n.downstream_firms == 0
    ]
    assert all(not n.gap for n in quiet)
