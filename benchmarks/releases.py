"""Time a differentially private release over a generated city's map:
`python benchmarks/releases.py --firms 200000`.

Firm facts are synthesised as in ``map_build.py`` and the map is built; then, for each
table that can be released with DP, the parts of a release are timed: reading the cell
counts, making OpenDP's measurement (searching the noise scale for ε), adding the noise.
Last, whole releases through the service (a SQLite database, the audit entry, the budget's
conditional UPDATE) until the period's budget refuses one. Prints the noise's mean absolute
error per cell for each ε: what the privacy costs in accuracy.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.map_build import synthesise
from scenehub.db import session_factory, upgrade_database
from scenehub.errors import Conflict
from scenehub.governance.disclosure import MagnitudeTable
from scenehub.governance.dp import count_mechanism
from scenehub.governance.policy import SYSTEM
from scenehub.governance.releases import KINDS, by_differential_privacy
from scenehub.industry import service as industry_service
from scenehub.industry.map import build_map
from scenehub.integration.engine import DuckDBEngine
from scenehub.releases import service
from scenehub.releases.schemas import ReleaseCreate

DP_KINDS = [k for k, kind in KINDS.items() if "differential_privacy" in kind.methods]


def _count(table: MagnitudeTable, key: tuple[str, str]) -> int:
    cell = table.cells.get(key)
    return cell.count if cell else 0


def time_parts(warehouse: Path, epsilons: list[float]) -> None:
    for kind in DP_KINDS:
        started = time.perf_counter()
        table = industry_service.count_table(SYSTEM, warehouse, kind)
        read = time.perf_counter() - started
        rows, columns = table.category_lists()
        cells = len(rows) * len(columns) - len(industry_service.structural_zeros(kind))
        for epsilon in epsilons:
            started = time.perf_counter()
            mechanism = count_mechanism(epsilon)
            made = time.perf_counter() - started
            started = time.perf_counter()
            zeros = industry_service.structural_zeros(kind)
            released = by_differential_privacy(table, mechanism.release, zeros)
            noised = time.perf_counter() - started
            errors = [
                abs((released.value((r, c)) or 0) - _count(table, (r, c)))
                for r in rows
                for c in columns
                if (r, c) not in zeros
            ]
            print(
                f"{kind}: {cells} cells; read {read * 1000:.1f} ms, measurement "
                f"{made * 1000:.1f} ms, noise {noised * 1000:.2f} ms at ε {mechanism.epsilon:g} "
                f"(scale {mechanism.scale:.3g}); mean abs error {statistics.fmean(errors):.2f}"
            )


def time_releases(warehouse: Path, folder: Path, epsilon: float) -> None:
    url = f"sqlite:///{folder / 'scenehub.sqlite3'}"
    upgrade_database(url)
    make = session_factory(url)
    rule = service.BudgetRule()
    made = 0
    while True:
        kind = DP_KINDS[made % len(DP_KINDS)]
        body = ReleaseCreate(kind=kind, method="differential_privacy", epsilon=epsilon)
        started = time.perf_counter()
        with make() as session:
            try:
                release = service.create_release(
                    session, SYSTEM, warehouse=warehouse, rule=rule, body=body
                )
            except Conflict as refused:
                print(
                    f"refused after {made} releases ({time.perf_counter() - started:.3f} s): "
                    f"{refused}"
                )
                return
            session.commit()
        made += 1
        print(
            f"release {release.id} {kind} ε {release.epsilon:g}: "
            f"{time.perf_counter() - started:.3f} s, {release.budget_remaining:g} left"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--firms", type=int, default=200_000)
    parser.add_argument("--ai-share", type=float, default=0.22)
    parser.add_argument("--epsilon", type=float, nargs="+", default=[0.1, 0.5, 1.0])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        warehouse = folder / "warehouse.duckdb"
        connection = duckdb.connect(str(warehouse))
        synthesise(connection, args.firms, args.ai_share)
        build_map(DuckDBEngine(connection), reference_year=2026)
        connection.close()
        print(f"map of {args.firms:,} firms built")
        time_parts(warehouse, args.epsilon)
        time_releases(warehouse, folder, 0.5)


if __name__ == "__main__":
    main()
