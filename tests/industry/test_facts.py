"""Firm facts read a firm's business scope (经营范围) from every source whose spec maps the
``business_scope`` field, as well as from the city file's scope column; where sources differ,
the most trusted one's scope counts, and the classifier reads it.

The warehouses are real DuckDB files: department files ingested through their specs and
resolved, as ``scenehub ingest`` and ``scenehub resolve`` leave them.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from scenehub.auth.roles import Role
from scenehub.city import Facts, load_city
from scenehub.governance.policy import Actor
from scenehub.industry.classify import ClassifierModel
from scenehub.industry.facts import INPUTS, build_firm_facts
from scenehub.industry.segments import classify_firms
from scenehub.integration.engine import DuckDBEngine, Engine, SparkEngine
from scenehub.integration.ingest import ingest
from scenehub.integration.pipeline import run_resolution
from scenehub.integration.resolve import ResolveSettings
from scenehub.integration.service import golden_for_registry
from scenehub.integration.standardise import city_rules
from scenehub.integration.uscc import make_uscc
from scenehub.integration.warehouse import open_warehouse
from scenehub.matching.index import Encoder
from tests.integration.test_ingest import write_csv, write_spec

YUNTU = make_uscc("330108", "MA2H7K0L")
HENGYUAN = make_uscc("330106", "MA2J8K1M")
NAMES = {YUNTU: "杭州云图智能科技有限公司", HENGYUAN: "杭州恒远科技有限公司"}
VISION_SCOPE = "人工智能应用软件开发；计算机视觉识别系统研发"
CHIP_SCOPE = "集成电路设计；集成电路芯片设计及服务；AI芯片研发"
OLD_SCOPE = "日用百货销售；服装鞋帽批发"
# The registration bureau, whose scope column the city file names (an extra attribute) …
REGISTRY = "amr_test"
# … and a source a department added later, whose spec maps the standard field.
ROSTER = "park_roster"
CITY_FACTS = Facts(scope=(REGISTRY, "经营范围"), trust=(REGISTRY, ROSTER))


def deliver(folder: Path, source: str, scopes: dict[str, str]) -> Path:
    """A department file of ``scopes`` (USCC → business scope) and its spec: the registry
    keeps the scope as an extra column, the roster maps it to ``business_scope``."""
    folder.mkdir(parents=True)
    lines = ["记录编号,统一社会信用代码,企业名称,经营范围"]
    lines += [
        f"R{i},{uscc},{NAMES[uscc]},{scope}" for i, (uscc, scope) in enumerate(scopes.items())
    ]
    write_csv(folder / f"{source}.csv", lines)
    fields = {"uscc": "统一社会信用代码", "name": "企业名称"}
    if source == REGISTRY:
        return write_spec(folder, f"{source}.csv", name=source, fields=fields, extra=["经营范围"])
    fields["business_scope"] = "经营范围"
    return write_spec(folder, f"{source}.csv", name=source, fields=fields, department="园区管委会")


def resolved(folder: Path, deliveries: dict[str, dict[str, str]]) -> duckdb.DuckDBPyConnection:
    """A warehouse with ``deliveries`` (source → its scopes) ingested in order and resolved."""
    connection = open_warehouse(folder / "warehouse.duckdb")
    for source, scopes in deliveries.items():
        ingest(connection, deliver(folder / source, source, scopes))
    run_resolution(connection, city_rules(load_city()), ResolveSettings())
    return connection


def department_texts(engine: Engine, facts: Facts) -> dict[str, str]:
    build_firm_facts(engine, facts)
    rows = engine.fetch("SELECT uscc, department_text FROM firm_facts ORDER BY uscc")
    return {str(uscc): str(text) for uscc, text in rows}


def test_the_city_files_scope_column_and_trust_are_the_facts_scope() -> None:
    city = load_city()
    assert city.facts.scope == (city.scope_source, city.scope_column)
    assert city.facts.trust == city.trust


def test_a_scope_only_a_source_the_city_file_does_not_name_holds_is_in_the_firms_facts(
    tmp_path: Path,
) -> None:
    warehouse = resolved(
        tmp_path,
        {REGISTRY: {YUNTU: VISION_SCOPE, HENGYUAN: ""}, ROSTER: {HENGYUAN: CHIP_SCOPE}},
    )
    texts = department_texts(DuckDBEngine(warehouse), CITY_FACTS)
    assert texts == {YUNTU: VISION_SCOPE, HENGYUAN: CHIP_SCOPE}


def test_the_shipped_city_reads_a_new_sources_scope_without_naming_it(tmp_path: Path) -> None:
    """Hangzhou's file names neither source: the roster's scope is read all the same."""
    warehouse = resolved(
        tmp_path, {REGISTRY: {YUNTU: VISION_SCOPE}, ROSTER: {HENGYUAN: CHIP_SCOPE}}
    )
    texts = department_texts(DuckDBEngine(warehouse), load_city().facts)
    assert texts == {YUNTU: "", HENGYUAN: CHIP_SCOPE}


@pytest.mark.parametrize(
    ("trust", "counted"),
    [
        ((REGISTRY, ROSTER), VISION_SCOPE),
        ((ROSTER, REGISTRY), OLD_SCOPE),
        ((), OLD_SCOPE),  # no order: the most recent run (the roster came later)
        ((REGISTRY,), VISION_SCOPE),  # a ranked source before every unranked one
    ],
)
def test_where_sources_differ_the_most_trusted_sources_scope_counts(
    tmp_path: Path, trust: tuple[str, ...], counted: str
) -> None:
    warehouse = resolved(tmp_path, {REGISTRY: {YUNTU: VISION_SCOPE}, ROSTER: {YUNTU: OLD_SCOPE}})
    facts = Facts(scope=(REGISTRY, "经营范围"), trust=trust)
    assert department_texts(DuckDBEngine(warehouse), facts)[YUNTU] == counted


def test_the_registry_and_the_map_read_the_same_scope_for_each_firm(tmp_path: Path) -> None:
    """The capability registry's copy of a firm's scope is the one its facts classify by:
    Hangzhou's file names neither source, so the roster's mapped scope counts in both."""
    warehouse = resolved(
        tmp_path, {REGISTRY: {YUNTU: VISION_SCOPE}, ROSTER: {HENGYUAN: CHIP_SCOPE}}
    )
    texts = department_texts(DuckDBEngine(warehouse), load_city().facts)
    warehouse.close()
    operator = Actor(user_id=2, username="operator", role=Role.OPERATOR)
    registry = golden_for_registry(operator, tmp_path / "warehouse.duckdb")
    assert {entry.uscc: entry.business_scope for entry in registry} == texts
    assert texts[HENGYUAN] == CHIP_SCOPE


def test_the_scope_column_listed_among_the_texts_is_read_once(tmp_path: Path) -> None:
    warehouse = resolved(tmp_path, {REGISTRY: {YUNTU: VISION_SCOPE}, ROSTER: {YUNTU: OLD_SCOPE}})
    scope = (REGISTRY, "经营范围")
    facts = Facts(texts=(scope,), scope=scope, trust=(REGISTRY,))
    assert department_texts(DuckDBEngine(warehouse), facts)[YUNTU] == VISION_SCOPE


def primary_segment(
    warehouse: duckdb.DuckDBPyConnection, model: ClassifierModel, encoder: Encoder, uscc: str
) -> str:
    engine = DuckDBEngine(warehouse)
    build_firm_facts(engine, CITY_FACTS)
    classify_firms(engine, model, encoder)
    row = warehouse.execute(
        """SELECT s.code FROM firm_segments s JOIN firm_facts f USING (firm_id)
           WHERE f.uscc = ? AND s.rank = 1""",
        [uscc],
    ).fetchone()
    assert row is not None
    return str(row[0])


def test_a_firm_is_classified_by_the_scope_a_new_source_holds(
    tmp_path: Path, trained_model: ClassifierModel, encoder: Encoder
) -> None:
    registry_only = {REGISTRY: {YUNTU: VISION_SCOPE, HENGYUAN: ""}}
    without = resolved(tmp_path / "without", registry_only)
    with_roster = resolved(tmp_path / "with", {**registry_only, ROSTER: {HENGYUAN: CHIP_SCOPE}})
    assert primary_segment(without, trained_model, encoder, HENGYUAN) != "F.chip"
    assert primary_segment(with_roster, trained_model, encoder, HENGYUAN) == "F.chip"


@pytest.mark.slow
def test_spark_chooses_the_same_scopes_as_duckdb(tmp_path: Path, spark: SparkEngine) -> None:
    warehouse = resolved(
        tmp_path,
        {
            REGISTRY: {YUNTU: VISION_SCOPE, HENGYUAN: ""},
            ROSTER: {YUNTU: OLD_SCOPE, HENGYUAN: CHIP_SCOPE},
        },
    )
    on_duckdb = department_texts(DuckDBEngine(warehouse), CITY_FACTS)
    spark.load(warehouse, INPUTS)
    try:
        on_spark = department_texts(spark, CITY_FACTS)
    finally:
        spark.release()
    assert on_spark == on_duckdb == {YUNTU: VISION_SCOPE, HENGYUAN: CHIP_SCOPE}
