"""Use cases of the industry map for the web: the map's tables under disclosure control,
the chain graph, deep dives, founding cohorts and demand against supply.

The public sees three suppressed tables of AI firms (firms, headcount, patents, registered
capital): districts × layers (the map), layers × segments (chain, treemap, demand, deep
dives), founding period × stage (cohorts). They share only layer totals and the grand
total, and a table that disagrees with the first on showing a shared figure is withheld
(docs/industry-map.md). Districts × segments, and stage and size per segment, are for the
centre's staff, who see every figure with the reason it is hidden from others.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import yaml

from scenehub.city import load_city
from scenehub.governance.authz import authorize
from scenehub.governance.disclosure import (
    COUNT,
    Cell,
    Disclosure,
    DisclosureRules,
    EntryKey,
    Magnitude,
    MagnitudeTable,
    SuppressedTable,
    suppress,
)
from scenehub.governance.policy import Actor, Allow, decide
from scenehub.governance.releases import (
    DISCLOSURE_CONTROL,
    KINDS,
    ReleasedTable,
    ValueKey,
    release_disclosure,
)
from scenehub.i18n import N_
from scenehub.industry.geo import district_cells
from scenehub.industry.map import (
    MAGNITUDES,
    MIN_CONFIDENCE,
    UNCLASSIFIED,
    ChainNode,
    chain_coverage,
)
from scenehub.industry.taxonomy import LAYERS, Chain, load_chain
from scenehub.integration.service import WarehouseUnavailable, reading
from scenehub.integration.warehouse import has_tables
from scenehub.scenes.schemas import SegmentDemand
from scenehub.translator import Translator

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
# The public tables as release kinds (governance/releases.py), and their dimensions.
DISTRICTS, SEGMENTS, COHORTS = "industry.districts", "industry.segments", "industry.cohorts"
KIND_DIMENSIONS: dict[str, tuple[str, str]] = {k: v.dimensions for k, v in KINDS.items()}
# The suppressed tables: districts × layers, layers × segments, cohorts, districts × segments.
Built = tuple[Disclosure, Disclosure, Disclosure, Disclosure]
MIN_COUNT = DisclosureRules().min_count  # a count below this is hidden from the public


@dataclass(frozen=True)
class MapTable:
    """A table as one reader may see it: values (None = hidden) and, for staff, reasons."""

    categories: tuple[tuple[str, ...], ...]
    measures: tuple[str, ...]
    values: dict[tuple[tuple[str | None, ...], str], float | None]
    reasons: dict[tuple[tuple[str | None, ...], str], str] = field(default_factory=dict)
    unsuppressed: bool = False
    method: str = DISCLOSURE_CONTROL

    def value(self, key: tuple[str | None, ...], measure: str = COUNT) -> float | None:
        return self.values.get((key, measure))


def _view(disclosure: Disclosure) -> MapTable:
    """The centre's view: every figure, with the reason it is hidden from others."""
    table: SuppressedTable = disclosure.operator_table()
    reasons = {(key, measure): str(reason) for key, measure, reason in disclosure.hidden()}
    return MapTable(table.categories, table.measures, dict(table.values), reasons, True)


def _released_view(table: ReleasedTable) -> MapTable:
    """A released table as investors and the public see it."""
    return MapTable(table.categories, table.measures, dict(table.values), method=table.method)


