"""Statistical disclosure control for the tables shown to investors and the public (pure).

A ``MagnitudeTable`` has one or two dimensions (district, segment …); each cell carries its
firm count and, per published magnitude (headcount, patents …), the sum and the largest
single-firm contributions. ``suppress`` adds the margins (row, column and grand totals; a 1-D
table's total), decides for every figure whether it is shown, and says why not:

- ``primary_count``: the entry has 1 to ``min_count - 1`` firms (0 is shown). All its figures
  are hidden: a sum over a handful of firms describes those firms.
- ``primary_dominance``: the ``dominance_n`` largest firms make up *more than*
  ``dominance_k_percent`` of a magnitude's sum (exactly 85 % is shown). Only that magnitude is
  hidden; the count, and magnitudes the firms do not dominate, stay.
- ``secondary``: hidden so that no primary figure can be worked out from the rest.

Every figure (count, each magnitude) is protected in its own table. A primary is protected when
the published figures allow it to reach a value at which it would pass the rule: a count at
least ``min_count``, a dominated sum at least ``(top n)·100/k``, and anything strictly more than
its true value. Readers are assumed to know that a hidden count is at least 1 (zeros are always
shown and are never complements) and that a count-0 cell's magnitudes are 0. Complements are
the cheapest by the value they hide, zeros last, ties by the fewest figures
(``disclosure_network``); margins are figures like any other and are hidden when needed.
``disclosure_audit`` checks the outcome by linear programming, as an attacker would.

Only one- and two-dimensional tables: publish more dimensions as 2-D views, all taken from one
suppressed table (tables protected separately can give each other away; docs/disclosure.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from scenehub.governance.disclosure_network import Edge, Requirement, complements

COUNT = "count"
Reason = Literal["primary_count", "primary_dominance", "secondary"]
# A cell's key holds one category per dimension; a margin has None where it adds a dimension up.
EntryKey = tuple[str | None, ...]


@dataclass(frozen=True)
class DisclosureRules:
    min_count: int = 10
    dominance_n: int = 2
    dominance_k_percent: float = 85.0

    def __post_init__(self) -> None:
        if self.min_count < 1 or self.dominance_n < 1:
            raise ValueError("min_count and dominance_n must be at least 1")
        if not 0 < self.dominance_k_percent <= 100:
            raise ValueError("dominance_k_percent must be in (0, 100]")


@dataclass(frozen=True)
class Magnitude:
    """A cell's sum of one magnitude and its largest single-firm contributions."""

    total: float
    top: tuple[float, ...] = ()

    def __post_init__(self) -> None:
        if self.total < 0 or any(value < 0 for value in self.top):
            raise ValueError("magnitudes are nonnegative sums")

    @classmethod
    def of(cls, values: Iterable[float], keep: int = 2) -> Magnitude:
        """From every firm's contribution."""
        ordered = sorted(values, reverse=True)
        return cls(total=sum(ordered), top=tuple(ordered[:keep]))

    def leaders(self, n: int) -> float:
        return sum(sorted(self.top, reverse=True)[:n])


@dataclass(frozen=True)
class Cell:
    count: int
    magnitudes: Mapping[str, Magnitude] = field(default_factory=dict)

    def figure(self, measure: str) -> float:
        if measure == COUNT:
            return self.count
        magnitude = self.magnitudes.get(measure)
        return magnitude.total if magnitude else 0.0


@dataclass(frozen=True)
class MagnitudeTable:
    """Cells by category tuple; missing combinations are empty cells. ``categories`` fixes the
    order (and adds empty categories); by default the order in which cells name them."""

    dimensions: tuple[str, ...]
    cells: Mapping[tuple[str, ...], Cell]
    magnitudes: tuple[str, ...] = ()
    categories: tuple[tuple[str, ...], ...] | None = None

    def __post_init__(self) -> None:
        if len(self.dimensions) not in (1, 2):
            raise ValueError(
                "disclosure control handles one or two dimensions: publish more as 2-D views"
            )
        if COUNT in self.magnitudes or len(set(self.magnitudes)) != len(self.magnitudes):
            raise ValueError(f"magnitude names must be unique and not {COUNT!r}")
        known = self.category_lists()
        for key, cell in self.cells.items():
            if len(key) != len(self.dimensions) or any(
                value not in known[axis] for axis, value in enumerate(key)
            ):
                raise ValueError(f"cell {key} does not fit the table's categories")
            if cell.count < 0 or set(cell.magnitudes) - set(self.magnitudes):
                raise ValueError(f"cell {key}: negative count or unknown magnitude")

    def category_lists(self) -> tuple[tuple[str, ...], ...]:
        if self.categories is not None:
            return self.categories
        return tuple(
            tuple(dict.fromkeys(key[axis] for key in self.cells))
            for axis in range(len(self.dimensions))
        )


