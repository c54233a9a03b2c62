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

The step runs on the engine's driver, whichever the engine (``integration/engine.py``): it
fetches the facts a page of ``BATCH_FIRMS`` firms at a time (by firm id, so memory stays one
page whatever the city's size), classifies them here and hands the engine the result as one
Arrow table (``register``), from which ``firm_segments`` is made like any other step's table.
Not ``map_batches``: the classifier needs the sentence encoder (multilingual USE or a
sentence-transformers model: hundreds of MB, seconds to load, multi-threaded itself) and the
vector cache of earlier runs, which lives on the driver and is saved after the run. Shipped to
Spark's workers, the encoder would be loaded once per partition, and what they encoded would
be lost to the cache. Encoding is the costly part on either engine; Spark adds only the
pages' queries.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

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
from scenehub.integration.engine import Engine
from scenehub.matching.index import Encoder

TABLE = "firm_segments"
MODEL_SOURCE = "model"
BATCH_FIRMS = 2_000  # a page of firms: the progress bar moves once per page
CLASSIFIED = "classified_segments"  # the driver's result, as the engine holds it
FACTS_PAGE_SQL = """SELECT firm_id, name, department_text, patent_titles FROM firm_facts
WHERE firm_id > ? ORDER BY firm_id LIMIT ?"""
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


def classify_firms(
    engine: Engine,
    model: ClassifierModel,
    encoder: Encoder,
    *,
    chain: Chain | None = None,
    capabilities: Mapping[str, str] | None = None,
    overrides: Mapping[str, LabelOverride] | None = None,
    on_firms: Callable[[int], None] | None = None,
    page_size: int = BATCH_FIRMS,
) -> int:
    """(Re)build ``firm_segments`` from ``firm_facts``, ``page_size`` firms at a time; the
    number of firms classified."""
    classifier = Classifier(model, TextReader(chain or load_chain()))
    columns: dict[str, list[object]] = {name: [] for name in _SCHEMA.names}
    firms = 0
    for page in _fact_pages(engine, page_size):
        texts = [
            FirmText(
                firm_id=str(firm_id),
                name=name or "",
                capability=(capabilities or {}).get(str(firm_id), ""),
                department=department or "",
                patents=patents or "",
            )
            for firm_id, name, department, patents in page
        ]
        vectors = encoder.encode([text.embedding_text for text in texts])
        for classification in classifier.classify(texts, vectors, top=MAX_SEGMENTS):
            override = (overrides or {}).get(classification.firm_id)
            if override is not None:
                _append_label(columns, classification.firm_id, override)
            else:
                _append(columns, classification)
        firms += len(page)
        if on_firms is not None:
            on_firms(len(page))
    engine.register(CLASSIFIED, pa.table(columns, schema=_SCHEMA))
    engine.create_table(TABLE, f"SELECT {', '.join(_SCHEMA.names)} FROM {CLASSIFIED}")  # noqa: S608 - constant identifiers
    return firms


def _fact_pages(engine: Engine, size: int) -> Iterator[list[tuple[Any, ...]]]:
    """The classifier's columns of ``firm_facts``, ``size`` firms at a time in firm id order
    (a firm id is never empty: a code, or the hash of a record)."""
    last = ""
    while page := engine.fetch(FACTS_PAGE_SQL, [last, size]):
        yield page
        last = str(page[-1][0])


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
