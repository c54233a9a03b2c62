"""A warehouse run and its audit entry are one outcome: never a committed, unaudited change.

The audit write is made to fail for real: the app database's audit table is renamed away
(on SQLite and on PostgreSQL), and the warehouse is a real DuckDB file.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pytest
from sqlalchemy import select, text
from typer.testing import CliRunner

from scenehub.cli import app
from scenehub.db import get_engine, session_factory
from scenehub.governance.models import AuditEntry
from scenehub.governance.policy import SYSTEM
from scenehub.integration.flows import (
    AuditDraft,
    AuditUnavailable,
    audit_before_commit,
    ingest_source,
)
from scenehub.integration.ingest import ingest
from scenehub.integration.warehouse import has_tables, open_warehouse
from scenehub.settings import get_settings
from tests.conftest import TEST_SECRET
from tests.integration.test_ingest import HEADER, ROWS, count, write_csv, write_spec


@pytest.fixture
def app_db(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The flows' app database is ``db_url`` (they open it from the settings)."""
    for key, value in {
        "SCENEHUB_DATABASE_URL": db_url,
        "SCENEHUB_SECRET_KEY": TEST_SECRET,
        "SCENEHUB_DATA_DIR": str(tmp_path),
        "SCENEHUB_DEFAULT_LOCALE": "en",
    }.items():
        monkeypatch.setenv(key, value)
    get_settings.cache_clear()
    get_engine.cache_clear()  # the default engine follows the settings, not an earlier test's
    yield db_url
    get_settings.cache_clear()
    get_engine.cache_clear()


@contextmanager
def audit_table_unavailable(url: str) -> Iterator[None]:
    with get_engine(url).begin() as connection:
        connection.execute(text("ALTER TABLE audit_entries RENAME TO audit_entries_away"))
    try:
        yield
    finally:
        with get_engine(url).begin() as connection:
            connection.execute(text("ALTER TABLE audit_entries_away RENAME TO audit_entries"))


def entries(url: str, action: str) -> list[tuple[str, dict[str, object]]]:
    with session_factory(url, read_only=True)() as session:
        rows = session.scalars(
            select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.seq)
        ).all()
    return [(row.outcome, dict(row.details)) for row in rows]


def test_an_ingest_the_audit_trail_cannot_record_is_not_committed(
    app_db: str, tmp_path: Path
) -> None:
    data = write_csv(tmp_path / "amr.csv", [HEADER, *ROWS])
    spec = write_spec(tmp_path, "amr.csv")
    warehouse = open_warehouse(tmp_path / "warehouse.duckdb")
    first = ingest_source(warehouse, spec)
    write_csv(data, [HEADER, *ROWS, "R3,,杭州第三科技有限公司,滨江区,2021-01-01"])
    with (
        audit_table_unavailable(app_db),
        pytest.raises(AuditUnavailable, match=r"cannot record integration\.ingest"),
    ):
        ingest_source(warehouse, spec)
    assert count(warehouse, "SELECT count(*) FROM ingest_runs") == 1
    assert count(warehouse, "SELECT current_run FROM sources") == first.run_id
    assert count(warehouse, "SELECT count(*) FROM raw_records") == 2
    again = ingest_source(warehouse, spec)  # the trail is back: the same file goes in
    assert again.changed and again.rows == 3
    recorded = entries(app_db, "integration.ingest")
    assert [(outcome, details["run"]) for outcome, details in recorded] == [
        ("success", first.run_id),
        ("success", again.run_id),
    ]
    warehouse.close()


def test_a_run_that_fails_after_its_entry_is_noted_as_failed(app_db: str, tmp_path: Path) -> None:
    write_csv(tmp_path / "amr.csv", [HEADER, *ROWS])
    spec = write_spec(tmp_path, "amr.csv")
    warehouse = open_warehouse(tmp_path / "warehouse.duckdb")

    def draft(result: object) -> AuditDraft:
        return AuditDraft("source", "amr_test", details={"run": getattr(result, "run_id", 0)})

    def ingest_whose_commit_fails() -> None:
        with audit_before_commit(SYSTEM, "integration.ingest", draft) as record_first:

            def recorded_then_the_commit_fails(result: object) -> None:
                record_first(result)
                raise OSError("disk full")  # what a failing COMMIT would raise in its place

            ingest(warehouse, spec, before_commit=recorded_then_the_commit_fails)

    with pytest.raises(OSError, match="disk full"):
        ingest_whose_commit_fails()
    assert count(warehouse, "SELECT count(*) FROM ingest_runs") == 0
    outcomes = entries(app_db, "integration.ingest")
    assert [outcome for outcome, _ in outcomes] == ["success", "failed"]
    assert outcomes[1][1]["reason"] == "not committed: OSError"
    warehouse.close()


def test_a_resolution_the_audit_trail_cannot_record_leaves_no_golden_records(
    app_db: str, tmp_path: Path
) -> None:
    lines = [HEADER, *ROWS, "R3,91330108MA2H7K0L0C,杭州云图智能科技有限公司,滨江区,2019-06-01"]
    write_csv(tmp_path / "amr.csv", lines)
    warehouse_path = tmp_path / "warehouse.duckdb"
    connection = open_warehouse(warehouse_path)
    ingest(connection, write_spec(tmp_path, "amr.csv"))
    connection.close()
    runner = CliRunner()
    with audit_table_unavailable(app_db):
        refused = runner.invoke(app, ["resolve", "--warehouse", str(warehouse_path)])
    assert refused.exit_code == 2, refused.output
    assert "cannot record integration.resolve" in " ".join(refused.output.split())
    connection = duckdb.connect(str(warehouse_path), read_only=True)
    assert not has_tables(connection, "golden_firms")
    connection.close()
    resolved = runner.invoke(app, ["resolve", "--warehouse", str(warehouse_path)])
    assert resolved.exit_code == 0, resolved.output
    [(outcome, details)] = entries(app_db, "integration.resolve")
    assert outcome == "success" and details["firms"] == 2
