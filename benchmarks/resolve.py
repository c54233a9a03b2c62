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
import tempfile
import threading
import time
from pathlib import Path

from scenehub.demo.city import generate_city
from scenehub.demo.config import load_city
from scenehub.industry.taxonomy import load_chain
from scenehub.integration.engine import Engine, EngineName, spark_engine
from scenehub.integration.ingest import ingest
from scenehub.integration.pipeline import run_resolution
from scenehub.integration.resolve import ResolveSettings, pairwise_scores
from scenehub.integration.standardise import district_index
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
    parser.add_argument("--threshold", type=float, default=0.9)
    parser.add_argument("--engine", choices=[e.value for e in EngineName], default="duckdb")
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
            district_index((d.code, d.name, d.streets) for d in city.districts),
            city.phone_area,
            ResolveSettings(threshold=args.threshold),
            on_rows=lambda _: standardised_at.__setitem__(0, time.perf_counter() - start),
            engine=engine,
        )
        resolve_seconds = time.perf_counter() - start
        connection.execute(f"""CREATE TABLE truth AS
            SELECT source || ':' || record_id AS unique_id, firm_id AS true_id
            FROM read_csv('{folder}/city/truth/records.csv', all_varchar=true)""")
        scores = pairwise_scores(connection, "truth")
        true_firms = connection.execute("SELECT count(DISTINCT true_id) FROM truth").fetchone()
    memory.done.set()
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


if __name__ == "__main__":
    main()
