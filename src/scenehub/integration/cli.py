"""``scenehub ingest``, ``scenehub resolve`` and ``scenehub firms sync``: the integration
pipeline from the shell (registered in scenehub.cli, which reports their errors). The work
is the flows' (``integration/flows.py``); here are the options and the progress bars. The
``…_with_progress`` functions are shared with ``scenehub map`` and ``scenehub demo``."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress
from rich.table import Table

from scenehub import db
from scenehub.city import City, load_city
from scenehub.errors import ConfigurationError
from scenehub.governance.policy import SYSTEM
from scenehub.integration.engine import Engine, EngineName
from scenehub.settings import get_settings

if TYPE_CHECKING:  # the flows load on use: other commands start fast
    from scenehub.integration.flows import IngestOptions
    from scenehub.integration.ingest import IngestResult

console = Console()


def ingest(
    specs: Annotated[list[Path] | None, typer.Argument(help="source spec files (YAML)")] = None,
    warehouse: Annotated[Path | None, typer.Option(help="default: SCENEHUB_WAREHOUSE")] = None,
    allow_shrink: Annotated[
        bool, typer.Option(help="accept a run that keeps less than half of a source's rows")
    ] = False,
    allow_outside_paths: Annotated[
        bool, typer.Option(help="let a spec name a data file outside its folder")
    ] = False,
) -> None:
    """Ingest department files into the raw zone; unchanged files are skipped."""
    from scenehub.integration.flows import IngestOptions

    path = warehouse or get_settings().warehouse_path
    # Every new run is audited: make sure the database exists and is current first.
    db.upgrade_database()
    if specs:
        ingest_with_progress(specs, path, IngestOptions(allow_shrink, allow_outside_paths))
    else:
        raise typer.BadParameter("name at least one spec file")


def ingest_with_progress(
    specs: list[Path], warehouse: Path, options: IngestOptions | None = None
) -> int:
    """Ingest with a progress bar and a summary table; returns how many runs were new."""
    from scenehub.integration.flows import ingest_sources

    table = Table("source", "department", "run", "rows", "rejected", "encoding")
    with Progress(*Progress.get_default_columns(), console=console) as bar:
        task = bar.add_task("ingesting", total=len(specs))

        def ingested(result: IngestResult) -> None:
            run = f"{result.run_id} ({'new' if result.changed else 'unchanged'})"
            table.add_row(
                result.source,
                result.department,
                run,
                str(result.rows),
                str(result.rejects),
                result.encoding,
            )
            bar.advance(task)

        results = ingest_sources(
            warehouse,
            specs,
            SYSTEM,
            options=options,
            on_source=lambda spec: bar.update(task, description=f"ingesting {spec.name}"),
            on_ingested=ingested,
        )
    console.print(table)
    return sum(result.changed for result in results)


def resolve(
    warehouse: Annotated[Path | None, typer.Option(help="default: SCENEHUB_WAREHOUSE")] = None,
    threshold: Annotated[float, typer.Option(min=0.5, max=0.9999)] = 0.5,  # ResolveSettings
    export: Annotated[
        Path | None, typer.Option(help="write source,department,record_id,firm_id to this CSV")
    ] = None,
    city: Annotated[
        Path | None, typer.Option(help="city file (default: SCENEHUB_CITY_FILE, else Hangzhou)")
    ] = None,
    engine: Annotated[
        EngineName, typer.Option(help="spark: the same steps on Spark (extra spark, and Java)")
    ] = EngineName.duckdb,
) -> None:
    """Standardise the current records, resolve them into firms, build golden records."""
    # The run is audited before it commits: make sure the database exists and is current.
    db.upgrade_database()
    resolve_with_progress(
        warehouse or get_settings().warehouse_path,
        threshold,
        export,
        load_city(city),
        engine,
    )


def resolve_with_progress(
    warehouse: Path,
    threshold: float,
    export: Path | None,
    config: City,
    engine: EngineName = EngineName.duckdb,
) -> None:
    """Resolve on one progress bar (its total: the current records), then say what came
    of it; with ``export``, write every record's firm there."""
    from scenehub.integration.flows import export_record_firms, resolve_current

    with (
        contextlib.ExitStack() as stack,
        Progress(*Progress.get_default_columns(), console=console) as bar,
    ):
        runner = _spark_or_exit(stack) if engine is EngineName.spark else None
        task = bar.add_task(f"standardising, then linking and golden records ({engine.value})")
        outcome = resolve_current(
            warehouse,
            SYSTEM,
            threshold=threshold,
            city=config,
            engine=runner,
            on_total=lambda total: bar.update(task, total=total),
            on_rows=lambda n: bar.advance(task, n),
        )
        bar.update(task, completed=outcome.records)
    console.print(f"[green]{outcome.firms} firms[/green] resolved from {outcome.records} records")
    if outcome.note:
        console.print(f"[yellow]{outcome.note}[/yellow]")
    if export is not None:
        console.print(f"wrote {export_record_firms(warehouse, export)} rows to {export}")


def _spark_or_exit(stack: contextlib.ExitStack) -> Engine:
    """A Spark engine that lives as long as ``stack``; exit 2 saying what to install."""
    from scenehub.integration.engine import spark_engine

    try:
        with console.status("starting Spark (local mode)…"):
            return stack.enter_context(spark_engine())
    except ConfigurationError as error:
        # Printed here, escaped: the message names "scenehub[spark]", which is Rich markup.
        console.print(f"[red]configuration error:[/red] {escape(str(error))}")
        raise typer.Exit(2) from error


def firms_sync(
    warehouse: Annotated[Path | None, typer.Option(help="default: SCENEHUB_WAREHOUSE")] = None,
) -> None:
    """Bring the capability registry up to date with the golden firm records."""
    db.upgrade_database()
    sync_with_progress(warehouse or get_settings().warehouse_path)
    prepare_matching_with_progress()


def sync_with_progress(warehouse: Path) -> None:
    from scenehub.integration.flows import sync_registry

    with console.status("updating the capability registry from the golden records…"):
        outcome = sync_registry(warehouse, SYSTEM)
    console.print(f"registry: {outcome.golden} golden firms, {outcome.new} new")


def prepare_matching_with_progress() -> None:
    """Encode the registry's firms for matching now, so that the first ranked list a user
    opens does not wait for it."""
    from scenehub.integration.flows import index_registry_for_matching

    with Progress(*Progress.get_default_columns(), console=console) as bar:
        task = bar.add_task("encoding firms for matching", total=None)
        firms = index_registry_for_matching(
            get_settings(), lambda done, total: bar.update(task, completed=done, total=total)
        )
    console.print(f"matching: {firms} firms indexed")
