"""SQL fragments over a golden firm's linked records (``record_firms`` ⋈ ``std_records`` as
``s`` ⋈ ``current_records`` as ``c``), shared by everything that reads a firm's attributes
from its departments' records: the industry map's facts, the capability registry and the
E-Station's facts of a firm.

One home for the choice of a firm's business scope (经营范围) so that the registry and the
map never disagree on it: the ``business_scope`` field of every source whose spec maps it,
else the city file's ``scope`` column; the most trusted source's text wins (the city's
``trust`` order, then the latest run, as golden records choose).
"""

from __future__ import annotations

from scenehub.city import Column, Facts

# Sources the city file does not rank come after every ranked one (as in ``golden.py``).
UNRANKED = 1000
LINKED_RECORDS = """record_firms f
    JOIN std_records s ON s.unique_id = f.unique_id
    JOIN current_records c
      ON c.run_id = s.run_id AND c.source = s.source AND c.row_number = s.row_number"""


def quoted(text: str) -> str:
    """``text`` inside an SQL string literal."""
    return text.replace("'", "''")


def extra_sql(source: str, column: str) -> str:
    """SQL for one extra attribute of the linked records of ``source``."""
    return f"CASE WHEN s.source = '{quoted(source)}' THEN {extra_value_sql(column)} END"


def extra_value_sql(column: str) -> str:
    """SQL for one extra attribute of a linked record, as text (NULL when it has none)."""
    path = f'$."{column}"'
    return f"json_extract_string(c.extra, '{quoted(path)}')"


def scope_sql(city_scope: Column | None) -> str:
    """A linked record's business scope: its ``business_scope`` field, else the city file's
    scope column when the record is of that source; blank is none."""
    mapped = "nullif(trim(c.business_scope), '')"
    if city_scope is None:
        return mapped
    return f"coalesce({mapped}, nullif(trim({extra_sql(*city_scope)}), ''))"


def trust_rank_sql(trust: tuple[str, ...]) -> str:
    """A linked record's place in the city's trust order (0 most trusted)."""
    ranks = " ".join(f"WHEN '{quoted(s)}' THEN {i}" for i, s in enumerate(trust))
    return f"CASE s.source {ranks} ELSE {UNRANKED} END" if trust else str(UNRANKED)


def chosen_scope_sql(facts: Facts) -> str:
    """The aggregate that picks a firm's one business scope among its linked records."""
    scope = scope_sql(facts.scope)
    return (
        f"arg_min({scope}, ({trust_rank_sql(facts.trust)}, -s.run_id, s.row_number)) "
        f"FILTER (WHERE {scope} IS NOT NULL)"
    )
