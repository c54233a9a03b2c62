"""``scenehub salons schedule``: a salon's 1:1 schedule from a JSON file (registered in
scenehub.cli). The formats and exit statuses are the public contract in docs/salons.md."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from scenehub.salons.schedule import (
    ScheduleInputError,
    problem_from_json,
    schedule_to_json,
    solve,
)

# Exit status: 0 a schedule written, 1 written but infeasible (no meetings), 2 bad input
# (or an output path that cannot be written).
INFEASIBLE = 1
BAD_INPUT = 2


def schedule(
    input_path: Annotated[
        Path, typer.Option("--input", help="the salon as JSON (docs/salons.md)", dir_okay=False)
    ],
    out: Annotated[Path, typer.Option(help="write the schedule here (JSON)", dir_okay=False)],
    time_limit: Annotated[
        float, typer.Option(min=0.1, max=3600, help="seconds the solver may take")
    ] = 30.0,
) -> None:
    """Solve a salon's 1:1 meetings with CP-SAT: every firm met first, then the most interest."""
    errors = Console(stderr=True, soft_wrap=True)
    data = _read_json(input_path, errors)
    try:
        problem = problem_from_json(data)
    except ScheduleInputError as error:
        errors.print(f"[red]invalid input {escape(str(input_path))}:[/red] {escape(str(error))}")
        raise typer.Exit(BAD_INPUT) from error
    result = solve(problem, time_limit=time_limit)
    _write_json(out, schedule_to_json(result, source=data), errors)
    registered = len({r.firm for r in problem.requests})
    Console(soft_wrap=True).print(
        f"{result.status}: {len(result.meetings)} meetings, {result.firms_met} of {registered} "
        f"firms met, weight {result.objective:g} (bound {result.bound:g}) → {escape(str(out))}",
        highlight=False,
    )
    if result.status == "infeasible":
        raise typer.Exit(INFEASIBLE)


def _read_json(path: Path, errors: Console) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        errors.print(f"[red]cannot read {escape(str(path))}:[/red] {escape(str(error))}")
        raise typer.Exit(BAD_INPUT) from error
    except json.JSONDecodeError as error:
        errors.print(f"[red]{escape(str(path))} is not JSON:[/red] {escape(str(error))}")
        raise typer.Exit(BAD_INPUT) from error


def _write_json(path: Path, document: dict[str, object], errors: Console) -> None:
    """Write whole or not at all: a reader never sees half a schedule."""
    partial = path.with_name(path.name + ".partial")
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    try:
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, path)
    except OSError as error:
        partial.unlink(missing_ok=True)
        errors.print(f"[red]cannot write {escape(str(path))}:[/red] {escape(str(error))}")
        raise typer.Exit(BAD_INPUT) from error
