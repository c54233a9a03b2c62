"""`scenehub ingest` and `scenehub resolve` from the shell, on a small city."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scenehub.cli import app
from scenehub.db import get_engine, upgrade_database
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


@pytest.fixture
def shell(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    """A fresh data dir with no database yet: the commands must migrate it themselves."""
    monkeypatch.delenv("SCENEHUB_DATABASE_URL", raising=False)
    monkeypatch.delenv("SCENEHUB_WAREHOUSE", raising=False)
    for key, value in {
        "SCENEHUB_SECRET_KEY": TEST_SECRET,
        "SCENEHUB_DATA_DIR": str(tmp_path / "data"),
        "SCENEHUB_DEFAULT_LOCALE": "en",
    }.items():
        monkeypatch.setenv(key, value)
    get_settings.cache_clear()
    get_engine.cache_clear()  # the default engine follows the settings, not an earlier test's
    yield CliRunner()
    get_settings.cache_clear()
    get_engine.cache_clear()


def spec_and_file(folder: Path, lines: list[str], path: str = "amr.csv") -> Path:
    from tests.integration.test_ingest import write_csv, write_spec

    folder.mkdir(parents=True, exist_ok=True)
    write_csv(folder / "amr.csv", lines)
    return write_spec(folder, path)


def test_resolve_on_an_unmigrated_data_dir_migrates_first(shell: CliRunner, tmp_path: Path) -> None:
    from sqlalchemy import create_engine, text

    from scenehub.integration.ingest import ingest
    from scenehub.integration.warehouse import has_tables, open_warehouse
    from tests.integration.test_ingest import HEADER, ROWS

    data = tmp_path / "data"
    connection = open_warehouse(data / "warehouse.duckdb")  # a warehouse, no app database
    ingest(connection, spec_and_file(tmp_path / "files", [HEADER, *ROWS]))
    connection.close()
    assert not (data / "scenehub.sqlite3").exists()
    resolved = shell.invoke(app, ["resolve"])
    assert resolved.exit_code == 0, resolved.output
    connection = open_warehouse(data / "warehouse.duckdb", read_only=True)
    assert has_tables(connection, "golden_firms")
    connection.close()
    engine = create_engine(f"sqlite:///{data / 'scenehub.sqlite3'}")
    with engine.connect() as db:
        actions = db.execute(text("SELECT action, outcome FROM audit_entries")).all()
    engine.dispose()
    assert actions == [("integration.resolve", "success")]


def test_ingest_refuses_a_header_only_redelivery_unless_allowed(
    shell: CliRunner, tmp_path: Path
) -> None:
    from tests.integration.test_ingest import HEADER, ROWS

    spec = spec_and_file(tmp_path / "files", [HEADER, *ROWS])
    assert shell.invoke(app, ["ingest", str(spec)]).exit_code == 0
    spec_and_file(tmp_path / "files", [HEADER])
    refused = shell.invoke(app, ["ingest", str(spec)])
    said = " ".join(refused.output.split())
    assert refused.exit_code == 2
    assert "error (source_shrank)" in said and "nothing was written" in said
    assert "--allow-shrink" in said
    allowed = shell.invoke(app, ["ingest", "--allow-shrink", str(spec)])
    assert allowed.exit_code == 0, allowed.output
    assert "(new)" in allowed.output


def test_ingest_confines_a_spec_to_its_folder_and_never_prints_the_file(
    shell: CliRunner, tmp_path: Path
) -> None:
    secret = tmp_path / "elsewhere" / "passwd"
    secret.parent.mkdir()
    secret.write_text("root:x:0:0:SECRET-FIRST-LINE:/root:/bin/bash\n", encoding="utf-8")
    spec = spec_and_file(tmp_path / "deliveries" / "police", [], "../../elsewhere/passwd")
    refused = shell.invoke(app, ["ingest", str(spec)])
    said = " ".join(refused.output.split())
    assert refused.exit_code == 2 and "names a data file outside" in said
    assert "--allow-outside-paths" in said and "SECRET" not in said
    allowed = shell.invoke(app, ["ingest", "--allow-outside-paths", str(spec)])
    said = " ".join(allowed.output.split())
    assert allowed.exit_code == 2 and "lacks the columns" in said  # read, but not quoted
    assert "SECRET" not in said
