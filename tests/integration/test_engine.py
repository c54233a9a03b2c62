"""Engines: every step's SQL carries over to Spark, and a missing Spark is a clear error."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from types import ModuleType

import duckdb
import pyarrow as pa
import pytest
import sqlglot
from typer.testing import CliRunner

from scenehub.cli import app
from scenehub.integration import engine as engine_module
from scenehub.integration import golden, link_decisions, resolve, standardised
from scenehub.integration.engine import DuckDBEngine, to_spark_sql


def step_statements() -> dict[str, str]:
    """Every SQL statement of the pipeline's steps (DuckDB dialect), by name."""
    modules: tuple[ModuleType, ...] = (standardised, resolve, link_decisions, golden)
    statements = {
        f"{module.__name__.rsplit('.', 1)[-1]}.{name}": value
        for module in modules
        for name, value in vars(module).items()
        if name.endswith("_SQL")
    }
    statements["resolve.PREDICTIONS_SQL"] = resolve.PREDICTIONS_SQL.format(
        table="__splink__df_predict_abc"
    )
    statements["golden.provenance_sql"] = golden.provenance_sql()
    statements["golden.golden_firms_sql"] = golden.golden_firms_sql()
    return statements


STEPS = step_statements()


def test_every_step_is_found() -> None:
    assert len(STEPS) >= 13


@pytest.mark.parametrize("name", sorted(STEPS))
def test_each_step_transpiles_to_spark_sql_that_parses(name: str) -> None:
    spark_sql = to_spark_sql(STEPS[name])
    parsed = sqlglot.parse_one(spark_sql, read="spark")
    assert parsed.find(sqlglot.exp.Select) is not None
    # DuckDB's spellings are gone (Spark has max_by/min_by, no EXCLUDE).
    for duckdb_only in ("ARG_MAX", "ARG_MIN", "EXCLUDE"):
        assert duckdb_only not in spark_sql.upper()


def test_the_parameters_of_a_step_stay_parameters() -> None:
    assert to_spark_sql(resolve.EDGES_SQL).count("?") == 2


def test_spark_without_java_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no java here
    monkeypatch.delenv("JAVA_HOME", raising=False)
    result = CliRunner().invoke(
        app, ["resolve", "--engine", "spark", "--warehouse", str(tmp_path / "w.duckdb")]
    )
    assert result.exit_code == 2
    assert "pip install 'scenehub[spark]'" in " ".join(result.output.split())
    assert not (tmp_path / "w.duckdb").exists()  # refused before anything was opened


def test_spark_without_pyspark_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pyspark", None)  # import pyspark now fails
    result = CliRunner().invoke(
        app, ["resolve", "--engine", "spark", "--warehouse", str(tmp_path / "w.duckdb")]
    )
    assert result.exit_code == 2
    assert "pip install 'scenehub[spark]'" in " ".join(result.output.split())


class _Shout:
    """A batch function for the tests below: upper-cases names, says which process ran it."""

    def __call__(self, batch: pa.RecordBatch) -> pa.RecordBatch:
        names = batch.column("name").to_pylist()
        if "boom" in names:
            raise ValueError("a row this function cannot take")
        return pa.record_batch(
            {
                "name": pa.array([n.upper() for n in names]),
                "pid": pa.array([os.getpid()] * batch.num_rows, pa.int64()),
            }
        )


SHOUTED = pa.schema([("name", pa.string()), ("pid", pa.int64())])


def _names_engine(names: list[str]) -> DuckDBEngine:
    connection = duckdb.connect()
    connection.execute("CREATE TABLE names (position INTEGER, name VARCHAR)")
    connection.executemany("INSERT INTO names VALUES (?, ?)", list(enumerate(names)))
    return DuckDBEngine(connection)


def test_many_batches_run_in_worker_processes_and_keep_their_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(engine_module, "BATCH", 3)
    monkeypatch.setattr(engine_module.os, "cpu_count", lambda: 2)
    names = [f"firm{i}" for i in range(10)]
    engine = _names_engine(names)
    seen: list[int] = []
    total = engine.map_batches(
        "shouted", "SELECT name FROM names ORDER BY position", SHOUTED, _Shout, seen.append
    )
    rows = engine.fetch("SELECT name, pid FROM shouted")
    assert total == 10 and seen == [3, 3, 3, 1]
    assert [name for name, _ in rows] == [n.upper() for n in names]
    assert os.getpid() not in {pid for _, pid in rows}


def test_one_batch_runs_in_this_process() -> None:
    engine = _names_engine(["甲", "b"])
    engine.map_batches("shouted", "SELECT name FROM names ORDER BY position", SHOUTED, _Shout)
    assert engine.fetch("SELECT name, pid FROM shouted") == [
        ("甲", os.getpid()),
        ("B", os.getpid()),
    ]


def test_a_failing_batch_in_a_worker_fails_the_step(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine_module, "BATCH", 2)
    monkeypatch.setattr(engine_module.os, "cpu_count", lambda: 2)
    engine = _names_engine(["a", "b", "c", "boom", "e"])
    with pytest.raises(ValueError, match="cannot take"):
        engine.map_batches("shouted", "SELECT name FROM names ORDER BY position", SHOUTED, _Shout)
