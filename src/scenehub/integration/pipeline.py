"""One resolution run, all or nothing: standardise, link, golden records in one transaction.

The steps run on an engine (DuckDB, the warehouse itself, by default; or Spark); the results
become the warehouse's tables in one warehouse transaction either way, so the web app reads
the same tables whichever engine ran. If the records cannot train a probabilistic model (a
warehouse with two small sources, say), the run is rolled back and done again with exact
links only, and says so. The caller's ``before_commit`` (the audit entry, ``flows.py``) runs
inside the transaction: a run it cannot record is rolled back.

Progress (``RunProgress``): standardising reports its rows, then each linking phase its
start (``LINKING_PHASES``), on one bar over the run's records, each phase filling its share.
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
    """A run's progress as ``report(done, total, phase)`` on one bar whose total is the run's
    record count, so the page says "n of <records>" as a reader expects. Each phase fills
    its share of the bar (``PHASE_QUARTERS``): standardising as its rows go by, each linking
    phase when it starts. ``done`` never goes back (the exact-only run after a failed model
    repeats phases) and reaches ``total`` at ``finished``."""

    records: int
    report: Callable[[int, int, str], None]
    done: int = 0
    _standardised: int = 0

    @property
    def total(self) -> int:
        return self.records

    def standardised(self, rows: int) -> None:
        self._standardised = min(self._standardised + rows, self.records)
        self._move(self._standardised * PHASE_QUARTERS[STANDARDISING], STANDARDISING)

    def phase(self, name: str) -> None:
        before = list(PHASE_QUARTERS)[: list(PHASE_QUARTERS).index(name)]
        self._move(self.records * sum(PHASE_QUARTERS[p] for p in before), name)

    def finished(self) -> None:
        self._move(self.records * _QUARTERS, N_("done"))

    def _move(self, quarters: int, phase: str) -> None:
        """``quarters``: the work done, in quarters of a pass over the records."""
        self.done = max(self.done, quarters // _QUARTERS)
        self.report(self.done, self.total, phase)


_QUARTERS = sum(PHASE_QUARTERS.values())


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
