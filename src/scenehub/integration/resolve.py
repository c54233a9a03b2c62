"""Entity resolution: one firm per real firm, from every department's records.

1. Exact: records with a valid USCC are that firm; an old 15-character tax id joins the firm
   whose code contains it.
2. Probabilistic: Splink (Fellegi-Sunter, trained by EM) scores pairs of records on name,
   region, address, district, legal representative, phone and founding date. Every blocking
   rule requires the same branch part, so a branch is never compared with its parent.
3. Assignment: a record without a code joins the coded firm it matches best (never the union
   of two coded firms, so look-alikes with different codes cannot merge), or one hop further
   the firm of a record that did, or the firm of a record a person confirmed it with; the
   rest group by connected components of their matches.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import duckdb
import pyarrow as pa

from scenehub.i18n import N_
from scenehub.integration.engine import Engine
from scenehub.integration.link_decisions import apply_decisions

# How a record came to its firm (shown on the firm page).
LINK_KINDS = (N_("code"), N_("match"), N_("group"))


# EM learns m from a sample of the pairs that share a code or a name: about EM_PAIRS of each
# (Splink draws them by a hash of the records, the same on every engine). A fixed number keeps
# training a fixed cost whatever the size of the city: at 200,000 firms every pair sharing a
# name is 2.6 M pairs and took 20 s per EM session for the same F1.
# (Splink 5's ``record_sample_proportion`` no longer samples on its own: ``max_pairs`` does.)
EM_PAIRS = 200_000
# The share of records Splink blocks first to count the pairs it will sample from.
EM_PROBE = 0.1


@dataclass(frozen=True)
class ResolveSettings:
    threshold: float = 0.5
    em_pairs: float = EM_PAIRS  # pairs each EM session trains on (about)
    u_pairs: float = 1e6


class ProbabilisticLinkFailed(Exception):
    """Splink could not train or predict on these records (too few, too uniform …)."""


def resolve(
    engine: Engine,
    settings: ResolveSettings,
    probabilistic: bool = True,
    on_clustering: Callable[[], None] | None = None,
) -> int:
    """Build ``record_firms`` (unique_id → firm_id) from ``std_records``; returns firm count.

    Without ``probabilistic``, uncoded records link only on an identical name core and
    branch part (the fallback when the data cannot train a model). ``on_clustering`` hears
    when the scored pairs are done and the records are being grouped into firms.
    """
    engine.create_table("code_owners", CODE_OWNERS_SQL, temporary=True)
    engine.create_table("code_entities", CODE_ENTITIES_SQL)
    if probabilistic:
        try:
            _predict(engine, settings)
        except Exception as error:
            raise ProbabilisticLinkFailed(f"{type(error).__name__}: {error}") from error
    else:
        engine.create_table("predictions", EXACT_NAME_PAIRS_SQL)
    if on_clustering is not None:
        on_clustering()
    apply_decisions(engine)  # operators' decisions override the model (clerical review)
    assign(engine, settings.threshold)
    return int(engine.fetch("SELECT count(DISTINCT firm_id) FROM record_firms")[0][0])


# The steps' SQL, in DuckDB's dialect (the Spark engine transpiles it). Only identifiers are
# formatted in; values are ``?`` parameters.
#
# A code belongs to the branch part most of its records carry: a branch filed under its
# parent's code (…滨江分公司 with the parent's USCC) is not the parent, so its code does not
# link it; it is linked, as a record without a code, to records of the branch itself.
CODE_OWNERS_SQL = """SELECT uscc, arg_max(branch, (n, branch)) AS branch FROM (
    SELECT uscc, branch, count(*) AS n FROM std_records WHERE uscc IS NOT NULL
    GROUP BY uscc, branch) GROUP BY uscc"""
CODE_ENTITIES_SQL = """SELECT s.unique_id, s.uscc AS firm_id FROM std_records s
JOIN code_owners o ON o.uscc = s.uscc AND o.branch = s.branch
UNION ALL
SELECT s.unique_id, k.uscc FROM std_records s
JOIN (SELECT DISTINCT d.uscc, d.old_tax_id FROM std_records d
      JOIN code_owners o ON o.uscc = d.uscc AND o.branch = d.branch) k
  ON s.old_tax_id = k.old_tax_id
