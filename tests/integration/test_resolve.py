"""Resolution on a small synthetic city, scored against its truth."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import duckdb
import pytest

from scenehub.demo.city import generate_city
from scenehub.demo.config import load_city
from scenehub.industry.taxonomy import load_chain
from scenehub.integration.golden import export_clusters
from scenehub.integration.ingest import ingest
from scenehub.integration.pipeline import run_resolution
from scenehub.integration.resolve import ResolveSettings, pairwise_scores
from scenehub.integration.standardise import city_rules
from scenehub.integration.warehouse import open_warehouse

pytestmark = pytest.mark.slow
CITY = load_city()


@pytest.fixture(scope="module")
def resolved(tmp_path_factory: pytest.TempPathFactory) -> tuple[duckdb.DuckDBPyConnection, Path]:
    folder = tmp_path_factory.mktemp("resolve")
    city = folder / "city"
    generate_city(city, scale=1500, seed=17, city=CITY, chain=load_chain(), scenes=20)
    connection = open_warehouse(folder / "warehouse.duckdb")
    for spec in sorted((city / "specs").glob("*.yaml")):
        ingest(connection, spec)
    rules = city_rules(CITY)
    run_resolution(connection, rules, ResolveSettings())
    connection.execute(f"""CREATE TABLE truth AS
        SELECT source || ':' || record_id AS unique_id, firm_id AS true_id
        FROM read_csv('{city}/truth/records.csv', all_varchar=true)""")
    return connection, city


def test_pairwise_f1_against_the_truth(resolved: tuple[duckdb.DuckDBPyConnection, Path]) -> None:
    connection, _ = resolved
    scores = pairwise_scores(connection, "truth")
    assert scores["precision"] >= 0.99
    assert scores["f1"] >= 0.97


def test_the_run_links_probabilistically_inside_its_transaction(
    resolved: tuple[duckdb.DuckDBPyConnection, Path],
) -> None:
    # Splink probes for tables by catching errors; inside the run's transaction that used to
    # abort it, and the run fell back to exact links without a word.
    connection, _ = resolved
    scored = connection.execute(
        "SELECT count(*) FROM predictions WHERE match_probability < 1"
    ).fetchone()
    assert scored is not None and scored[0] > 0


def test_every_record_gets_exactly_one_firm(
    resolved: tuple[duckdb.DuckDBPyConnection, Path],
) -> None:
    connection, _ = resolved
    records, assigned, distinct = connection.execute("""SELECT
        (SELECT count(*) FROM std_records), (SELECT count(*) FROM record_firms),
        (SELECT count(DISTINCT unique_id) FROM record_firms)""").fetchone()  # type: ignore[misc]
    assert records == assigned == distinct


def test_branches_and_look_alikes_never_merge_with_their_twin(
    resolved: tuple[duckdb.DuckDBPyConnection, Path],
) -> None:
    connection, city = resolved
    with (city / "truth" / "firms.csv").open(encoding="utf-8") as handle:
        firms = list(csv.DictReader(handle))
    twins = [
        (f["firm_id"], f["branch_of"] or f["lookalike_of"])
        for f in firms
        if f["branch_of"] or f["lookalike_of"]
    ]
    assert twins
    resolved_of: dict[str, set[str]] = defaultdict(set)
    for true_id, firm_id in connection.execute(
        "SELECT t.true_id, r.firm_id FROM record_firms r JOIN truth t USING (unique_id)"
    ).fetchall():
        resolved_of[true_id].add(firm_id)
    merged = [(a, b) for a, b in twins if resolved_of[a] & resolved_of[b]]
    assert merged == []


def test_golden_records_name_the_source_of_every_field(
    resolved: tuple[duckdb.DuckDBPyConnection, Path],
) -> None:
    connection, _ = resolved
    unnamed = connection.execute("SELECT count(*) FROM golden_firms WHERE name IS NULL").fetchone()
    assert unnamed == (0,)
    orphans = connection.execute("""SELECT count(*) FROM golden_provenance p
        LEFT JOIN std_records s ON s.source = p.source AND s.record_id = p.record_id
        WHERE s.unique_id IS NULL""").fetchone()
    assert orphans == (0,)
    # Registration is the most trusted source of a name: a registered firm's name comes from it.
    sources = dict(
        connection.execute("""SELECT p.source, count(*) FROM golden_provenance p
        WHERE p.field = 'name' GROUP BY p.source""").fetchall()
    )
    assert max(sources, key=lambda s: sources[s]) == "amr_registrations"


def test_the_cluster_export_has_the_documented_columns(
    resolved: tuple[duckdb.DuckDBPyConnection, Path], tmp_path: Path
) -> None:
    connection, _ = resolved
    out = tmp_path / "clusters.csv"
    rows = export_clusters(connection, out)
    with out.open(encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == ["source", "department", "record_id", "firm_id"]
        assert sum(1 for _ in reader) == rows


def test_a_resolution_run_is_all_or_nothing_and_survives_tiny_data(tmp_path: Path) -> None:
    city = tmp_path / "city"
    generate_city(city, scale=150, seed=2, city=CITY, chain=load_chain(), scenes=10)
    connection = open_warehouse(tmp_path / "warehouse.duckdb")
    for name in ("amr_registrations", "sasac_soes"):  # two sources: too little to train on
        ingest(connection, city / "specs" / f"{name}.yaml")
    rules = city_rules(CITY)
    first = run_resolution(connection, rules, ResolveSettings())
    assert first.firms > 0
    golden = connection.execute("SELECT count(*) FROM golden_firms").fetchone()

    def crash(_: int) -> None:
        raise KeyboardInterrupt

    ingest(connection, city / "specs" / "tax_taxpayers.yaml")
    with pytest.raises(KeyboardInterrupt):
        run_resolution(connection, rules, ResolveSettings(), on_rows=crash)
    assert connection.execute("SELECT count(*) FROM golden_firms").fetchone() == golden
    leftovers = connection.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE '__splink__%'"
    ).fetchone()
    assert leftovers == (0,)
