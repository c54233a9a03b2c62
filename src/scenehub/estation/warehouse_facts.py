"""The warehouse's records of a firm's facts: the SQL that gathers them per golden firm (built
from the city file's ``facts`` columns, over the linked records ``integration/record_sql.py``
describes) and its rows as ``MunicipalRecords`` for ``firm_facts.py``.

One statement serves one firm and every firm: per golden firm, its founding date and district
from ``golden_provenance`` (with the department of the record each came from), the records of
the facts' sources with the columns the facts read (latest run first), and the segments the
classifier gave (``firm_segments``, when the firms have been classified). The values stay
text as the departments wrote them: the pure core reads them (dates in every style included).
A page of firms at a time is fetched, so all firms take one scan and little memory.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import duckdb

from scenehub.city import FactColumn
from scenehub.estation.firm_records import (
    FactRecord,
    GoldenValue,
    MunicipalRecords,
    Register,
    Segment,
)
from scenehub.integration.record_sql import LINKED_RECORDS, extra_value_sql, quoted
from scenehub.integration.warehouse import has_tables

PAGE_FIRMS = 2_000
# Facts a firm's absence from a source's list decides (no record: 0, or not certified).
LIST_FACTS = ("patents", "high_tech", "prior_defaults")
ONE_FIRM = "WHERE firm_id = ?"
EVERY_FIRM = ""
# The firm's linked records of the facts' sources are found once (one scan of the records,
# materialised), then each fact's column is read from them (``c``, as record_sql names them).
_LINKED = """linked AS MATERIALIZED (
    SELECT f.firm_id, s.source, s.department, s.record_id, s.run_id, s.row_number, c.extra
    FROM {linked} JOIN wanted w ON w.firm_id = f.firm_id
    WHERE s.source IN ({sources}))"""
_BRANCH = """SELECT c.firm_id, '{fact}' AS fact, {priority} AS priority, c.source, c.department,
       c.record_id, '{column}' AS column_name, {value} AS value, {as_of} AS as_of,
       {valid_until} AS valid_until, c.run_id, c.row_number
    FROM linked c WHERE c.source = '{source}'"""
_GOLDEN_FIELD = """max(struct_pack(value := p.value, source := p.source,
           department := coalesce(d.department, p.source), record_id := p.record_id))
           FILTER (WHERE p.field = '{field}')"""
_SEGMENTS = """segments AS (
    SELECT firm_id, list(struct_pack(code, score, kind, source) ORDER BY rank) AS segments
    FROM firm_segments JOIN wanted USING (firm_id)
    WHERE kind IN ('primary', 'secondary') GROUP BY firm_id)"""
_NO_SEGMENTS = "segments AS (SELECT NULL::VARCHAR AS firm_id, NULL AS segments WHERE false)"
FIRM_RECORDS_SQL = """WITH wanted AS (SELECT firm_id FROM golden_firms {where}),
{linked},
records AS ({branches}),
grouped AS (
    SELECT firm_id, list(struct_pack(fact, priority, source, department, record_id,
                                     column_name, value, as_of, valid_until)
                         ORDER BY priority, run_id DESC, row_number) AS records
    FROM records GROUP BY firm_id),
golden AS (
    SELECT p.firm_id, {established} AS established, {district} AS district
    FROM golden_provenance p JOIN wanted USING (firm_id)
    LEFT JOIN sources d ON d.source = p.source
    GROUP BY p.firm_id),
{segments}
SELECT w.firm_id, g.established, g.district, r.records, s.segments
FROM wanted w LEFT JOIN golden g USING (firm_id) LEFT JOIN grouped r USING (firm_id)
LEFT JOIN segments s USING (firm_id)
ORDER BY w.firm_id"""
_NO_RECORDS = """SELECT NULL::VARCHAR AS firm_id, NULL AS fact, 0 AS priority, NULL AS source,
       NULL AS department, NULL AS record_id, NULL AS column_name, NULL AS value,
       NULL AS as_of, NULL AS valid_until, 0 AS run_id, 0 AS row_number WHERE false"""
REGISTERS_SQL = """SELECT source, department FROM sources
WHERE current_run IS NOT NULL AND list_contains(?, source) ORDER BY source"""


def firm_records_sql(columns: Sequence[FactColumn], where: str, classified: bool) -> str:
    """The statement for the firms ``where`` chooses (ONE_FIRM or EVERY_FIRM), the segments
    read only when the firms have been ``classified``. Only the city file's identifiers go
    into it (quoted as SQL strings); a firm's id is a parameter."""
    sources = ", ".join(sorted({f"'{quoted(c.source)}'" for c in columns})) or "NULL"
    return FIRM_RECORDS_SQL.format(
        where=where,
        linked=_LINKED.format(linked=LINKED_RECORDS, sources=sources),
        branches=" UNION ALL ".join(
            _branch(column, priority) for column, priority in _prioritised(columns)
        )
        or _NO_RECORDS,
        established=_GOLDEN_FIELD.format(field="established"),
        district=_GOLDEN_FIELD.format(field="district_code"),
        segments=_SEGMENTS if classified else _NO_SEGMENTS,
    )


