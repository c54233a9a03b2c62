"""Firm facts for the industry map: one row per golden firm with the figures and texts the
map and the classifier read, gathered from the departments' records in the warehouse.

Which department says what is configured here, by source and column, so a city with other
datasets changes this table, not the SQL:

- headcount: social insurance (参保人数, the latest month), else the statistics bureau;
- revenue: the statistics bureau (营业收入, 10k yuan);
- patents: the number of patent records linked to the firm, and their titles;
- texts: the registered business scope, products, chain link and technology field that
  departments record — what the classifier reads.
"""

from __future__ import annotations

import duckdb

from scenehub.integration.warehouse import count_rows, has_tables

# (source, column in the record's extra attributes)
HEADCOUNT = (("hrss_insured", "参保人数"), ("stats_above_scale", "从业人员期末人数"))
REVENUE = ("stats_above_scale", "营业收入(万元)")
PATENTS = ("ipo_patents", "title")
TEXTS = (
    ("amr_registrations", "经营范围"),
    ("eit_ai_firms", "mainProducts"),
    ("eit_ai_firms", "chainLink"),
    ("most_hightech", "技术领域"),
    ("eit_specialised", "细分领域"),
)
MAX_PATENT_TITLES = 20


def _extra(source: str, column: str) -> str:
    """SQL for one extra attribute of the linked records of ``source`` (identifiers only)."""
    return (
        f"CASE WHEN s.source = '{source}' THEN json_extract_string(c.extra, '$.\"{column}\"') END"
    )


def build_firm_facts(connection: duckdb.DuckDBPyConnection) -> int:
    """(Re)build ``firm_facts`` from the golden records and their linked records."""
    if not has_tables(connection, "golden_firms", "record_firms", "std_records"):
        raise LookupError("no golden records: run `scenehub resolve` first")
    headcount = ", ".join(f"max(TRY_CAST({_extra(s, c)} AS BIGINT))" for s, c in HEADCOUNT)
    texts = " || ' ' || ".join(
        f"coalesce(string_agg(DISTINCT {_extra(s, c)}, ' '), '')" for s, c in TEXTS
    )
    patent_source, patent_column = PATENTS
    connection.execute(f"""
        CREATE OR REPLACE TABLE firm_facts AS
        WITH linked AS (
            SELECT f.firm_id,
                   coalesce({headcount}) AS headcount,
                   max(TRY_CAST({_extra(*REVENUE)} AS DOUBLE)) AS revenue_10k,
                   count(*) FILTER (WHERE s.source = '{patent_source}') AS patents,
                   list(DISTINCT {_extra(patent_source, patent_column)})
                       [1:{MAX_PATENT_TITLES}] AS patent_titles,
                   trim({texts}) AS department_text
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
