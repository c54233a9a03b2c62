"""The standardise step: current raw records → ``std_records`` (one row per record).

The pure standardisers (``standardise.py``) run over the rows wherever the engine runs them:
in Arrow batches on DuckDB, through ``mapInArrow`` on Spark. There is one set of rules.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, partial
from typing import Any

import pyarrow as pa

from scenehub.integration.engine import Engine
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

# The warehouse tables (and columns) the step reads: what the Spark engine loads.
INPUTS = {
    "current_records": (
        "source",
        "record_id",
        "run_id",
        "row_number",
        "uscc",
        "name",
        "address",
        "legal_rep",
        "phone",
        "established",
        "registered_capital",
    ),
    "sources": ("source", "department"),
}
CURRENT_RECORDS_SQL = """SELECT r.source, s.department, r.record_id, r.run_id, r.row_number,
       r.uscc, r.name, r.address, r.legal_rep, r.phone, r.established, r.registered_capital
FROM current_records r JOIN sources s ON s.source = r.source"""
STD_SCHEMA = pa.schema(
    [
        ("unique_id", pa.string()),
        ("source", pa.string()),
        ("department", pa.string()),
        ("record_id", pa.string()),
        ("run_id", pa.int64()),
        ("row_number", pa.int64()),
        ("uscc", pa.string()),
        ("uscc_kind", pa.string()),
        ("old_tax_id", pa.string()),
        ("name", pa.string()),
        ("name_raw", pa.string()),
        ("name_core", pa.string()),
        ("legal_form", pa.string()),
        ("branch", pa.string()),
        ("region", pa.string()),
        ("address", pa.string()),
        ("district_code", pa.string()),
        ("legal_rep", pa.string()),
        ("phone", pa.string()),
        ("established", pa.date32()),
        ("registered_capital", pa.float64()),
    ]
)


def standardise_current(
    engine: Engine,
    districts: DistrictIndex,
    area_code: str,
    on_rows: Callable[[int], None] | None = None,
) -> int:
    """(Re)build ``std_records`` from the current run of every source; returns the count."""
    return engine.map_rows(
        "std_records",
        CURRENT_RECORDS_SQL,
        STD_SCHEMA,
        partial(_Standardiser, districts, area_code),
        on_rows,
    )


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
