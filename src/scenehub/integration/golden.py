"""Golden firm records: one row per resolved firm, each field from the most trusted source
that has it (then the most recent run), with the source of every field kept.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from pathlib import Path

import duckdb
import pyarrow as pa

from scenehub.errors import ConfigurationError
from scenehub.integration.engine import DuckDBEngine, Engine, count_rows

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


# Fields whose text needs care to read the same on every engine: a DOUBLE cast to text is
# "1.0E7" on Spark and "10000000.0" on DuckDB; a fixed-point decimal is the same on both.
_AS_TEXT = {
    "registered_capital": (
        "rtrim(rtrim(CAST(CAST({value} AS DECIMAL(38, 4)) AS VARCHAR), '0'), '.')"
    ),
}
# Each record's rank per golden field: the field's own order where the city file gives one
# (field_trust), else the general order (trust), else after every listed source.
RANKED_SQL = """SELECT f.firm_id, s.*, coalesce(t.trust_rank, 1000) AS trust_rank
FROM record_firms f JOIN std_records s ON s.unique_id = f.unique_id
LEFT JOIN trust t ON t.source = s.source AND t.field = '*'"""
GENERAL = "*"


def build_golden(
    engine: Engine,
    trust: tuple[str, ...],
    field_trust: Mapping[str, tuple[str, ...]] | None = None,
) -> int:
    """(Re)build ``golden_firms`` and ``golden_provenance``; returns the number of firms."""
    field_trust = field_trust or {}
    unknown = set(field_trust) - {_label(f) for f in GOLDEN_FIELDS}
    if unknown:
        raise ConfigurationError(
            f"the city file's field_trust names fields golden records do not have: "
            f"{sorted(unknown)} (they have {', '.join(_label(f) for f in GOLDEN_FIELDS)})"
        )
    orders = [(GENERAL, trust), *((_source_field(n), o) for n, o in field_trust.items())]
    rows = [(source, name, rank) for name, order in orders for rank, source in enumerate(order)]
    engine.register(
        "trust",
        pa.table(
            {
                "source": [r[0] for r in rows],
                "field": [r[1] for r in rows],
                "trust_rank": [r[2] for r in rows],
            },
            schema=pa.schema(
                [("source", pa.string()), ("field", pa.string()), ("trust_rank", pa.int64())]
            ),
        ),
    )
    engine.create_table("ranked", RANKED_SQL, temporary=True)
    engine.create_table("golden_provenance", provenance_sql(set(field_trust)))
    engine.create_table("golden_firms", golden_firms_sql())
    return count_rows(engine, "golden_firms")


def provenance_sql(own_order: Collection[str] = ()) -> str:
    """For each firm and field: the value of the most trusted, most recent record that has
    it (``own_order``: the fields ranked by their own order)."""
    picks = []
    # Only identifiers from GOLDEN_FIELDS go into these statements; no values do.
    for field in GOLDEN_FIELDS:
        if _label(field) in own_order:
            rank = "coalesce(o.trust_rank, 1000)"
            joined = f"ranked r LEFT JOIN trust o ON o.source = r.source AND o.field = '{field}'"
        else:
            rank, joined = "r.trust_rank", "ranked r"
        order = f"({rank}, -r.run_id, r.row_number)"
        picks.append(
            f"""SELECT r.firm_id, '{_label(field)}' AS field,
            {_text(field, f"arg_min(r.{field}, {order})")} AS value,
            arg_min(r.source, {order}) AS source,
            arg_min(r.record_id, {order}) AS record_id
            FROM {joined} WHERE r.{field} IS NOT NULL GROUP BY r.firm_id"""  # noqa: S608
        )
    return " UNION ALL ".join(picks)


def golden_firms_sql() -> str:
    """One row per firm: its fields side by side, with its record and source counts."""
    labels = [_label(field) for field in GOLDEN_FIELDS]
    pivots = ", ".join(f"max(value) FILTER (WHERE field = '{name}') AS {name}" for name in labels)
    return f"""WITH
    counts AS (SELECT firm_id, count(*) AS records, count(DISTINCT source) AS sources
               FROM ranked GROUP BY firm_id),
    fields AS (SELECT firm_id, {pivots} FROM golden_provenance GROUP BY firm_id)
SELECT c.firm_id, CASE WHEN c.firm_id LIKE 'U%' THEN NULL ELSE c.firm_id END AS uscc,
       {", ".join(f"f.{name}" for name in labels)}, c.records, c.sources
FROM counts c LEFT JOIN fields f ON f.firm_id = c.firm_id"""  # noqa: S608


def _source_field(label: str) -> str:
    """The std_records column of a golden field's label (name → name_raw)."""
    return next(f for f in GOLDEN_FIELDS if _label(f) == label)


def _text(field: str, value: str) -> str:
    return _AS_TEXT.get(field, "CAST({value} AS VARCHAR)").format(value=value)


def _label(field: str) -> str:
    return field.removesuffix("_raw")


def export_clusters(connection: duckdb.DuckDBPyConnection, path: Path) -> int:
    """Write ``source,department,record_id,firm_id`` for every resolved record."""
    connection.execute(f"""COPY (
        SELECT s.source, s.department, s.record_id, f.firm_id
        FROM record_firms f JOIN std_records s USING (unique_id)
        ORDER BY s.source, s.record_id) TO '{_sql_path(path)}' (HEADER, DELIMITER ',')""")  # noqa: S608 - COPY takes no parameter; the path is quoted
    return count_rows(DuckDBEngine(connection), "record_firms")


def _sql_path(path: Path) -> str:
    return str(path.resolve()).replace("'", "''")
