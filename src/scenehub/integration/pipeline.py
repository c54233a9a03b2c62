"""One resolution run, all or nothing: standardise, link, golden records in one transaction.

If the records cannot train a probabilistic model (a warehouse with two small sources, say),
the run is rolled back and done again with exact links only, and says so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import duckdb

from scenehub.integration.golden import build_golden
from scenehub.integration.resolve import (
    ProbabilisticLinkFailed,
    ResolveSettings,
    drop_splink_tables,
    resolve,
)
from scenehub.integration.standardise import DistrictIndex
from scenehub.integration.standardised import standardise_current


@dataclass(frozen=True)
class ResolutionOutcome:
    records: int
    firms: int
    probabilistic: bool
    note: str = ""


def run_resolution(
    connection: duckdb.DuckDBPyConnection,
    districts: DistrictIndex,
    area_code: str,
    settings: ResolveSettings,
    on_rows: Callable[[int], None] | None = None,
) -> ResolutionOutcome:
    note = ""
    for probabilistic in (True, False):
        connection.execute("BEGIN TRANSACTION")
        try:
            records = standardise_current(
                connection, districts, area_code, on_rows if probabilistic else None
            )
            firms = resolve(connection, settings, probabilistic)
            build_golden(connection)
            connection.execute("COMMIT")
        except ProbabilisticLinkFailed as error:
            connection.execute("ROLLBACK")
            note = f"probabilistic linking skipped ({error}); exact links only"
            continue
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        drop_splink_tables(connection)
        return ResolutionOutcome(records, firms, probabilistic, note)
    raise AssertionError("unreachable: the exact-only run has no probabilistic step")
