"""Entity resolution: one firm per real firm, from every department's records.

1. Exact: records with a valid USCC are that firm; an old 15-character tax id joins the firm
   whose code contains it.
2. Probabilistic: Splink (Fellegi-Sunter, trained by EM) scores pairs of records on name,
   region, address, district, legal representative, phone and founding date. Every blocking
   rule requires the same branch part, so a branch is never compared with its parent.
3. Assignment: a record without a code joins the coded firm it matches best (never the union
   of two coded firms, so look-alikes with different codes cannot merge); the rest group by
   connected components of their matches.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from typing import Any

import duckdb
import pyarrow as pa

from scenehub.i18n import N_
from scenehub.integration.engine import Engine, count_rows

# How a record came to its firm (shown on the firm page).
LINK_KINDS = (N_("code"), N_("match"), N_("group"))


@dataclass(frozen=True)
class ResolveSettings:
    threshold: float = 0.9
    em_sample: float | None = None  # share of records EM samples; None: about 150k records
    u_pairs: float = 1e6

    def em_sample_for(self, records: int) -> float:
        if self.em_sample is not None:
            return self.em_sample
        return min(1.0, 150_000 / max(records, 1))


class ProbabilisticLinkFailed(Exception):
    """Splink could not train or predict on these records (too few, too uniform …)."""


def resolve(engine: Engine, settings: ResolveSettings, probabilistic: bool = True) -> int:
    """Build ``record_firms`` (unique_id → firm_id) from ``std_records``; returns firm count.

    Without ``probabilistic``, uncoded records link only on an identical name core and
    branch part (the fallback when the data cannot train a model).
    """
    engine.create_table("code_entities", CODE_ENTITIES_SQL)
    if probabilistic:
        try:
            _predict(engine, settings)
        except Exception as error:
            raise ProbabilisticLinkFailed(f"{type(error).__name__}: {error}") from error
    else:
        engine.create_table("predictions", EXACT_NAME_PAIRS_SQL)
    _assign(engine, settings.threshold)
    return int(engine.fetch("SELECT count(DISTINCT firm_id) FROM record_firms")[0][0])


# The steps' SQL, in DuckDB's dialect (the Spark engine transpiles it). Only identifiers are
# formatted in; values are ``?`` parameters.
CODE_ENTITIES_SQL = """SELECT unique_id, uscc AS firm_id FROM std_records WHERE uscc IS NOT NULL
UNION ALL
SELECT s.unique_id, k.uscc FROM std_records s
JOIN (SELECT DISTINCT uscc, old_tax_id FROM std_records WHERE uscc IS NOT NULL) k
  ON s.old_tax_id = k.old_tax_id
WHERE s.uscc IS NULL AND s.uscc_kind = 'old_tax_id'"""
SPLINK_INPUT_SQL = """SELECT unique_id, name_core, branch, region, address, district_code,
       legal_rep, phone, uscc, CAST(established AS VARCHAR) AS established
FROM std_records WHERE name_core IS NOT NULL"""
EXACT_NAME_PAIRS_SQL = """SELECT l.unique_id AS unique_id_l, r.unique_id AS unique_id_r,
       1.0 AS match_probability
