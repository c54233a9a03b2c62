"""The Spark engine runs the same steps as DuckDB: the same records, firms and golden records.

One small city is resolved twice from the same ingested warehouse: on DuckDB through the
pipeline, and on Spark (local mode) through `scenehub resolve --engine spark`. The city is
small enough (about 1,300 records) that Splink's u sample is the whole data on both engines,
so the two models agree and so must every result.
"""

from __future__ import annotations

import csv
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pytest
from typer.testing import CliRunner

from scenehub.cli import app
from scenehub.db import upgrade_database
from scenehub.demo.city import generate_city
from scenehub.demo.config import load_city
from scenehub.industry.taxonomy import load_chain
from scenehub.integration.engine import SparkEngine
from scenehub.integration.ingest import ingest
from scenehub.integration.link_decisions import DECISION_INPUTS, apply_decisions
from scenehub.integration.pipeline import run_resolution
from scenehub.integration.resolve import ResolveSettings, pairwise_scores
from scenehub.integration.standardise import city_rules
from scenehub.integration.warehouse import open_warehouse
from scenehub.settings import get_settings
from tests.conftest import TEST_SECRET
from tests.integration.test_engine import STEPS
from tests.integration.test_link_decisions import EXPECTED as DECIDED
from tests.integration.test_link_decisions import decided_warehouse
from tests.integration.test_link_decisions import predictions as decided_predictions

pytestmark = pytest.mark.slow
CITY = load_city()


@dataclass(frozen=True)
class Runs:
    city: Path
    on_duckdb: Path  # the warehouse resolved on DuckDB
    on_spark: Path  # the same warehouse resolved on Spark, from the shell
    exit_code: int
    output: str
    export: Path


@pytest.fixture(scope="module")
def runs(spark: SparkEngine, tmp_path_factory: pytest.TempPathFactory) -> Runs:
    folder = tmp_path_factory.mktemp("engines")
    city = folder / "city"
    generate_city(city, scale=200, seed=11, city=CITY, chain=load_chain(), scenes=10)
    on_duckdb, on_spark = folder / "duckdb.duckdb", folder / "spark.duckdb"
    connection = open_warehouse(on_duckdb)
    for spec in sorted((city / "specs").glob("*.yaml")):
        ingest(connection, spec)
    connection.close()
    shutil.copy(on_duckdb, on_spark)
    connection = open_warehouse(on_duckdb)
    rules = city_rules(CITY)
    assert run_resolution(connection, rules, ResolveSettings()).probabilistic
    connection.close()
    export = folder / "clusters.csv"
    with pytest.MonkeyPatch.context() as env:
        url = f"sqlite:///{folder / 'app.sqlite3'}"
        upgrade_database(url)
        env.setenv("SCENEHUB_DATABASE_URL", url)
        env.setenv("SCENEHUB_SECRET_KEY", TEST_SECRET)
        env.setenv("SCENEHUB_DATA_DIR", str(folder))
        get_settings.cache_clear()
        arguments = ["--engine", "spark", "--warehouse", str(on_spark), "--export", str(export)]
        result = CliRunner().invoke(app, ["resolve", *arguments])
    get_settings.cache_clear()
    return Runs(city, on_duckdb, on_spark, result.exit_code, result.output, export)


def rows(warehouse: Path, sql: str) -> list[tuple[Any, ...]]:
    connection = duckdb.connect(str(warehouse), read_only=True)
    try:
        return sorted(connection.execute(sql).fetchall(), key=repr)
    finally:
        connection.close()


def test_resolve_with_engine_spark_works_from_the_shell(runs: Runs) -> None:
    assert runs.exit_code == 0, runs.output
    assert "(spark)" in runs.output and "firms" in runs.output
    with runs.export.open(encoding="utf-8") as handle:
        exported = {(r["source"], r["record_id"]) for r in csv.DictReader(handle)}
    with (runs.city / "truth" / "records.csv").open(encoding="utf-8") as handle:
        truth = {(r["source"], r["record_id"]) for r in csv.DictReader(handle)}
    assert exported == truth


def test_spark_standardises_every_record_as_duckdb_does(runs: Runs) -> None:
    query = "SELECT * FROM std_records"
    on_duckdb = rows(runs.on_duckdb, query)
    assert len(on_duckdb) > 1000
    assert rows(runs.on_spark, query) == on_duckdb


def test_spark_puts_every_record_in_the_same_firm_as_duckdb(runs: Runs) -> None:
    query = "SELECT unique_id, firm_id, how FROM record_firms"
    on_duckdb, on_spark = rows(runs.on_duckdb, query), rows(runs.on_spark, query)
    assert clusters(on_spark) == clusters(on_duckdb)
    # Firm ids agree too: a code, or for a group a hash of its smallest member.
    assert on_spark == on_duckdb
    assert {how for _, _, how in on_duckdb} >= {"code", "match"}


def clusters(record_firms: list[tuple[Any, ...]]) -> set[frozenset[str]]:
    members: dict[str, set[str]] = {}
    for unique_id, firm_id, _ in record_firms:
        members.setdefault(firm_id, set()).add(unique_id)
    return {frozenset(m) for m in members.values()}


def test_spark_builds_the_same_golden_records(runs: Runs) -> None:
    for query in ("SELECT * FROM golden_firms", "SELECT * FROM golden_provenance"):
        on_duckdb = rows(runs.on_duckdb, query)
        assert on_duckdb
        assert rows(runs.on_spark, query) == on_duckdb


@pytest.mark.parametrize("engine", ["duckdb", "spark"])
def test_both_engines_score_well_against_the_truth(runs: Runs, engine: str) -> None:
    connection = duckdb.connect(str(runs.on_duckdb if engine == "duckdb" else runs.on_spark))
    connection.execute(f"""CREATE TEMP TABLE truth AS
        SELECT source || ':' || record_id AS unique_id, firm_id AS true_id
        FROM read_csv('{runs.city}/truth/records.csv', all_varchar=true)""")
    scores = pairwise_scores(connection, "truth")
    connection.close()
    assert scores["precision"] >= 0.99  # the thresholds of test_resolve.py
    assert scores["f1"] >= 0.97


@pytest.mark.parametrize("name", sorted(STEPS))
def test_each_step_parses_as_spark_sql(spark: SparkEngine, name: str) -> None:
    from pyspark.errors import AnalysisException, ParseException

    from scenehub.integration.engine import to_spark_sql

    sql = to_spark_sql(STEPS[name])
    try:
        spark.spark.sql(sql, args=[0.9] * sql.count("?") or None)
    except ParseException as error:
        pytest.fail(f"{name} does not parse on Spark: {error}")
    except AnalysisException:
        pass  # parsed; its tables are not there outside a run


def test_spark_applies_the_decisions_it_loads_from_the_warehouse(
    spark: SparkEngine, tmp_path: Path
) -> None:
    warehouse = decided_warehouse(tmp_path / "decided.duckdb")
    try:
        spark.load(warehouse, DECISION_INPUTS)
        for table in ("std_records", "code_entities", "predictions"):
            spark.register(table, warehouse.sql(f"SELECT * FROM {table}").to_arrow_table())
        apply_decisions(spark)
        assert decided_predictions(spark) == DECIDED
    finally:
        spark.release()
        warehouse.close()
