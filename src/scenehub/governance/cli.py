"""``scenehub audit verify | checkpoint | prove | public-key``: check the audit trail against
its signed checkpoints, sign one, prove an entry, export the key; ``scenehub firms
import-archive`` / ``export-archive`` and ``scenehub governance closures apply``: a firm's exit
``scenehub grants standing``: the centre's standing grant for its entity-resolution review
(registered in scenehub.cli, which reports their errors)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from scenehub import db
from scenehub.db import utcnow
from scenehub.governance import closure_service, export_service, grant_service, service, signing
from scenehub.governance.policy import SYSTEM
from scenehub.settings import get_settings

console = Console()


def audit_verify(
    checkpoints: Annotated[
        Path | None,
        typer.Option(help="checkpoint file (default: SCENEHUB_AUDIT_CHECKPOINT_FILE's)"),
    ] = None,
    public_key: Annotated[
        Path | None, typer.Option(help="PEM public key (default: the audit key's own)")
    ] = None,
) -> None:
    """Check every entry's hash and link, and the trail against every signed checkpoint."""
    key = signing.read_public_key(public_key) if public_key else None
    with db.transaction(read_only=True) as session, console.status("verifying the audit trail…"):
        report = service.verify_trail(
            session, SYSTEM, get_settings(), checkpoint_file=checkpoints, public_key=key
        )
    if report.ok:
        console.print(
            f"[green]audit trail intact[/green]: {report.entries_checked} entries, "
            f"{report.checkpoints_checked} checkpoint(s), root {report.root_hash[:16]}…"
        )
        return
    count = len(report.problems) + len(report.checkpoint_problems)
    console.print(
        f"[red]audit trail TAMPERED[/red]: {count} problem(s) in "
        f"{report.entries_checked} entries and {report.checkpoints_checked} checkpoint(s)"
    )
    for problem in report.problems[:50]:
        console.print(f"  entry {problem.seq}: {problem.kind} — {problem.message}")
    for cp in report.checkpoint_problems[:50]:
        console.print(f"  checkpoint line {cp.line} (size {cp.size}): {cp.kind} — {cp.message}")
    raise typer.Exit(1)


def audit_checkpoint(
    out: Annotated[
        Path | None, typer.Option(help="also append the checkpoint to this file (a witness's)")
    ] = None,
) -> None:
    """Sign the tree head now and append it to the checkpoint file (and --out)."""
    settings = get_settings()
    with db.transaction() as session:
        checkpoint = service.take_checkpoint(session, SYSTEM, settings, out=out)
    console.print(
        f"checkpoint of {checkpoint.size} entries, root {checkpoint.root_hash[:16]}…, "
        f"appended to {settings.audit_checkpoint_path}" + (f" and {out}" if out else "")
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


def audit_prove(
    index: Annotated[int, typer.Option(min=0, help="the entry's leaf index (seq − 1)")],
    size: Annotated[
        int | None, typer.Option(min=1, help="tree size (default: the latest checkpoint's)")
    ] = None,
) -> None:
    """Print the RFC 6962 inclusion proof of an entry as JSON."""
    with db.transaction(read_only=True) as session:
        proof = service.inclusion_proof(session, SYSTEM, index, size)
    typer.echo(json.dumps(proof.model_dump(exclude={"checkpoint"})))


def audit_public_key() -> None:
    """Print the public key (PEM) that verifies the checkpoints."""
    typer.echo(service.public_key(SYSTEM, get_settings()).public_key_pem, nl=False)


def grants_standing(
    org_id: Annotated[int, typer.Option(help="the centre's organisation id (scenehub orgs list)")],
    days: Annotated[int, typer.Option(min=1, max=3650, help="days until it expires")] = 365,
) -> None:
    """Give the centre a standing grant to read every field of the golden records for its
    entity-resolution review (audited; revoke it on /admin/grants)."""
    with db.transaction() as session:
        grant = grant_service.standing_grant(session, SYSTEM, grantee_org_id=org_id, days=days)
    console.print(
        f"grant {grant.id} to {grant.grantee_name or org_id}: golden_firms, every field, "
        f"for entity-resolution review until {grant.expires_at:%Y-%m-%d}"
    )