FROM std_records l JOIN std_records r
  ON l.name_core = r.name_core AND l.branch = r.branch AND l.unique_id < r.unique_id"""
PREDICTIONS_SQL = "SELECT unique_id_l, unique_id_r, match_probability FROM {table}"
EDGES_SQL = """SELECT unique_id_l AS a, unique_id_r AS b, match_probability AS p FROM predictions
WHERE match_probability >= ?
UNION ALL
SELECT unique_id_r, unique_id_l, match_probability FROM predictions
WHERE match_probability >= ?"""
# A record without a code joins the coded firm it matches best (ties: the greater firm id,
# so every engine picks the same one).
MATCHED_SQL = """SELECT unique_id, firm_id, 'code' AS how FROM code_entities
UNION ALL
SELECT e.a, arg_max(c.firm_id, (e.p, c.firm_id)), 'match' FROM edges e
JOIN code_entities c ON c.unique_id = e.b
WHERE NOT EXISTS (SELECT 1 FROM code_entities k WHERE k.unique_id = e.a)
GROUP BY e.a"""
UNMATCHED_SQL = """SELECT unique_id FROM std_records s
WHERE NOT EXISTS (SELECT 1 FROM matched m WHERE m.unique_id = s.unique_id)"""
UNMATCHED_EDGES_SQL = """SELECT a, b FROM edges e WHERE a < b
AND NOT EXISTS (SELECT 1 FROM matched m WHERE m.unique_id = e.a)
AND NOT EXISTS (SELECT 1 FROM matched m WHERE m.unique_id = e.b)"""
RECORD_FIRMS_SQL = """SELECT unique_id, firm_id, how FROM matched
UNION ALL
SELECT unique_id, firm_id, 'group' FROM groups"""


def splink_settings() -> Any:
    """The model, the same on every engine: comparisons and prediction blocking rules."""
    import splink.comparison_library as cl
    from splink import SettingsCreator
    from splink.blocking_rule_library import CustomRule

    # Pairs of two coded records are settled by their codes already: score only pairs with
    # at least one uncoded record (a fifth of the pairs), and always within one branch part.
    same_branch = "l.branch = r.branch AND (l.uscc IS NULL OR r.uscc IS NULL)"
    return SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.JaroWinklerAtThresholds("name_core", [0.95, 0.88]),
            cl.ExactMatch("region"),
            cl.JaroWinklerAtThresholds("address", [0.97, 0.9]),
            cl.ExactMatch("district_code"),
            cl.ExactMatch("legal_rep"),
            cl.ExactMatch("phone"),
            cl.ExactMatch("uscc"),
            cl.ExactMatch("established"),
        ],
        blocking_rules_to_generate_predictions=[
            CustomRule(f"l.name_core = r.name_core AND {same_branch}"),
            CustomRule(f"l.phone = r.phone AND {same_branch}"),
            CustomRule(
                f"l.legal_rep = r.legal_rep AND l.district_code = r.district_code AND {same_branch}"
            ),
            CustomRule(f"l.address = r.address AND {same_branch}"),
        ],
        retain_matching_columns=False,
    )


def train(linker: Any, settings: ResolveSettings, records: int) -> None:
    """Estimate λ, u and m (the same calls on every engine)."""
    from splink import block_on

    linker.training.estimate_probability_two_random_records_match([block_on("uscc")], recall=0.6)
    # One pass over the whole sample, no early stop: when to stop depends on the order the
    # chunks come in, which depends on each engine's hash function.
    linker.training.estimate_u_using_random_sampling(
        max_pairs=settings.u_pairs, seed=1, min_count_per_level=None, num_chunks=1
    )
    # Two EM sessions cover every comparison: blocking on phone trains the name, address …
    # levels; blocking on the code trains phone. (A third on the name cost most of the time.)
    for rule in (block_on("phone"), block_on("uscc")):
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, record_sample_proportion=settings.em_sample_for(records)
        )


def _predict(engine: Engine, settings: ResolveSettings) -> None:
    from splink import Linker

    # Splink narrates every training step; the CLI shows its own progress instead.
    logging.getLogger("splink").setLevel(logging.ERROR)
    engine.create_table("splink_input", SPLINK_INPUT_SQL, temporary=True)
    api = engine.splink_api()
    linker = Linker(api.register("splink_input"), splink_settings(), log_level=logging.ERROR)
    train(linker, settings, count_rows(engine, "splink_input"))
    predictions = linker.inference.predict(threshold_match_probability=0.5)
    engine.create_table("predictions", PREDICTIONS_SQL.format(table=predictions.physical_name))


def _assign(engine: Engine, threshold: float) -> None:
    engine.create_table("edges", EDGES_SQL, [threshold, threshold], temporary=True)
    engine.create_table("matched", MATCHED_SQL, temporary=True)
    # What is left is small (records with no code that match no coded firm): it is grouped
    # on the driver, on every engine.
    rest = [row[0] for row in engine.fetch(UNMATCHED_SQL)]
    edges = [(a, b) for a, b in engine.fetch(UNMATCHED_EDGES_SQL)]
    groups = _components(rest, edges)
    engine.register(
        "groups",
        pa.table(
            {"unique_id": list(groups), "firm_id": list(groups.values())},
            schema=pa.schema([("unique_id", pa.string()), ("firm_id", pa.string())]),
        ),
    )
    engine.create_table("record_firms", RECORD_FIRMS_SQL)


def _components(nodes: list[str], edges: list[tuple[str, str]]) -> dict[str, str]:
    """Connected components (union-find); each named by a hash of its smallest member."""
    parent = {n: n for n in nodes}

    def find(node: str) -> str:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for a, b in edges:
        root_a, root_b = find(a), find(b)
        if root_a != root_b:
            parent[max(root_a, root_b)] = min(root_a, root_b)
    return {
        n: "U" + hashlib.sha1(find(n).encode()).hexdigest()[:16].upper()  # noqa: S324
        for n in nodes
    }


def pairwise_scores(connection: duckdb.DuckDBPyConnection, truth_table: str) -> dict[str, float]:
    """Pairwise precision, recall and F1 of ``record_firms`` against a truth table
    (unique_id, true_id)."""
    row = connection.execute(f"""
        WITH joined AS (
            SELECT r.firm_id, t.true_id FROM record_firms r JOIN {truth_table} t USING (unique_id)),
        cells AS (SELECT count(*) AS n FROM joined GROUP BY firm_id, true_id),
        predicted AS (SELECT count(*) AS n FROM joined GROUP BY firm_id),
        actual AS (SELECT count(*) AS n FROM joined GROUP BY true_id)
        SELECT (SELECT sum(n * (n - 1) / 2) FROM cells),
               (SELECT sum(n * (n - 1) / 2) FROM predicted),
               (SELECT sum(n * (n - 1) / 2) FROM actual)""").fetchone()  # noqa: S608
    assert row is not None
    true_positive, predicted, actual = (float(x or 0) for x in row)
    precision = true_positive / predicted if predicted else 1.0
    recall = true_positive / actual if actual else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "true_pairs": actual,
        "predicted_pairs": predicted,
    }
