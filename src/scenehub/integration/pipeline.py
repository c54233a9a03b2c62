"""One resolution run, all or nothing: standardise, link, golden records in one transaction.

The steps run on an engine (DuckDB, the warehouse itself, by default; or Spark); the results
become the warehouse's tables in one warehouse transaction either way, so the web app reads
the same tables whichever engine ran. If the records cannot train a probabilistic model (a
warehouse with two small sources, say), the run is rolled back and done again with exact
links only, and says so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import duckdb

from scenehub.integration.engine import DuckDBEngine, Engine
from scenehub.integration.golden import build_golden
from scenehub.integration.resolve import ProbabilisticLinkFailed, ResolveSettings, resolve
from scenehub.integration.standardise import DistrictIndex
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
    districts: DistrictIndex,
    area_code: str,
    settings: ResolveSettings,
    on_rows: Callable[[int], None] | None = None,
    engine: Engine | None = None,
) -> ResolutionOutcome:
    """Resolve the warehouse's current records on ``engine`` (default: DuckDB, in place)."""
    engine = engine or DuckDBEngine(warehouse)
    note = ""
    for probabilistic in (True, False):
        warehouse.execute("BEGIN TRANSACTION")
        try:
            engine.load(warehouse, INPUTS)
            records = standardise_current(
                engine, districts, area_code, on_rows if probabilistic else None
            )
            firms = resolve(engine, settings, probabilistic)
            build_golden(engine)
            engine.publish(warehouse, RESULTS)
            warehouse.execute("COMMIT")
        except ProbabilisticLinkFailed as error:
            warehouse.execute("ROLLBACK")
            note = f"probabilistic linking skipped ({error}); exact links only"
            continue
        except BaseException:
            warehouse.execute("ROLLBACK")
            raise
        finally:
            engine.release()
        return ResolutionOutcome(records, firms, probabilistic, note, engine.name)
    raise AssertionError("unreachable: the exact-only run has no probabilistic step")