def _prioritised(columns: Sequence[FactColumn]) -> list[tuple[FactColumn, int]]:
    """Each column with its place among its fact's columns (the first listed counts first)."""
    seen: dict[str, int] = {}
    placed = []
    for column in columns:
        placed.append((column, seen.get(column.fact, 0)))
        seen[column.fact] = seen.get(column.fact, 0) + 1
    return placed


def _branch(column: FactColumn, priority: int) -> str:
    def text(name: str) -> str:
        return extra_value_sql(name) if name else "CAST(NULL AS VARCHAR)"

    return _BRANCH.format(
        fact=quoted(column.fact),
        priority=priority,
        column=quoted(column.column),
        value=text(column.column),
        as_of=text(column.as_of),
        valid_until=text(column.valid_until),
        source=quoted(column.source),
    )


def registers(
    connection: duckdb.DuckDBPyConnection, columns: Sequence[FactColumn]
) -> tuple[Register, ...]:
    """The lists of LIST_FACTS the warehouse holds (a current run of the source)."""
    wanted = [c for c in columns if c.fact in LIST_FACTS]
    held = dict(connection.execute(REGISTERS_SQL, [sorted({c.source for c in wanted})]).fetchall())
    return tuple(
        Register(c.fact, c.source, str(held[c.source])) for c in wanted if c.source in held
    )


def one_firm(
    connection: duckdb.DuckDBPyConnection, columns: Sequence[FactColumn], golden_id: str
) -> MunicipalRecords | None:
    """What the warehouse holds about one golden firm (None: no such firm)."""
    sql = firm_records_sql(columns, ONE_FIRM, _classified(connection))
    row = connection.execute(sql, [golden_id]).fetchone()
    return municipal_records(row, registers(connection, columns)) if row else None


def every_firm(
    connection: duckdb.DuckDBPyConnection,
    columns: Sequence[FactColumn],
    page: int = PAGE_FIRMS,
) -> Iterator[MunicipalRecords]:
    """What the warehouse holds about each golden firm, by firm id, a page at a time."""
    held = registers(connection, columns)
    cursor = connection.execute(firm_records_sql(columns, EVERY_FIRM, _classified(connection)))
    while rows := cursor.fetchmany(page):
        for row in rows:
            yield municipal_records(row, held)


def _classified(connection: duckdb.DuckDBPyConnection) -> bool:
    return has_tables(connection, "firm_segments")


def municipal_records(row: Sequence[Any], held: tuple[Register, ...]) -> MunicipalRecords:
    """A row of FIRM_RECORDS_SQL as the pure core's records."""
    firm_id, established, district, records, segments = row
    return MunicipalRecords(
        golden_id=str(firm_id),
        established=_golden(established),
        district=_golden(district),
        records=tuple(_fact_record(r) for r in records or ()),
        segments=None if segments is None else tuple(Segment(**s) for s in segments),
        registers=held,
    )


def _golden(value: dict[str, Any] | None) -> GoldenValue | None:
    return GoldenValue(**value) if value else None


def _fact_record(value: dict[str, Any]) -> FactRecord:
    return FactRecord(
        fact=value["fact"],
        priority=int(value["priority"]),
        source=value["source"],
        department=value["department"],
        record_id=value["record_id"],
        column=value["column_name"],
        value=value["value"],
        as_of=value["as_of"],
        valid_until=value["valid_until"],
    )
