"""``scenehub estation check``: the documented JSON line per firm for good files; exit 2, a
message naming the problem and nothing on standard output for a bad product or firm file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from scenehub.cli import app
from scenehub.estation.check import compile_products, eligibility
from scenehub.estation.facts import firm_from_json
from scenehub.estation.products import products_from_data
from tests.estation.factories import random_firms, random_products

runner = CliRunner()

PRODUCTS = """\
products:
  - code: G01
    kind: guarantee
    name: 科技信用担保
    min_10k: 50
    max_10k: 1000
    rules:
      all:
        - {field: stage, op: "==", value: "0-1"}
        - {field: headcount, op: ">=", value: 5}
        - not: {field: prior_defaults, op: ">", value: 0}
  - code: V01
    kind: compute_voucher
    name: 算力券
    min_10k: 10
    max_10k: 500
    rules:
      any:
        - {field: segments, op: in, value: [T.llm, F.compute]}
        - {field: high_tech, op: "==", value: true}
  - code: L01
    kind: loan
    name: 设备更新贷
    min_10k: 300
    max_10k: 5000
    rules: {field: stage, op: "==", value: "1-100"}
"""
FIRMS = [
    {"firm_id": "F1", "stage": "0-1", "headcount": 12, "segments": ["T.llm"], "prior_defaults": 0},
    {"firm_id": 2, "stage": "1-100", "revenue_10k": 2000, "high_tech": False},
    {"firm_id": "F3", "district": "西湖区"},
]


def jsonl(rows: list[Any]) -> str:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def run(
    tmp_path: Path, products: str | bytes, firms: str | bytes, *extra: str
) -> tuple[int, str, str]:
    paths = {"products": tmp_path / "p.yaml", "firms": tmp_path / "f.jsonl"}
    for name, content in (("products", products), ("firms", firms)):
        data = content.encode("utf-8") if isinstance(content, str) else content
        paths[name].write_bytes(data)
    args = ["--products", str(paths["products"]), "--firms", str(paths["firms"])]
    result = runner.invoke(app, ["estation", "check", *args, "--format", "jsonl", *extra])
    return result.exit_code, result.stdout, " ".join(result.stderr.split())


def test_each_firm_gets_one_line_in_the_documented_shape(tmp_path: Path) -> None:
    code, out, err = run(tmp_path, PRODUCTS, jsonl(FIRMS))
    assert code == 0, err
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["firm_id"] for line in lines] == ["F1", 2, "F3"]  # ids as given
    for line in lines:
        assert set(line) == {"firm_id", "products", "package"}
        assert [p["code"] for p in line["products"]] == ["G01", "V01", "L01"]
        for product in line["products"]:
            assert set(product) == {"code", "eligible", "rules"}
            assert all(set(r) == {"rule", "result", "reason"} for r in product["rules"])
    eligible = [[p["eligible"] for p in line["products"]] for line in lines]
    assert eligible == [[True, True, False], [False, None, True], [None, None, None]]
    assert [line["package"] for line in lines] == [
        [{"code": "V01", "amount_10k": 500}, {"code": "G01", "amount_10k": 300}],
        [{"code": "L01", "amount_10k": 1000}],
        [],
    ]
    first = lines[0]["products"][0]["rules"]
    assert first[2] == {
        "rule": "not prior_defaults > 0",
        "result": "pass",
        "reason": "prior defaults in the firm file: 0, so prior_defaults > 0 does not hold",
    }
    assert lines[2]["products"][2]["rules"][0]["result"] == "unknown"


def test_the_reasons_can_be_in_chinese(tmp_path: Path) -> None:
    code, out, err = run(tmp_path, PRODUCTS, jsonl(FIRMS[:1]), "--locale", "zh_CN")
    assert code == 0, err
    rules = json.loads(out)["products"][0]["rules"]
    assert rules[1]["reason"] == "企业文件中的参保人数为 12，满足 headcount >= 5"


def test_a_utf8_bom_and_blank_lines_are_accepted(tmp_path: Path) -> None:
    firms = (
        b"\xef\xbb\xbf" + jsonl(FIRMS[:1]).encode("utf-8") + b"\n  \n" + jsonl(FIRMS[1:2]).encode()
    )
    code, out, err = run(tmp_path, PRODUCTS, firms)
    assert code == 0, err
    assert [json.loads(line)["firm_id"] for line in out.splitlines()] == ["F1", 2]


def test_the_output_agrees_with_the_fast_path_on_many_firms(tmp_path: Path) -> None:
    data = random_products(1, 40)
    firms = random_firms(2, 300)
    code, out, err = run(tmp_path, yaml.safe_dump(data, allow_unicode=True), jsonl(firms))
    assert code == 0, err
    products = compile_products(products_from_data(data))
    lines = out.splitlines()
    assert len(lines) == len(firms)
    for line, firm in zip(lines, firms, strict=True):
        written = [p["eligible"] for p in json.loads(line)["products"]]
        assert written == eligibility(products, firm_from_json(firm).facts)


BAD_RULE = PRODUCTS.replace(
    '{field: headcount, op: ">=", value: 5}', "{field: headcnt, op: '>=', value: 5}"
)


@pytest.mark.parametrize(
    ("products", "message"),
    [
        (BAD_RULE, "invalid product file"),
        (BAD_RULE, "product G01: rules.all[1].field: unknown field 'headcnt'"),
        (
            PRODUCTS.replace('op: ">="', 'op: "=>"'),
            "product G01: rules.all[1].op: unknown operator '=>'",
        ),
        (PRODUCTS.replace("kind: loan", "kind: bond"), 'product L01: kind: unknown kind "bond"'),
        ("products: [\n  {code: G01", "is not YAML"),
        (
            PRODUCTS.replace("    min_10k: 300\n", "    min_10k: 300\n    min_10k: 3\n"),
            "'min_10k' is given twice",
        ),
        (PRODUCTS.encode("gbk"), "cannot read"),
    ],
)
def test_a_bad_product_file_exits_2_naming_the_product_and_rule(
    tmp_path: Path, products: str | bytes, message: str
) -> None:
    code, out, err = run(tmp_path, products, jsonl(FIRMS))
    assert code == 2
    assert message in err
    assert out == ""


@pytest.mark.parametrize(
    ("firms", "message"),
    [
        (jsonl(FIRMS[:2]) + "{not json\n", "line 3: is not JSON"),
        (jsonl(FIRMS[:1]) + '{"stage": "0-1"}\n', "line 2: firm_id: missing"),
        (jsonl([{"firm_id": True}]), "line 1: firm_id: must be a non-empty text or a whole number"),
        (
            jsonl([{"firm_id": "F1", "headcount": "12"}]),
            'line 1: headcount: must be a whole number, not "12"',
        ),
        (jsonl([{"firm_id": "F1", "headcount": -1}]), "line 1: headcount: must be at least 0"),
        (
            jsonl([{"firm_id": "F1", "stage": "seed"}]),
            'line 1: stage: "seed" is not one of 0-1, 1-100',
        ),
        (
            jsonl([{"firm_id": "F1", "segments": "E.drone"}]),
            "line 1: segments: must be a list of texts",
        ),
        (jsonl([{"firm_id": "F1", "headcont": 3}]), "line 1: unknown field 'headcont'"),
        (
            jsonl([{"firm_id": "F1"}, {"firm_id": "F1"}]),
            "line 2: firm_id 'F1' is on line 1 already",
        ),
        (jsonl([["F1"]]), "line 1: a firm line must be a JSON object"),
        ('{"firm_id": "F1", "revenue_10k": NaN}\n', "line 1: revenue_10k: must be a finite number"),
    ],
)
def test_a_bad_firm_line_exits_2_with_its_line_number_and_writes_nothing(
    tmp_path: Path, firms: str, message: str
) -> None:
    code, out, err = run(tmp_path, PRODUCTS, firms)
    assert code == 2
    assert "invalid firm file" in err and message in err, err
    assert out == ""  # not even the good lines before the bad one


def test_a_gbk_firm_file_is_refused_with_a_clear_error(tmp_path: Path) -> None:
    firms = jsonl(FIRMS[:1]).encode("utf-8") + jsonl(FIRMS[2:]).encode("gbk")
    code, out, err = run(tmp_path, PRODUCTS, firms)
    assert code == 2
    assert "line 2: is not UTF-8 text" in err and "iconv -f GBK -t UTF-8" in err
    assert out == ""


def test_missing_files_and_unknown_formats_exit_2(tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text(PRODUCTS, encoding="utf-8")
    base = ["estation", "check", "--products", str(tmp_path / "p.yaml")]
    result = runner.invoke(app, [*base, "--firms", str(tmp_path / "nowhere.jsonl")])
    assert result.exit_code == 2 and "cannot read" in result.stderr and result.stdout == ""
    (tmp_path / "f.jsonl").write_text(jsonl(FIRMS), encoding="utf-8")
    result = runner.invoke(app, [*base, "--firms", str(tmp_path / "f.jsonl"), "--format", "csv"])
    assert result.exit_code == 2 and result.stdout == ""


def test_an_empty_firm_file_writes_nothing_and_succeeds(tmp_path: Path) -> None:
    assert run(tmp_path, PRODUCTS, "") == (0, "", "")
