"""The AI industry map: aggregates of the firm facts by district × segment × stage × size
band, founding cohorts, chain coverage and gaps, and demand against supply.

Inputs in the warehouse: ``firm_facts`` (facts.py) and ``firm_segments`` (the classifier:
firm_id, code, score, rank — rank 1 is the firm's primary segment). Outputs are tables
``map_cells`` and ``map_cohorts``; pages read them and apply disclosure control for
everybody but the centre's staff.

A firm is counted under its primary segment only when the classifier gave it with at least
``MIN_CONFIDENCE`` (or the centre labelled it, or the firm declared it); the others are
counted as ``UNCLASSIFIED`` — "not classified reliably, needs review" — a line of their own
that the review queue works through (docs/industry-chain.md, "Confidence").

Stage and size are derived, documented rules (no department records them):
- stage "0-1" when the firm is at most ``YOUNG_YEARS`` old and has fewer than 100 staff,
  else "1-100";
- size band by headcount: micro < 10, small < 100, medium < 1000, large ≥ 1000, unknown.

The tables are DuckDB SQL run on an engine (``integration/engine.py``): the warehouse itself,
or Spark, with the same tables to the last digit, column types included (``_SUMS``).
"""

from __future__ import annotations

from dataclasses import dataclass

from scenehub.industry.taxonomy import Chain
from scenehub.integration.engine import Engine, count_rows

YOUNG_YEARS = 5
# The primary segment's score from which the map counts a firm under it; below, the firm is
# UNCLASSIFIED. Chosen by measurement: on the judged set the project did not write, the
# primary segment is right for most firms above it and for few below (docs/industry-chain.md).
MIN_CONFIDENCE = 0.50
UNCLASSIFIED = "unclassified"
SIZE_BANDS = ("micro", "small", "medium", "large", "unknown")
MAGNITUDES = ("headcount", "patents", "registered_capital")
# A cell's sum of each magnitude, of the magnitude's own type on every engine: DuckDB widens
# a BIGINT sum to HUGEINT (Spark does not), and a DOUBLE sum depends on the order it adds in
# (Spark's partitions): registered capital (10k yuan) is summed exactly, to 4 decimals.
_SUMS = {
    "headcount": "CAST(sum(headcount) AS BIGINT)",
    "patents": "CAST(sum(patents) AS BIGINT)",
    "registered_capital": "CAST(sum(CAST(registered_capital AS DECIMAL(38, 4))) AS DOUBLE)",
}
# Parameters: the confidence, UNCLASSIFIED, the first founding year still "young".
MAP_FIRMS_SQL = """SELECT f.firm_id, f.name, coalesce(f.district_code, 'unknown') AS district_code,
       CASE WHEN s.score >= ? THEN s.code ELSE ? END AS segment, f.founded_year,
       CASE WHEN f.founded_year >= ? AND coalesce(f.headcount, 0) < 100
            THEN '0-1' ELSE '1-100' END AS stage,
       CASE WHEN f.headcount IS NULL THEN 'unknown'
            WHEN f.headcount < 10 THEN 'micro'
            WHEN f.headcount < 100 THEN 'small'
            WHEN f.headcount < 1000 THEN 'medium'
            ELSE 'large' END AS size_band,
       coalesce(f.headcount, 0) AS headcount, f.patents,
       coalesce(f.registered_capital, 0) AS registered_capital
FROM firm_facts f JOIN firm_segments s ON s.firm_id = f.firm_id AND s.rank = 1"""
# For the dominance rule the two largest contributions of each magnitude travel with the
# cell's sum, largest first.
MAP_CELLS_SQL = """SELECT district_code, segment, stage, size_band, count(*) AS firms, {magnitudes}
FROM map_firms GROUP BY district_code, segment, stage, size_band"""
MAGNITUDE_SQL = """{sum} AS {m}, array_slice(list_reverse_sort(list({m})), 1, 2) AS {m}_top2"""
MAP_COHORTS_SQL = """SELECT segment, founded_year, count(*) AS firms FROM map_firms
WHERE founded_year IS NOT NULL GROUP BY segment, founded_year"""
UNCLASSIFIED_SQL = "SELECT count(*) FROM map_firms WHERE segment = ?"
# What the map leaves in the warehouse (pages read them).
TABLES = ("map_firms", "map_cells", "map_cohorts")


def build_map(
    engine: Engine,
    reference_year: int,
    min_confidence: float = MIN_CONFIDENCE,
) -> int:
    """(Re)build ``map_firms``, ``map_cells`` and ``map_cohorts`` from ``firm_facts`` and
    ``firm_segments``; returns the cell count."""
    params = [float(min_confidence), UNCLASSIFIED, reference_year - YOUNG_YEARS]
    engine.create_table("map_firms", MAP_FIRMS_SQL, params)
    magnitudes = ", ".join(MAGNITUDE_SQL.format(m=m, sum=_SUMS[m]) for m in MAGNITUDES)
    engine.create_table("map_cells", MAP_CELLS_SQL.format(magnitudes=magnitudes))
    engine.create_table("map_cohorts", MAP_COHORTS_SQL)
    return count_rows(engine, "map_cells")


def unclassified_firms(engine: Engine) -> int:
    """Firms of ``map_firms`` below the map's confidence (counted apart, for review)."""
    rows = engine.fetch(UNCLASSIFIED_SQL, [UNCLASSIFIED])
    return int(rows[0][0]) if rows else 0


@dataclass(frozen=True)
class ChainNode:
    code: str
    firms: int
    demand: int  # scenes that want this segment
    downstream_firms: int  # local firms in the segments that depend on this one
    gap: bool


def chain_coverage(
    firms_by_segment: dict[str, int],
    demand_by_segment: dict[str, int],
    chain: Chain,
    few: int = 10,
) -> list[ChainNode]:
    """Local coverage per segment and its gaps: a segment with scenes asking for it, or with
    local firms downstream that need it, but fewer than ``few`` local firms of its own."""
    nodes = []
    for segment in chain.segments:
        if not segment.is_ai:
            continue
        firms = firms_by_segment.get(segment.key, 0)
        demand = demand_by_segment.get(segment.key, 0)
        downstream = sum(firms_by_segment.get(code, 0) for code in segment.downstream)
        gap = firms < few and (demand > 0 or downstream >= few)
        nodes.append(ChainNode(segment.key, firms, demand, downstream, gap))
    return nodes
