"""The standardise step: current raw records → ``std_records`` (one row per record).

Runs the pure standardisers over the raw zone in Arrow batches. (On Spark the same functions
run as a pandas UDF; the logic stays in ``standardise.py``.)
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

import duckdb
import pyarrow as pa

from scenehub.integration.standardise import (
    DistrictIndex,
    district_of,
    normalise_address,
    normalise_capital,
    normalise_name,
    normalise_phone,
    normalise_uscc,
    old_tax_id_of,
    parse_date,
)

BATCH = 100_000
STD_COLUMNS = (
    "unique_id",
    "source",
    "department",
    "record_id",
    "run_id",
    "row_number",
    "uscc",
    "uscc_kind",
    "old_tax_id",
    "name",
    "name_raw",
    "name_core",
    "legal_form",
    "branch",
    "region",
    "address",
    "district_code",
    "legal_rep",
    "phone",
    "established",
    "registered_capital",
)
_DDL = """CREATE OR REPLACE TABLE std_records (
    unique_id VARCHAR PRIMARY KEY, source VARCHAR, department VARCHAR, record_id VARCHAR,
    run_id BIGINT, row_number BIGINT, uscc VARCHAR, uscc_kind VARCHAR, old_tax_id VARCHAR,
    name VARCHAR, name_raw VARCHAR, name_core VARCHAR, legal_form VARCHAR, branch VARCHAR,
    region VARCHAR,
    address VARCHAR, district_code VARCHAR, legal_rep VARCHAR, phone VARCHAR,
    established DATE, registered_capital DOUBLE)"""


def standardise_current(
    connection: duckdb.DuckDBPyConnection,
    districts: DistrictIndex,
    area_code: str,
    on_rows: Callable[[int], None] | None = None,
) -> int:
    """(Re)build ``std_records`` from the current run of every source; returns the count."""
    connection.execute(_DDL)
    # Read whole (a few hundred MB at a million records) so the inserts below cannot
    # disturb a half-read result on the same connection.
    current = connection.sql(
        """SELECT r.source, s.department, r.record_id, r.run_id, r.row_number, r.uscc, r.name,
                  r.address, r.legal_rep, r.phone, r.established, r.registered_capital
           FROM current_records r JOIN sources s USING (source)
           ORDER BY r.source, r.row_number"""
    ).to_arrow_table()
    total = 0
    standardise = _Standardiser(districts, area_code)
    for batch in current.to_batches(BATCH):
        rows = [standardise(row) for row in batch.to_pylist()]
        std_batch = pa.Table.from_pylist(rows)  # noqa: F841 - read by DuckDB below
        connection.execute("INSERT INTO std_records SELECT * FROM std_batch")
        total += len(rows)
        if on_rows is not None:
            on_rows(len(rows))
    return total


class _Standardiser:
    """The standardisers with a memory: the same name, address or code comes from many
    departments, so each distinct value is worked out once per run."""

    def __init__(self, districts: DistrictIndex, area_code: str) -> None:
        self.uscc = lru_cache(maxsize=1 << 20)(normalise_uscc)
        self.name = lru_cache(maxsize=1 << 20)(normalise_name)
        self.district = lru_cache(maxsize=1 << 20)(lambda text: district_of(text, districts))
        self.address = lru_cache(maxsize=1 << 20)(normalise_address)
        self.phone = lru_cache(maxsize=1 << 18)(lambda text: normalise_phone(text, area_code))
        self.date = lru_cache(maxsize=1 << 16)(parse_date)

    def __call__(self, row: dict[str, Any]) -> dict[str, Any]:
        code = self.uscc(row["uscc"])
        name = self.name(row["name"])
        uscc = code.value if code.valid else None
        old_tax_id = (
            old_tax_id_of(code.value)
            if code.valid and code.value
            else (code.value if code.kind == "old_tax_id" else None)
        )
        return {
            "unique_id": f"{row['source']}:{row['record_id']}",
            "source": row["source"],
            "department": row["department"],
            "record_id": row["record_id"],
            "run_id": row["run_id"],
            "row_number": row["row_number"],
            "uscc": uscc,
            "uscc_kind": code.kind,
            "old_tax_id": old_tax_id,
            "name": name.normalised if name else None,
            "name_raw": (row["name"] or "").strip() or None,
            "name_core": name.core if name else None,
            "legal_form": name.legal_form if name else None,
            "branch": name.branch if name else "",
            "region": name.region if name else None,
            "address": self.address(row["address"]),
            "district_code": self.district(row["address"]),
            "legal_rep": (row["legal_rep"] or "").strip() or None,
            "phone": self.phone(row["phone"]),
            "established": self.date(row["established"]),
            "registered_capital": normalise_capital(row["registered_capital"]),
        }