class _Cache:
    """Suppressed tables per warehouse file, rebuilt when the file changes (suppressing the
    main table takes a few hundred milliseconds)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stamp: dict[str, float] = {}
        self._tables: dict[tuple[str, str], Any] = {}

    def get(self, warehouse: Path, name: str, build: Any) -> Any:
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


@dataclass(frozen=True)
class MapViews:
    """What one reader sees of the map. Public: ``districts`` (district × layer) and
    ``segments`` (layer × segment), separately suppressed; staff also get ``detail``
    (district × segment)."""

    districts: MapTable
    segments: MapTable
    cohorts: MapTable
    detail: MapTable | None

    def segment(self, code: str, measure: str = COUNT) -> float | None:
        return self.segments.value((None, code), measure)


def map_views(
    actor: Actor,
    warehouse: Path,
    districts: tuple[str, ...],
    released: Mapping[str, ReleasedTable] | None = None,
) -> MapViews:
    """The map's tables for ``actor``: every figure for the centre's staff; for everybody
    else what the release path lets out (``public_tables``), the latest recorded release of
    a table (``released``, by kind) in place of the live disclosure-controlled one."""
    authorize(actor, "industry.read_map")
    built = _built(warehouse, districts)
    if _unsuppressed(actor):
        by_district, by_segment, cohorts, detail = (_view(d) for d in built)
        return MapViews(by_district, by_segment, cohorts, detail)
    tables = public_tables(built, released or {})
    return MapViews(
        _released_view(tables[DISTRICTS]),
        _released_view(tables[SEGMENTS]),
        _released_view(tables[COHORTS]),
        None,
    )


def _built(warehouse: Path, districts: tuple[str, ...]) -> Built:
    built: Built = CACHE.get(warehouse, "views", lambda: _disclosures(warehouse, districts))
    return built


def public_tables(built: Built, released: Mapping[str, ReleasedTable]) -> dict[str, ReleasedTable]:
    """The public tables by release kind: a recorded release, or the live table through
    disclosure control.

    Disclosure-controlled tables that share a figure (a layer's total, the grand total) must
    agree on showing it; when they do not, the later table is withheld from the public,
    since the shared figure could be combined with its other figures to undo a suppression.
    A differentially private table hides nothing and is exact nowhere, so it is not checked.
    """
    by_district = released.get(DISTRICTS) or release_disclosure(built[0])
    by_segment = released.get(SEGMENTS) or release_disclosure(built[1])
    cohorts = release_disclosure(built[2])
    if by_district.method == DISCLOSURE_CONTROL:
        layers = by_district.categories[1]
        shared: list[tuple[EntryKey, EntryKey]] = [((None, x), (x, None)) for x in layers]
        shared.append(((None, None), (None, None)))
        if by_segment.method == DISCLOSURE_CONTROL:
            by_segment = _consistent(by_district, by_segment, shared)
        cohorts = _consistent(by_district, cohorts, [((None, None), (None, None))])
    return {DISTRICTS: by_district, SEGMENTS: by_segment, COHORTS: cohorts}


def _consistent(
    first: ReleasedTable, second: ReleasedTable, shared: Sequence[tuple[EntryKey, EntryKey]]
) -> ReleasedTable:
    measures = set(first.measures) & set(second.measures)
    for a, b in shared:
        for measure in measures:
            if (first.value(a, measure) is None) != (second.value(b, measure) is None):
                hidden: dict[ValueKey, float | None] = dict.fromkeys(second.values)
                return ReleasedTable(second.categories, second.measures, hidden)
    return second


def controlled_table(
    actor: Actor,
    warehouse: Path,
    districts: tuple[str, ...],
    kind: str,
    released: Mapping[str, ReleasedTable],
) -> ReleasedTable:
    """A public table through disclosure control, as the public would see it beside the
    other recorded releases (``released``): what a disclosure-controlled release records."""
    authorize(actor, "industry.read_unsuppressed")
    others = {k: v for k, v in released.items() if k != kind}
    return public_tables(_built(warehouse, districts), others)[kind]


def structural_zeros(kind: str) -> frozenset[tuple[str, str]]:
    """Cells of a release kind that are empty by definition: a segment under another layer
    than its own."""
    if KIND_DIMENSIONS[kind] != ("layer", "segment"):
        return frozenset()
    segments = [s for s in load_chain().segments if s.is_ai]
    layers = {s.layer for s in segments}
    return frozenset((layer, s.key) for s in segments for layer in layers if layer != s.layer)


def count_table(actor: Actor, warehouse: Path, kind: str) -> MagnitudeTable:
    """The firm counts of a release kind over categories fixed by configuration, not by the
    data (the city's districts and "unknown", the chain's layers and segments): what a
    differentially private release adds noise to. Firms of a district the city file does
    not know count under "unknown"."""
    authorize(actor, "industry.read_unsuppressed")
    chain = load_chain()
    axes = {
        "district": ("district_code", (*district_codes(), "unknown")),
        "layer": (LAYER_SQL, tuple(dict.fromkeys(s.layer for s in chain.segments if s.is_ai))),
        "segment": ("segment", tuple(s.key for s in chain.segments if s.is_ai)),
    }
    (row_sql, rows), (column_sql, columns) = (axes[d] for d in KIND_DIMENSIONS[kind])
    with reading(warehouse) as connection:
        _connection_checked(connection)
        found = connection.execute(f"""
            SELECT {row_sql} AS r, {column_sql} AS c, sum(firms) FROM map_cells
            WHERE segment <> 'X.other' GROUP BY ALL""").fetchall()  # noqa: S608 - fixed SQL
    counts: dict[tuple[str, ...], int] = {}
    for r, c, firms in found:
        r = r if r in rows else "unknown"
        if r in rows and c in columns:
            counts[(r, c)] = counts.get((r, c), 0) + int(firms)
    cells = {key: Cell(n) for key, n in counts.items()}
    return MagnitudeTable(KIND_DIMENSIONS[kind], cells, (), (rows, columns))


LAYER_SQL = (
    "CASE split_part(segment, '.', 1) "
    + " ".join(f"WHEN '{prefix}' THEN '{layer}'" for prefix, layer in LAYERS.items())
    + " END"
)


def _disclosures(warehouse: Path, districts: tuple[str, ...]) -> Built:
    chain = load_chain()
    segments = tuple(s.key for s in chain.segments if s.is_ai)
    layers = tuple(dict.fromkeys(s.layer for s in chain.segments if s.is_ai))
    with reading(warehouse) as connection:
        _connection_checked(connection)
        found = {
            r[0]
            for r in connection.execute("SELECT DISTINCT district_code FROM map_cells").fetchall()
        }
        all_districts = tuple(districts) + tuple(sorted(found - set(districts)))
        return (
            _disclosure(
                connection,
                ("district", "district_code"),
                ("layer", LAYER_SQL),
                (all_districts, layers),
            ),
            _disclosure(
                connection, ("layer", LAYER_SQL), ("segment", "segment"), (layers, segments)
            ),
            _cohort_disclosure(connection),
            _disclosure(
                connection,
                ("district", "district_code"),
                ("segment", "segment"),
                (all_districts, segments),
            ),
        )


def _disclosure(
    connection: duckdb.DuckDBPyConnection,
    rows: tuple[str, str],
    columns: tuple[str, str],
    categories: tuple[tuple[str, ...], tuple[str, ...]],
) -> Disclosure:
    """A 2-D table of AI firms and their magnitudes (name, SQL expression per dimension)."""
    tops = ", ".join(
        f"sum({m}), list_sort(flatten(list({m}_top2)), 'DESC')[1:2]" for m in MAGNITUDES
    )
    result = connection.execute(f"""
        SELECT {rows[1]} AS r, {columns[1]} AS c, sum(firms), {tops} FROM map_cells
        WHERE segment <> 'X.other' GROUP BY ALL""").fetchall()  # noqa: S608 - fixed SQL
    cells: dict[tuple[str, ...], Cell] = {}
    for row in result:
        if row[0] not in categories[0] or row[1] not in categories[1]:
            continue
        magnitudes = {
            m: Magnitude(float(row[3 + 2 * i] or 0), tuple(float(x) for x in row[4 + 2 * i] or ()))
            for i, m in enumerate(MAGNITUDES)
        }
        cells[(row[0], row[1])] = Cell(int(row[2]), magnitudes)
    return suppress(MagnitudeTable((rows[0], columns[0]), cells, MAGNITUDES, categories))


def _cohort_disclosure(connection: duckdb.DuckDBPyConnection) -> Disclosure:
    """Founding period × stage over all AI firms."""
    bands = " ".join(
        f"WHEN founded_year {'>= ' + str(lo) if lo else '> 0'} "
        f"{'AND founded_year <= ' + str(hi) if hi else ''} THEN '{label}'"
        for label, lo, hi in PERIODS
    )
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


def chain_graph(views: MapViews, demand: list[SegmentDemand]) -> list[ChainNode]:
    """Coverage and gaps from the figures this reader may see: a hidden segment total
    counts as unknown (firms -1, never a gap), so a gap never reveals a small hidden count."""
    firms = {s: int(v) for s in views.segments.categories[1] if (v := views.segment(s)) is not None}
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


def demand_supply(views: MapViews, demand: list[SegmentDemand]) -> list[DemandSupply]:
    """Every AI segment with its scenes and its local firms; the index is scenes per 10
    firms (scenes over no local firm count as over one)."""
    by_segment = {d.segment: d for d in demand}
    rows = []
    for segment in views.segments.categories[1]:
        firms = views.segment(segment)
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


def local_benchmark(views: MapViews) -> dict[str, float | None]:
    """The measures of the benchmark file this city's map can answer (None if hidden)."""
    return {
        "ai_firms": views.segments.value((None, None)),
        "humanoid_firms": views.segment("E.humanoid"),
        "ic_design_firms": views.segment("F.chip"),
    }


@dataclass(frozen=True)
class Unclassified:
    """Firms the classifier could not place reliably: counted apart from every segment."""

    firms: int | None  # None: fewer than 10, hidden from the public
    min_confidence: float


def unclassified(actor: Actor, warehouse: Path) -> Unclassified:
    """The map's "not classified reliably, needs review" line; the public sees it from 10
    firms on, as any other count (it is not part of any table's margins)."""
    authorize(actor, "industry.read_map")
    count: int = CACHE.get(warehouse, "unclassified", lambda: _count_unclassified(warehouse))
    shown = count if _unsuppressed(actor) or count == 0 or count >= MIN_COUNT else None
    return Unclassified(shown, MIN_CONFIDENCE)


def _count_unclassified(warehouse: Path) -> int:
    with reading(warehouse) as connection:
        _connection_checked(connection)
        row = connection.execute(
            "SELECT count(*) FROM map_firms WHERE segment = ?", [UNCLASSIFIED]
        ).fetchone()
    return int(row[0]) if row else 0


# --- the city's districts and the chain's names, as the pages and the API show them ---------

LAYER_LABELS: dict[str, str] = {
    "foundation": N_("Foundation"),
    "technology": N_("Technology"),
    "embodied": N_("Embodied intelligence"),
    "application": N_("Applications"),
}


def district_codes() -> tuple[str, ...]:
    """The configured city's district codes (``SCENEHUB_CITY_FILE``), in the file's order."""
    return tuple(d.code for d in load_city().districts)


def district_names(locale: str) -> dict[str, str]:
    """District code → its name in ``locale``, with ``unknown`` for firms without one."""
    zh = locale.startswith("zh")
    names = {d.code: d.name if zh else d.name_en for d in load_city().districts}
    names["unknown"] = Translator(locale).gettext(N_("district unknown"))
    return names


def segment_name(code: str, locale: str) -> str:
    """A chain segment's name in ``locale`` (the code itself when the chain lacks it)."""
    try:
        segment = load_chain().segment(code)
    except KeyError:
        return code
    return segment.zh if locale.startswith("zh") else segment.en


def district_shapes() -> dict[str, Any]:
    """The schematic district cells of the city as GeoJSON (the choropleth's map)."""
    return district_cells([(d.code, d.name, d.seat) for d in load_city().districts if d.seat])


def category_label(dimension: str, code: str, locale: str) -> str:
    """A table category's name in ``locale``: a district, a layer, a segment (a founding
    period or a stage is its own name)."""
    if dimension == "district":
        return district_names(locale).get(code, code)
    if dimension == "segment":
        return segment_name(code, locale)
    if dimension == "layer" and code in LAYER_LABELS:
        return Translator(locale).gettext(LAYER_LABELS[code])
    return code


DEMAND_SORTS = ("index", "scenes", "firms", "budget")


def sort_demand_supply(rows: list[DemandSupply], sort: str) -> list[DemandSupply]:
    """Rows by ``sort`` (one of ``DEMAND_SORTS``), largest first; hidden figures last, then
    by segment code."""

    def key(row: DemandSupply) -> tuple[float, str]:
        value = {
            "index": row.index,
            "scenes": row.demand.scenes if row.demand else 0,
            "firms": row.firms,
            "budget": row.demand.budget_max_10k if row.demand else 0,
        }[sort]
        return (-(value if value is not None else -1), row.segment)

    return sorted(rows, key=key)
