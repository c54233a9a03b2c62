"""Time the industry map's build at scale: `python benchmarks/map_build.py --firms 1000000`.

Firm facts and primary segments are synthesised in DuckDB (districts by the demo city's
weights, segments by the generator's shares, skewed headcounts), because generating a
1,000,000-firm city takes 12 minutes and the map only reads these two tables. Prints the
time to build the map tables (``--engine spark``: on Spark in local mode, loading the two
tables from the warehouse and publishing the map's back, each timed), to suppress its tables
(the public ones and the staff's districts × segments), and peak RSS.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

import duckdb

from scenehub.demo.config import load_city
from scenehub.demo.firms import SEGMENT_SHARES
from scenehub.industry.map import TABLES, build_map
from scenehub.industry.service import _disclosures
from scenehub.integration.engine import DuckDBEngine, EngineName, spark_engine


def synthesise(connection: duckdb.DuckDBPyConnection, firms: int, ai_share: float) -> None:
    districts = [(d.code, d.weight) for d in load_city().districts]
    connection.execute("CREATE TABLE districts (code VARCHAR, upto DOUBLE)")
    total, acc = sum(w for _, w in districts), 0.0
    for code, weight in districts:
        acc += weight / total
        connection.execute("INSERT INTO districts VALUES (?, ?)", [code, acc])
    shares = sorted(SEGMENT_SHARES.items())
    connection.execute("CREATE TABLE shares (code VARCHAR, upto DOUBLE)")
    total, acc = sum(s for _, s in shares), 0.0
    for code, share in shares:
        acc += share / total
        connection.execute("INSERT INTO shares VALUES (?, ?)", [code, acc])
    connection.execute(f"""
        CREATE TABLE draws AS SELECT range AS n, random() AS d, random() AS s, random() AS a,
               random() AS h, random() AS y FROM range({firms})""")
    connection.execute("""
        CREATE TABLE firm_facts AS SELECT 'F' || n AS firm_id, 'firm ' || n AS name,
            (SELECT code FROM districts WHERE upto >= d ORDER BY upto LIMIT 1) AS district_code,
            1990 + CAST(y * 36 AS INTEGER) AS founded_year,
            CAST(exp(h * 7) AS BIGINT) AS headcount,
            CAST(h * h * 30 AS BIGINT) AS patents,
            round(exp(h * 9), 2) AS registered_capital
        FROM draws""")
    connection.execute(f"""
        CREATE TABLE firm_segments AS SELECT 'F' || n AS firm_id,
            CASE WHEN a < {ai_share}
                 THEN (SELECT code FROM shares WHERE upto >= s ORDER BY upto LIMIT 1)
                 ELSE 'X.other' END AS code,
            0.9 AS score, 1 AS rank
        FROM draws""")


def build_on_spark(connection: duckdb.DuckDBPyConnection) -> tuple[int, float]:
    """The map built on Spark: its cells and the seconds from loading to publishing."""
    with spark_engine(memory="3g") as engine:
        started = time.perf_counter()
        engine.load(connection, {"firm_facts": FACT_COLUMNS, "firm_segments": SEGMENT_COLUMNS})
        loaded = time.perf_counter()
        cells = build_map(engine, reference_year=2026)
        mapped = time.perf_counter()
        engine.publish(connection, TABLES)
        engine.release()
        done = time.perf_counter()
    print(
        f"spark: load {loaded - started:.2f} s, map {mapped - loaded:.2f} s, "
        f"publish {done - mapped:.2f} s"
    )
    return cells, done - started


FACT_COLUMNS = (
    "firm_id",
    "name",
    "district_code",
    "founded_year",
    "headcount",
    "patents",
    "registered_capital",
)
SEGMENT_COLUMNS = ("firm_id", "code", "score", "rank")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--firms", type=int, default=1_000_000)
    parser.add_argument("--ai-share", type=float, default=0.22)
    parser.add_argument("--engine", choices=[e.value for e in EngineName], default="duckdb")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "warehouse.duckdb"
        connection = duckdb.connect(str(path))
        started = time.perf_counter()
        synthesise(connection, args.firms, args.ai_share)
        print(f"synthesised {args.firms:,} firm facts in {time.perf_counter() - started:.1f} s")
        if args.engine == EngineName.spark:
            cells, built = build_on_spark(connection)
        else:
            started = time.perf_counter()
            cells = build_map(DuckDBEngine(connection), reference_year=2026)
            built = time.perf_counter() - started
        connection.close()
        started = time.perf_counter()
        tables = _disclosures(path, tuple(d.code for d in load_city().districts))
        suppressed = time.perf_counter() - started
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"map build: {cells:,} cells in {built:.2f} s")
    hidden = sum(len(t.hidden()) for t in tables[:3])  # the public tables
    print(f"tables suppressed in {suppressed:.2f} s ({hidden} figures hidden from the public)")
    print(f"map build + suppression: {built + suppressed:.2f} s; peak RSS {rss:,.0f} MB")


if __name__ == "__main__":
    main()
