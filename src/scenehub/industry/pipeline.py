"""One industry map build, all or nothing: firm facts, classification and the map's tables in
one warehouse transaction.

The steps run on an engine (DuckDB, the warehouse itself, by default; or Spark), written once
(``facts.py``, ``segments.py``, ``map.py``); their results become the warehouse's tables in
the one transaction either way, so the pages read the same tables whichever engine ran. The
caller's ``before_commit`` (the audit entry, ``flows.py``) runs inside the transaction, once
the results are published: a build it cannot record is rolled back.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import duckdb

from scenehub.city import Facts
from scenehub.industry.classify import ClassifierModel
from scenehub.industry.facts import INPUTS, build_firm_facts
from scenehub.industry.labels import LabelOverride
from scenehub.industry.map import TABLES as MAP_TABLES
from scenehub.industry.map import build_map, unclassified_firms
from scenehub.industry.segments import TABLE as SEGMENTS_TABLE
from scenehub.industry.segments import classify_firms
from scenehub.industry.taxonomy import Chain
from scenehub.integration.engine import DuckDBEngine, Engine
from scenehub.integration.warehouse import has_tables
from scenehub.matching.index import Encoder

# What a build leaves in the warehouse (the pages and the review queue read them).
RESULTS = ("firm_facts", SEGMENTS_TABLE, *MAP_TABLES)
GOLDEN_TABLES = ("golden_firms", "record_firms", "std_records")


@dataclass(frozen=True)
class Classifying:
    """What the classification step needs, gathered before the build."""

    model: ClassifierModel
    encoder: Encoder  # a VectorStore in the flow: vectors kept between builds
    chain: Chain
    capabilities: Mapping[str, str]  # the registry's capability text per golden firm id
    overrides: Mapping[str, LabelOverride]  # the centre's labels and firms' declarations


@dataclass(frozen=True)
class MapOutcome:
    firms: int
    cells: int
    unclassified: int  # firms below the map's confidence: counted apart, for review
    labelled: int  # firms counted under the centre's label or their declared segments
    trained_on: str  # what the classifier learnt from
    engine: str = "duckdb"


def run_map(
    warehouse: duckdb.DuckDBPyConnection,
    classifying: Classifying,
    facts: Facts,
    reference_year: int,
    *,
    engine: Engine | None = None,
    on_step: Callable[[str], None] | None = None,
    on_firms: Callable[[int, int], None] | None = None,
    before_commit: Callable[[MapOutcome], None] | None = None,
) -> MapOutcome:
    """Build the map from the warehouse's golden records on ``engine`` (default: DuckDB, in
    place); ``before_commit`` gets the outcome before the results are committed."""
    if not has_tables(warehouse, *GOLDEN_TABLES):
        raise LookupError("no golden records: run `scenehub resolve` first")
    engine = engine or DuckDBEngine(warehouse)
    warehouse.execute("BEGIN TRANSACTION")
    try:
        engine.load(warehouse, INPUTS)
        outcome = _build(engine, classifying, facts, reference_year, on_step, on_firms)
        engine.publish(warehouse, RESULTS)
        if before_commit is not None:
            before_commit(outcome)
    except BaseException:
        warehouse.execute("ROLLBACK")
        raise
    finally:
        engine.release()
    # Outside the ``except``: a COMMIT that fails has rolled the transaction back itself, and
    # a ROLLBACK after it would raise in place of the commit's own error.
    warehouse.execute("COMMIT")
    return outcome


def _build(
    engine: Engine,
    classifying: Classifying,
    facts: Facts,
    reference_year: int,
    on_step: Callable[[str], None] | None,
    on_firms: Callable[[int, int], None] | None,
) -> MapOutcome:
    """The steps, in order: facts, ``firm_segments``, the map's tables."""
    step = on_step or (lambda _: None)
    step("gathering firm facts")
    firms = build_firm_facts(engine, facts)
    done = 0

    def classified(n: int) -> None:
        nonlocal done
        done += n
        if on_firms is not None:
            on_firms(done, firms)

    step("classifying firms on the AI chain")
    classified(0)  # the bar has its total from the step's start
    classify_firms(
        engine,
        classifying.model,
        classifying.encoder,
        chain=classifying.chain,
        capabilities=classifying.capabilities,
        overrides=classifying.overrides,
        on_firms=classified,
    )
    step("building the map's tables")
    cells = build_map(engine, reference_year)
    unclassified = unclassified_firms(engine)
    labelled = len(classifying.overrides)
    model = classifying.model.trained_on
    return MapOutcome(firms, cells, unclassified, labelled, model, engine.name)
