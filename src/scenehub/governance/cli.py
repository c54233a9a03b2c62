"""``scenehub audit verify`` and ``scenehub audit anchor``: check the tamper-evident audit
trail and keep its head outside the database; ``scenehub firms import-archive`` /
``export-archive`` and ``scenehub governance closures apply``: a firm's exit (registered in
scenehub.cli, which reports their errors)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from scenehub import db
from scenehub.db import utcnow
from scenehub.governance import audit, closure_service, export_service
from scenehub.governance.chain import Anchor
from scenehub.governance.policy import SYSTEM
from scenehub.settings import get_settings

console = Console()


def audit_verify(
    anchors: Annotated[
        Path | None, typer.Option(help="file written by `scenehub audit anchor`")
    ] = None,
) -> None:
    """Check every entry's hash and link; with --anchors, also that none was cut off."""
    loaded = _read_anchors(anchors) if anchors else ()
    with db.transaction(read_only=True) as session, console.status("verifying the audit chain…"):
        report = audit.verify(session, loaded)
    if report.ok:
        console.print(
            f"[green]audit trail intact[/green]: {report.entries_checked} entries, "
            f"head {report.head_seq} {report.head_hash[:16]}…"
        )
        return
    console.print(
        f"[red]audit trail TAMPERED[/red]: {len(report.problems)} problem(s) in "
        f"{report.entries_checked} entries"
    )
    for problem in report.problems[:50]:
        console.print(f"  entry {problem.seq}: {problem.kind} — {problem.message}")
    raise typer.Exit(1)


def audit_anchor(out: Annotated[Path, typer.Option(help="append the head to this file")]) -> None:
    """Append the chain's head (seq, hash) to a file kept outside the database."""
    with db.transaction(read_only=True) as session:
        head = audit.head(session)
    if head is None:
        console.print("the audit trail is empty")
        return
    with out.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps({"seq": head.seq, "hash": head.hash}) + "\n")
    console.print(f"anchored entry {head.seq} {head.hash[:16]}… in {out}")


def _read_anchors(path: Path) -> tuple[Anchor, ...]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return tuple(
        Anchor(int(d["seq"]), str(d["hash"]))
        for d in (json.loads(line) for line in lines if line.strip())
    )


def firms_import_archive(
    archive: Annotated[Path, typer.Argument(help="a firm's archive (GET /api/v1/me/export)")],
) -> None:
    """Re-create a firm's organisation from its archive, as the administrator."""
    with db.transaction() as session:
        outcome = export_service.import_archive(session, SYSTEM, archive.read_bytes())
    console.print(f"imported organisation {outcome.org_id}: restored {outcome.restored}")
    if outcome.history:
        console.print(f"kept as imported history: {outcome.history}")
    if outcome.usernames_taken:
        console.print(
            f"[yellow]usernames taken here, not restored:[/yellow] {outcome.usernames_taken}"
        )
    console.print("set each user's password with `scenehub users set-password`")


def firms_export_archive(
    org_id: Annotated[int, typer.Argument(help="the organisation's id (scenehub orgs list)")],
    out: Annotated[Path, typer.Option(help="write the zip here")],
) -> None:
    """Write an organisation's archive, as the centre does on the organisation's request."""
    settings = get_settings()
    with db.transaction() as session:
        archive = export_service.export_archive(
            session,
            SYSTEM,
            org_id,
            warehouse=settings.warehouse_path,
            instance=settings.instance_name,
        )
    out.write_bytes(archive.data)
    console.print(f"wrote {out} ({len(archive.data)} bytes): {archive.counts}")


def closures_apply() -> None:
    """Close the accounts whose notice has ended (the scheduler runs this daily)."""
    with db.transaction() as session:
        summary = closure_service.apply_due_closures(session, utcnow())
    if not summary.closed_org_ids:
        console.print("no closure is due")
    for org_id, done in summary.details.items():
        console.print(f"closed organisation {org_id}: {done}")
