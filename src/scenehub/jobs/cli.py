"""``scenehub housekeeping run``: the scheduled tasks (retention …) from cron or by hand
(registered in scenehub.cli, which reports their errors)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from scenehub import db
from scenehub.jobs import schedule

console = Console()


def housekeeping_run(
    task: Annotated[
        list[str] | None, typer.Option(help=f"only these tasks: {', '.join(schedule.TASKS)}")
    ] = None,
    force: Annotated[bool, typer.Option(help="run even if it ran this period")] = False,
) -> None:
    """Run the housekeeping tasks that are due (each at most once per period)."""
    unknown = sorted(set(task or ()) - set(schedule.TASKS))
    if unknown:
        console.print(f"[red]unknown task(s) {unknown}[/red]; known: {list(schedule.TASKS)}")
        raise typer.Exit(2)
    db.upgrade_database()
    with console.status("housekeeping…"):
        runs = schedule.run_due(task, force=force)
    table = Table("task", "outcome", "result")
    for run in runs:
        shown = ", ".join(f"{k} {v}" for k, v in run.result.items()) or "—"
        table.add_row(run.name, run.outcome, shown)
    console.print(table)
    if any(run.outcome == "failed" for run in runs):
        raise typer.Exit(1)
