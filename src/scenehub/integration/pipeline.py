"""One resolution run, all or nothing: standardise, link, golden records in one transaction.

The steps run on an engine (DuckDB, the warehouse itself, by default; or Spark); the results
become the warehouse's tables in one warehouse transaction either way, so the web app reads
the same tables whichever engine ran. If the records cannot train a probabilistic model (a
warehouse with two small sources, say), the run is rolled back and done again with exact
links only, and says so. The caller's ``before_commit`` (the audit entry, ``flows.py``) runs
inside the transaction: a run it cannot record is rolled back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import duckdb

from scenehub.integration.engine import DuckDBEngine, Engine
from scenehub.integration.golden import build_golden
from scenehub.integration.link_decisions import DECISION_INPUTS
from scenehub.integration.resolve import ProbabilisticLinkFailed, ResolveSettings, resolve
from scenehub.integration.standardise import CityRules
from scenehub.integration.standardised import INPUTS, standardise_current

# What a run leaves in the warehouse (the web app reads the last four).
RESULTS = (
    "std_records",
    "code_entities",
    "predictions",
    "record_firms",
    "golden_provenance",
    "golden_firms",
)


@dataclass(frozen=True)
class ResolutionOutcome:
    records: int
    firms: int
    probabilistic: bool
    note: str = ""
    engine: str = "duckdb"


def run_resolution(
    warehouse: duckdb.DuckDBPyConnection,
    rules: CityRules,
    settings: ResolveSettings,
    on_rows: Callable[[int], None] | None = None,
    engine: Engine | None = None,
    before_commit: Callable[[ResolutionOutcome], None] | None = None,
) -> ResolutionOutcome:
    """Resolve the warehouse's current records on ``engine`` (default: DuckDB, in place);
    ``before_commit`` gets the outcome before the results are committed."""
    engine = engine or DuckDBEngine(warehouse)
    note = ""
    for probabilistic in (True, False):
        warehouse.execute("BEGIN TRANSACTION")
        try:
            engine.load(warehouse, {**INPUTS, **DECISION_INPUTS})
            records = standardise_current(engine, rules, on_rows if probabilistic else None)
            firms = resolve(engine, settings, probabilistic)
            build_golden(engine, rules.trust, rules.field_trust)
            engine.publish(warehouse, RESULTS)
            outcome = ResolutionOutcome(records, firms, probabilistic, note, engine.name)
            if before_commit is not None:
                before_commit(outcome)
        except ProbabilisticLinkFailed as error:
            warehouse.execute("ROLLBACK")
            note = f"probabilistic linking skipped ({error}); exact links only"
            continue
        except BaseException:
            warehouse.execute("ROLLBACK")
            raise
        finally:
            engine.release()
        # Outside the ``except``: a COMMIT that fails has rolled the transaction back itself,
        # and a ROLLBACK after it would raise in place of the commit's own error.
        warehouse.execute("COMMIT")
        return outcome
    raise AssertionError("unreachable: the exact-only run has no probabilistic step")
