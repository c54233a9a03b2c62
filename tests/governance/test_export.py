"""The firm archive's layout, CSV rules and checks, without a database."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from scenehub.governance import closure
from scenehub.governance import export as layout

NOW = datetime(2026, 12, 3, 18, 0, tzinfo=UTC)


def archive(parts: dict[str, list[dict[str, object]]]) -> dict[str, bytes]:
    files = layout.archive_files(parts)
    counts = {p.name: len(parts.get(p.name, [])) for p in layout.PARTS}
    manifest = layout.build_manifest(
        instance="a",
        org_id=7,
        org_name="云图智能",
        uscc="91330108MA2H7K0L0X",
        exported_at=NOW,
        files=files,
        counts=counts,
    )
    return {layout.MANIFEST: json.dumps(manifest).encode(), **files}


ORG = {"organisation": [{"kind": "firm", "name": "云图智能", "name_en": "", "uscc": None}]}


def test_a_cell_that_a_spreadsheet_would_run_is_quoted_and_lists_are_json() -> None:
    assert layout.csv_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert layout.csv_cell("-1") == "'-1" and layout.csv_cell(-1) == "-1"
    assert layout.csv_cell(["交通", "a"]) == '["交通", "a"]'
    assert layout.csv_cell(None) == "" and layout.csv_cell(True) == "true"


def test_a_part_csv_has_a_bom_a_header_and_one_line_per_row() -> None:
    data = layout.part_csv([{"code": "C1", "title": "路面"}], ("code", "title"))
    assert data.startswith("\ufeff".encode())
    assert data.decode("utf-8-sig").splitlines() == ["code,title", "C1,路面"]


def test_the_manifest_lists_every_file_with_its_hash_and_rows() -> None:
    files = archive({**ORG, "capabilities": [{"code": "C1", "title": "t"}]})
    manifest = layout.read_manifest(files[layout.MANIFEST])
    listed = {f["name"]: f for f in manifest["files"]}
    assert set(listed) == {f"{p.name}.{ext}" for p in layout.PARTS for ext in ("json", "csv")}
    assert listed["capabilities.json"]["rows"] == 1
    assert listed["capabilities.csv"]["sha256"] == layout.sha256(files["capabilities.csv"])
    parts = layout.verified_parts(manifest, files)
    assert parts["capabilities"][0]["code"] == "C1" and parts["capabilities"][0]["trl"] is None


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (lambda f: f.update({"capabilities.json": b"[]"}), "capabilities.json"),
        (lambda f: f.pop("users.csv"), "users.csv"),
        (lambda f: f.update({"extra.txt": b"x"}), "extra.txt"),
        (lambda f: f.pop(layout.MANIFEST), layout.MANIFEST),
        (lambda f: f.update({layout.MANIFEST: b'{"format": "other"}'}), layout.MANIFEST),
    ],
)
def test_a_tampered_or_foreign_archive_names_the_file_at_fault(change: object, named: str) -> None:
    files = archive({**ORG, "capabilities": [{"code": "C1"}]})
    change(files)  # type: ignore[operator]
    with pytest.raises(layout.ArchiveProblem) as problem:
        layout.verified_parts(layout.read_manifest(files.get(layout.MANIFEST)), files)
    assert problem.value.file == named


def test_a_newer_format_version_is_refused() -> None:
    files = archive(ORG)
    manifest = json.loads(files[layout.MANIFEST])
    manifest["format_version"] = layout.FORMAT_VERSION + 1
    with pytest.raises(layout.ArchiveProblem, match="format version"):
        layout.read_manifest(json.dumps(manifest).encode())


def test_history_imported_earlier_comes_first_and_is_not_repeated() -> None:
    old, again, new = {"a": 1}, {"a": 1}, {"a": 2}
    assert layout.merged_history([old], [again, new]) == [old, new]


def test_a_closure_is_due_when_its_notice_ends_unless_cancelled_or_applied() -> None:
    effective = closure.effective_at(NOW, 30)
    assert effective == NOW + timedelta(days=30)
    assert not closure.is_due(effective, None, None, NOW + timedelta(days=29))
    assert closure.is_due(effective, None, None, effective)
    assert not closure.is_due(effective, NOW, None, effective)
    assert closure.state(None, effective) == closure.APPLIED
