"""Engines run the pipeline's steps; the steps themselves are written once.

A step is DuckDB SQL over named tables, or a pure Python function over rows (``map_batches``),
or work on the driver over rows it ``fetch``es, handing back its result with ``register``
(the industry map's classifier: its encoder and vector cache stay in one process); an engine
only executes it. ``DuckDBEngine`` runs the steps inside the warehouse itself. ``SparkEngine``
transpiles the same SQL to Spark SQL (sqlglot), keeps each result as a cached temporary
view, runs the Python row functions through ``mapInArrow``, and hands Splink ``SparkAPI``.
The warehouse stays the system of record: the Spark engine loads its inputs from it and
publishes its outputs back into it, in the caller's transaction.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from scenehub.errors import ConfigurationError

if TYPE_CHECKING:  # imported where used: the CLI imports this module for EngineName
    import duckdb
    import pyarrow as pa
    from pyspark.sql import DataFrame, SparkSession

# Turns one Arrow batch of input rows into one batch of output rows (the same code on every
# engine: in-process on DuckDB, in Spark's Python workers through mapInArrow).
BatchFunction = Callable[["pa.RecordBatch"], "pa.RecordBatch"]
BATCH = 100_000
NEEDS_SPARK = (
    "the Spark engine needs pyspark and Java 17 or later: pip install 'scenehub[spark]', "
    "and put java on PATH (or set JAVA_HOME)"
)


class EngineName(StrEnum):
    duckdb = "duckdb"
    spark = "spark"


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

    def map_batches(
        self,
        name: str,
        select: str,
        schema: pa.Schema,
        make_function: Callable[[], BatchFunction],
        on_rows: Callable[[int], None] | None = None,
    ) -> int:
        """Table ``name`` of ``schema``: a batch function applied to the rows of ``select``.

        ``make_function`` builds the function where it runs (it must be picklable)."""

    def splink_api(self) -> Any:
        """Splink's database API for this engine."""

    def publish(self, warehouse: duckdb.DuckDBPyConnection, tables: Sequence[str]) -> None:
        """Make these result tables the warehouse's (in the caller's transaction)."""

    def release(self) -> None:
        """Forget the run's intermediate tables."""


def count_rows(engine: Engine, table: str) -> int:
    """Rows in ``table`` (an identifier of ours, never user input), on any engine; for the
    warehouse itself, ``count_rows(DuckDBEngine(connection), table)``."""
    rows = engine.fetch(f"SELECT count(*) FROM {table}")  # noqa: S608
    return int(rows[0][0]) if rows else 0


class DuckDBEngine:
    """Runs the steps in the warehouse itself: the tables it makes are the results."""

    name = EngineName.duckdb.value

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
        # fetchall, not fetchone: DuckDB 2 keeps a half-read result open, and the next
        # statement on the connection (Splink's, for one) is refused.
        return self.connection.execute(select, list(params)).fetchall()

    def register(self, name: str, table: pa.Table) -> None:
        self.connection.register(name, table)
        self._registered.add(name)

    def map_batches(
        self,
        name: str,
        select: str,
        schema: pa.Schema,
        make_function: Callable[[], BatchFunction],
        on_rows: Callable[[int], None] | None = None,
    ) -> int:
        # Read whole (a few hundred MB at a million records) so the inserts below cannot
        # disturb a half-read result on the same connection.
        source = self.connection.sql(select).to_arrow_table()
        self.register("scenehub_rows", schema.empty_table())
        self.create_table(name, "SELECT * FROM scenehub_rows")
        total = 0
        for batch, result in _mapped(source.to_batches(BATCH), make_function):
            self.register("scenehub_rows", result)
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


def _mapped(
    batches: list[pa.RecordBatch], make_function: Callable[[], BatchFunction]
) -> Iterator[tuple[pa.RecordBatch, pa.RecordBatch]]:
    """Each batch with its result, in order. Several batches run in worker processes, one per
    core (the row functions are pure Python, held to one core by the GIL in this process);
    one runs here."""
    workers = min(os.cpu_count() or 1, len(batches))
    if workers < 2:
        function = make_function()
        yield from ((batch, function(batch)) for batch in batches)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # spawn, not fork: this process runs DuckDB's threads, and a forked copy of a locked
    # mutex never unlocks.
    with ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_start_worker,
        initargs=(make_function,),
    ) as pool:
        yield from zip(batches, pool.map(_run_in_worker, batches), strict=True)


_worker_function: BatchFunction | None = None


def _start_worker(make_function: Callable[[], BatchFunction]) -> None:
    global _worker_function  # one function per worker process
    _worker_function = make_function()


def _run_in_worker(batch: pa.RecordBatch) -> pa.RecordBatch:
    assert _worker_function is not None, "the worker's initializer builds the function"
    return _worker_function(batch)


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


@lru_cache(maxsize=256)
def to_spark_sql(sql: str) -> str:
    """A step's DuckDB SQL in Spark's dialect (``arg_max`` → ``max_by`` and so on)."""
    import sqlglot

    return str(sqlglot.transpile(sql, read="duckdb", write="spark")[0])


