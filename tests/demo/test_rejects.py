"""The city's unusable rows: ingest rejects exactly the rows ``truth/rejects.csv`` names, for
the reason their kind says, and takes every other row."""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from scenehub.demo.city import generate_city
from scenehub.demo.config import load_city
from scenehub.demo.records import UNUSABLE_KINDS, Noise
from scenehub.industry.taxonomy import load_chain
from scenehub.integration.ingest import ingest
from scenehub.integration.warehouse import open_warehouse

CITY = load_city()
# What ingest says about each kind of unusable row (the start of its reason).
REASONS = {
    "no_identity": ("neither a USCC nor a name",),
    "no_record_id": ("missing record id",),
    "repeated_record_id": ("duplicate record id: ",),
    "broken_row": ("the row has ", "invalid JSON: ", "the record is not a JSON object"),
}
BROKEN_BY_FORMAT = {
    "csv": "the row has ",
    "jsonl": "invalid JSON: ",
    "json": "the record is not a JSON object",
}


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, duckdb.DuckDBPyConnection]:
    """A small city with many unusable rows (5 %, so every kind turns up), all ingested."""
    folder = tmp_path_factory.mktemp("rejects")
    city = folder / "city"
    noise = Noise(unusable=0.05)
    generate_city(city, scale=300, seed=8, city=CITY, chain=load_chain(), noise=noise, scenes=10)
    connection = open_warehouse(folder / "warehouse.duckdb")
    for spec in sorted((city / "specs").glob("*.yaml")):
        ingest(connection, spec)
    return city, connection


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_ingest_rejects_exactly_the_rows_the_truth_names(
    ingested: tuple[Path, duckdb.DuckDBPyConnection],
) -> None:
    city, connection = ingested
    truth = read_csv(city / "truth" / "rejects.csv")
    rejected = {
        (source, row): reason
        for source, row, reason in connection.execute(
            "SELECT source, row_number, reason FROM rejects"
        ).fetchall()
    }
    assert set(rejected) == {(t["source"], int(t["row_number"])) for t in truth}
    for t in truth:
        reason = rejected[(t["source"], int(t["row_number"]))]
        assert reason.startswith(REASONS[t["kind"]]), (t, reason)
    assert Counter(t["kind"] for t in truth).keys() == set(UNUSABLE_KINDS)


def test_a_broken_row_is_broken_the_way_its_format_breaks(
    ingested: tuple[Path, duckdb.DuckDBPyConnection],
) -> None:
    city, connection = ingested
    formats = {d.source: d.format for _, d in CITY.datasets()}
    broken = [t for t in read_csv(city / "truth" / "rejects.csv") if t["kind"] == "broken_row"]
    assert {formats[t["source"]] for t in broken} == set(BROKEN_BY_FORMAT)
    for t in broken:
        (reason,) = connection.execute(
            "SELECT reason FROM rejects WHERE source = ? AND row_number = ?",
            [t["source"], int(t["row_number"])],
        ).fetchone() or ("",)
        assert reason.startswith(BROKEN_BY_FORMAT[formats[t["source"]]])


def test_rejects_are_counted_per_source_and_every_record_is_taken(
    ingested: tuple[Path, duckdb.DuckDBPyConnection],
) -> None:
    city, connection = ingested
    manifest = json.loads((city / "manifest.json").read_text(encoding="utf-8"))
    rejects = dict(
        connection.execute("SELECT source, count(*) FROM rejects GROUP BY ALL").fetchall()
    )
    records = dict(
        connection.execute("SELECT source, count(*) FROM current_records GROUP BY ALL").fetchall()
    )
    assert rejects == manifest["rejects"]
    assert records == manifest["records"]
    taken = {
        f"{source}:{record_id}"
        for source, record_id in connection.execute(
            "SELECT source, record_id FROM current_records"
        ).fetchall()
    }
    truth = {f"{t['source']}:{t['record_id']}" for t in read_csv(city / "truth" / "records.csv")}
    assert taken == truth  # the resolve truth holds exactly the records ingest took


def test_the_unusable_rate_leaves_the_rest_of_the_city_alone(tmp_path: Path) -> None:
    """Only record ids move up to make room for the unusable rows' own ids."""

    def truth_of(noise: Noise, out: Path) -> tuple[bytes, list[list[str]]]:
        generate_city(out, scale=120, seed=3, city=CITY, chain=load_chain(), noise=noise, scenes=10)
        records = [
            [v for k, v in t.items() if k not in ("record_id", "duplicate_of")]
            for t in read_csv(out / "truth" / "records.csv")
        ]
        return (out / "truth" / "firms.csv").read_bytes(), records

    clean = truth_of(Noise(unusable=0.0), tmp_path / "clean")
    assert read_csv(tmp_path / "clean" / "truth" / "rejects.csv") == []
    assert truth_of(Noise(unusable=0.05), tmp_path / "noisy") == clean
    assert read_csv(tmp_path / "noisy" / "truth" / "rejects.csv")
