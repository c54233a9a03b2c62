"""The standardise step: current raw records → ``std_records`` (one row per record).

The pure standardisers (``standardise.py``) run over the rows wherever the engine runs them:
in Arrow batches on DuckDB, through ``mapInArrow`` on Spark. There is one set of rules.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache, partial
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from scenehub.integration.engine import Engine
from scenehub.integration.standardise import (
    CityRules,
    normalise_capital,
    normalise_name,
    normalise_phones,
    normalise_uscc,
    old_tax_id_of,
    parse_address,
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
        "former_names",
    ),
    "sources": ("source", "department"),
}
CURRENT_RECORDS_SQL = """SELECT r.source, s.department, r.record_id, r.run_id, r.row_number,
       r.uscc, r.name, r.address, r.legal_rep, r.phone, r.established, r.registered_capital,
       r.former_names
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
        ("name_sound", pa.string()),
        ("name_trade", pa.string()),
        ("former_core", pa.string()),
        ("code_text", pa.string()),
        ("address", pa.string()),
        ("district_code", pa.string()),
        ("road", pa.string()),
        ("house_number", pa.string()),
        ("building", pa.string()),
        ("room", pa.string()),
        ("address_key", pa.string()),
        ("legal_rep", pa.string()),
        ("phone", pa.string()),
        ("phone2", pa.string()),
        ("established", pa.date32()),
        ("registered_capital", pa.float64()),
    ]
)


def standardise_current(
    engine: Engine, rules: CityRules, on_rows: Callable[[int], None] | None = None
) -> int:
    """(Re)build ``std_records`` from the current run of every source; returns the count."""
    return engine.map_batches(
        "std_records", CURRENT_RECORDS_SQL, STD_SCHEMA, partial(_Standardiser, rules), on_rows
    )


class _Standardiser:
    """The standardisers, column by column: each distinct value of a batch is worked out once
    (the same name, address or code comes from many departments) and the results are spread
    back over the rows by Arrow, not row by row in Python."""

    def __init__(self, rules: CityRules) -> None:
        self.rules = rules
        # Remembered across batches too: a firm's name, address and phone recur in many
        # departments' files, rarely in one batch. Bounded, so memory stays flat at any size.
        self.code = _remembered(_code_fields)
        self.name = _remembered(partial(_name_fields, regions=rules.regions))
        self.former = _remembered(partial(_former_fields, regions=rules.regions))
        self.address = _remembered(partial(_address_fields, rules=rules))
        self.phone = _remembered(partial(_phone_fields, rules=rules))

    def __call__(self, batch: pa.RecordBatch) -> pa.RecordBatch:
        columns: dict[str, pa.Array] = {}
        for field in ("source", "department", "record_id", "run_id", "row_number"):
            columns[field] = batch.column(field)
        columns["unique_id"] = pc.binary_join_element_wise(
            batch.column("source"), batch.column("record_id"), ":"
        )
        columns.update(_per_value(batch.column("uscc"), self.code))
        columns.update(_per_value(batch.column("name"), self.name))
        former = batch.column("former_names") if "former_names" in batch.schema.names else None
        if former is None:
            columns["former_core"] = pa.nulls(batch.num_rows, pa.string())
        else:
            columns.update(_per_value(former, self.former))
        columns.update(_per_value(batch.column("address"), self.address))
        columns.update(_per_value(batch.column("phone"), self.phone))
        columns["legal_rep"] = _per_value(batch.column("legal_rep"), _text_fields)["text"]
        columns["established"] = _per_value(
            batch.column("established"), lambda v: {"established": parse_date(v)}
        )["established"]
        columns["registered_capital"] = _per_value(
            batch.column("registered_capital"),
            lambda v: {"registered_capital": normalise_capital(v)},
        )["registered_capital"]
        return pa.RecordBatch.from_arrays(
            [columns[f.name].cast(f.type) for f in STD_SCHEMA], schema=STD_SCHEMA
        )


# Distinct values remembered per column: a quarter of a million names is some 250 MB.
REMEMBERED = 2**18


def _remembered(
    fields_of: Callable[[str | None], dict[str, Any]],
) -> Callable[[str | None], dict[str, Any]]:
    return lru_cache(maxsize=REMEMBERED)(fields_of)


def _per_value(
    column: pa.Array, fields_of: Callable[[str | None], dict[str, Any]]
) -> dict[str, pa.Array]:
    """``fields_of`` each distinct value of ``column`` (empty included), spread back over
    its rows."""
    encoded = pc.dictionary_encode(column.cast(pa.string()), null_encoding="encode")
    results = [fields_of(value) for value in encoded.dictionary.to_pylist()]
    return {
        name: pa.array([r[name] for r in results]).take(encoded.indices) for name in fields_of(None)
    }


def _code_fields(text: str | None) -> dict[str, Any]:
    code = normalise_uscc(text)
    if code.valid and code.value:
        old_tax_id: str | None = old_tax_id_of(code.value)
    else:
        old_tax_id = code.value if code.kind == "old_tax_id" else None
    return {
        "uscc": code.value if code.valid else None,
        "uscc_kind": code.kind,
        "old_tax_id": old_tax_id,
        "code_text": code.value if code.kind == "invalid" else None,
    }


def _name_fields(text: str | None, regions: tuple[str, ...]) -> dict[str, Any]:
    name = normalise_name(text, regions)
    return {
        "name": name.normalised if name else None,
        "name_raw": (text or "").strip() or None,
        "name_core": name.core if name else None,
        "legal_form": name.legal_form if name else None,
        "branch": name.branch if name else "",
        "region": name.region if name else None,
        "name_sound": (name.sound or None) if name else None,
        "name_trade": (name.trade or None) if name else None,
    }


def _former_fields(text: str | None, regions: tuple[str, ...]) -> dict[str, Any]:
    former = normalise_name(_latest_former_name(text), regions)
    return {"former_core": former.core if former else None}


def _address_fields(text: str | None, rules: CityRules) -> dict[str, Any]:
    address = parse_address(text, rules.districts)
    return {
        "address": address.text if address else None,
        "district_code": address.district_code if address else None,
        "road": address.road if address else None,
        "house_number": address.number if address else None,
        "building": address.building if address else None,
        "room": address.room if address else None,
        "address_key": address.key if address else None,
    }


def _phone_fields(text: str | None, rules: CityRules) -> dict[str, Any]:
    phones = normalise_phones(text, rules.area_code)
    return {
        "phone": phones[0] if phones else None,
        "phone2": phones[1] if len(phones) > 1 else None,
    }


def _text_fields(text: str | None) -> dict[str, Any]:
    return {"text": (text or "").strip() or None}


def _latest_former_name(text: str | None) -> str | None:
    """The most recent former name of a 曾用名 cell (``甲公司；乙公司``: oldest first, as the
    registry lists them, so 乙)."""
    if not text:
        return None
    names = [n.strip() for n in re.split(r"[;；,，、/|\n]", text) if n.strip()]
    return names[-1] if names else None