class SparkEngine:
    """Runs the steps on Spark: each result is a cached temporary view of the session."""

    name = EngineName.spark.value

    def __init__(self, spark: SparkSession) -> None:
        self.spark = spark
        self._frames: dict[str, DataFrame] = {}

    def load(
        self, warehouse: duckdb.DuckDBPyConnection, tables: Mapping[str, Sequence[str]]
    ) -> None:
        for table, columns in tables.items():
            arrow = warehouse.sql(f"SELECT {', '.join(columns)} FROM {table}").to_arrow_table()  # noqa: S608
            self._keep(table, self.spark.createDataFrame(arrow))

    def create_table(
        self, name: str, select: str, params: Sequence[object] = (), *, temporary: bool = False
    ) -> None:
        self._keep(name, self.spark.sql(to_spark_sql(select), args=list(params) or None))

    def fetch(self, select: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        table = self.spark.sql(to_spark_sql(select), args=list(params) or None).toArrow()
        return list(zip(*(column.to_pylist() for column in table.columns), strict=True))

    def register(self, name: str, table: pa.Table) -> None:
        self._keep(name, self.spark.createDataFrame(table))

    def map_batches(
        self,
        name: str,
        select: str,
        schema: pa.Schema,
        make_function: Callable[[], BatchFunction],
        on_rows: Callable[[int], None] | None = None,
    ) -> int:
        from pyspark.sql.pandas.types import from_arrow_schema

        def apply(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
            function = make_function()  # once per partition, in the Python worker
            for batch in batches:
                yield function(batch)

        frame = self.spark.sql(to_spark_sql(select)).mapInArrow(apply, from_arrow_schema(schema))
        total = self._keep(name, frame)
        if on_rows is not None:
            on_rows(total)
        return total

    def splink_api(self) -> Any:
        from splink import SparkAPI

        # Local mode: keeping Splink's intermediate tables in memory beats a Parquet round trip.
        return SparkAPI(spark_session=self.spark, break_lineage_method="persist")  # type: ignore[no-untyped-call]

    def publish(self, warehouse: duckdb.DuckDBPyConnection, tables: Sequence[str]) -> None:
        for name in tables:
            warehouse.register("scenehub_published", self._frames[name].toArrow())
            warehouse.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM scenehub_published")  # noqa: S608
            warehouse.unregister("scenehub_published")

    def release(self) -> None:
        for name in self._frames:
            self.spark.catalog.dropTempView(name)
        for table in self.spark.catalog.listTables():
            if table.isTemporary and table.name.startswith("__splink__"):
                self.spark.catalog.dropTempView(table.name)
        self._frames.clear()
        self.spark.catalog.clearCache()

    def _keep(self, name: str, frame: DataFrame) -> int:
        """Compute ``frame`` now (a step's errors surface at that step) and keep the rows,
        not the plan: a step reads its inputs as plain tables, however long their lineage."""
        frame = frame.localCheckpoint(eager=True)
        frame.createOrReplaceTempView(name)
        if (previous := self._frames.get(name)) is not None:
            previous.unpersist()
        self._frames[name] = frame
        return frame.count()


@contextmanager
def spark_engine(memory: str = "2g") -> Iterator[SparkEngine]:
    """A Spark engine in local mode (two cores), its files under a temporary directory.

    A session the caller already started is used as it is and left running."""
    require_spark()
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        yield SparkEngine(active)
        return
    with tempfile.TemporaryDirectory(prefix="scenehub-spark-") as scratch:
        spark = _start_spark(Path(scratch), memory)
        try:
            yield SparkEngine(spark)
        finally:
            spark.stop()


def require_spark() -> None:
    """Raise a ``ConfigurationError`` naming what to install when Spark cannot run here."""
    try:
        import pyspark  # noqa: F401
        import sqlglot  # noqa: F401
    except ImportError:
        raise ConfigurationError(NEEDS_SPARK) from None
    java_home = os.environ.get("JAVA_HOME")
    if not (java_home and Path(java_home, "bin", "java").exists()) and not shutil.which("java"):
        raise ConfigurationError(NEEDS_SPARK)


# Spark's shell start-up sets the root level to WARN unless it already is: start at WARN
# (with Hadoop's native-library notice quietened), then setLogLevel("ERROR").
_LOG4J = """rootLogger.level = warn
rootLogger.appenderRef.stderr.ref = stderr
appender.console.type = Console
appender.console.name = stderr
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n
logger.hadoop.name = org.apache.hadoop
logger.hadoop.level = error
logger.conf.name = org.apache.spark.SparkConf
logger.conf.level = error
"""


def _start_spark(scratch: Path, memory: str) -> SparkSession:
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    # The Python workers must be this interpreter (the one with scenehub and pyarrow), and
    # local mode needs no network.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    (scratch / "log4j2.properties").write_text(_LOG4J, encoding="utf-8")
    options = {
        "spark.master": "local[2]",
        "spark.app.name": "scenehub-resolve",
        "spark.driver.memory": memory,
        "spark.driver.host": "127.0.0.1",
        "spark.driver.bindAddress": "127.0.0.1",
        "spark.driver.extraJavaOptions": (
            f"-Dlog4j2.configurationFile=file:{scratch / 'log4j2.properties'} "
            f"-Dderby.system.home={scratch}"
        ),
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.sql.shuffle.partitions": "4",
        "spark.sql.session.timeZone": "UTC",
        "spark.local.dir": str(scratch / "local"),
        "spark.sql.warehouse.dir": str(scratch / "warehouse"),
        # Splink's Jaro-Winkler and friends, as Scala UDFs.
        "spark.jars": similarity_jar_location(),
    }
    builder = SparkSession.builder
    for key, value in options.items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    spark.sparkContext.setCheckpointDir(str(scratch / "checkpoints"))
    return spark
