"""One resolution run, all or nothing: standardise, link, golden records in one transaction.

The steps run on an engine (DuckDB, the warehouse itself, by default; or Spark); the results
become the warehouse's tables in one warehouse transaction either way, so the web app reads
the same tables whichever engine ran. If the records cannot train a probabilistic model (a
warehouse with two small sources, say), the run is rolled back and done again with exact
links only, and says so. The caller's ``before_commit`` (the audit entry, ``flows.py``) runs
inside the transaction: a run it cannot record is rolled back.

Progress (``RunProgress``): standardising reports its rows, then each linking phase its
start (``LINKING_PHASES``), on one bar whose total is the run's work counted in records.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import duckdb

from scenehub.i18n import N_
from scenehub.integration.engine import DuckDBEngine, Engine
from scenehub.integration.golden import build_golden
from scenehub.integration.link_decisions import DECISION_INPUTS
from scenehub.integration.resolve import ProbabilisticLinkFailed, ResolveSettings, resolve
from scenehub.integration.standardise import CityRules
from scenehub.integration.standardised import INPUTS, standardise_current

STANDARDISING = N_("standardising")
SCORING, CLUSTERING, GOLDEN, WRITING = (
    N_("blocking and scoring pairs"),
    N_("clustering"),
    N_("building golden records"),
    N_("writing"),
)
LINKING_PHASES = (SCORING, CLUSTERING, GOLDEN, WRITING)
# What each phase costs, in quarters of a pass over the records: at 200,000 firms
# (benchmarks/resolve.py, docs/integration.md) standardising took 26 s and the rest 46 s,
# most of it Splink's training and scoring.
PHASE_QUARTERS = {STANDARDISING: 4, SCORING: 4, CLUSTERING: 1, GOLDEN: 1, WRITING: 1}

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


@dataclass
class RunProgress:
    """A run's progress as ``report(done, total, phase)``: its work counted in records —
    standardising a record counts one, each linking phase the share of a record it costs
    (``PHASE_QUARTERS``), reported when it starts. ``done`` never goes back (the exact-only
    run after a failed model repeats phases) and reaches ``total`` at ``finished``."""

    records: int
    report: Callable[[int, int, str], None]
    done: int = 0

    @property
    def total(self) -> int:
        return self.records * sum(PHASE_QUARTERS.values()) // 4

    def standardised(self, rows: int) -> None:
        standardising_total = self.records * PHASE_QUARTERS[STANDARDISING] // 4
        self._move(min(self.done + rows, standardising_total), STANDARDISING)

    def phase(self, name: str) -> None:
        before = list(PHASE_QUARTERS)[: list(PHASE_QUARTERS).index(name)]
        self._move(self.records * sum(PHASE_QUARTERS[p] for p in before) // 4, name)

    def finished(self) -> None:
        self._move(self.total, N_("done"))

    def _move(self, done: int, phase: str) -> None:
        self.done = max(self.done, done)
        self.report(self.done, self.total, phase)


def run_resolution(
    warehouse: duckdb.DuckDBPyConnection,
    rules: CityRules,
    settings: ResolveSettings,
    on_rows: Callable[[int], None] | None = None,
    engine: Engine | None = None,
    before_commit: Callable[[ResolutionOutcome], None] | None = None,
    on_phase: Callable[[str], None] | None = None,
) -> ResolutionOutcome:
    """Resolve the warehouse's current records on ``engine`` (default: DuckDB, in place);
    ``before_commit`` gets the outcome before the results are committed; ``on_rows`` hears
    of each standardised batch, ``on_phase`` of each linking phase as it starts."""
    engine = engine or DuckDBEngine(warehouse)
    phase = on_phase or (lambda _: None)
    note = ""
    for probabilistic in (True, False):
        warehouse.execute("BEGIN TRANSACTION")
        try:
            engine.load(warehouse, {**INPUTS, **DECISION_INPUTS})
            records = standardise_current(engine, rules, on_rows if probabilistic else None)
            phase(SCORING)
            firms = resolve(
                engine, settings, probabilistic, on_clustering=lambda: phase(CLUSTERING)
            )
            phase(GOLDEN)
            build_golden(engine, rules.trust, rules.field_trust)
            phase(WRITING)
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
