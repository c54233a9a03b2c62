"""The warehouse's ``firm_segments``: every firm of ``firm_facts`` classified onto the chain.

``firm_segments(firm_id VARCHAR, code VARCHAR, score DOUBLE, rank INTEGER)`` has one row per
segment a firm was given, rank 1 its primary segment; every firm has at least one row
(``X.other`` when nothing about it is on the chain). The classifier reads each firm's name,
department text (scope, products, chain link, technology field) and patent titles, and the
registry's capability description when one is passed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import duckdb
import pyarrow as pa

from scenehub.industry.classify import (
    MAX_SEGMENTS,
    Classification,
    Classifier,
    ClassifierModel,
    FirmText,
    TextReader,
)
from scenehub.industry.taxonomy import Chain, load_chain
from scenehub.integration.warehouse import has_tables

TABLE = "firm_segments"
BATCH_FIRMS = 5_000
_SCHEMA = pa.schema(
    [("firm_id", pa.string()), ("code", pa.string()), ("score", pa.float64()), ("rank", pa.int32())]
)


def classify_warehouse(
    connection: duckdb.DuckDBPyConnection,
    model: ClassifierModel,
    *,
    chain: Chain | None = None,
    capabilities: Mapping[str, str] | None = None,
    on_firms: Callable[[int], None] | None = None,
) -> int:
    """(Re)build ``firm_segments`` from ``firm_facts``; the number of firms classified."""
    if not has_tables(connection, "firm_facts"):
        raise LookupError("no firm facts: build them first (industry/facts.py)")
    classifier = Classifier(model, TextReader(chain or load_chain()))
    columns: dict[str, list[object]] = {name: [] for name in _SCHEMA.names}
    firms = 0
    result = connection.execute(
        "SELECT firm_id, name, department_text, patent_titles FROM firm_facts ORDER BY firm_id"
    )
    while batch := result.fetchmany(BATCH_FIRMS):
        texts = [
            FirmText(
                firm_id=str(firm_id),
                name=name or "",
                capability=(capabilities or {}).get(str(firm_id), ""),
                department=department or "",
                patents=patents or "",
            )
            for firm_id, name, department, patents in batch
        ]
        for classification in classifier.classify(texts, top=MAX_SEGMENTS):
            _append(columns, classification)
        firms += len(batch)
        if on_firms is not None:
            on_firms(len(batch))
    table = pa.table(columns, schema=_SCHEMA)
    connection.register("_classified_segments", table)
    try:
        connection.execute(
            f"CREATE OR REPLACE TABLE {TABLE} AS "  # noqa: S608 - a constant identifier
            "SELECT firm_id, code, score, rank FROM _classified_segments"
        )
    finally:
        connection.unregister("_classified_segments")
    return firms


def _append(columns: dict[str, list[object]], classification: Classification) -> None:
    for rank, segment in enumerate(classification.segments, start=1):
        columns["firm_id"].append(classification.firm_id)
        columns["code"].append(segment.code)
        columns["score"].append(segment.score)
        columns["rank"].append(rank)
