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


# --- the departments' datasets a firm may name in a data-access request ---------------------

DATASETS = {
    # source: (department, title, grade)
    "hrss_insured": ("杭州市人力资源和社会保障局", "单位参保人数", "important"),
    "traffic_flows": ("杭州市公安局交通警察支队", "路口车流量", "general"),
    "police_cases": ("杭州市公安局", "警情记录", "core"),
}


@pytest.fixture(scope="session")
def dataset_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse holding three departments' sources (one of them core data), each
    ingested from a one-row file through its spec."""
    import yaml

    folder = tmp_path_factory.mktemp("dataset-catalogue")
    connection = open_warehouse(folder / "warehouse.duckdb")
    try:
        for source, (department, title, grade) in DATASETS.items():
            (folder / f"{source}.csv").write_text(
                "编号,统一社会信用代码,单位名称\nR1,91330106MA2H000010,杭州云图智能科技有限公司\n",
                encoding="utf-8",
            )
            spec = {
                "name": source,
                "department": department,
                "title": title,
                "path": f"{source}.csv",
                "format": "csv",
                "encoding": "utf-8",
                "grade": grade,
                "record_id": "编号",
                "fields": {"uscc": "统一社会信用代码", "name": "单位名称"},
            }
            path = folder / f"{source}.yaml"
            path.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
            ingest(connection, path)
    finally:
        connection.close()
    return folder / "warehouse.duckdb"
