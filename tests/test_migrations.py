"""Migrations build the schema the models describe, on SQLite and PostgreSQL, both ways."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from scenehub.db import downgrade_database, import_all_models, upgrade_database
from tests.conftest import _worker_db_url

pytestmark = pytest.mark.slow


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_db_url(request: pytest.FixtureRequest, tmp_path: Path, worker_id: str) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'm.sqlite3'}"
    import os

    base = os.environ.get("SCENEHUB_TEST_DATABASE_URL")
    if not base:
        if os.environ.get("CI"):
            pytest.fail("CI must test PostgreSQL: set SCENEHUB_TEST_DATABASE_URL")
        pytest.skip("SCENEHUB_TEST_DATABASE_URL is not set")
    url = _worker_db_url(base.rsplit("/", 1)[0] + "/scenehub_migrations", worker_id)
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url


def test_upgrade_matches_the_models_and_downgrade_removes_everything(empty_db_url: str) -> None:
    upgrade_database(empty_db_url)
    engine = create_engine(empty_db_url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), import_all_models())
    assert diff == [], f"models and migrations disagree: {diff}"

    downgrade_database(empty_db_url, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}

    upgrade_database(empty_db_url)  # and back up again
    assert {"users", "organisations", "audit_entries"} <= set(inspect(engine).get_table_names())
    engine.dispose()
