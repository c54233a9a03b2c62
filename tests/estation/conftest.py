"""A small generated city, ingested and resolved as `scenehub ingest` and `scenehub resolve`
leave it, whose firms' facts the tests read (copy the warehouse before changing it)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import pytest

from scenehub.demo.city import generate_city
from scenehub.demo.config import load_city
from scenehub.industry.taxonomy import load_chain
from scenehub.integration.ingest import ingest
from scenehub.integration.pipeline import run_resolution
from scenehub.integration.resolve import ResolveSettings
from scenehub.integration.standardise import city_rules
from scenehub.integration.warehouse import open_warehouse

CITY = load_city()


@dataclass(frozen=True)
class FactsCity:
    warehouse: Path
    truth: dict[str, dict[str, str]]  # the true firms by USCC (truth/firms.csv)


@pytest.fixture(scope="session")
def facts_city(tmp_path_factory: pytest.TempPathFactory) -> FactsCity:
    """A 150-firm city: every department's file ingested through its spec, then resolved."""
    return build_facts_city(tmp_path_factory.mktemp("facts-city"))


def build_facts_city(folder: Path, scale: int = 150, seed: int = 14) -> FactsCity:
    """A generated city in ``folder``, ingested and resolved (benchmarks/estation.py too)."""
    generate_city(folder / "city", scale=scale, seed=seed, city=CITY, chain=load_chain(), scenes=5)
    connection = open_warehouse(folder / "warehouse.duckdb")
    try:
        for spec in sorted((folder / "city" / "specs").glob("*.yaml")):
            ingest(connection, spec)
        run_resolution(connection, city_rules(CITY), ResolveSettings())
    finally:
        connection.close()
    with (folder / "city" / "truth" / "firms.csv").open(encoding="utf-8", newline="") as handle:
        truth = {row["uscc"]: row for row in csv.DictReader(handle)}
    return FactsCity(folder / "warehouse.duckdb", truth)
