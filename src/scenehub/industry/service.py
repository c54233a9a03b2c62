"""Use cases of the industry map for the web: the map's tables under disclosure control,
the chain graph, deep dives, founding cohorts and demand against supply.

Every public figure comes from ONE suppressed table — districts × AI segments with firms,
headcount, patents and registered capital — so no two published tables can be combined to
undo a suppression (docs/disclosure.md). The other public table (founding period × stage
over all AI firms) shares only the grand total with it. Stage and size splits per segment
are for the centre's staff only. Staff see every figure, with the reason a figure is
hidden from others.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import yaml

from scenehub.governance.authz import authorize
from scenehub.governance.disclosure import (
    COUNT,
    Cell,
    Disclosure,
    Magnitude,
    MagnitudeTable,
    SuppressedTable,
    suppress,
)
from scenehub.governance.policy import Actor, Allow, decide
from scenehub.i18n import N_
from scenehub.industry.map import MAGNITUDES, ChainNode, chain_coverage
from scenehub.industry.taxonomy import Chain, load_chain
from scenehub.integration.service import WarehouseUnavailable, reading
from scenehub.integration.warehouse import has_tables
from scenehub.scenes.schemas import SegmentDemand

BENCHMARKS_FILE = Path(__file__).parent / "benchmarks.yaml"
MAP_TABLES = ("map_cells", "map_cohorts", "map_firms")
# Deep dives: the embodied-intelligence layer and the integrated-circuit segments.
DEEP_DIVES: dict[str, tuple[str, tuple[str, ...]]] = {
    "embodied": (N_("Embodied-intelligence robots"), ()),
    "ic": (N_("Integrated circuits"), ("F.chip", "F.eda", "F.fab", "F.semi_equip")),
}
PERIODS = (
    ("-2015", None, 2015),
    ("2016-2019", 2016, 2019),
    ("2020-2022", 2020, 2022),
    ("2023-", 2023, None),
)
STAGES = ("0-1", "1-100")


@dataclass(frozen=True)
class MapTable:
    """A table as one reader may see it: values (None = hidden) and, for staff, reasons."""

    categories: tuple[tuple[str, ...], ...]
    measures: tuple[str, ...]
    values: dict[tuple[tuple[str | None, ...], str], float | None]
    reasons: dict[tuple[tuple[str | None, ...], str], str] = field(default_factory=dict)
    unsuppressed: bool = False

    def value(self, key: tuple[str | None, ...], measure: str = COUNT) -> float | None:
        return self.values.get((key, measure))


def _view(disclosure: Disclosure, unsuppressed: bool) -> MapTable:
    table: SuppressedTable = (
        disclosure.operator_table() if unsuppressed else disclosure.suppressed_table()
    )
    reasons = (
        {(key, measure): str(reason) for key, measure, reason in disclosure.hidden()}
        if unsuppressed
        else {}
    )
    return MapTable(table.categories, table.measures, dict(table.values), reasons, unsuppressed)


class _Cache:
    """Suppressed tables per warehouse file, rebuilt when the file changes (suppressing the
    main table takes a few hundred milliseconds)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stamp: dict[str, float] = {}
        self._tables: dict[tuple[str, str], Disclosure] = {}

    def get(self, warehouse: Path, name: str, build: Any) -> Disclosure:
        stamp = warehouse.stat().st_mtime if warehouse.exists() else 0.0
        key = str(warehouse)
        with self._lock:
            if self._stamp.get(key) != stamp:
                self._tables = {k: v for k, v in self._tables.items() if k[0] != key}
                self._stamp[key] = stamp
            found = self._tables.get((key, name))
        if found is None:
            found = build()
            with self._lock:
                self._tables[(key, name)] = found
        return found


CACHE = _Cache()


def _unsuppressed(actor: Actor) -> bool:
    return isinstance(decide(actor, "industry.read_unsuppressed"), Allow)


def _connection_checked(connection: duckdb.DuckDBPyConnection) -> None:
    if not has_tables(connection, *MAP_TABLES):
        raise WarehouseUnavailable(
            N_("the industry map has not been built yet; run `scenehub map`")
        )


def main_table(actor: Actor, warehouse: Path, districts: tuple[str, ...]) -> MapTable:
    """Districts × AI segments: firms, headcount, patents, registered capital."""
    authorize(actor, "industry.read_map")
    disclosure = CACHE.get(warehouse, "main", lambda: _main_disclosure(warehouse, districts))
    return _view(disclosure, _unsuppressed(actor))


