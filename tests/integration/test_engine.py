"""Engines: every step's SQL carries over to Spark, and a missing Spark is a clear error."""

from __future__ import annotations

import sys
from pathlib import Path
from types import ModuleType

import pytest
import sqlglot
from typer.testing import CliRunner

from scenehub.cli import app
from scenehub.integration import golden, link_decisions, resolve, standardised
from scenehub.integration.engine import to_spark_sql


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
