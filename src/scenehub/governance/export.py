"""A firm's data archive: its parts, its manifest, its CSV rules and its checks (pure).

The archive is a zip of ``manifest.json`` and, per part, ``<part>.json`` (a list of rows)
and ``<part>.csv`` (the same rows for a spreadsheet). The manifest names the format and its
version, the instance and the organisation it came from, when, and every file with its
SHA-256 and row count. docs/exit.md says what each part holds and what an import restores.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from scenehub.i18n import N_
from scenehub.spreadsheets import formula_safe

FORMAT = "scenehub-firm-export"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"

# How a part comes back in another instance: "restored" as live records, or "history"
# (kept read-only in the target's imported history; the audit trail stays append-only).
RESTORED = "restored"
HISTORY = "history"


@dataclass(frozen=True)
class Part:
    name: str
    kind: str
    columns: tuple[str, ...]


PARTS: tuple[Part, ...] = (
    Part("organisation", RESTORED, ("kind", "name", "name_en", "uscc")),
    Part("users", RESTORED, ("username", "display_name", "role", "locale", "is_active")),
    Part(
        "firm",
        RESTORED,
        (
            "uscc",
            "golden_id",
            "name",
            "name_en",
            "district_code",
            "business_scope",
            "profile",
            "stage",
            "segments",
        ),
    ),
    Part(
        "capabilities",
        RESTORED,
        (
            "code",
            "title",
            "description",
            "segments",
            "trl",
            "reference_cases",
            "certifications",
            "status",
        ),
    ),
    Part(
        "proposals",
        RESTORED,
        (
            "scene_code",
            "summary",
            "approach",
            "budget_10k",
            "timeline_months",
            "status",
            "reason",
            "scores",
            "total_score",
            "created_at",
            "decided_at",
        ),
    ),
    Part("claims", HISTORY, ("uscc", "evidence", "status", "reason", "created_at", "decided_at")),
    Part("match_history", HISTORY, ("scene_code", "invited_by", "message", "score", "created_at")),
    Part(
        "partnerships",
        HISTORY,
        (
            "code",
            "scene_code",
            "stage",
            "origin",
            "started_on",
            "terminated_reason",
            "pilot",
            "events",
        ),
    ),
    Part(
        "salons",
        HISTORY,
        (
            "salon_code",
            "theme",
            "what",
            "status",
            "score",
            "starts_at",
            "scene_code",
            "outcome",
            "note",
            "checked_in_at",
        ),
    ),
    Part(
        "applications",
        HISTORY,
        (
            "code",
            "product",
            "submitted_on",
            "status",
            "amount_10k",
            "granted_10k",
            "consent_fields",
            "decision_reason",
            "messages",
        ),
    ),
    Part(
        "service_requests",
        HISTORY,
        ("code", "kind", "status", "purpose", "requested_on", "hours_approved", "reason"),
    ),
    Part(
        "scene_credits",
        HISTORY,
        ("trigger", "reference", "scene_code", "changed", "at", "unlocked"),
    ),
    Part(
        "warehouse",
        HISTORY,
        ("what", "field", "value", "source", "department", "record_id", "name", "address"),
    ),
    Part(
        "data_reads",
        HISTORY,
        (
            "seq",
            "ts",
            "actor_username",
            "actor_role",
            "action",
            "resource_type",
            "resource_id",
            "purpose",
            "outcome",
            "hash",
        ),
    ),
)
PART_NAMES = tuple(p.name for p in PARTS)
HISTORY_PARTS = tuple(p.name for p in PARTS if p.kind == HISTORY)
# The manifest's fields that differ between two exports of the same content.
VOLATILE_MANIFEST_FIELDS = ("instance", "org_id", "exported_at")

Row = dict[str, Any]


class ArchiveProblem(Exception):
    """The archive cannot be imported; ``file`` names the file at fault, ``reason`` (a
    message id) says why."""

    def __init__(self, file: str, reason: str) -> None:
        super().__init__(f"{file}: {reason}")
        self.file = file
        self.reason = reason


def plain(value: Any) -> Any:
    """A value as JSON holds it: dates and times in ISO 8601, the rest as it is."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def plain_row(row: Mapping[str, Any], columns: Sequence[str]) -> Row:
    """The row's ``columns`` only, in that order, as plain JSON values."""
    return {c: plain(row.get(c)) for c in columns}


def part_json(rows: Sequence[Row]) -> bytes:
    """A part's JSON file: stable key order, Chinese kept readable."""
    return json.dumps(list(rows), ensure_ascii=False, indent=1, sort_keys=False).encode("utf-8")


