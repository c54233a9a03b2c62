"""``scenehub audit verify`` and ``scenehub audit anchor``: check the tamper-evident audit
trail and keep its head outside the database; ``scenehub grants standing``: the centre's
standing grant for its entity-resolution review (registered in scenehub.cli, which reports
their errors)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from scenehub import db
from scenehub.governance import audit, grant_service
from scenehub.governance.chain import Anchor
from scenehub.governance.policy import SYSTEM

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
