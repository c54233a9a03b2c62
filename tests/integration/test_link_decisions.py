"""The resolution step that makes operators' decisions override the model (on Spark too:
``test_spark.py`` runs the same decisions there)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from scenehub.integration.engine import DuckDBEngine, Engine
from scenehub.integration.link_decisions import apply_decisions, insert_decision
from scenehub.integration.warehouse import open_warehouse

# Two records carry the code X; b1 … b3 have none.
RECORDS = ("a:1", "a:2", "b:1", "b:2", "b:3")
CODED = {"a:1": "X", "a:2": "X"}
SCORED = [
    ("a:1", "b:1", 0.95),
    ("a:2", "b:1", 0.97),
    ("b:1", "b:2", 0.7),
    ("a:1", "b:3", 0.6),
]


@pytest.fixture
def warehouse(tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = decided_warehouse(tmp_path / "warehouse.duckdb")
    yield connection
    connection.close()


def decided_warehouse(path: Path) -> duckdb.DuckDBPyConnection:
    """A warehouse with the tables the step reads, and some decisions."""
    connection = open_warehouse(path)
    connection.execute("CREATE TABLE std_records (unique_id VARCHAR)")
    connection.executemany("INSERT INTO std_records VALUES (?)", [[r] for r in RECORDS])
    connection.execute("CREATE TABLE code_entities (unique_id VARCHAR, firm_id VARCHAR)")
    connection.executemany("INSERT INTO code_entities VALUES (?, ?)", list(CODED.items()))
    connection.execute(
        "CREATE TABLE predictions (unique_id_l VARCHAR, unique_id_r VARCHAR, "
        "match_probability DOUBLE)"
    )
    connection.executemany("INSERT INTO predictions VALUES (?, ?, ?)", SCORED)
    for pair, decision in [
        (("a:1", "b:1"), "split"),  # b1 leaves a1, and every other record of code X
        (("b:2", "b:3"), "match"),  # never scored: added as certain
        (("a:1", "b:3"), "match"),
        (("a:1", "b:3"), "split"),  # changed its mind: the latest counts
        (("b:1", "gone:9"), "match"),  # a record no longer delivered: ignored
    ]:
        insert_decision(connection, pair, decision, None, "operator", 2, "")
    return connection


def predictions(engine: Engine) -> set[tuple[str, str, float]]:
    rows = engine.fetch("SELECT unique_id_l, unique_id_r, match_probability FROM predictions")
    return {(str(a), str(b), float(p)) for a, b, p in rows}


EXPECTED = {("b:1", "b:2", 0.7), ("b:2", "b:3", 1.0)}


def test_confirmed_pairs_become_certain_and_split_pairs_vanish(
    warehouse: duckdb.DuckDBPyConnection,
) -> None:
    engine = DuckDBEngine(warehouse)
    apply_decisions(engine)
    assert predictions(engine) == EXPECTED
    decided = engine.fetch("SELECT * FROM decided_links ORDER BY 1, 2")
    assert ("a:1", "b:3", "split") in decided  # left for the assignment step


def test_the_step_never_changes_the_decisions(warehouse: duckdb.DuckDBPyConnection) -> None:
    before = warehouse.execute("SELECT * FROM link_decisions ORDER BY decision_id").fetchall()
    apply_decisions(DuckDBEngine(warehouse))
    assert warehouse.execute("SELECT * FROM link_decisions ORDER BY decision_id").fetchall() == (
        before
    )
