"""The industry map's long use cases: learn from the centre's labels, classify every firm of
the warehouse, build the map's tables — one warehouse transaction (``pipeline.run_map``), on
DuckDB or Spark, with its audit entry written before the warehouse commits it; and training
the classifier on its own (the pipeline step "train", ``scenehub map --train-only``).

``scenehub map``, the web's jobs and the demo call them; they report progress through
callbacks and return what they did. The map's build trains the classifier again only when
what it learns from changed: the seed set, an operator's label, a firm's declared segments
(``industry/review.py``) — after a "train" with the same labels it finds the model current.
Training writes the model file (through a temporary file) only after its audit entry.
The entry and the build are one outcome (``integration/flows.py``): a build the audit trail
cannot record is rolled back, and a build whose commit fails after its entry gets a second
entry, ``failed``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from scenehub import db
from scenehub.city import load_city
from scenehub.db import today as local_today
from scenehub.firms import service as firm_service
from scenehub.governance import purposes
from scenehub.governance.policy import Actor
from scenehub.industry import review
from scenehub.industry.classify import ClassifierModel
from scenehub.industry.labels import LabelledFirm
from scenehub.industry.model_store import (
    default_examples,
    default_model_path,
    load_or_train,
    save_model,
    train_classifier,
)
from scenehub.industry.pipeline import Classifying, MapOutcome, run_map
from scenehub.industry.taxonomy import Chain, load_chain
from scenehub.integration.engine import DuckDBEngine, Engine, EngineName, spark_engine
from scenehub.integration.flows import AuditDraft, audit_before_commit
from scenehub.integration.warehouse import open_warehouse
from scenehub.matching.index import Encoder
from scenehub.matching.semantic import shared_encoder
from scenehub.matching.vectors import VectorStore, vector_path
from scenehub.settings import Settings

PURPOSE = purposes.INDUSTRY_MAP
# The steps a training reports: the centre's labels, encoding, reading the labelled firms,
# the two heads, saving — and done.
TRAINING_STEPS = 7


def build_industry_map(
    settings: Settings,
    actor: Actor,
    *,
    warehouse: Path | None = None,
    model_path: Path | None = None,
    engine: EngineName = EngineName.duckdb,
    on_step: Callable[[str], None] | None = None,
    on_firms: Callable[[int, int], None] | None = None,
) -> MapOutcome:
    """Facts → (re)trained classifier → ``firm_segments`` → map tables, on ``engine``;
    audited as ``actor`` before the warehouse commits."""
    step = on_step or (lambda _: None)
    classifying, firm_vectors = _classifying(settings, model_path, step)
    connection = open_warehouse(warehouse or settings.warehouse_path, wait_seconds=60)
    try:
        with contextlib.ExitStack() as stack:
            runner = _engine(stack, engine, connection, step)
            audit_first = stack.enter_context(map_audit(actor))
            outcome = run_map(
                connection,
                classifying,
                load_city().facts,
                local_today().year,
                engine=runner,
                on_step=step,
                on_firms=on_firms,
                before_commit=audit_first,
            )
    finally:
        connection.close()
    firm_vectors.save()  # kept for the next build
    return outcome


def map_audit(actor: Actor) -> contextlib.AbstractContextManager[Callable[[Any], None]]:
    """The ``before_commit`` hook of a map build (``pipeline.run_map``)."""

    def draft(outcome: MapOutcome) -> AuditDraft:
        details = {
            "firms": outcome.firms,
            "cells": outcome.cells,
            "unclassified": outcome.unclassified,
            "labelled": outcome.labelled,
            "trained_on": outcome.trained_on,
            "engine": outcome.engine,
        }
        return AuditDraft("industry_map", details=details, purpose=PURPOSE)

    return audit_before_commit(actor, "industry.build", draft)


@dataclass(frozen=True)
class TrainOutcome:
    examples: int  # labelled descriptions learnt from
    learned: int  # of them the centre's: operators' labels and firms' declared segments
    trained_on: str  # by source: "3 operator, 1480 seed, …"
    labels_digest: str
    path: Path


def train_industry_classifier(
    settings: Settings,
    actor: Actor,
    *,
    model_path: Path | None = None,
    on_step: Callable[[str], None] | None = None,
) -> TrainOutcome:
    """Train the classifier on the default examples and the centre's labels and save it in
    ``model_path`` (default: the data dir's, which the map, the pages and ``scenehub
    classify`` read), audited as ``actor`` before the file is replaced."""
    step = on_step or (lambda _: None)
    chain = load_chain()
    encoder = shared_encoder(str(settings.encoder_path or ""))
    step("reading the centre's labels")
    with db.transaction(read_only=True) as session:
        learned = review.learned_examples(session)
    examples = [*default_examples(chain), *learned]
    labels = VectorStore(encoder, vector_path(settings.data_dir, "labels", encoder))
    model = train_classifier(
        chain,
        examples,
        encoder,
        labels,
        on_step=lambda s: step(f"training the industry classifier: {s}"),
    )
    path = model_path or default_model_path(settings.data_dir)
    outcome = TrainOutcome(len(examples), len(learned), model.trained_on, model.labels_digest, path)
    with train_audit(actor) as audit_first:
        audit_first(outcome)
        step("saving the industry classifier")
        save_model(model, path)
    return outcome


def train_audit(actor: Actor) -> contextlib.AbstractContextManager[Callable[[Any], None]]:
    """The hook a training records its entry with, before it replaces the model file."""

    def draft(outcome: TrainOutcome) -> AuditDraft:
        details = {
            "examples": outcome.examples,
            "learned": outcome.learned,
            "trained_on": outcome.trained_on,
            "labels_digest": outcome.labels_digest,
            "model": outcome.path.name,
        }
        return AuditDraft("industry_classifier", details=details, purpose=PURPOSE)

    return audit_before_commit(actor, "industry.train", draft)


def _classifying(
    settings: Settings, model_path: Path | None, step: Callable[[str], None]
) -> tuple[Classifying, VectorStore]:
    """The classifier (trained again on new labels), what the app database says about the
    firms (labels, declarations, capability texts), and the store of the firms' vectors."""
    chain = load_chain()
    encoder = shared_encoder(str(settings.encoder_path or ""))
    with db.transaction(read_only=True) as session:
        learned = review.learned_examples(session)
        overrides = review.label_overrides(session)
        capabilities = firm_service.capability_texts(session)
    model = _model(settings, chain, encoder, model_path, learned, step)
    vectors = VectorStore(encoder, vector_path(settings.data_dir, "map-firms", encoder))
    return Classifying(model, vectors, chain, capabilities, overrides), vectors


def _engine(
    stack: contextlib.ExitStack,
    name: EngineName,
    warehouse: duckdb.DuckDBPyConnection,
    step: Callable[[str], None],
) -> Engine:
    """The engine the build runs on, living as long as ``stack`` (Spark: local mode, or the
    session the caller already started)."""
    if name is EngineName.spark:
        step("starting Spark (local mode)")
        return stack.enter_context(spark_engine())
    return DuckDBEngine(warehouse)


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
