"""The facts of a generated city's firms, read from its warehouse through the real pipeline
(its departments' files ingested and resolved, then classified): they agree with the city's
truth where the records allow, and stay unknown where the warehouse holds nothing."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import duckdb
import pytest

from scenehub.city import FactColumn
from scenehub.demo import extras
from scenehub.demo.model import TODAY
from scenehub.estation import warehouse_facts
from scenehub.estation.fact_values import TAX_CREDIT_GRADES, years_between
from scenehub.estation.firm_facts import FACT_FIELDS, FirmFactSheet, fact_sheet
from scenehub.estation.firm_records import MunicipalRecords, PlatformRecord
from scenehub.industry.classify import ClassifierModel
from scenehub.industry.facts import build_firm_facts
from scenehub.industry.map import MIN_CONFIDENCE
from scenehub.industry.segments import classify_firms
from scenehub.integration.engine import DuckDBEngine
from scenehub.matching.index import Encoder
from tests.estation.conftest import CITY, FactsCity

COLUMNS = CITY.facts.columns
# A lapsed firm founded before then has had its certificate for over three years by TODAY.
LAPSED_BY_TODAY = date(2022, 10, 1)


def every_firm(
    warehouse: Path, columns: tuple[FactColumn, ...] = COLUMNS
) -> list[MunicipalRecords]:
    connection = duckdb.connect(str(warehouse), read_only=True)
    try:
        return list(warehouse_facts.every_firm(connection, columns, page=40))
    finally:
        connection.close()


def sheets(records: list[MunicipalRecords]) -> list[FirmFactSheet]:
    return [
        fact_sheet(r.golden_id, r, PlatformRecord(), today=TODAY, min_confidence=MIN_CONFIDENCE)
        for r in records
    ]


@pytest.fixture(scope="module")
def firms(facts_city: FactsCity) -> list[FirmFactSheet]:
    return sheets(every_firm(facts_city.warehouse))


def test_every_golden_firm_has_every_fact_with_where_it_came_from(
    facts_city: FactsCity, firms: list[FirmFactSheet]
) -> None:
    connection = duckdb.connect(str(facts_city.warehouse), read_only=True)
    golden = connection.execute("SELECT count(*) FROM golden_firms").fetchone()
    connection.close()
    assert golden is not None and len(firms) == golden[0] > 100
    assert [f.firm_id for f in firms] == sorted(f.firm_id for f in firms)
    assert all(set(f.provenance) == set(FACT_FIELDS) for f in firms)
    assert all(f.tax_credit_grade in (None, *TAX_CREDIT_GRADES) for f in firms)
    assert all(f.stage in (None, "0-1", "1-100") for f in firms)


def test_founding_years_are_the_true_founding_dates_to_today(
    facts_city: FactsCity, firms: list[FirmFactSheet]
) -> None:
    compared = 0
    for firm in firms:
        truth = facts_city.truth.get(str(firm.firm_id))
        if truth is None or firm.years_since_founding is None:
            continue
        founded = date.fromisoformat(truth["established"])
        assert firm.years_since_founding == years_between(founded, TODAY), firm.provenance
        compared += 1
    assert compared > 100


def test_a_firm_is_high_tech_only_with_a_current_certificate_and_unknown_facts_are_few(
    facts_city: FactsCity, firms: list[FirmFactSheet]
) -> None:
    coded = [f for f in firms if str(f.firm_id) in facts_city.truth]
    certified = [f for f in coded if f.high_tech]
    assert certified and all(facts_city.truth[str(f.firm_id)]["hightech"] == "1" for f in certified)
    # The list is held, so absence from it is a fact: no firm's high-tech status is unknown
    # unless one of its certificates cannot be read.
    assert all(f.high_tech is not None or "no readable" in f.provenance["high_tech"] for f in firms)
    assert all(f.patents is not None and f.prior_defaults is not None for f in firms)
    # Social insurance covers most firms; the statistics bureau only those above scale.
    assert sum(f.headcount is not None for f in coded) > 0.7 * len(coded)
    assert sum(f.revenue_10k is not None for f in coded) < 0.4 * len(coded)


def test_a_lapsed_certificate_makes_no_firm_high_tech(
    facts_city: FactsCity, firms: list[FirmFactSheet]
) -> None:
    lapsed = {
        uscc
        for uscc, truth in facts_city.truth.items()
        if truth["hightech"] == "1"
        and extras.certificate_lapsed(uscc)
        and date.fromisoformat(truth["established"]) < LAPSED_BY_TODAY
    }
    found = [f for f in firms if f.firm_id in lapsed]
    assert found and all(f.high_tech is False for f in found)


def test_one_firm_reads_as_it_does_among_every_firm(
    facts_city: FactsCity, firms: list[FirmFactSheet]
) -> None:
    records = every_firm(facts_city.warehouse)
    connection = duckdb.connect(str(facts_city.warehouse), read_only=True)
    try:
        for chosen in (records[0], records[len(records) // 2], records[-1]):
            assert warehouse_facts.one_firm(connection, COLUMNS, chosen.golden_id) == chosen
        assert warehouse_facts.one_firm(connection, COLUMNS, "no-such-firm") is None
    finally:
        connection.close()


def test_a_list_the_warehouse_does_not_hold_leaves_its_count_unknown(facts_city: FactsCity) -> None:
    unheld = tuple(
        replace(c, source="court_judgments_2027") if c.fact == "prior_defaults" else c
        for c in COLUMNS
    )
    found = sheets(every_firm(facts_city.warehouse, unheld))
    assert all(f.prior_defaults is None for f in found)
    assert all(f.patents is not None for f in found)


def test_a_city_that_names_no_columns_knows_only_its_golden_records(facts_city: FactsCity) -> None:
    found = sheets(every_firm(facts_city.warehouse, ()))
    assert all(f.headcount is None and f.high_tech is None and f.patents is None for f in found)
    assert sum(f.years_since_founding is not None for f in found) > 100


def test_segments_are_read_once_the_firms_are_classified(
    facts_city: FactsCity, tmp_path: Path, trained_model: ClassifierModel, encoder: Encoder
) -> None:
    warehouse = tmp_path / "classified.duckdb"
    shutil.copy(facts_city.warehouse, warehouse)
    assert all(r.segments is None for r in every_firm(warehouse))
    connection = duckdb.connect(str(warehouse))
    try:
        engine = DuckDBEngine(connection)
        build_firm_facts(engine, CITY.facts)
        classify_firms(engine, trained_model, encoder)
        primary = dict(
            connection.execute("SELECT firm_id, code FROM firm_segments WHERE rank = 1").fetchall()
        )
    finally:
        connection.close()
    found = sheets(every_firm(warehouse))
    known = [f for f in found if f.segments is not None]
    assert len(known) > len(found) / 2
    assert all(f.segments and f.segments[0] == primary[f.firm_id] for f in known)
    assert all("industry chain classification" in f.provenance["segments"] for f in known)
