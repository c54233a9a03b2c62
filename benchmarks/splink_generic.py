"""A generic Splink set-up, the yardstick for `benchmarks/resolve.py`: what a team would write
from Splink's documentation in an afternoon, on the same ingested records.

Splink's documented defaults and nothing of ours: the raw name, USCC, address and phone as
the departments wrote them (trimmed, empty as NULL; no standardisation), `JaroWinklerAtThresholds`
with its default thresholds on name and address, exact USCC and phone, no term-frequency
adjustments; blocking on name, USCC, phone and address; λ from the USCC, u by random sampling,
m by EM on name and on phone; clusters at match probability 0.9, transitively
(`cluster_pairwise_predictions_at_threshold`). Prints figures; asserts nothing.

    .venv/bin/python benchmarks/splink_generic.py WAREHOUSE.duckdb
"""

from __future__ import annotations

import argparse
import logging
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

RECORDS_SQL = """SELECT source || ':' || record_id AS unique_id,
       nullif(trim(name), '') AS name, nullif(trim(uscc), '') AS uscc,
       nullif(trim(address), '') AS address, nullif(trim(phone), '') AS phone
FROM current_records"""


@dataclass(frozen=True)
class GenericRun:
    records: int
    seconds: float
    clusters: int


def run_generic(
    warehouse: duckdb.DuckDBPyConnection, out_table: str = "generic_firms"
) -> GenericRun:
    """Link ``current_records`` with the generic set-up; write (unique_id, firm_id) to
    ``out_table`` in ``warehouse``."""
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    logging.getLogger("splink").setLevel(logging.ERROR)
    started = time.perf_counter()
    records = warehouse.sql(RECORDS_SQL).to_arrow_table()
    work = duckdb.connect()
    work.register("records_arrow", records)
    work.execute("CREATE TABLE records AS SELECT * FROM records_arrow")
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.JaroWinklerAtThresholds("name"),
            cl.ExactMatch("uscc"),
            cl.JaroWinklerAtThresholds("address"),
            cl.ExactMatch("phone"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("name"),
            block_on("uscc"),
            block_on("phone"),
            block_on("address"),
        ],
    )
    api = DuckDBAPI(connection=work)
    linker = Linker(api.register("records"), settings, log_level=logging.ERROR)
    linker.training.estimate_probability_two_random_records_match([block_on("uscc")], recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6)
    for rule in (block_on("name"), block_on("phone")):
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    predictions = linker.inference.predict(threshold_match_probability=0.5)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=0.9
    )
    result = work.sql(
        f"SELECT unique_id, CAST(cluster_id AS VARCHAR) AS firm_id FROM {clusters.physical_name}"
    ).to_arrow_table()
    seconds = time.perf_counter() - started
    warehouse.register("generic_arrow", result)
    warehouse.execute(f"CREATE OR REPLACE TABLE {out_table} AS SELECT * FROM generic_arrow")
    warehouse.unregister("generic_arrow")
    count = warehouse.execute(f"SELECT count(DISTINCT firm_id) FROM {out_table}").fetchall()
    work.close()
    return GenericRun(records.num_rows, seconds, int(count[0][0]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("warehouse", type=Path)
    args = parser.parse_args()
    connection = duckdb.connect(str(args.warehouse))
    run = run_generic(connection)
    print(
        f"generic Splink: {run.records:,} records in {run.seconds:.1f} s "
        f"({run.records / run.seconds * 60:,.0f} records/min), {run.clusters:,} clusters"
    )


if __name__ == "__main__":
    main()
