"""Operators' decisions on pairs of records, in the warehouse: the resolution step that makes
them override the model, and the clerical review's queries.

A decision is appended to ``link_decisions`` and never rewritten; the latest one on a pair
counts. Resolution reads the table and never writes it, so decisions outlive every re-run.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import duckdb

from scenehub.integration.engine import Engine
from scenehub.integration.evidence import MATCH, RecordView, ReviewBand

# The warehouse table (and columns) the step reads: what the Spark engine loads.
DECISION_INPUTS = {"link_decisions": ("decision_id", "unique_id_l", "unique_id_r", "decision")}
# The decision that counts on each decided pair: its latest.
DECIDED_LINKS_SQL = """SELECT unique_id_l, unique_id_r, arg_max(decision, decision_id) AS decision
FROM link_decisions GROUP BY unique_id_l, unique_id_r"""
# The pairs a split rules out (a, b in either order): the pair itself and, when one of the
# two is linked to a firm by its code, the other with every record of that code — so the
# other cannot join that firm through another of its records.
RULED_OUT_SQL = """SELECT unique_id_l AS a, unique_id_r AS b FROM decided_links
WHERE decision = 'split'
UNION
SELECT d.unique_id_l, c.unique_id FROM decided_links d
JOIN code_entities k ON k.unique_id = d.unique_id_r JOIN code_entities c ON c.firm_id = k.firm_id
WHERE d.decision = 'split'
UNION
SELECT d.unique_id_r, c.unique_id FROM decided_links d
JOIN code_entities k ON k.unique_id = d.unique_id_l JOIN code_entities c ON c.firm_id = k.firm_id
WHERE d.decision = 'split'"""
# A confirmed pair is a certain match (added when the model never scored it, as long as
# both records are still current); what a split rules out is no match at all.
DECIDED_PREDICTIONS_SQL = """SELECT p.unique_id_l, p.unique_id_r, p.match_probability
FROM predictions p
WHERE NOT EXISTS (SELECT 1 FROM decided_links d
                  WHERE d.unique_id_l = p.unique_id_l AND d.unique_id_r = p.unique_id_r)
  AND NOT EXISTS (SELECT 1 FROM ruled_out x WHERE x.a = p.unique_id_l AND x.b = p.unique_id_r)
  AND NOT EXISTS (SELECT 1 FROM ruled_out x WHERE x.a = p.unique_id_r AND x.b = p.unique_id_l)
UNION ALL
SELECT d.unique_id_l, d.unique_id_r, CAST(1.0 AS DOUBLE) FROM decided_links d
WHERE d.decision = 'match'
  AND EXISTS (SELECT 1 FROM std_records s WHERE s.unique_id = d.unique_id_l)
  AND EXISTS (SELECT 1 FROM std_records s WHERE s.unique_id = d.unique_id_r)"""


def apply_decisions(engine: Engine) -> None:
    """Rewrite ``predictions`` so that operators' decisions override the model (after
    ``code_entities``, before assignment).

    Leaves ``decided_links`` (unique_id_l, unique_id_r, decision) for the steps after it."""
    engine.create_table("decided_links", DECIDED_LINKS_SQL, temporary=True)
    engine.create_table("ruled_out", RULED_OUT_SQL, temporary=True)
    engine.create_table("predictions", DECIDED_PREDICTIONS_SQL)


@dataclass(frozen=True)
class DecisionRow:
    decision_id: int
    unique_id_l: str
    unique_id_r: str
    decision: str
    match_probability: float | None  # the model's score when decided; None: never scored
    decided_by: str
    decided_at: datetime
    note: str


@dataclass(frozen=True)
class Confirmation:
    """A person confirmed that a record belongs with another record of its firm."""

    unique_id: str
    other: str
    decided_by: str
    decided_at: datetime


_DECISION_COLUMNS = """decision_id, unique_id_l, unique_id_r, decision, match_probability,
    decided_by, decided_at, note"""
_UNDECIDED_IN_BAND = """FROM predictions p
WHERE p.match_probability >= ? AND p.match_probability < ?
  AND NOT EXISTS (SELECT 1 FROM link_decisions d
                  WHERE d.unique_id_l = p.unique_id_l AND d.unique_id_r = p.unique_id_r)"""


def count_queue(connection: duckdb.DuckDBPyConnection, band: ReviewBand) -> int:
    """Undecided scored pairs in ``band``."""
    rows = connection.execute(
        f"SELECT count(*) {_UNDECIDED_IN_BAND}", [band.lower, band.upper]
    ).fetchall()
    return int(rows[0][0])


def queue_page(
    connection: duckdb.DuckDBPyConnection, band: ReviewBand, limit: int, offset: int
) -> list[tuple[str, str, float]]:
    """(left, right, probability) of undecided pairs in ``band``, least certain first
    (``ReviewBand.uncertainty_key``)."""
    rows = connection.execute(
        f"""SELECT p.unique_id_l, p.unique_id_r, p.match_probability {_UNDECIDED_IN_BAND}
        ORDER BY abs(p.match_probability - ?), p.unique_id_l, p.unique_id_r
        LIMIT ? OFFSET ?""",
        [band.lower, band.upper, band.threshold, limit, offset],
    ).fetchall()
    return [(str(a), str(b), float(p)) for a, b, p in rows]


def records(
    connection: duckdb.DuckDBPyConnection, unique_ids: Sequence[str]
) -> dict[str, RecordView]:
    """The records with these ids, standardised and as written, with their current firm."""
    rows = connection.execute(
        """SELECT s.unique_id, s.source, s.department, s.record_id, f.firm_id, s.name_raw,
               s.name_core, s.branch, s.region, s.uscc, c.uscc,
               (SELECT min(k.firm_id) FROM code_entities k WHERE k.unique_id = s.unique_id),
               s.address, s.district_code, s.legal_rep, s.phone, CAST(s.established AS VARCHAR)
        FROM std_records s
        LEFT JOIN record_firms f ON f.unique_id = s.unique_id
        LEFT JOIN current_records c
          ON c.run_id = s.run_id AND c.source = s.source AND c.row_number = s.row_number
        WHERE list_contains(?, s.unique_id)""",
        [list(unique_ids)],
    ).fetchall()
    return {str(row[0]): RecordView(*row) for row in rows}


def probability(connection: duckdb.DuckDBPyConnection, left: str, right: str) -> float | None:
    """The model's score of the pair in the last run (None: not scored, or split)."""
    rows = connection.execute(
        "SELECT match_probability FROM predictions WHERE unique_id_l = ? AND unique_id_r = ?",
        [left, right],
    ).fetchall()
    return float(rows[0][0]) if rows else None


