"""The industry map's long use case: learn from the centre's labels, classify every firm of
the warehouse, build the map's tables — one warehouse transaction, one audit entry.

``scenehub map`` and the demo call it; it reports progress through callbacks and returns
what it did. The classifier is trained again only when what it learns from changed: the seed
set, an operator's label, a firm's declared segments (``industry/review.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb

from scenehub import db
from scenehub.city import load_city
from scenehub.firms import service as firm_service
from scenehub.governance import audit
from scenehub.governance.policy import Actor
from scenehub.industry import review
from scenehub.industry.classify import ClassifierModel
from scenehub.industry.facts import build_firm_facts
from scenehub.industry.labels import LabelledFirm
from scenehub.industry.map import UNCLASSIFIED, build_map
from scenehub.industry.model_store import default_examples, default_model_path, load_or_train
from scenehub.industry.segments import classify_warehouse
from scenehub.industry.taxonomy import Chain, load_chain
from scenehub.integration.warehouse import open_warehouse
from scenehub.matching.index import Encoder
from scenehub.matching.semantic import shared_encoder
from scenehub.matching.vectors import VectorStore, vector_path
from scenehub.settings import Settings


@dataclass(frozen=True)
class MapOutcome:
    firms: int
    cells: int
    unclassified: int  # firms below the map's confidence: counted apart, for review
    labelled: int  # firms counted under the centre's label or their declared segments
    trained_on: str  # what the classifier learnt from


def build_industry_map(
    settings: Settings,
    actor: Actor,
    *,
    warehouse: Path | None = None,
    model_path: Path | None = None,
    on_step: Callable[[str], None] | None = None,
    on_firms: Callable[[int, int], None] | None = None,
) -> MapOutcome:
    """Facts → (re)trained classifier → ``firm_segments`` → map tables; audited."""
    step = on_step or (lambda _: None)
    chain = load_chain()
    encoder = shared_encoder(str(settings.encoder_path or ""))
    with db.transaction(read_only=True) as session:
        learned = review.learned_examples(session)
        overrides = review.label_overrides(session)
        capabilities = firm_service.capability_texts(session)
    model = _model(settings, chain, encoder, model_path, learned, step)
    firm_vectors = VectorStore(encoder, vector_path(settings.data_dir, "map-firms", encoder))
    connection = open_warehouse(warehouse or settings.warehouse_path, wait_seconds=60)
    try:
        connection.execute("BEGIN TRANSACTION")
        step("gathering firm facts")
        firms = build_firm_facts(connection, load_city().facts)
        done = 0

        def classified(n: int) -> None:
            nonlocal done
            done += n
            if on_firms is not None:
                on_firms(done, firms)

        step("classifying firms on the AI chain")
        classify_warehouse(
            connection,
            model,
            firm_vectors,
            chain=chain,
            capabilities=capabilities,
            overrides=overrides,
            on_firms=classified,
        )
        step("building the map's tables")
        cells = build_map(connection, reference_year=date.today().year)
        unclassified = _unclassified(connection)
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    finally:
        connection.close()
    firm_vectors.save()
    outcome = MapOutcome(firms, cells, unclassified, len(overrides), model.trained_on)
    with db.transaction() as session:
        audit.record(
            session,
            actor,
            "industry.build",
            resource_type="industry_map",
            purpose="industry-map",
            details={
                "firms": firms,
                "cells": cells,
                "unclassified": unclassified,
                "labelled": outcome.labelled,
                "trained_on": model.trained_on,
            },
        )
    return outcome


def _model(
    settings: Settings,
    chain: Chain,
    encoder: Encoder,
    model_path: Path | None,
    learned: list[LabelledFirm],
    step: Callable[[str], None],
) -> ClassifierModel:
    """A model file of the user's as it is; the data dir's, trained again on new labels."""
    labels = VectorStore(encoder, vector_path(settings.data_dir, "labels", encoder))
    step("loading the industry classifier")
    if model_path is not None:
        return load_or_train(model_path, chain, encoder, vectors=labels, on_step=step)
    return load_or_train(
        default_model_path(settings.data_dir),
        chain,
        encoder,
        examples=[*default_examples(chain), *learned],
        vectors=labels,
        on_step=lambda s: step(f"training the industry classifier: {s}"),
        replace_stale=True,
    )


def _unclassified(connection: duckdb.DuckDBPyConnection) -> int:
    row = connection.execute(
        f"SELECT count(*) FROM map_firms WHERE segment = '{UNCLASSIFIED}'"  # noqa: S608
    ).fetchone()
    return int(row[0]) if row else 0