@dataclass(frozen=True)
class Figure:
    value: float
    reason: Reason | None = None

    @property
    def shown(self) -> bool:
        return self.reason is None


@dataclass(frozen=True)
class Line:
    """Published figures that must add up: ``sum(parts) == total``."""

    parts: tuple[EntryKey, ...]
    total: EntryKey


@dataclass(frozen=True)
class SuppressedTable:
    """What a reader gets: every figure, hidden ones as None, and no reasons (a reason would
    say what the suppression hides: ``primary_count`` means 1–9 firms)."""

    dimensions: tuple[str, ...]
    categories: tuple[tuple[str, ...], ...]
    measures: tuple[str, ...]
    entries: tuple[EntryKey, ...]
    values: Mapping[tuple[EntryKey, str], float | None]

    def value(self, key: EntryKey, measure: str = COUNT) -> float | None:
        return self.values[(key, measure)]

    def lines(self) -> list[Line]:
        return table_lines(self.categories)


@dataclass(frozen=True)
class Disclosure:
    """The verdict on every figure of a table and its margins (the operator's view)."""

    table: MagnitudeTable
    rules: DisclosureRules
    categories: tuple[tuple[str, ...], ...]
    measures: tuple[str, ...]
    figures: Mapping[EntryKey, Mapping[str, Figure]]

    def figure(self, key: EntryKey, measure: str = COUNT) -> Figure:
        return self.figures[key][measure]

    def hidden(self) -> list[tuple[EntryKey, str, Reason]]:
        return [
            (key, measure, figure.reason)
            for key, by_measure in self.figures.items()
            for measure, figure in by_measure.items()
            if figure.reason is not None
        ]

    def suppressed_table(self) -> SuppressedTable:
        """What investors and the public see."""
        return self._table(reveal=False)

    def operator_table(self) -> SuppressedTable:
        """The unsuppressed figures, for the centre's staff."""
        return self._table(reveal=True)

    def _table(self, reveal: bool) -> SuppressedTable:
        values = {
            (key, measure): figure.value if reveal or figure.shown else None
            for key, by_measure in self.figures.items()
            for measure, figure in by_measure.items()
        }
        return SuppressedTable(
            self.table.dimensions, self.categories, self.measures, tuple(self.figures), values
        )


def suppress(table: MagnitudeTable, rules: DisclosureRules = DisclosureRules()) -> Disclosure:
    """Primary and secondary suppression of every figure of ``table`` and its margins."""
    categories = table.category_lists()
    entries = entries_with_margins(table, rules.dominance_n)
    measures = (COUNT, *table.magnitudes)
    reasons: dict[tuple[EntryKey, str], Reason] = {}
    for measure in measures:
        reasons.update(_suppress_measure(entries, categories, measure, rules))
    figures = {
        key: {
            measure: Figure(entry.figure(measure), reasons.get((key, measure)))
            for measure in measures
        }
        for key, entry in entries.items()
    }
    return Disclosure(table, rules, categories, measures, figures)


def entries_with_margins(table: MagnitudeTable, keep: int = 2) -> dict[EntryKey, Cell]:
    """Every cell (empty ones included), then the margins, in reading order."""
    categories = table.category_lists()
    empty = Cell(0)
    if len(categories) == 1:
        cells: dict[EntryKey, Cell] = {(c,): table.cells.get((c,), empty) for c in categories[0]}
        cells[(None,)] = _merge(list(cells.values()), table.magnitudes, keep)
        return cells
    rows, columns = categories
    cells = {(r, c): table.cells.get((r, c), empty) for r in rows for c in columns}
    margins: dict[EntryKey, Cell] = {}
    for r in rows:
        margins[(r, None)] = _merge([cells[(r, c)] for c in columns], table.magnitudes, keep)
    for c in columns:
        margins[(None, c)] = _merge([cells[(r, c)] for r in rows], table.magnitudes, keep)
    margins[(None, None)] = _merge(list(cells.values()), table.magnitudes, keep)
    return cells | margins


