"""Engines run the pipeline's steps; the steps themselves are written once.

A step is DuckDB SQL over named tables (or a pure Python function over rows); an engine only
executes it. ``DuckDBEngine`` runs the steps inside the warehouse itself. The warehouse stays
the system of record: an engine that runs elsewhere loads its inputs from it and publishes
its outputs back into it, in the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import duckdb
    import pyarrow as pa

RowFunction = Callable[[dict[str, Any]], dict[str, Any]]
BATCH = 100_000


class Engine(Protocol):
    """What the steps need from an engine (tables are named; SQL is DuckDB's dialect)."""

    name: str

    def load(
        self, warehouse: duckdb.DuckDBPyConnection, tables: Mapping[str, Sequence[str]]
    ) -> None:
        """Make these warehouse tables (only these columns) readable by the steps."""

    def create_table(
        self, name: str, select: str, params: Sequence[object] = (), *, temporary: bool = False
    ) -> None:
        """``CREATE OR REPLACE TABLE name AS select``; ``?`` marks a parameter."""

    def fetch(self, select: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        """The rows of a query, on the driver."""

    def register(self, name: str, table: pa.Table) -> None:
        """Make a (small) Arrow table readable by name."""

    def map_rows(
        self,
        name: str,
        select: str,
        schema: pa.Schema,
        make_function: Callable[[], RowFunction],
        on_rows: Callable[[int], None] | None = None,
    ) -> int:
        """Table ``name`` of ``schema``: a row function applied to every row of ``select``.

        ``make_function`` builds the function where it runs (it must be picklable)."""

    def splink_api(self) -> Any:
        """Splink's database API for this engine."""

    def publish(self, warehouse: duckdb.DuckDBPyConnection, tables: Sequence[str]) -> None:
        """Make these result tables the warehouse's (in the caller's transaction)."""

    def release(self) -> None:
        """Forget the run's intermediate tables."""


def count_rows(engine: Engine, table: str) -> int:
    """Rows in ``table`` (an identifier of ours, never user input)."""
    rows = engine.fetch(f"SELECT count(*) FROM {table}")  # noqa: S608
    return int(rows[0][0]) if rows else 0


def apply_to_batch(
    function: RowFunction, batch: pa.RecordBatch, schema: pa.Schema
) -> pa.RecordBatch:
    """The row function over one Arrow batch (the same code on every engine)."""
    import pyarrow as pa

    return pa.RecordBatch.from_pylist([function(row) for row in batch.to_pylist()], schema=schema)


class DuckDBEngine:
    """Runs the steps in the warehouse itself: the tables it makes are the results."""

    name = "duckdb"

    def __init__(self, connection: duckdb.DuckDBPyConnection) -> None:
        self.connection = connection
        self._temporary: set[str] = set()
        self._registered: set[str] = set()

    def load(
        self, warehouse: duckdb.DuckDBPyConnection, tables: Mapping[str, Sequence[str]]
    ) -> None:
        """Nothing to do: the inputs are already here."""

    def create_table(
        self, name: str, select: str, params: Sequence[object] = (), *, temporary: bool = False
    ) -> None:
        kind = "TEMP TABLE" if temporary else "TABLE"
        self.connection.execute(f"CREATE OR REPLACE {kind} {name} AS {select}", list(params))
        if temporary:
            self._temporary.add(name)

    def fetch(self, select: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        return self.connection.execute(select, list(params)).fetchall()

    def register(self, name: str, table: pa.Table) -> None:
        self.connection.register(name, table)
        self._registered.add(name)

    def map_rows(
        self,
        name: str,
        select: str,
        schema: pa.Schema,
        make_function: Callable[[], RowFunction],
        on_rows: Callable[[int], None] | None = None,
    ) -> int:
        # Read whole (a few hundred MB at a million records) so the inserts below cannot
        # disturb a half-read result on the same connection.
        source = self.connection.sql(select).to_arrow_table()
        self.register("scenehub_rows", schema.empty_table())
        self.create_table(name, "SELECT * FROM scenehub_rows")
        function = make_function()
        total = 0
        for batch in source.to_batches(BATCH):
            self.register("scenehub_rows", apply_to_batch(function, batch, schema))
            self.connection.execute(f"INSERT INTO {name} SELECT * FROM scenehub_rows")  # noqa: S608
            total += batch.num_rows
            if on_rows is not None:
                on_rows(batch.num_rows)
        self.connection.unregister("scenehub_rows")
        self._registered.discard("scenehub_rows")
        return total

    def splink_api(self) -> Any:
        return _transaction_safe_duckdb_api(self.connection)

    def publish(self, warehouse: duckdb.DuckDBPyConnection, tables: Sequence[str]) -> None:
        """Nothing to do: the results were made in the warehouse."""

    def release(self) -> None:
        splink_tables = self.connection.execute("""SELECT table_name FROM duckdb_tables()
            WHERE table_name LIKE '__splink__%'""").fetchall()
        for (name,) in splink_tables:
            self.connection.execute(f'DROP TABLE IF EXISTS "{name}"')
        for name in self._temporary:
            self.connection.execute(f"DROP TABLE IF EXISTS temp.{name}")
        for name in self._registered:
            self.connection.unregister(name)
        self._temporary.clear()
        self._registered.clear()


def _transaction_safe_duckdb_api(connection: duckdb.DuckDBPyConnection) -> Any:
    """Splink's DuckDBAPI, able to run inside the run's transaction.

    Splink asks whether a table exists, and whether a name is a table or a view, by trying
    and catching the error; inside a transaction that error aborts the transaction (and so
    every later step). Asking the catalogue instead raises nothing.
    """
    from splink import DuckDBAPI

    def kind_of(name: str) -> str | None:
        rows = connection.execute(
            """SELECT 'TABLE' FROM duckdb_tables() WHERE table_name = $name
            UNION ALL SELECT 'VIEW' FROM duckdb_views() WHERE view_name = $name""",
            {"name": name},
        ).fetchall()
        return str(rows[0][0]) if rows else None

    class TransactionSafeDuckDBAPI(DuckDBAPI):
        def table_exists_in_database(self, table_name: str) -> bool:
            return kind_of(table_name) is not None

        def delete_table_from_database(self, name: str) -> None:
            if (kind := kind_of(name)) is not None:
                self._execute_sql_against_backend(f"DROP {kind} IF EXISTS {name}")

    return TransactionSafeDuckDBAPI(connection)
