"""A hand-made warehouse for the releases' tests: the industry map of 75 AI firms."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from scenehub.industry.map import build_map
from scenehub.industry.service import CACHE
from scenehub.integration.engine import DuckDBEngine
from scenehub.settings import Settings

# (district, segment, firms): 330108 × E.humanoid has 3 firms, hidden by disclosure control.
LAYOUT = [
    ("330106", "E.humanoid", 15),
    ("330108", "E.humanoid", 3),
    ("330110", "E.humanoid", 12),
    ("330106", "F.chip", 11),
    ("330108", "F.chip", 14),
    ("330110", "F.chip", 20),
]
FIRMS = sum(n for _, _, n in LAYOUT)


@pytest.fixture
def warehouse(settings: Settings) -> Path:
    path = settings.warehouse_path
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = duckdb.connect(str(path))
    connection.execute("""CREATE TABLE firm_facts (firm_id VARCHAR, district_code VARCHAR,
        founded_year INTEGER, headcount BIGINT, patents BIGINT, registered_capital DOUBLE,
        name VARCHAR)""")
    connection.execute(
        "CREATE TABLE firm_segments (firm_id VARCHAR, code VARCHAR, score DOUBLE, rank INTEGER)"
    )
    n = 0
    for district, segment, firms in LAYOUT:
        for i in range(firms):
            n += 1
            connection.execute(
                "INSERT INTO firm_facts VALUES (?, ?, ?, ?, ?, ?, ?)",
                [f"F{n}", district, 2012 + i % 12, 20 + i, i % 3, 100.0 + i, f"firm {n}"],
            )
            connection.execute(
                "INSERT INTO firm_segments VALUES (?, ?, 0.9, 1)", [f"F{n}", segment]
            )
    build_map(DuckDBEngine(connection), reference_year=2026)
    connection.close()
    CACHE._stamp.clear()
    return path
