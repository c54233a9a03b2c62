"""The product file's data: products read with their rules, the issue's kind names taken,
and every refusal naming the product and the part at fault."""

from __future__ import annotations

from typing import Any

import pytest

from scenehub.estation.products import ProductFileError, products_from_data
from scenehub.estation.rules import AllOf, Condition

GUARANTEE: dict[str, Any] = {
    "code": "G01",
    "kind": "guarantee",
    "name": "科技信用担保",
    "min_10k": 50,
    "max_10k": 1000,
    "rules": {"all": [{"field": "headcount", "op": ">=", "value": 5}]},
}


def with_product(**changes: Any) -> dict[str, Any]:
    product = {k: v for k, v in {**GUARANTEE, **changes}.items() if v is not None}
    return {"products": [product]}


def test_a_product_is_read_with_its_rule() -> None:
    (product,) = products_from_data({"products": [GUARANTEE]})
    assert (product.code, product.kind, product.name) == ("G01", "guarantee", "科技信用担保")
    assert (product.min_10k, product.max_10k) == (50, 1000)
    assert product.rule == AllOf((Condition("headcount", ">=", 5, "rules.all[0]"),), "rules")


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("compute_voucher", "voucher_compute"),
        ("data_service", "voucher_data"),
        ("consulting", "voucher_consulting"),
        ("voucher_data", "voucher_data"),
        ("interest_subsidy", "interest_subsidy"),
    ],
)
def test_the_issues_kind_names_are_the_stored_codes(name: str, code: str) -> None:
    (product,) = products_from_data(with_product(kind=name))
    assert product.kind == code


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            with_product(rules={"all": [GUARANTEE["rules"], {"not": {"field": "patents"}}]}),
            "product G01: rules.all[1].not.op: missing",
        ),
        (
            with_product(rules={"all": [{}, {}, {"field": "headcnt", "op": "==", "value": 1}]}),
            "product G01: rules.all[0].field: missing",
        ),
        (
            with_product(rules={"any": [{"field": "headcnt", "op": "==", "value": 1}]}, code="L01"),
            "product L01: rules.any[0].field: unknown field 'headcnt'",
        ),
        (
            with_product(rules={"field": "district", "op": "<", "value": "330106"}),
            "product G01: rules.op: < does not apply to district",
        ),
        (with_product(kind="bond"), 'product G01: kind: unknown kind "bond"'),
        (with_product(min_10k=2000), "product G01: min_10k: 2000 is above max_10k 1000"),
        (with_product(max_10k=-1), "product G01: max_10k: must be a whole number of 10k yuan"),
        (with_product(min_10k=1.5), "product G01: min_10k: must be a whole number"),
        (with_product(min_10k=True), "product G01: min_10k: must be a whole number"),
        (with_product(name=""), 'product G01: name: must be a non-empty text, not ""'),
        (with_product(rules=None), "product G01: rules: missing"),
        (with_product(rule={"all": []}), "product G01: unknown key 'rule'"),
        (with_product(code=101), "products[0]: code: must be a non-empty text, not 101"),
        (with_product(code=None), "products[0]: code: must be a non-empty text, not null"),
        ({"products": [GUARANTEE, GUARANTEE]}, "product G01: code: given twice"),
        ({"products": ["G01"]}, "products[0]: a product is a mapping of code, kind"),
        ({"products": []}, "products: must be a non-empty list"),
        ({"product": [GUARANTEE]}, "the product file must be a mapping with a 'products' list"),
        ({"products": [GUARANTEE], "version": 2}, "unknown key 'version' at the top"),
        (None, "the product file must be a mapping"),
    ],
)
def test_a_bad_product_file_is_refused_naming_the_product(data: object, message: str) -> None:
    with pytest.raises(ProductFileError) as caught:
        products_from_data(data)
    assert str(caught.value).startswith(message), str(caught.value)


# --- the helpers of stored products ---------------------------------------------------------


def test_the_old_columns_become_one_rule() -> None:
    from scenehub.estation.products import rules_from_legacy

    assert rules_from_legacy("0-1", ["E.drone"], 5) == {
        "all": [
            {"field": "stage", "op": "==", "value": "0-1"},
            {"field": "segments", "op": "in", "value": ["E.drone"]},
            {"field": "headcount", "op": ">=", "value": 5},
        ]
    }
    assert rules_from_legacy("any", [], 0) == {"all": []}


def test_a_stage_filter_keeps_the_products_that_ask_for_it_or_for_none() -> None:
    from scenehub.estation.products import fits_stage, stages_asked
    from scenehub.estation.rules import parse_rule

    asks = parse_rule({"any": [{"field": "stage", "op": "in", "value": ["1-100"]}]})
    negated = parse_rule({"not": {"field": "stage", "op": "==", "value": "0-1"}})
    open_rule = parse_rule({"all": [{"field": "headcount", "op": ">=", "value": 3}]})
    assert stages_asked(asks) == {"1-100"} and stages_asked(negated) == frozenset()
    assert not fits_stage(asks, "0-1") and fits_stage(asks, "1-100")
    assert fits_stage(open_rule, "0-1")


def test_a_rule_in_words_is_nested_lines_with_field_labels() -> None:
    from scenehub.estation.products import outline
    from scenehub.estation.rules import parse_rule
    from scenehub.translator import Translator

    rule = parse_rule(
        {
            "all": [
                {"field": "headcount", "op": ">=", "value": 5},
                {"not": {"field": "prior_defaults", "op": ">", "value": 0}},
            ]
        }
    )
    lines = [(line.depth, line.text.render(Translator("en"))) for line in outline(rule)]
    assert lines == [
        (0, "all of:"),
        (1, "headcount (social insurance): headcount >= 5"),
        (1, "not:"),
        (2, "prior defaults: prior_defaults > 0"),
    ]
    assert outline(rule)[1].text.render(Translator("zh_CN")).startswith("参保人数")