def csv_cell(value: Any) -> str:
    """One CSV cell: lists and objects as JSON, None empty, booleans true/false; text that
    a spreadsheet would run as a formula gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return formula_safe(value) if isinstance(value, str) else str(value)


class _Lines:
    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, text: str) -> int:
        self.parts.append(text)
        return len(text)


def part_csv(rows: Iterable[Row], columns: Sequence[str]) -> bytes:
    """A part's CSV file: UTF-8 with a BOM (spreadsheets in China open it right), a header
    row of the part's columns, one line per row."""
    out = _Lines()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([csv_cell(row.get(c)) for c in columns])
    return ("\ufeff" + "".join(out.parts)).encode("utf-8")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def archive_files(parts: Mapping[str, Sequence[Row]]) -> dict[str, bytes]:
    """Every part's JSON and CSV file (the manifest aside), in the order of ``PARTS``."""
    files: dict[str, bytes] = {}
    for part in PARTS:
        rows = [plain_row(r, part.columns) for r in parts.get(part.name, [])]
        files[f"{part.name}.json"] = part_json(rows)
        files[f"{part.name}.csv"] = part_csv(rows, part.columns)
    return files


def build_manifest(
    *,
    instance: str,
    org_id: int,
    org_name: str,
    uscc: str | None,
    exported_at: datetime,
    files: Mapping[str, bytes],
    counts: Mapping[str, int],
) -> Row:
    """The manifest: what the archive is, where from, and each file's hash and rows."""
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "instance": instance,
        "org_id": org_id,
        "org_name": org_name,
        "uscc": uscc,
        "exported_at": exported_at.isoformat(),
        "parts": [{"name": p.name, "kind": p.kind} for p in PARTS],
        "files": [
            {"name": name, "sha256": sha256(data), "rows": counts[name.rsplit(".", 1)[0]]}
            for name, data in files.items()
        ],
    }


def read_manifest(raw: bytes | None) -> Row:
    """The manifest, checked for its format and version."""
    if raw is None:
        raise ArchiveProblem(MANIFEST, N_("it is missing: this is not a scenehub firm export"))
    try:
        manifest = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ArchiveProblem(MANIFEST, N_("it is not valid JSON")) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ArchiveProblem(MANIFEST, N_("it is not the manifest of a scenehub firm export"))
    if manifest.get("format_version") != FORMAT_VERSION:
        raise ArchiveProblem(
            MANIFEST,
            N_("its format version is not the one this instance reads"),
        )
    if not isinstance(manifest.get("files"), list) or not manifest.get("uscc"):
        raise ArchiveProblem(MANIFEST, N_("it lists no files or no USCC"))
    return manifest


def verified_parts(manifest: Row, files: Mapping[str, bytes]) -> dict[str, list[Row]]:
    """Every part's rows, once each listed file's SHA-256 and row count match and every
    part's JSON file is listed; the first file that does not is named."""
    listed = {str(f.get("name")): f for f in manifest["files"] if isinstance(f, dict)}
    for name in files:
        if name != MANIFEST and name not in listed:
            raise ArchiveProblem(name, N_("it is not listed in the manifest"))
    for name, entry in listed.items():
        data = files.get(name)
        if data is None:
            raise ArchiveProblem(name, N_("it is listed in the manifest but missing"))
        if sha256(data) != entry.get("sha256"):
            raise ArchiveProblem(
                name, N_("its SHA-256 differs from the manifest's: it was altered")
            )
    parts: dict[str, list[Row]] = {}
    for part in PARTS:
        name = f"{part.name}.json"
        if name not in listed:
            raise ArchiveProblem(name, N_("it is missing from the manifest"))
        rows = _rows(name, files[name])
        if len(rows) != listed[name].get("rows"):
            raise ArchiveProblem(name, N_("its row count differs from the manifest's"))
        parts[part.name] = [plain_row(r, part.columns) for r in rows]
    if len(parts["organisation"]) != 1:
        raise ArchiveProblem("organisation.json", N_("it must hold exactly one organisation"))
    return parts


def _rows(name: str, data: bytes) -> list[Row]:
    try:
        rows = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ArchiveProblem(name, N_("it is not valid JSON")) from None
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise ArchiveProblem(name, N_("it must be a list of objects"))
    return rows


def merged_history(imported: Sequence[Row], live: Sequence[Row]) -> list[Row]:
    """A history part as exported: rows imported from an earlier archive, then the live
    rows not already among them (a firm that left and came back has both)."""
    seen = {json.dumps(r, sort_keys=True, ensure_ascii=False) for r in imported}
    fresh = [r for r in live if json.dumps(r, sort_keys=True, ensure_ascii=False) not in seen]
    return [*imported, *fresh]


def comparable(manifest: Row) -> Row:
    """The manifest without the fields that differ between exports of the same content."""
    return {k: v for k, v in manifest.items() if k not in VOLATILE_MANIFEST_FIELDS}
