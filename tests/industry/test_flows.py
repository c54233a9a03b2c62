"""A map build and its audit entry are one outcome: the entry is written in the build's run,
before the warehouse commits; a build the trail cannot record is not committed, and a build
whose commit fails after its entry is noted as failed.

The audit write is made to fail for real (the audit table is renamed away, on SQLite and on
PostgreSQL); the warehouse is a real DuckDB file resolved from a department's records.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
from sqlalchemy import select

from scenehub.city import load_city
from scenehub.db import get_engine, session_factory
from scenehub.governance.models import AuditEntry
from scenehub.governance.policy import SYSTEM
from scenehub.industry.classify import ClassifierModel
from scenehub.industry.flows import build_industry_map, map_audit
from scenehub.industry.model_store import save_model
from scenehub.industry.pipeline import Classifying, MapOutcome, run_map
from scenehub.industry.taxonomy import load_chain
from scenehub.integration.flows import AuditUnavailable
from scenehub.integration.ingest import ingest
from scenehub.integration.pipeline import run_resolution
from scenehub.integration.resolve import ResolveSettings
from scenehub.integration.standardise import city_rules
from scenehub.integration.warehouse import has_tables, open_warehouse
from scenehub.matching.index import Encoder
from scenehub.settings import get_settings
from tests.conftest import TEST_SECRET
from tests.industry.test_facts import CHIP_SCOPE, HENGYUAN, REGISTRY, ROSTER
from tests.industry.test_facts import resolved as resolved_deliveries
from tests.integration.test_flows import audit_table_unavailable
from tests.integration.test_ingest import HEADER, ROWS, write_csv, write_spec

MAP_TABLES = ("firm_facts", "firm_segments", "map_cells")


@pytest.fixture
def app_db(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The flow's app database is ``db_url`` (it opens it from the settings)."""
    for key, value in {
        "SCENEHUB_DATABASE_URL": db_url,
        "SCENEHUB_SECRET_KEY": TEST_SECRET,
        "SCENEHUB_DATA_DIR": str(tmp_path / "data"),
        "SCENEHUB_DEFAULT_LOCALE": "en",
    }.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("SCENEHUB_CITY_FILE", raising=False)
    get_settings.cache_clear()
    get_engine.cache_clear()
    yield db_url
    get_settings.cache_clear()
    get_engine.cache_clear()


@pytest.fixture
def resolved(tmp_path: Path) -> Path:
    """A warehouse with the golden records of one department's two firms."""
    write_csv(tmp_path / "amr.csv", [HEADER, *ROWS])
    path = tmp_path / "warehouse.duckdb"
    connection = open_warehouse(path)
    ingest(connection, write_spec(tmp_path, "amr.csv"))
    run_resolution(connection, city_rules(load_city()), ResolveSettings())
    connection.close()
    return path


@pytest.fixture
def model_file(trained_model: ClassifierModel, tmp_path: Path) -> Path:
    path = tmp_path / "classifier.npz"
    save_model(trained_model, path)
    return path


def entries(url: str) -> list[tuple[str, str, dict[str, Any]]]:
    with session_factory(url, read_only=True)() as session:
        rows = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "industry.build").order_by(AuditEntry.seq)
        ).all()
    return [(row.outcome, row.purpose, dict(row.details)) for row in rows]


def map_tables(warehouse: Path) -> set[str]:
    connection = duckdb.connect(str(warehouse), read_only=True)
    try:
        return {name for name in MAP_TABLES if has_tables(connection, name)}
    finally:
        connection.close()


def test_a_map_build_is_audited_in_its_own_run(
    app_db: str, resolved: Path, model_file: Path
) -> None:
    outcome = build_industry_map(get_settings(), SYSTEM, warehouse=resolved, model_path=model_file)
    assert (outcome.firms, outcome.engine) == (2, "duckdb")
    [(result, purpose, details)] = entries(app_db)
    assert (result, purpose) == ("success", "industry-map")
    assert details["firms"] == 2 and details["cells"] == outcome.cells > 0
    assert details["engine"] == "duckdb"
    assert map_tables(resolved) == set(MAP_TABLES)


def test_a_map_build_the_audit_trail_cannot_record_is_not_committed(
    app_db: str, resolved: Path, model_file: Path
) -> None:
    settings = get_settings()
    with (
        audit_table_unavailable(app_db),
        pytest.raises(AuditUnavailable, match=r"cannot record industry\.build"),
    ):
        build_industry_map(settings, SYSTEM, warehouse=resolved, model_path=model_file)
    assert map_tables(resolved) == set()
    build_industry_map(settings, SYSTEM, warehouse=resolved, model_path=model_file)
    assert [result for result, _, _ in entries(app_db)] == ["success"]
    assert map_tables(resolved) == set(MAP_TABLES)


def test_a_map_build_whose_commit_fails_after_its_entry_is_noted_as_failed(
    app_db: str, resolved: Path, trained_model: ClassifierModel, encoder: Encoder
) -> None:
    classifying = Classifying(trained_model, encoder, load_chain(), {}, {})
    connection = open_warehouse(resolved)

    def build_whose_commit_fails() -> None:
        with map_audit(SYSTEM) as record_first:

            def recorded_then_the_commit_fails(outcome: MapOutcome) -> None:
                record_first(outcome)
                raise OSError("disk full")  # what a failing COMMIT would raise in its place

            run_map(
                connection,
                classifying,
                load_city().facts,
                2026,
                before_commit=recorded_then_the_commit_fails,
            )

    with pytest.raises(OSError, match="disk full"):
        build_whose_commit_fails()
    connection.close()
    assert map_tables(resolved) == set()
    recorded = entries(app_db)
    assert [(result, purpose) for result, purpose, _ in recorded] == [
        ("success", "industry-map"),
        ("failed", "industry-map"),
    ]
    assert recorded[1][2]["reason"] == "not committed: OSError"
    assert recorded[1][2]["firms"] == 2


def test_a_map_build_needs_golden_records_and_records_nothing_without_them(
    app_db: str, tmp_path: Path, model_file: Path
) -> None:
    empty = tmp_path / "empty.duckdb"
    open_warehouse(empty).close()
    with pytest.raises(LookupError, match="run `scenehub resolve` first"):
        build_industry_map(get_settings(), SYSTEM, warehouse=empty, model_path=model_file)
    assert entries(app_db) == []
    assert map_tables(empty) == set()


def test_a_map_build_classifies_a_firm_by_the_scope_of_a_source_added_later(
    app_db: str, tmp_path: Path, model_file: Path
) -> None:
    """Ingest → resolve → map: a department's new source maps ``business_scope`` for a firm
    the registration records hold no scope for; the city file names neither."""
    deliveries = {REGISTRY: {HENGYUAN: ""}, ROSTER: {HENGYUAN: CHIP_SCOPE}}
    resolved_deliveries(tmp_path / "city", deliveries).close()
    warehouse = tmp_path / "city" / "warehouse.duckdb"
    build_industry_map(get_settings(), SYSTEM, warehouse=warehouse, model_path=model_file)
    connection = duckdb.connect(str(warehouse), read_only=True)
    try:
        [(text, segment)] = connection.execute(
            """SELECT f.department_text, s.code FROM firm_facts f
               JOIN firm_segments s ON s.firm_id = f.firm_id AND s.rank = 1"""
        ).fetchall()
    finally:
        connection.close()
    assert (text, segment) == (CHIP_SCOPE, "F.chip")