def table_lines(categories: Sequence[Sequence[str]]) -> list[Line]:
    """The additive relations a reader can use: the total line of a 1-D table; every row and
    column of a 2-D table, the row and column of margins included."""
    if len(categories) == 1:
        return [Line(tuple((c,) for c in categories[0]), (None,))]
    rows: list[str | None] = [*categories[0], None]
    columns: list[str | None] = [*categories[1], None]
    return [Line(tuple((r, c) for c in columns[:-1]), (r, None)) for r in rows] + [
        Line(tuple((r, c) for r in rows[:-1]), (None, c)) for c in columns
    ]


def primary_reason(entry: Cell, measure: str, rules: DisclosureRules) -> Reason | None:
    if 0 < entry.count < rules.min_count:
        return "primary_count"
    magnitude = entry.magnitudes.get(measure)
    if measure != COUNT and magnitude is not None and _dominated(magnitude, rules):
        return "primary_dominance"
    return None


def protection_target(entry: Cell, measure: str, rules: DisclosureRules) -> float:
    """The value the published figures must allow a primary to reach (besides more than its
    own): where it would no longer be sensitive."""
    if measure == COUNT:
        return rules.min_count
    magnitude = entry.magnitudes.get(measure)
    if magnitude is None:
        return 0.0
    return magnitude.leaders(rules.dominance_n) * 100 / rules.dominance_k_percent


def _dominated(magnitude: Magnitude, rules: DisclosureRules) -> bool:
    # Multiplied out rather than divided, so 85 % of an integer sum is compared exactly.
    return 100 * magnitude.leaders(rules.dominance_n) > rules.dominance_k_percent * magnitude.total


def _merge(cells: Sequence[Cell], magnitudes: Sequence[str], keep: int) -> Cell:
    """A margin: counts and sums add up; its largest firms are among its cells' largest."""
    merged = {}
    for name in magnitudes:
        parts = [cell.magnitudes[name] for cell in cells if name in cell.magnitudes]
        top = sorted((value for part in parts for value in part.top), reverse=True)[:keep]
        merged[name] = Magnitude(sum(part.total for part in parts), tuple(top))
    return Cell(sum(cell.count for cell in cells), merged)


def _suppress_measure(
    entries: Mapping[EntryKey, Cell],
    categories: Sequence[Sequence[str]],
    measure: str,
    rules: DisclosureRules,
) -> dict[tuple[EntryKey, str], Reason]:
    keys = list(entries)
    primaries = {key: r for key in keys if (r := primary_reason(entries[key], measure, rules))}
    if not primaries:
        return {}
    edges, node_count = _network(entries, categories, measure)
    requirements = [
        Requirement(index, max(protection_target(entries[key], measure, rules) - value, 0.0))
        for index, key in enumerate(keys)
        if key in primaries
        for value in [entries[key].figure(measure)]
    ]
    hidden = complements(edges, node_count, requirements)
    return {
        (keys[index], measure): primaries.get(keys[index], "secondary") for index in sorted(hidden)
    }


def _network(
    entries: Mapping[EntryKey, Cell], categories: Sequence[Sequence[str]], measure: str
) -> tuple[list[Edge], int]:
    """The table as lines (nodes) and figures (edges), in the order of ``entries``: a 1-D
    figure joins the line (node 0) to the outside (node 1); a 2-D figure joins its row (rows
    first, the margin row last) to its column (numbered after the rows)."""
    values = [entry.figure(measure) for entry in entries.values()]
    # Dearer than any path of nonzero figures: a zero is hidden only when nothing else will do.
    zero_cost = 1 + sum(values)
    floor = 1.0 if measure == COUNT else 0.0
    if len(categories) == 1:
        ends = {key: (0, 1) for key in entries}
        node_count = 2
    else:
        rows = {r: i for i, r in enumerate([*categories[0], None])}
        columns = {c: len(rows) + i for i, c in enumerate([*categories[1], None])}
        ends = {key: (rows[key[0]], columns[key[1]]) for key in entries}
        node_count = len(rows) + len(columns)
    edges = []
    for (key, entry), value in zip(entries.items(), values, strict=True):
        cost = value if value > 0 else zero_cost
        edges.append(Edge(*ends[key], _sign(key), value, floor, entry.count > 0, cost))
    return edges, node_count


def _sign(key: EntryKey) -> int:
    """-1 for a figure that is the total of one of its lines and a part of the other."""
    if len(key) == 1:
        return -1 if key[0] is None else 1
    return -1 if key.count(None) == 1 else 1
