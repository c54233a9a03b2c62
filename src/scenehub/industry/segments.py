"""The warehouse's ``firm_segments``: every firm of ``firm_facts`` classified onto the chain.

``firm_segments(firm_id VARCHAR, code VARCHAR, score DOUBLE, rank INTEGER, kind VARCHAR,
source VARCHAR)`` has one row per segment ranked for a firm, rank 1 its primary segment;
``kind`` is ``primary``, ``secondary`` (the firm works in it too) or ``candidate`` (the next
best guess, shown to reviewers, never counted); ``source`` is ``model``, or ``operator`` /
``declared`` for a firm counted under the centre's label or its own declared segments (score
1). Every firm has at least one row (``X.other`` when nothing about it is on the chain).

The classifier reads each firm's name, department text (scope, products, chain link,
technology field), patent titles and the registry's capability description, and their
sentence vector (``FirmText.embedding_text``), which a ``VectorStore`` keeps between runs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import duckdb
import pyarrow as pa

from scenehub.industry.classify import (
    MAX_SEGMENTS,
    PRIMARY,
    SECONDARY,
    Classification,
    Classifier,
    ClassifierModel,
    FirmText,
    TextReader,
)
from scenehub.industry.labels import LabelOverride
from scenehub.industry.taxonomy import Chain, load_chain
from scenehub.integration.warehouse import has_tables
from scenehub.matching.index import Encoder

TABLE = "firm_segments"
MODEL_SOURCE = "model"
BATCH_FIRMS = 5_000
_SCHEMA = pa.schema(
    [
        ("firm_id", pa.string()),
        ("code", pa.string()),
        ("score", pa.float64()),
        ("rank", pa.int32()),
        ("kind", pa.string()),
        ("source", pa.string()),
    ]
)


def classify_warehouse(
    connection: duckdb.DuckDBPyConnection,
    model: ClassifierModel,
    encoder: Encoder,
    *,
    chain: Chain | None = None,
    capabilities: Mapping[str, str] | None = None,
    overrides: Mapping[str, LabelOverride] | None = None,
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
        vectors = encoder.encode([text.embedding_text for text in texts])
        for classification in classifier.classify(texts, vectors, top=MAX_SEGMENTS):
            override = (overrides or {}).get(classification.firm_id)
            if override is not None:
                _append_label(columns, classification.firm_id, override)
            else:
                _append(columns, classification)
        firms += len(batch)
        if on_firms is not None:
            on_firms(len(batch))
    table = pa.table(columns, schema=_SCHEMA)
    connection.register("_classified_segments", table)
    try:
        connection.execute(
            f"CREATE OR REPLACE TABLE {TABLE} AS "  # noqa: S608 - a constant identifier
            "SELECT firm_id, code, score, rank, kind, source FROM _classified_segments"
        )
    finally:
        connection.unregister("_classified_segments")
    return firms


def _append(columns: dict[str, list[object]], classification: Classification) -> None:
    for rank, segment in enumerate(classification.segments, start=1):
        _row(columns, classification.firm_id, segment.code, segment.score, rank, segment.kind)


def _append_label(columns: dict[str, list[object]], firm_id: str, label: LabelOverride) -> None:
    for rank, code in enumerate(label.segments, start=1):
        kind = PRIMARY if rank == 1 else SECONDARY
        _row(columns, firm_id, code, 1.0, rank, kind, label.source)


def _row(
    columns: dict[str, list[object]],
    firm_id: str,
    code: str,
    score: float,
    rank: int,
    kind: str,
    source: str = MODEL_SOURCE,
) -> None:
    for name, value in zip(_SCHEMA.names, (firm_id, code, score, rank, kind, source), strict=True):
        columns[name].append(value)
