"""The analytics warehouse (DuckDB): the raw zone with lineage, rejects, ingest runs.

The app's own database (SQLite/PostgreSQL) holds users, scenes and the audit trail; the
pipeline's bulk data lives here, columnar, where DuckDB (and Spark, reading the exported
Parquet) can scan it fast.
"""

from __future__ import annotations

import time
from pathlib import Path

import duckdb

SCHEMA = (
    """CREATE TABLE IF NOT EXISTS sources (
        source VARCHAR PRIMARY KEY, department VARCHAR NOT NULL, title VARCHAR,
        grade VARCHAR NOT NULL, personal VARCHAR[], spec_path VARCHAR,
        current_run BIGINT, updated_at TIMESTAMPTZ)""",
    "CREATE SEQUENCE IF NOT EXISTS ingest_run_ids START 1",
    """CREATE TABLE IF NOT EXISTS ingest_runs (
        run_id BIGINT PRIMARY KEY, source VARCHAR NOT NULL, file_path VARCHAR NOT NULL,
        file_sha256 VARCHAR NOT NULL, spec_sha256 VARCHAR NOT NULL, encoding VARCHAR,
        started_at TIMESTAMPTZ NOT NULL, finished_at TIMESTAMPTZ,
        rows BIGINT, rejects BIGINT)""",
    """CREATE TABLE IF NOT EXISTS raw_records (
        run_id BIGINT NOT NULL, source VARCHAR NOT NULL, row_number BIGINT NOT NULL,
        record_id VARCHAR NOT NULL, uscc VARCHAR, name VARCHAR, address VARCHAR,
        legal_rep VARCHAR, phone VARCHAR, established VARCHAR, registered_capital VARCHAR,
        extra JSON)""",
    """CREATE TABLE IF NOT EXISTS rejects (
        run_id BIGINT NOT NULL, source VARCHAR NOT NULL, row_number BIGINT NOT NULL,
        record_id VARCHAR, reason VARCHAR NOT NULL, raw JSON)""",
    # Operators' decisions on pairs of records (clerical review, ``integration/review.py``):
    # appended, never rewritten by resolution; the latest decision on a pair counts.
    "CREATE SEQUENCE IF NOT EXISTS link_decision_ids START 1",
    """CREATE TABLE IF NOT EXISTS link_decisions (
        decision_id BIGINT PRIMARY KEY DEFAULT nextval('link_decision_ids'),
        unique_id_l VARCHAR NOT NULL, unique_id_r VARCHAR NOT NULL,
        decision VARCHAR NOT NULL CHECK (decision IN ('match', 'split')),
        match_probability DOUBLE, decided_by VARCHAR NOT NULL, decided_by_id BIGINT,
        decided_at TIMESTAMPTZ NOT NULL, note VARCHAR NOT NULL DEFAULT '',
        CHECK (unique_id_l < unique_id_r))""",
    # Added after the first release (a warehouse made before keeps working).
    "ALTER TABLE raw_records ADD COLUMN IF NOT EXISTS former_names VARCHAR",
    "ALTER TABLE raw_records ADD COLUMN IF NOT EXISTS business_scope VARCHAR",
    # Each mapped field's grade (its own or the dataset's; governance/grading.py), as JSON.
    "ALTER TABLE sources ADD COLUMN IF NOT EXISTS field_grades JSON",
    # The records of each source's current run: what resolution reads.
    """CREATE OR REPLACE VIEW current_records AS
        SELECT r.* FROM raw_records r JOIN sources s
          ON r.source = s.source AND r.run_id = s.current_run""",
)


def open_warehouse(
    path: Path, read_only: bool = False, wait_seconds: float = 0
) -> duckdb.DuckDBPyConnection:
    """Connect to the warehouse at ``path``, creating its schema on first use; wait up to
    ``wait_seconds`` while another process holds it."""
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            connection = duckdb.connect(str(path), read_only=read_only)
            break
        except duckdb.IOException:
            if time.monotonic() >= deadline:
                raise
            time.sleep(0.5)
    if not read_only:
        for statement in SCHEMA:
            connection.execute(statement)
    return connection


def has_tables(connection: duckdb.DuckDBPyConnection, *names: str) -> bool:
    """Whether every one of ``names`` exists (e.g. before resolution has ever run)."""
    rows = connection.execute(
        "SELECT count(DISTINCT table_name) FROM duckdb_tables() WHERE list_contains(?, table_name)",
        [list(names)],
    ).fetchall()
    return bool(rows) and int(rows[0][0]) == len(names)
