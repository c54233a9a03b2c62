"""Ingest a synthetic city and resolve it as `scenehub resolve` does (one run, one transaction)
on DuckDB or Spark; print throughput, peak memory and pairwise precision/recall/F1 against the
city's truth. Prints figures; asserts nothing.

    .venv/bin/python benchmarks/resolve.py --scale 20000 [--engine duckdb|spark] [--seed 2025]

Peak RSS is the whole process tree's (with Spark: the JVM and its Python workers too),
sampled every 0.2 s.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.splink_generic import run_generic
from scenehub.demo.city import generate_city
from scenehub.demo.config import load_city
from scenehub.industry.taxonomy import load_chain
from scenehub.integration.engine import DuckDBEngine, Engine, EngineName, spark_engine
from scenehub.integration.ingest import ingest
from scenehub.integration.link_decisions import apply_decisions
from scenehub.integration.pipeline import run_resolution
from scenehub.integration.resolve import ResolveSettings, assign, pairwise_scores
from scenehub.integration.standardise import city_rules
from scenehub.integration.warehouse import open_warehouse


class PeakTreeRss(threading.Thread):
    """The largest summed RSS of this process and all its descendants, in MB."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak_mb = 0.0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.2):
            self.peak_mb = max(self.peak_mb, tree_rss_kb(os.getpid()) / 1024)


def tree_rss_kb(root: int) -> int:
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            parents[int(entry.name)] = int(fields[1])
            rss[int(entry.name)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE") // 1024
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent and pid not in tree]
        tree.update(children)
        frontier.extend(children)
    return sum(rss.get(pid, 0) for pid in tree)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--threshold", type=float, default=ResolveSettings.threshold)
    parser.add_argument("--engine", choices=[e.value for e in EngineName], default="duckdb")
    parser.add_argument("--no-generic", action="store_true", help="skip the generic Splink run")
    parser.add_argument("--sweep", action="store_true", help="F1 at other thresholds too")
    args = parser.parse_args()
    city = load_city()
    memory = PeakTreeRss()
    memory.start()
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
        folder = Path(tmp)
        generate_city(
            folder / "city",
            scale=args.scale,
            seed=args.seed,
            city=city,
            chain=load_chain(),
            scenes=20,
        )
        connection = open_warehouse(folder / "warehouse.duckdb")
        start = time.perf_counter()
        for spec in sorted((folder / "city" / "specs").glob("*.yaml")):
            ingest(connection, spec)
        ingest_seconds = time.perf_counter() - start
        start = time.perf_counter()
        engine: Engine | None = None
        if args.engine == EngineName.spark:
            engine = stack.enter_context(spark_engine())
        start_seconds = time.perf_counter() - start
        standardised_at = [0.0]
        start = time.perf_counter()
        outcome = run_resolution(
            connection,
            city_rules(city),
            ResolveSettings(threshold=args.threshold),
            on_rows=lambda _: standardised_at.__setitem__(0, time.perf_counter() - start),
            engine=engine,
        )
        resolve_seconds = time.perf_counter() - start
        connection.execute(f"""CREATE TABLE truth AS
            SELECT source || ':' || record_id AS unique_id, firm_id AS true_id
            FROM read_csv('{folder}/city/truth/records.csv', all_varchar=true)""")
        scores = pairwise_scores(connection, "truth")
        true_firms = connection.execute("SELECT count(DISTINCT true_id) FROM truth").fetchall()[0]
        left_out = left_outside_by_source(connection, "record_firms")
        sweep = threshold_sweep(connection, engine) if args.sweep else []
        memory.done.set()
        generic = None if args.no_generic or engine is not None else run_generic(connection)
        generic_scores = pairwise_scores(connection, "truth", "generic_firms") if generic else {}
        generic_left_out = left_outside_by_source(connection, "generic_firms") if generic else {}
    records = outcome.records
    print(f"scale {args.scale:,} firms, {records:,} source records, engine {outcome.engine}")
    ingest_rate = records / ingest_seconds * 60
    print(f"  ingest             {ingest_seconds:8.1f} s  {ingest_rate:>12,.0f} records/min")
    if engine is not None:
        print(f"  start Spark        {start_seconds:8.1f} s  (not counted below)")
    print(f"  standardise        {standardised_at[0]:8.1f} s")
    print(f"  link, golden, save {resolve_seconds - standardised_at[0]:8.1f} s")
    print(
        f"  resolve            {resolve_seconds:8.1f} s  "
        f"{records / resolve_seconds * 60:>12,.0f} records/min"
        + ("" if outcome.probabilistic else f"  ({outcome.note})")
    )
    print(f"  peak RSS (process tree) {memory.peak_mb:,.0f} MB")
    print(f"  firms: resolved {outcome.firms:,}, true {true_firms[0] if true_firms else 0:,}")
    print(
        f"  pairwise precision {scores['precision']:.4f}  recall {scores['recall']:.4f}  "
        f"F1 {scores['f1']:.4f}"
    )
    if generic is not None:
        rate = generic.records / generic.seconds * 60
        print(
            f"generic Splink (benchmarks/splink_generic.py), same records: {generic.seconds:.1f} s "
            f"{rate:,.0f} records/min; scenehub {generic.seconds / resolve_seconds:.2f} x its speed"
        )
        print(
            f"  pairwise precision {generic_scores['precision']:.4f}  "
            f"recall {generic_scores['recall']:.4f}  F1 {generic_scores['f1']:.4f}; "
            f"clusters {generic.clusters:,}"
        )
    print("records left outside their firm's main cluster, by source:")
    print(f"  {'source':<24} {'records':>8} {'scenehub':>9} {'generic':>9}")
    for source, (count, share) in left_out.items():
        other = f"{generic_left_out[source][1]:9.1%}" if source in generic_left_out else ""
        print(f"  {source:<24} {count:8,} {share:9.1%} {other}")
    for threshold, figures in sweep:
        print(
            f"  threshold {threshold:.2f}: precision {figures['precision']:.4f} "
            f"recall {figures['recall']:.4f} F1 {figures['f1']:.4f}"
        )