def _main_disclosure(warehouse: Path, districts: tuple[str, ...]) -> Disclosure:
    segments = tuple(s.key for s in load_chain().segments if s.is_ai)
    tops = ", ".join(
        f"sum({m}), list_sort(flatten(list({m}_top2)), 'DESC')[1:2]" for m in MAGNITUDES
    )
    with reading(warehouse) as connection:
        _connection_checked(connection)
        rows = connection.execute(f"""
            SELECT district_code, segment, sum(firms), {tops} FROM map_cells
            WHERE segment <> 'X.other' GROUP BY ALL""").fetchall()  # noqa: S608
    found_districts = {r[0] for r in rows}
    categories = (
        tuple(districts) + tuple(sorted(found_districts - set(districts))),
        segments,
    )
    cells: dict[tuple[str, ...], Cell] = {}
    for row in rows:
        magnitudes = {
            m: Magnitude(float(row[3 + 2 * i] or 0), tuple(float(x) for x in row[4 + 2 * i] or ()))
            for i, m in enumerate(MAGNITUDES)
        }
        if row[1] in segments:
            cells[(row[0], row[1])] = Cell(int(row[2]), magnitudes)
    table = MagnitudeTable(("district", "segment"), cells, MAGNITUDES, categories)
    return suppress(table)


def cohort_table(actor: Actor, warehouse: Path) -> MapTable:
    """Founding period × stage over all AI firms (shares only the grand total with the main
    table; hidden from the public entirely if the main table hides that total)."""
    authorize(actor, "industry.read_map")
    disclosure = CACHE.get(warehouse, "cohorts", lambda: _cohort_disclosure(warehouse))
    return _view(disclosure, _unsuppressed(actor))


def _cohort_disclosure(warehouse: Path) -> Disclosure:
    bands = " ".join(
        f"WHEN founded_year {'>= ' + str(lo) if lo else '> 0'} "
        f"{'AND founded_year <= ' + str(hi) if hi else ''} THEN '{label}'"
        for label, lo, hi in PERIODS
    )
    with reading(warehouse) as connection:
        _connection_checked(connection)
        rows = connection.execute(f"""
            SELECT CASE {bands} ELSE 'unknown' END AS period, stage, count(*)
            FROM map_firms WHERE segment <> 'X.other' GROUP BY ALL""").fetchall()  # noqa: S608
    periods = tuple(p[0] for p in PERIODS) + (
        ("unknown",) if any(r[0] == "unknown" for r in rows) else ()
    )
    cells: dict[tuple[str, ...], Cell] = {(r[0], r[1]): Cell(int(r[2])) for r in rows}
    return suppress(MagnitudeTable(("period", "stage"), cells, (), (periods, STAGES)))


def stage_size(actor: Actor, warehouse: Path, segments: tuple[str, ...]) -> list[tuple[Any, ...]]:
    """Staff only: firms per segment × stage × size band, unsuppressed."""
    authorize(actor, "industry.read_unsuppressed")
    if not segments:
        return []
    with reading(warehouse) as connection:
        _connection_checked(connection)
        marks = ", ".join("?" for _ in segments)
        return connection.execute(
            f"""SELECT segment, stage, size_band, sum(firms), sum(headcount) FROM map_cells
            WHERE segment IN ({marks}) GROUP BY ALL ORDER BY ALL""",  # noqa: S608
            list(segments),
        ).fetchall()


def segments_of(group: str, chain: Chain | None = None) -> tuple[str, ...]:
    """The segment codes of a deep dive."""
    chain = chain or load_chain()
    if group == "embodied":
        return tuple(s.key for s in chain.segments if s.key.startswith("E."))
    return DEEP_DIVES[group][1]


def chain_graph(table: MapTable, demand: list[SegmentDemand]) -> list[ChainNode]:
    """Coverage and gaps from the figures this reader may see: a hidden segment total
    counts as unknown (never as small)."""
    firms = {s: int(v) for s in table.categories[1] if (v := table.value((None, s))) is not None}
    nodes = chain_coverage(firms, {d.segment: d.scenes for d in demand}, load_chain())
    return [
        n if n.code in firms else ChainNode(n.code, -1, n.demand, n.downstream_firms, False)
        for n in nodes
    ]


@dataclass(frozen=True)
class DemandSupply:
    segment: str
    demand: SegmentDemand | None
    firms: int | None  # None: hidden by disclosure control
    index: float | None  # scenes per 10 local firms


def demand_supply(table: MapTable, demand: list[SegmentDemand]) -> list[DemandSupply]:
    """Every AI segment with its scenes and its local firms; the index is scenes per 10
    firms (infinite demand over no supply shows as the scenes count over 1 firm)."""
    by_segment = {d.segment: d for d in demand}
    rows = []
    for segment in table.categories[1]:
        firms = table.value((None, segment))
        wanted = by_segment.get(segment)
        index = None
        if firms is not None and wanted is not None:
            index = round(wanted.scenes * 10 / max(firms, 1), 2)
        rows.append(DemandSupply(segment, wanted, None if firms is None else int(firms), index))
    return rows


def benchmarks(path: Path = BENCHMARKS_FILE) -> dict[str, Any]:
    """The benchmark cities' figures (see the file's header for their status)."""
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def local_benchmark(table: MapTable) -> dict[str, float | None]:
    """The measures of the benchmark file this city's map can answer (None if hidden)."""
    return {
        "ai_firms": table.value((None, None)),
        "humanoid_firms": table.value((None, "E.humanoid")),
        "ic_design_firms": table.value((None, "F.chip")),
    }
