"""A firm's data export and its re-import into another instance (docs/exit.md).

Each domain gives its part through its own ``exit_service``; this module only lays the
parts out (governance/export.py), zips them, checks an archive and files its history.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from scenehub.auth import exit_service as auth_exit
from scenehub.db import rows_deleted, utcnow
from scenehub.errors import PayloadTooLarge, ValidationFailed
from scenehub.estation import exit_service as estation_exit
from scenehub.firms import exit_service as firms_exit
from scenehub.governance import audit
from scenehub.governance import export as layout
from scenehub.governance.authz import authorize
from scenehub.governance.models import AuditEntry, ImportedHistory
from scenehub.governance.policy import Actor, Resource
from scenehub.i18n import N_, Term
from scenehub.integration import service as integration_service
from scenehub.partnerships import exit_service as partnerships_exit
from scenehub.proposals import exit_service as proposals_exit
from scenehub.salons import exit_service as salons_exit

Row = dict[str, Any]
# An archive unpacks to no more than this (a zip bomb is refused before it is read).
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
READ_FIELDS = next(p.columns for p in layout.PARTS if p.name == "data_reads")


@dataclass(frozen=True)
class Archive:
    filename: str
    data: bytes
    counts: dict[str, int]


@dataclass(frozen=True)
class ImportOutcome:
    org_id: int
    restored: dict[str, int]
    history: dict[str, int]
    usernames_taken: list[str]


def collect(session: Session, org_id: int, warehouse: Path) -> dict[str, list[Row]]:
    """Everything held about the organisation, part by part, each from its own domain;
    a part's rows imported from an earlier archive come first (export.merged_history)."""
    org_parts = auth_exit.export_for_org(session, org_id)
    firm_parts = firms_exit.export_for_org(session, org_id)
    firm_id = firms_exit.firm_id_of_org(session, org_id)
    uscc = _uscc({**org_parts, **firm_parts})
    live: dict[str, list[Row]] = {
        **org_parts,
        **firm_parts,
        **proposals_exit.export_for_org(session, org_id, firm_id),
        **partnerships_exit.export_for_org(session, org_id),
        **salons_exit.export_for_org(session, org_id),
        **estation_exit.export_for_org(session, org_id, firm_id),
        "warehouse": integration_service.export_for_uscc(warehouse, uscc) if uscc else [],
        "data_reads": _reads_of(session, org_id),
    }
    imported = _imported(session, org_id)
    return {
        part.name: layout.merged_history(
            imported.get(part.name, []),
            [layout.plain_row(r, part.columns) for r in live.get(part.name, [])],
        )
        for part in layout.PARTS
    }


def _uscc(parts: dict[str, list[Row]]) -> str:
    """The organisation's USCC, or else that of the firm record it maintains."""
    for rows in (parts["organisation"], parts.get("firm", [])):
        if rows and rows[0].get("uscc"):
            return str(rows[0]["uscc"])
    return ""


def _reads_of(session: Session, org_id: int) -> list[Row]:
    """The audit trail's entries about the organisation: who read or changed its data."""
    rows = session.scalars(
        select(AuditEntry).where(AuditEntry.subject_org_id == org_id).order_by(AuditEntry.seq)
    )
    return [{f: getattr(r, f) for f in READ_FIELDS} for r in rows]


def _imported(session: Session, org_id: int) -> dict[str, list[Row]]:
    found: dict[str, list[Row]] = {}
    for row in session.scalars(
        select(ImportedHistory).where(ImportedHistory.org_id == org_id).order_by(ImportedHistory.id)
    ):
        found.setdefault(row.part, []).extend(row.rows)
    return found


def export_archive(
    session: Session, actor: Actor, org_id: int, *, warehouse: Path, instance: str
) -> Archive:
    """The organisation's archive (its own users, or the centre on its request); audited
    as ``data.export`` for the organisation."""
    authorize(actor, "data.export", Resource("organisation", str(org_id), owner_org_id=org_id))
    parts = collect(session, org_id, warehouse)
    org = parts["organisation"][0]
    files = layout.archive_files(parts)
    counts = {name: len(rows) for name, rows in parts.items()}
    now = utcnow()
    manifest = layout.build_manifest(
        instance=instance,
        org_id=org_id,
        org_name=str(org["name"]),
        uscc=_uscc(parts) or None,
        exported_at=now,
        files=files,
        counts=counts,
    )
    data = _zip({layout.MANIFEST: _manifest_bytes(manifest), **files})
    audit.record(
        session,
        actor,
        "data.export",
        resource_type="organisation",
        resource_id=org_id,
        subject_org_id=org_id,
        details={"sha256": layout.sha256(data), "rows": counts},
    )
    stamp = now.strftime("%Y%m%dT%H%M%SZ")
    return Archive(f"scenehub-export-{manifest['uscc'] or org_id}-{stamp}.zip", data, counts)


