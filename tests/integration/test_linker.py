"""The linker on the hard cases real department files hold, one crafted record each, inside a
synthetic city (so Splink trains on a city's worth of records, as it would in production)."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pytest

from scenehub.demo.city import generate_city
from scenehub.demo.config import load_city
from scenehub.industry.taxonomy import load_chain
from scenehub.integration.ingest import ingest
from scenehub.integration.pipeline import run_resolution
from scenehub.integration.resolve import ResolveSettings
from scenehub.integration.standardise import city_rules, sound_of
from scenehub.integration.warehouse import open_warehouse

pytestmark = pytest.mark.slow
CITY = load_city()
SPEC = """name: hard_cases
department: 杭州市测试局
title: 难例
path: ../data/hard_cases.csv
format: csv
encoding: utf-8
grade: general
personal: []
record_id: 记录号
fields:
  uscc: 统一社会信用代码
  name: 单位名称
  address: 地址
  phone: 电话
  legal_rep: 法定代表人
extra: []
"""
AGENCY_PHONE = "0571-88886666"
AGENCY_ADDRESS = "杭州市滨江区长河街道江南大道9999号创业大厦1幢101室"


def _firms(city: Path) -> list[dict[str, str]]:
    with (city / "truth" / "firms.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    # Firms of their own (not branches, not look-alikes), registered with a valid code.
    return [
        r for r in rows if not r["branch_of"] and not r["lookalike_of"] and r["uscc"] and r["phone"]
    ]


def _trade_and_rest(name: str) -> tuple[str, str]:
    core = name.removeprefix("浙江省").removeprefix("杭州市").removeprefix("浙江")
    core = core.removeprefix("杭州").removesuffix("有限公司").removesuffix("股份")
    return core[:2], core[2:]


def _cases(firms: list[dict[str, str]]) -> list[tuple[dict[str, str], str, bool]]:
    """(row, the firm's code, whether the row must join that firm)."""
    a, b, c, d, e = firms[:5]
    rows: list[tuple[dict[str, str], str, bool]] = []
    trade, rest = _trade_and_rest(a["name"])
    pinyin = " ".join(p.capitalize() for p in (sound_of(trade), sound_of(rest)))
    rows.append(
        (
            {
                "单位名称": f"Hangzhou {pinyin} Youxian Gongsi",
                "地址": a["address"].removeprefix("浙江省"),
                "电话": a["phone"],
                "法定代表人": a["legal_rep"],
            },
            a["uscc"],
            True,
        )
    )
    rows.append(
        (
            {
                "单位名称": b["name"][:20] if len(b["name"]) > 20 else b["name"][:-2],
                "电话": b["phone"],
            }
            | {"法定代表人": b["legal_rep"], "地址": b["address"]},
            b["uscc"],
            True,
        )
    )
    typo = c["uscc"][:8] + ("0" if c["uscc"][8] != "0" else "1") + c["uscc"][9:]
    rows.append(
        (
            {"单位名称": c["name"].removesuffix("有限公司"), "统一社会信用代码": typo}
            | {"地址": c["address"], "法定代表人": c["legal_rep"]},
            c["uscc"],
            True,
        )
    )
    rows.append(
        (
            {"单位名称": d["name"].replace("科技", "科枝").replace("智能", "智熊")}
            | {"地址": d["address"], "电话": d["phone"], "法定代表人": d["legal_rep"]},
            d["uscc"],
            True,
        )
    )
    rows.append(
        (
            {"单位名称": e["name"] + "滨江第二分公司", "统一社会信用代码": e["uscc"]}
            | {"地址": e["address"], "电话": e["phone"]},
            e["uscc"],
            False,
        )
    )
    return rows


@pytest.fixture(scope="module")
def linked(tmp_path_factory: pytest.TempPathFactory) -> tuple[duckdb.DuckDBPyConnection, list]:
    folder = tmp_path_factory.mktemp("linker")
    city = folder / "city"
    generate_city(city, scale=1200, seed=23, city=CITY, chain=load_chain(), scenes=5)
    cases = _cases(_firms(city))
    columns = ["记录号", "单位名称", "统一社会信用代码", "地址", "电话", "法定代表人"]
    with (city / "data" / "hard_cases.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns)
        writer.writeheader()
        for i, (row, _, _) in enumerate(cases):
            writer.writerow({"记录号": f"H{i}", **row})
        # An agency's phone and a cluster-registration address, shared by 40 small firms.
        for i in range(40):
            writer.writerow(
                {
                    "记录号": f"A{i}",
                    "单位名称": f"杭州{'甲乙丙丁戊己庚辛壬癸'[i % 10]}{'金木水火土'[i // 10 % 5]}"
                    f"{i}号商贸有限公司",
                    "地址": AGENCY_ADDRESS,
                    "电话": AGENCY_PHONE,
                }
            )
    (city / "specs" / "hard_cases.yaml").write_text(SPEC, encoding="utf-8")
    connection = open_warehouse(folder / "warehouse.duckdb")
    for spec in sorted((city / "specs").glob("*.yaml")):
        ingest(connection, spec)
    outcome = run_resolution(connection, city_rules(CITY), ResolveSettings())
    assert outcome.probabilistic, outcome.note
    return connection, cases


def _firm_of(connection: duckdb.DuckDBPyConnection, record_id: str) -> str:
    row = connection.execute(
        "SELECT firm_id FROM record_firms WHERE unique_id = ?", [f"hard_cases:{record_id}"]
    ).fetchone()
    assert row is not None
    return str(row[0])


@pytest.mark.parametrize(
    ("index", "what"),
    [
        (0, "a pinyin rendering of the name, no code"),
        (1, "the name cut short, no code"),
        (2, "a mistyped code and no legal form"),
        (3, "look-alike typos in the name (科枝, 智熊)"),
    ],
)
def test_a_hard_record_joins_its_firm(linked: tuple, index: int, what: str) -> None:
    connection, cases = linked
    _, code, _ = cases[index]
    assert _firm_of(connection, f"H{index}") == code, what


def test_a_branch_filed_under_its_parents_code_is_not_the_parent(linked: tuple) -> None:
    connection, cases = linked
    _, parent_code, joins = cases[4]
    assert not joins
    assert _firm_of(connection, "H4") != parent_code


def test_an_agency_phone_and_a_cluster_address_merge_nobody(linked: tuple) -> None:
    connection, _ = linked
    firms = {_firm_of(connection, f"A{i}") for i in range(40)}
    assert len(firms) == 40
