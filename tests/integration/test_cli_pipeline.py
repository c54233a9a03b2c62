"""`scenehub ingest` and `scenehub resolve` from the shell, on a small city."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scenehub.cli import app
from scenehub.db import upgrade_database
from scenehub.settings import get_settings
from tests.conftest import TEST_SECRET

pytestmark = pytest.mark.slow


def test_ingest_then_resolve_with_export(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'app.sqlite3'}"
    upgrade_database(url)
    for key, value in {
        "SCENEHUB_DATABASE_URL": url,
        "SCENEHUB_SECRET_KEY": TEST_SECRET,
        "SCENEHUB_DATA_DIR": str(tmp_path),
        "SCENEHUB_DEFAULT_LOCALE": "en",
    }.items():
        monkeypatch.setenv(key, value)
    get_settings.cache_clear()
    runner = CliRunner()
    city = tmp_path / "city"
    assert (
        runner.invoke(app, ["city", "generate", "--out", str(city), "--scale", "300"]).exit_code
        == 0
    )
    specs = [str(p) for p in sorted((city / "specs").glob("*.yaml"))]
    first = runner.invoke(app, ["ingest", *specs])
    assert first.exit_code == 0, first.output
    again = runner.invoke(app, ["ingest", *specs])
    assert "unchanged" in again.output and "(new)" not in again.output
    out = tmp_path / "clusters.csv"
    resolved = runner.invoke(app, ["resolve", "--export", str(out)])
    assert resolved.exit_code == 0, resolved.output
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    with (city / "truth" / "records.csv").open(encoding="utf-8") as handle:
        truth = {(r["source"], r["record_id"]) for r in csv.DictReader(handle)}
    assert {(r["source"], r["record_id"]) for r in rows} == truth
    bad = runner.invoke(app, ["ingest", str(tmp_path / "nope.yaml")])
    assert bad.exit_code == 2 and "cannot read the spec nope.yaml" in " ".join(bad.output.split())
    get_settings.cache_clear()
