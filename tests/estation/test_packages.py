"""The recommended package: the kinds that fit the firm's stage, one product a kind, amounts
within every product's limits and the package's caps, and reasons in zh and en."""

from __future__ import annotations

import random

from scenehub.estation.facts import FactValue, firm_from_json
from scenehub.estation.kinds import DEBT
from scenehub.estation.packages import (
    NOTES,
    OUTDONE,
    SMALL_LOAN_CAP_10K,
    STAGE_KINDS,
    STAGE_NOT_KNOWN,
    TOO_SMALL,
    WRONG_STAGE,
    Package,
    recommend_package,
)
from scenehub.estation.products import Product, products_from_data
from scenehub.estation.rules import AllOf
from scenehub.translator import Translator
from tests.estation.factories import random_firms, random_products


def product(code: str, kind: str, low: int, high: int) -> Product:
    return Product(code, kind, f"{kind} {code}", low, high, AllOf((), "rules"))


def amounts(package: Package) -> dict[str, int]:
    return {line.code: line.amount_10k for line in package.lines}


def reasons(package: Package) -> dict[str, str]:
    return {left.code: left.reason.text for left in package.left_out}


EARLY_OFFER = [
    product("V1", "voucher_compute", 10, 500),
    product("S1", "subsidy", 50, 200),
    product("L1", "loan", 50, 1000),
    product("G1", "guarantee", 100, 250),
    product("E1", "equity", 100, 1000),
]


def test_a_0_to_1_firm_gets_grants_at_their_maximum_and_debt_within_the_small_loan_cap() -> None:
    package = recommend_package(EARLY_OFFER, {"stage": "0-1", "revenue_10k": 10})
    assert amounts(package) == {"V1": 500, "S1": 200, "G1": 250, "L1": SMALL_LOAN_CAP_10K - 250}
    assert [line.code for line in package.lines] == ["V1", "S1", "G1", "L1"]  # guarantee first
    assert reasons(package) == {"E1": WRONG_STAGE}
    assert package.note.text == NOTES["0-1"]


def test_a_product_whose_minimum_no_longer_fits_the_cap_is_left_out() -> None:
    offer = [product("G1", "guarantee", 100, 280), product("L1", "loan", 50, 1000)]
    package = recommend_package(offer, {"stage": "0-1"})
    assert amounts(package) == {"G1": 280}
    assert reasons(package) == {"L1": TOO_SMALL}
    assert package.left_out[0].reason.params == {"min": 50, "cap": SMALL_LOAN_CAP_10K - 280}


def test_a_1_to_100_firm_gets_a_loan_up_to_half_its_revenue_and_equity_at_its_minimum() -> None:
    offer = [*EARLY_OFFER, product("L2", "loan", 300, 5000)]
    package = recommend_package(offer, {"stage": "1-100", "revenue_10k": 3001})
    assert amounts(package) == {"L2": 1500, "E1": 100}
    assert reasons(package) == {
        "V1": WRONG_STAGE,
        "S1": WRONG_STAGE,
        "G1": WRONG_STAGE,
        "L1": OUTDONE,
    }


def test_a_loan_for_a_firm_of_unknown_revenue_is_the_products_minimum() -> None:
    package = recommend_package([product("L2", "loan", 300, 5000)], {"stage": "1-100"})
    assert amounts(package) == {"L2": 300}


def test_a_loan_above_half_the_revenue_is_left_out() -> None:
    package = recommend_package(
        [product("L2", "loan", 300, 5000)], {"stage": "1-100", "revenue_10k": 500}
    )
    assert amounts(package) == {} and reasons(package) == {"L2": TOO_SMALL}


def test_one_product_a_kind_the_one_that_gives_most_the_first_of_equals() -> None:
    offer = [
        product("V1", "voucher_data", 5, 100),
        product("V2", "voucher_data", 5, 300),
        product("V3", "voucher_data", 5, 300),
    ]
    package = recommend_package(offer, {"stage": "0-1"})
    assert amounts(package) == {"V2": 300}
    assert reasons(package) == {"V1": OUTDONE, "V3": OUTDONE}
    assert package.left_out[0].reason.params == {"other": "V2"}


def test_a_firm_of_unknown_stage_gets_the_cautious_0_to_1_package() -> None:
    package = recommend_package(EARLY_OFFER, {})
    assert package.stage == "0-1" and package.note.text == STAGE_NOT_KNOWN
    assert "E1" not in amounts(package)


def test_nothing_eligible_is_an_empty_package() -> None:
    package = recommend_package([], {"stage": "1-100"})
    assert package.lines == () and package.left_out == ()


def test_every_package_keeps_each_products_limits_and_the_caps() -> None:
    products = products_from_data(random_products(3, 120))
    rng = random.Random(4)
    for data in random_firms(8, 300):
        facts: dict[str, FactValue] = dict(firm_from_json(data).facts)
        eligible = rng.sample(products, 30)
        package = recommend_package(eligible, facts)
        by_code = {p.code: p for p in eligible}
        kinds = [line.kind for line in package.lines]
        assert len(kinds) == len(set(kinds)) and set(kinds) <= set(STAGE_KINDS[package.stage])
        for line in package.lines:
            assert by_code[line.code].min_10k <= line.amount_10k <= by_code[line.code].max_10k
            assert line.amount_10k > 0
        debt = sum(line.amount_10k for line in package.lines if line.kind in DEBT)
        revenue = facts.get("revenue_10k")
        if package.stage == "0-1":
            assert debt <= SMALL_LOAN_CAP_10K
        elif isinstance(revenue, int | float):
            assert debt <= revenue / 2
        assert {line.code for line in package.lines}.isdisjoint(reasons(package))
        assert len(package.lines) + len(package.left_out) == len(eligible)


def test_the_reasons_read_in_chinese_and_english() -> None:
    package = recommend_package(EARLY_OFFER, {"stage": "0-1"})
    guarantee = next(line for line in package.lines if line.code == "G1")
    en, zh = Translator("en"), Translator("zh_CN")
    assert guarantee.reason.render(en) == (
        "Guarantee of 250 (10k yuan): within the product's 100–250 and the 300 left of the "
        "small-loan cap that a 0→1 firm's guarantees and loans share"
    )
    assert guarantee.reason.render(zh).startswith("融资担保 250 万元")
    assert package.left_out[0].reason.render(zh) == "股权投资不属于 0→1 组合"
    assert package.note.render(zh).startswith("0→1 组合")
