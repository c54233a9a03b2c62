"""The Spark engine builds the same industry map as DuckDB: the same firm facts, segments and
map tables, column types included.

One small city is ingested and resolved once; its warehouse is copied, and the map is built
on each copy from the shell: `scenehub map` (DuckDB) and `scenehub map --engine spark`. Both
use the same data dir, so the second build reads the classifier the first one trained.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pytest
from click.testing import Result
from typer.testing import CliRunner

from scenehub.cli import app
from scenehub.db import get_engine, upgrade_database
from scenehub.demo.city import generate_city
from scenehub.demo.config import load_city
from scenehub.industry.pipeline import RESULTS
from scenehub.industry.taxonomy import load_chain
from scenehub.integration.engine import SparkEngine
from scenehub.integration.ingest import ingest
from scenehub.integration.pipeline import run_resolution
from scenehub.integration.resolve import ResolveSettings
from scenehub.integration.standardise import city_rules
from scenehub.integration.warehouse import open_warehouse
from scenehub.settings import get_settings
from tests.conftest import TEST_SECRET

pytestmark = pytest.mark.slow
CITY = load_city()


@dataclass(frozen=True)
class Maps:
    on_duckdb: Path
    on_spark: Path
    duckdb_run: Result
    spark_run: Result


@pytest.fixture(scope="module")
def maps(spark: SparkEngine, tmp_path_factory: pytest.TempPathFactory) -> Maps:
    folder = tmp_path_factory.mktemp("maps")
    city = folder / "city"
    generate_city(city, scale=200, seed=11, city=CITY, chain=load_chain(), scenes=10)
    on_duckdb, on_spark = folder / "duckdb.duckdb", folder / "spark.duckdb"
    connection = open_warehouse(on_duckdb)
    for spec in sorted((city / "specs").glob("*.yaml")):
        ingest(connection, spec)
    run_resolution(connection, city_rules(CITY), ResolveSettings())
    connection.close()
    shutil.copy(on_duckdb, on_spark)
    with pytest.MonkeyPatch.context() as env:
        url = f"sqlite:///{folder / 'app.sqlite3'}"
        upgrade_database(url)
        env.setenv("SCENEHUB_DATABASE_URL", url)
        env.setenv("SCENEHUB_SECRET_KEY", TEST_SECRET)
        env.setenv("SCENEHUB_DATA_DIR", str(folder / "data"))
        env.delenv("SCENEHUB_CITY_FILE", raising=False)
        get_settings.cache_clear()
        get_engine.cache_clear()
        runner = CliRunner()
        duckdb_run = runner.invoke(app, ["map", "--warehouse", str(on_duckdb)])
        arguments = ["map", "--engine", "spark", "--warehouse", str(on_spark)]
        spark_run = runner.invoke(app, arguments)
    get_settings.cache_clear()
    get_engine.cache_clear()
    return Maps(on_duckdb, on_spark, duckdb_run, spark_run)


def table(warehouse: Path, name: str) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """A table's columns with their types, and its rows in a fixed order."""
    connection = duckdb.connect(str(warehouse), read_only=True)
    try:
        columns = connection.execute(f"DESCRIBE {name}").fetchall()
        rows = sorted(connection.execute(f"SELECT * FROM {name}").fetchall(), key=repr)
        return [column[:2] for column in columns], rows
    finally:
        connection.close()


def test_the_map_builds_on_spark_from_the_shell(maps: Maps) -> None:
    assert maps.duckdb_run.exit_code == 0, maps.duckdb_run.output
    assert maps.spark_run.exit_code == 0, maps.spark_run.output
    assert "(duckdb)" in maps.duckdb_run.output
    assert "(spark)" in maps.spark_run.output


@pytest.mark.parametrize("name", RESULTS)
def test_spark_builds_the_same_table_as_duckdb(maps: Maps, name: str) -> None:
    columns, rows = table(maps.on_duckdb, name)
    assert len(rows) > 10
    assert table(maps.on_spark, name) == (columns, rows)


def test_the_facts_the_engines_agree_on_are_filled_in(maps: Maps) -> None:
    """Agreement on empty columns would prove little: the city's departments fill them."""
    connection = duckdb.connect(str(maps.on_spark), read_only=True)
    try:
        filled = connection.execute("""SELECT count(*) FILTER (WHERE headcount IS NOT NULL),
            count(*) FILTER (WHERE revenue_10k IS NOT NULL), count(*) FILTER (WHERE patents > 0),
            count(*) FILTER (WHERE patent_titles <> ''),
            count(*) FILTER (WHERE department_text <> ''),
            count(*) FILTER (WHERE founded_year IS NOT NULL) FROM firm_facts""").fetchone()
        segments = connection.execute(
            "SELECT count(DISTINCT code) FROM firm_segments WHERE rank = 1"
        ).fetchone()
    finally:
        connection.close()
    assert filled is not None and all(n > 0 for n in filled), filled
    assert segments is not None and segments[0] > 3