def left_outside_by_source(
    connection: duckdb.DuckDBPyConnection, firms_table: str
) -> dict[str, tuple[int, float]]:
    """Per source: its records, and the share not in the cluster holding most of their true
    firm's records."""
    rows = connection.execute(f"""
        WITH joined AS (
            SELECT split_part(t.unique_id, ':', 1) AS source, t.true_id, f.firm_id
            FROM truth t JOIN {firms_table} f USING (unique_id)),
        sizes AS (SELECT true_id, firm_id, count(*) AS n FROM joined GROUP BY ALL),
        main AS (SELECT true_id, arg_max(firm_id, (n, firm_id)) AS firm_id FROM sizes GROUP BY 1)
        SELECT j.source, count(*), avg(CASE WHEN j.firm_id = m.firm_id THEN 0 ELSE 1 END)
        FROM joined j JOIN main m USING (true_id) GROUP BY 1 ORDER BY 1""").fetchall()
    return {source: (int(n), float(share)) for source, n, share in rows}


def threshold_sweep(
    connection: duckdb.DuckDBPyConnection, engine: Engine | None
) -> list[tuple[float, dict[str, float]]]:
    """Pairwise figures at each threshold, re-assigning the same predictions (DuckDB only)."""
    if engine is not None:
        return []
    kept = connection.sql("SELECT * FROM record_firms").to_arrow_table()
    figures = []
    runner = DuckDBEngine(connection)
    apply_decisions(runner)  # the run's decided_links went with its temporary tables
    for threshold in (0.5, 0.7, 0.8, 0.9, 0.95, 0.99):
        assign(runner, threshold)
        figures.append((threshold, pairwise_scores(connection, "truth")))
    connection.register("kept_arrow", kept)
    connection.execute("CREATE OR REPLACE TABLE record_firms AS SELECT * FROM kept_arrow")
    return figures


if __name__ == "__main__":
    main()