def decisions_on(connection: duckdb.DuckDBPyConnection, left: str, right: str) -> list[DecisionRow]:
    """Every decision on the pair, latest (the one that counts) first."""
    rows = connection.execute(
        f"""SELECT {_DECISION_COLUMNS} FROM link_decisions
        WHERE unique_id_l = ? AND unique_id_r = ? ORDER BY decision_id DESC""",  # noqa: S608
        [left, right],
    ).fetchall()
    return [DecisionRow(*row) for row in rows]


def insert_decision(
    connection: duckdb.DuckDBPyConnection,
    pair: tuple[str, str],
    decision: str,
    score: float | None,
    decided_by: str,
    decided_by_id: int | None,
    note: str,
) -> DecisionRow:
    """Append a decision (in the connection's transaction)."""
    rows = connection.execute(
        f"""INSERT INTO link_decisions (unique_id_l, unique_id_r, decision, match_probability,
            decided_by, decided_by_id, decided_at, note)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING {_DECISION_COLUMNS}""",  # noqa: S608
        [*pair, decision, score, decided_by, decided_by_id, datetime.now(UTC), note],
    ).fetchall()
    return DecisionRow(*rows[0])


def confirmations(connection: duckdb.DuckDBPyConnection, firm_id: str) -> dict[str, Confirmation]:
    """Record id → the latest standing confirmation that links it to another record of
    ``firm_id`` (as the last resolution assigned them)."""
    rows = connection.execute(
        f"""WITH standing AS (
            SELECT unique_id_l, unique_id_r, max(decision_id) AS decision_id
            FROM link_decisions GROUP BY unique_id_l, unique_id_r),
        confirmed AS (
            SELECT l.unique_id_l, l.unique_id_r, l.decided_by, l.decided_at, l.decision_id
            FROM standing s JOIN link_decisions l USING (decision_id)
            JOIN record_firms a ON a.unique_id = l.unique_id_l
            JOIN record_firms b ON b.unique_id = l.unique_id_r
            WHERE l.decision = '{MATCH}' AND a.firm_id = ? AND b.firm_id = ?)
        SELECT unique_id_l, unique_id_r, decided_by, decided_at FROM confirmed
        UNION ALL SELECT unique_id_r, unique_id_l, decided_by, decided_at FROM confirmed
        ORDER BY 4""",  # noqa: S608 - a constant of ours
        [firm_id, firm_id],
    ).fetchall()
    return {str(row[0]): Confirmation(*row) for row in rows}  # the latest wins