WHERE s.uscc IS NULL AND s.uscc_kind = 'old_tax_id' AND s.branch = ''"""
# A value shared by many different names (a bookkeeping agency's phone, a cluster-registration
# address, 张伟 in one district) blocks nothing: comparing every pair would cost more than it
# finds, and the model gives such values little weight anyway (term frequencies).
BLOCK_LIMIT = 8
_FREQUENT_SQL = """SELECT {column} AS value FROM std_records WHERE {column} IS NOT NULL
GROUP BY {column} HAVING count(DISTINCT name_core) > {limit}"""
SPLINK_INPUT_SQL = """SELECT s.unique_id, s.name_core, s.branch, nullif(s.region, '') AS region,
       s.name_sound, s.name_trade, s.former_core, s.address, s.district_code, s.road,
       s.address_key, s.room, s.legal_rep, s.phone, s.phone2,
       CASE WHEN c.unique_id IS NOT NULL THEN s.uscc END AS uscc,
       coalesce(s.uscc, s.code_text) AS code_any,
       CAST(s.established AS VARCHAR) AS established,
       CASE WHEN fp.value IS NULL THEN s.phone END AS phone_block,
       CASE WHEN fa.value IS NULL THEN s.address_key END AS address_block,
       CASE WHEN fl.value IS NULL THEN s.legal_rep || '@' || s.district_code END AS rep_block
FROM std_records s
LEFT JOIN code_entities c ON c.unique_id = s.unique_id AND c.firm_id = s.uscc
LEFT JOIN frequent_phones fp ON fp.value = s.phone
LEFT JOIN frequent_addresses fa ON fa.value = s.address_key
LEFT JOIN frequent_reps fl ON fl.value = s.legal_rep || '@' || s.district_code
WHERE s.name_core IS NOT NULL"""
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
# One hop further: a record that matches no coded record but matches a record that did (an
# operating address shared with the tax record, which shares the registered name and phone
# with the registry) joins that record's firm.
RELAYED_SQL = """SELECT unique_id, firm_id, how FROM direct
UNION ALL
SELECT e.a, arg_max(d.firm_id, (e.p, d.firm_id)), 'match' FROM edges e
JOIN direct d ON d.unique_id = e.b
WHERE NOT EXISTS (SELECT 1 FROM direct k WHERE k.unique_id = e.a)
  AND NOT EXISTS (  -- never into a firm holding a record an operator split this one from
    SELECT 1 FROM decided_links x JOIN direct y
      ON y.unique_id = x.unique_id_l OR y.unique_id = x.unique_id_r
    WHERE x.decision = 'split' AND y.unique_id <> e.a AND y.firm_id = d.firm_id
      AND (x.unique_id_l = e.a OR x.unique_id_r = e.a))
GROUP BY e.a"""
# Past the hop: a record an operator confirmed with a record that has a firm by now (through
# a chain of confirmations too) joins that firm, split decisions still holding.
FOLLOWED_SQL = """SELECT unique_id, firm_id, how FROM relayed
UNION ALL
SELECT g.unique_id, max(r.firm_id), 'match' FROM confirmed_groups g
JOIN confirmed_groups h ON h.group_id = g.group_id
JOIN relayed r ON r.unique_id = h.unique_id
WHERE NOT EXISTS (SELECT 1 FROM relayed k WHERE k.unique_id = g.unique_id)
  AND NOT EXISTS (
    SELECT 1 FROM decided_links x JOIN relayed y
      ON y.unique_id = x.unique_id_l OR y.unique_id = x.unique_id_r
    WHERE x.decision = 'split' AND y.unique_id <> g.unique_id AND y.firm_id = r.firm_id
      AND (x.unique_id_l = g.unique_id OR x.unique_id_r = g.unique_id))
