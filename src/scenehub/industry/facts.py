"""Firm facts for the industry map: one row per golden firm with the figures and texts the
map and the classifier read, gathered from the departments' records in the warehouse.

Which department says what comes from the city file (``facts:``, ``scenehub.city.Facts``):
headcount (Hangzhou: social insurance's latest month, else the statistics bureau), revenue,
patents (the number of patent records linked to the firm, and their titles) and the texts the
classifier reads (registered business scope, products, chain link, technology field). A city
whose departments hold none of a figure leaves it empty.
"""

from __future__ import annotations

import duckdb

from scenehub.city import Facts
from scenehub.integration.warehouse import count_rows, has_tables

MAX_PATENT_TITLES = 20


def _extra(source: str, column: str) -> str:
    """SQL for one extra attribute of the linked records of ``source`` (identifiers only)."""
    return (
        f"CASE WHEN s.source = '{source}' THEN json_extract_string(c.extra, '$.\"{column}\"') END"
    )


def build_firm_facts(connection: duckdb.DuckDBPyConnection, facts: Facts) -> int:
    """(Re)build ``firm_facts`` from the golden records and their linked records."""
    if not has_tables(connection, "golden_firms", "record_firms", "std_records"):
        raise LookupError("no golden records: run `scenehub resolve` first")
    headcount = ", ".join(f"max(TRY_CAST({_extra(s, c)} AS BIGINT))" for s, c in facts.headcount)
    revenue = f"TRY_CAST({_extra(*facts.revenue)} AS DOUBLE)" if facts.revenue else "NULL"
    texts = " || ' ' || ".join(
        f"coalesce(string_agg(DISTINCT {_extra(s, c)}, ' '), '')" for s, c in facts.texts
    )
    patent_source, patent_column = facts.patents or ("", "")
    patent_title = _extra(patent_source, patent_column) if facts.patents else "NULL"
    connection.execute(f"""
        CREATE OR REPLACE TABLE firm_facts AS
        WITH linked AS (
            SELECT f.firm_id,
                   {f"coalesce({headcount})" if headcount else "NULL"} AS headcount,
                   max({revenue}) AS revenue_10k,
                   count(*) FILTER (WHERE s.source = '{patent_source}') AS patents,
                   list(DISTINCT {patent_title})[1:{MAX_PATENT_TITLES}] AS patent_titles,
                   {f"trim({texts})" if texts else "''"} AS department_text
            FROM record_firms f
            JOIN std_records s USING (unique_id)
            JOIN current_records c
              ON c.run_id = s.run_id AND c.source = s.source AND c.row_number = s.row_number
            GROUP BY f.firm_id)
        SELECT g.firm_id, g.uscc, g.name, g.district_code,
               TRY_CAST(g.established AS DATE) AS established,
               year(TRY_CAST(g.established AS DATE)) AS founded_year,
               TRY_CAST(g.registered_capital AS DOUBLE) AS registered_capital,
               l.headcount, l.revenue_10k, coalesce(l.patents, 0) AS patents,
               coalesce(array_to_string(l.patent_titles, '；'), '') AS patent_titles,
               coalesce(l.department_text, '') AS department_text
        FROM golden_firms g LEFT JOIN linked l USING (firm_id)
        WHERE g.name IS NOT NULL""")  # noqa: S608 - identifiers from the tables above
    return count_rows(connection, "firm_facts")
