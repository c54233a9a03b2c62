"""Golden firm records: one row per resolved firm, each field from the most trusted source
that has it (then the most recent run), with the source of every field kept.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from scenehub.integration.warehouse import count_rows

# The registered name as the trusted source wrote it (name_raw), not its normalised form.
GOLDEN_FIELDS = (
    "name_raw",
    "address",
    "district_code",
    "legal_rep",
    "phone",
    "established",
    "registered_capital",
)
# Lower is more trusted. Registration is the legal source of a firm's identity; the tax and
# statistics bureaus check theirs; the rest follow. Unlisted sources come after these.
DEFAULT_TRUST = (
    "amr_registrations",
    "tax_taxpayers",
    "stats_above_scale",
    "hrss_insured",
    "hpf_contributors",
    "most_hightech",
    "eit_ai_firms",
)


def build_golden(
    connection: duckdb.DuckDBPyConnection, trust: tuple[str, ...] = DEFAULT_TRUST
) -> int:
    """(Re)build ``golden_firms`` and ``golden_provenance``; returns the number of firms."""
    connection.execute("CREATE OR REPLACE TEMP TABLE trust (source VARCHAR, rank INTEGER)")
    connection.executemany("INSERT INTO trust VALUES (?, ?)", [(s, i) for i, s in enumerate(trust)])
    connection.execute("""CREATE OR REPLACE TEMP TABLE ranked AS
        SELECT f.firm_id, s.*, coalesce(t.rank, 1000) AS trust_rank
        FROM record_firms f JOIN std_records s USING (unique_id)
        LEFT JOIN trust t ON t.source = s.source""")
    # Only identifiers from GOLDEN_FIELDS go into these statements; no values do.
    picks = [
        f"""SELECT firm_id, '{_label(field)}' AS field,
            CAST(arg_min({field}, (trust_rank, -run_id, row_number)) AS VARCHAR) AS value,
            arg_min(source, (trust_rank, -run_id, row_number)) AS source,
            arg_min(record_id, (trust_rank, -run_id, row_number)) AS record_id
            FROM ranked WHERE {field} IS NOT NULL GROUP BY firm_id"""  # noqa: S608
        for field in GOLDEN_FIELDS
    ]
    connection.execute("CREATE OR REPLACE TABLE golden_provenance AS " + " UNION ALL ".join(picks))
    pivots = ", ".join(
        f"max(value) FILTER (WHERE field = '{_label(f)}') AS {_label(f)}" for f in GOLDEN_FIELDS
    )
    connection.execute(f"""CREATE OR REPLACE TABLE golden_firms AS
        WITH counts AS (SELECT firm_id, count(*) AS records, count(DISTINCT source) AS sources
                        FROM ranked GROUP BY firm_id),
             fields AS (SELECT firm_id, {pivots} FROM golden_provenance GROUP BY firm_id)
        SELECT c.firm_id, CASE WHEN c.firm_id LIKE 'U%' THEN NULL ELSE c.firm_id END AS uscc,
               f.* EXCLUDE (firm_id), c.records, c.sources
        FROM counts c LEFT JOIN fields f USING (firm_id)""")  # noqa: S608
    return count_rows(connection, "golden_firms")


def _label(field: str) -> str:
    return field.removesuffix("_raw")


def export_clusters(connection: duckdb.DuckDBPyConnection, path: Path) -> int:
    """Write ``source,department,record_id,firm_id`` for every resolved record."""
    connection.execute(f"""COPY (
        SELECT s.source, s.department, s.record_id, f.firm_id
        FROM record_firms f JOIN std_records s USING (unique_id)
        ORDER BY s.source, s.record_id) TO '{_sql_path(path)}' (HEADER, DELIMITER ',')""")  # noqa: S608 - COPY takes no parameter; the path is quoted
    return count_rows(connection, "record_firms")


def _sql_path(path: Path) -> str:
    return str(path.resolve()).replace("'", "''")