GROUP BY g.unique_id"""
CONFIRMED_SQL = """SELECT d.unique_id_l, d.unique_id_r FROM decided_links d
WHERE d.decision = 'match'
  AND EXISTS (SELECT 1 FROM std_records s WHERE s.unique_id = d.unique_id_l)
  AND EXISTS (SELECT 1 FROM std_records s WHERE s.unique_id = d.unique_id_r)"""
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
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    from splink import SettingsCreator
    from splink.blocking_rule_library import CustomRule

    # Pairs of two coded records are settled by their codes already: score only pairs with
    # at least one uncoded record, and always within one branch part.
    same_branch = "l.branch = r.branch AND (l.uscc IS NULL OR r.uscc IS NULL)"
    blocks = (
        "l.name_core = r.name_core",
        "l.name_core = r.former_core",
        "l.former_core = r.name_core",
        "l.name_sound = r.name_sound",
        "l.name_trade = r.name_trade AND l.district_code = r.district_code",
        "l.phone_block = r.phone_block",
        "l.address_block = r.address_block",
        "l.rep_block = r.rep_block",
    )
    return SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            _name_comparison(cl, cll),
            cl.ExactMatch("region"),
            _address_comparison(cl, cll),
            cl.ExactMatch("legal_rep").configure(term_frequency_adjustments=True),
            _phone_comparison(cl, cll),
            _code_comparison(cl, cll),
            cl.ExactMatch("established"),
        ],
        blocking_rules_to_generate_predictions=[
            CustomRule(f"{block} AND {same_branch}") for block in blocks
        ],
        retain_matching_columns=False,
    )


def _name_comparison(cl: Any, cll: Any) -> Any:
    """Names written alike, by a former name, by sound (科技/pinyin), cut short, or by their
    trade name alone (an English rendering)."""
    cut_short = (
        "least(length(name_core_l), length(name_core_r)) >= 4 AND ("
        "substr(name_core_l, 1, length(name_core_r)) = name_core_r OR "
        "substr(name_core_r, 1, length(name_core_l)) = name_core_l)"
    )
    return cl.CustomComparison(
        output_column_name="name",
        comparison_levels=[
            cll.NullLevel("name_core"),
            cll.ExactMatchLevel("name_core", term_frequency_adjustments=True),
            cll.CustomLevel(
                "name_core_l = former_core_r OR former_core_l = name_core_r", "former name"
            ),
            # Term frequencies on every level that matches a value: without them a homophone
            # namesake (旺越铭博 for 旺越明博) outscored the firm of the very same name, whose
            # many records make its exact name a "frequent" value.
            cll.ExactMatchLevel("name_sound", term_frequency_adjustments=True),
            cll.JaroWinklerLevel("name_core", 0.92),
            cll.CustomLevel(cut_short, "one cut short of the other"),
            cll.ExactMatchLevel("name_trade", term_frequency_adjustments=True),
            cll.JaroWinklerLevel("name_core", 0.8),
            cll.ElseLevel(),
        ],
    )


def _address_comparison(cl: Any, cll: Any) -> Any:
    """The same room, the same road and number, the same road, the same district."""
    return cl.CustomComparison(
        output_column_name="address",
        comparison_levels=[
            cll.CustomLevel(
                "(address_key_l IS NULL OR address_key_r IS NULL) "
                "AND (district_code_l IS NULL OR district_code_r IS NULL)"
            ).configure(is_null_level=True),
            cll.CustomLevel(
                "address_key_l = address_key_r AND room_l = room_r", "same road, number and room"
            ),
            cll.ExactMatchLevel("address_key", term_frequency_adjustments=True),
            cll.ExactMatchLevel("road"),
            # 滨江区 against a whole address in 滨江区: agreement as far as one side goes (not
            # the same as two different places in one district, which says the opposite).
            cll.CustomLevel(
                "district_code_l = district_code_r "
                "AND (address_key_l IS NULL OR address_key_r IS NULL)",
                "same district, one side names no place in it",
            ),
            cll.ExactMatchLevel("district_code"),
            cll.ElseLevel(),
        ],
    )


def _phone_comparison(cl: Any, cll: Any) -> Any:
    return cl.CustomComparison(
        output_column_name="phone",
        comparison_levels=[
            cll.NullLevel("phone"),
            cll.ExactMatchLevel("phone", term_frequency_adjustments=True),
            cll.CustomLevel(
                "phone_l = phone2_r OR phone2_l = phone_r OR phone2_l = phone2_r",
                "one of the numbers",
            ),
            cll.ElseLevel(),
        ],
    )


def _code_comparison(cl: Any, cll: Any) -> Any:
    """A mistyped code (fails its check) next to the code it was meant to be."""
    return cl.CustomComparison(
        output_column_name="code",
        comparison_levels=[
            cll.NullLevel("code_any"),
            cll.ExactMatchLevel("code_any"),
            cll.DamerauLevenshteinLevel("code_any", 2),
            cll.ElseLevel(),
        ],
    )


def train(linker: Any, settings: ResolveSettings) -> None:
    """Estimate λ, u and m (the same calls on every engine)."""
    from splink import block_on

    linker.training.estimate_probability_two_random_records_match([block_on("uscc")], recall=0.6)
    # One pass over the whole sample, no early stop: when to stop depends on the order the
    # chunks come in, which depends on each engine's hash function.
    linker.training.estimate_u_using_random_sampling(
        max_pairs=settings.u_pairs, seed=1, min_count_per_level=None, num_chunks=1
    )
    # Two EM sessions cover every comparison: pairs sharing a valid code (nearly all true
    # matches) train the name, address, phone … levels; pairs sharing a name core train the
    # code. Not a shared phone: an agency's number joins hundreds of firms, and EM would learn
    # that a shared phone says little about anything else.
    for rule in (block_on("uscc"), block_on("name_core")):
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, max_pairs=settings.em_pairs, record_sample_proportion=EM_PROBE
        )


def _predict(engine: Engine, settings: ResolveSettings) -> None:
    from splink import Linker

    # Splink narrates every training step; the CLI shows its own progress instead.
    logging.getLogger("splink").setLevel(logging.ERROR)
    for table, column in (
        ("frequent_phones", "phone"),
        ("frequent_addresses", "address_key"),
        ("frequent_reps", "legal_rep || '@' || district_code"),
    ):
        sql = _FREQUENT_SQL.format(column=column, limit=BLOCK_LIMIT)
        engine.create_table(table, sql, temporary=True)
    engine.create_table("splink_input", SPLINK_INPUT_SQL, temporary=True)
    api = engine.splink_api()
    linker = Linker(api.register("splink_input"), splink_settings(), log_level=logging.ERROR)
    train(linker, settings)
    predictions = linker.inference.predict(threshold_match_probability=0.5)
    engine.create_table("predictions", PREDICTIONS_SQL.format(table=predictions.physical_name))


def assign(engine: Engine, threshold: float) -> None:
    """``record_firms`` from ``code_entities`` and ``predictions`` at ``threshold``."""
    engine.create_table("edges", EDGES_SQL, [threshold, threshold], temporary=True)
    engine.create_table("direct", MATCHED_SQL, temporary=True)
    engine.create_table("relayed", RELAYED_SQL, temporary=True)
    # Confirmations are people's decisions, a few thousand at most: grouped on the driver.
    confirmed = [(a, b) for a, b in engine.fetch(CONFIRMED_SQL)]
    groups = _components(sorted({uid for pair in confirmed for uid in pair}), confirmed)
    engine.register("confirmed_groups", _id_table("group_id", groups))
    engine.create_table("matched", FOLLOWED_SQL, temporary=True)
    # What is left is small (records with no code that match no coded firm): it is grouped
    # on the driver, on every engine.
    rest = [row[0] for row in engine.fetch(UNMATCHED_SQL)]
    edges = [(a, b) for a, b in engine.fetch(UNMATCHED_EDGES_SQL)]
    groups = _components(rest, edges)
    engine.register("groups", _id_table("firm_id", groups))
    engine.create_table("record_firms", RECORD_FIRMS_SQL)


def _id_table(name: str, ids: dict[str, str]) -> pa.Table:
    """(unique_id, ``name``) from a dict."""
    return pa.table(
        {"unique_id": list(ids), name: list(ids.values())},
        schema=pa.schema([("unique_id", pa.string()), (name, pa.string())]),
    )


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


def pairwise_scores(
    connection: duckdb.DuckDBPyConnection, truth_table: str, firms_table: str = "record_firms"
) -> dict[str, float]:
    """Pairwise precision, recall and F1 of ``firms_table`` (unique_id, firm_id) against a
    truth table (unique_id, true_id)."""
    row = connection.execute(f"""
        WITH joined AS (
            SELECT r.firm_id, t.true_id FROM {firms_table} r
            JOIN {truth_table} t USING (unique_id)),
        cells AS (SELECT count(*) AS n FROM joined GROUP BY firm_id, true_id),
        predicted AS (SELECT count(*) AS n FROM joined GROUP BY firm_id),
        actual AS (SELECT count(*) AS n FROM joined GROUP BY true_id)
        SELECT (SELECT sum(n * (n - 1) / 2) FROM cells),
               (SELECT sum(n * (n - 1) / 2) FROM predicted),
               (SELECT sum(n * (n - 1) / 2) FROM actual)""").fetchall()[0]  # noqa: S608
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