def export_my_archive(session: Session, actor: Actor, *, warehouse: Path, instance: str) -> Archive:
    """The caller's own organisation's archive (a firm's users)."""
    authorize(actor, "data.export_own")
    assert actor.org_id is not None  # the policy refuses an actor without one
    return export_archive(session, actor, actor.org_id, warehouse=warehouse, instance=instance)


def _manifest_bytes(manifest: Row) -> bytes:
    return json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            # A fixed date: the same content zips to the same bytes.
            info = zipfile.ZipInfo(name, (2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()


# --- re-import ---------------------------------------------------------------------------


def read_archive(data: bytes) -> tuple[dict[str, list[Row]], Row]:
    """The archive's parts and manifest, once every file matches the manifest; else a
    422 naming the file at fault (nothing is written before this passes)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if sum(i.file_size for i in infos) > MAX_UNPACKED_BYTES:
                raise PayloadTooLarge(
                    N_("the archive unpacks to more than %(mb)s MB"),
                    params={"mb": MAX_UNPACKED_BYTES // 2**20},
                )
            files = {i.filename: archive.read(i) for i in infos if not i.is_dir()}
    except (zipfile.BadZipFile, EOFError, ValueError):
        raise ValidationFailed(
            N_("the upload is not a zip archive"), details={"file": "(archive)"}
        ) from None
    try:
        manifest = layout.read_manifest(files.get(layout.MANIFEST))
        return layout.verified_parts(manifest, files), manifest
    except layout.ArchiveProblem as problem:
        raise ValidationFailed(
            N_("the archive's file %(file)s is refused: %(reason)s"),
            params={"file": problem.file, "reason": Term(problem.reason)},
            details={"file": problem.file},
        ) from None


def import_archive(session: Session, actor: Actor, data: bytes) -> ImportOutcome:
    """Create the archive's organisation (same USCC) and restore what belongs to it: its
    users (without a password), firm record, capabilities and the proposals on scenes
    this instance has; every other part is kept as its imported history."""
    authorize(actor, "data.import")
    parts, manifest = read_archive(data)
    org_id, taken = auth_exit.import_for_org(session, parts["organisation"][0], parts["users"])
    restored = firms_exit.import_for_org(session, org_id, parts["firm"], parts["capabilities"])
    firm_id = firms_exit.firm_id_of_org(session, org_id)
    unplaced = proposals_exit.import_for_org(session, org_id, firm_id, parts["proposals"])
    restored["proposals"] = len(parts["proposals"]) - len(unplaced)
    history = {name: parts[name] for name in layout.HISTORY_PARTS}
    history["proposals"] = unplaced
    digest = layout.sha256(data)
    for name, rows in history.items():
        if rows:
            session.add(
                ImportedHistory(
                    org_id=org_id,
                    part=name,
                    rows=rows,
                    source_instance=str(manifest.get("instance", "")),
                    archive_sha256=digest,
                )
            )
    session.flush()
    outcome = ImportOutcome(
        org_id=org_id,
        restored={"users": len(parts["users"]) - len(taken), **restored},
        history={k: len(v) for k, v in history.items() if v},
        usernames_taken=taken,
    )
    audit.record(
        session,
        actor,
        "data.import",
        resource_type="organisation",
        resource_id=org_id,
        subject_org_id=org_id,
        details={"sha256": digest, "restored": outcome.restored, "history": outcome.history},
    )
    return outcome


def delete_imported_history(session: Session, org_id: int) -> int:
    """Drop the organisation's imported history (its account is being closed)."""
    return rows_deleted(session, delete(ImportedHistory).where(ImportedHistory.org_id == org_id))
