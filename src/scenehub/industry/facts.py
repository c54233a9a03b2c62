"""Firm facts for the industry map: one row per golden firm with the figures and texts the
map and the classifier read, gathered from the departments' records in the warehouse.

Which department says what comes from the city file (``facts:``, ``scenehub.city.Facts``):
headcount (Hangzhou: social insurance's latest month, else the statistics bureau), revenue,
patents (the number of patent records linked to the firm, and their titles) and the texts the
classifier reads (registered business scope, products, chain link, technology field). A city
whose departments hold none of a figure leaves it empty.

The business scope (经营范围) is one text per firm, first in its department text: from every
current source whose spec maps the ``business_scope`` field, and from the city file's
``scope`` column. Where several give one, the most trusted source's counts (the city's
``trust``, then the most recent run, as golden records choose), not all of them joined: a
firm has one registered scope, and a stale copy of an old one would classify the firm by what
it no longer does (and weigh the scope twice against its products).

The step is DuckDB SQL run on an engine (``integration/engine.py``): in the warehouse itself,
or on Spark with the same result. Texts and titles gathered from several records are sorted
(and the first ``MAX_PATENT_TITLES`` titles kept in that order), so a firm's facts are the
same on every engine and in every run — and its sentence vector is found again in the cache.
"""

from __future__ import annotations

from scenehub.city import Facts
from scenehub.integration.engine import Engine, count_rows
from scenehub.integration.record_sql import LINKED_RECORDS, chosen_scope_sql, extra_sql, quoted

MAX_PATENT_TITLES = 20
# The warehouse tables (and columns) the step reads: what the Spark engine loads.
INPUTS = {
    "golden_firms": (
        "firm_id",
        "uscc",
        "name",
        "district_code",
        "established",
        "registered_capital",
    ),
    "record_firms": ("unique_id", "firm_id"),
    "std_records": ("unique_id", "source", "run_id", "row_number"),
    "current_records": ("run_id", "source", "row_number", "extra", "business_scope"),
}
FIRM_FACTS_SQL = """WITH linked AS (
    SELECT f.firm_id,
           {headcount} AS headcount,
           max({revenue}) AS revenue_10k,
           count(*) FILTER (WHERE s.source = '{patent_source}') AS patents,
           array_slice({patent_titles}, 1, {max_titles}) AS patent_titles,
           {texts} AS department_text,
           {scope} AS business_scope
    FROM {linked}
    GROUP BY f.firm_id)
SELECT g.firm_id, g.uscc, g.name, g.district_code,
       TRY_CAST(g.established AS DATE) AS established,
       CAST(year(TRY_CAST(g.established AS DATE)) AS INTEGER) AS founded_year,
       TRY_CAST(g.registered_capital AS DOUBLE) AS registered_capital,
       l.headcount, l.revenue_10k, coalesce(l.patents, 0) AS patents,
       coalesce(array_to_string(l.patent_titles, '；'), '') AS patent_titles,
       trim(coalesce(l.business_scope, '') || ' ' || coalesce(l.department_text, ''))
         AS department_text
FROM golden_firms g LEFT JOIN linked l ON l.firm_id = g.firm_id
WHERE g.name IS NOT NULL"""


def build_firm_facts(engine: Engine, facts: Facts) -> int:
    """(Re)build ``firm_facts`` from the golden records and their linked records."""
    engine.create_table("firm_facts", firm_facts_sql(facts))
    return count_rows(engine, "firm_facts")


def firm_facts_sql(facts: Facts) -> str:
    """The step's SQL for the city's ``facts`` (sources and columns are identifiers of the
    city file, quoted as SQL strings)."""
    headcounts = [f"max(TRY_CAST({extra_sql(s, c)} AS BIGINT))" for s, c in facts.headcount]
    patent_source, patent_column = facts.patents or ("", "")
    titles = _sorted_distinct(extra_sql(patent_source, patent_column)) if facts.patents else None
    texts = " || ' ' || ".join(
        f"coalesce(array_to_string({_sorted_distinct(extra_sql(s, c))}, ' '), '')"
        for s, c in facts.texts
        if (s, c) != facts.scope  # the scope is chosen apart (below)
    )
    return FIRM_FACTS_SQL.format(
        headcount=f"coalesce({', '.join(headcounts)})" if headcounts else "CAST(NULL AS BIGINT)",
        revenue=f"TRY_CAST({extra_sql(*facts.revenue)} AS DOUBLE)" if facts.revenue else "NULL",
        patent_source=quoted(patent_source),
        patent_titles=titles or "CAST(NULL AS VARCHAR[])",
        max_titles=MAX_PATENT_TITLES,
        texts=f"trim({texts})" if texts else "''",
        scope=chosen_scope_sql(facts),
        linked=LINKED_RECORDS,
    )


def _sorted_distinct(value: str) -> str:
    """The distinct non-null values of ``value`` in a group, sorted (the same on every
    engine: Spark's ``collect_list`` keeps no order, DuckDB's ``list`` keeps nulls)."""
    return f"list_sort(list(DISTINCT {value}) FILTER (WHERE {value} IS NOT NULL))"
