"""Ingest, standardise and resolve a synthetic city; print throughput, peak RSS and pairwise
precision/recall/F1 against the city's truth. Prints figures; asserts nothing.

    .venv/bin/python benchmarks/resolve.py --scale 20000 [--seed 2025] [--threshold 0.9]
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

from scenehub.demo.city import generate_city
from scenehub.demo.config import load_city
from scenehub.industry.taxonomy import load_chain
from scenehub.integration.golden import build_golden
from scenehub.integration.ingest import ingest
from scenehub.integration.resolve import ResolveSettings, pairwise_scores, resolve
from scenehub.integration.standardise import district_index
from scenehub.integration.standardised import standardise_current
from scenehub.integration.warehouse import open_warehouse


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--threshold", type=float, default=0.9)
    args = parser.parse_args()
    city = load_city()
    with tempfile.TemporaryDirectory() as tmp:
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
        timings: dict[str, float] = {}
        start = time.perf_counter()
        for spec in sorted((folder / "city" / "specs").glob("*.yaml")):
            ingest(connection, spec)
        timings["ingest"] = time.perf_counter() - start
        start = time.perf_counter()
        index = district_index((d.code, d.name, d.streets) for d in city.districts)
        records = standardise_current(connection, index, city.phone_area)
        timings["standardise"] = time.perf_counter() - start
        start = time.perf_counter()
        firms = resolve(connection, ResolveSettings(threshold=args.threshold))
        timings["link and cluster"] = time.perf_counter() - start
        start = time.perf_counter()
        build_golden(connection)
        timings["golden records"] = time.perf_counter() - start
        connection.execute(f"""CREATE TABLE truth AS
            SELECT source || ':' || record_id AS unique_id, firm_id AS true_id
            FROM read_csv('{folder}/city/truth/records.csv', all_varchar=true)""")
        scores = pairwise_scores(connection, "truth")
        true_firms = connection.execute("SELECT count(DISTINCT true_id) FROM truth").fetchone()
    resolve_seconds = (
        timings["standardise"] + timings["link and cluster"] + timings["golden records"]
    )
    print(f"scale {args.scale:,} firms, {records:,} source records")
    for step, seconds in timings.items():
        print(f"  {step:<18} {seconds:8.1f} s   {records / seconds * 60:>12,.0f} records/min")
    rate = records / resolve_seconds * 60
    print(f"  resolve (standardise + link + golden): {rate:,.0f} records/min")
    print(f"  peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB")
    print(f"  firms: resolved {firms:,}, true {true_firms[0] if true_firms else 0:,}")
    print(
        f"  pairwise precision {scores['precision']:.4f}  recall {scores['recall']:.4f}  "
        f"F1 {scores['f1']:.4f}"
    )


if __name__ == "__main__":
    main()
