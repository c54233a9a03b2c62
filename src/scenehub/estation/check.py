"""A firm checked against a list of products: each product's eligibility with every
condition explained, the package recommended, and the JSON line the public contract
(``scenehub estation check``, docs/estation.md) writes for it (pure)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from scenehub.estation.facts import Facts, FirmFacts
from scenehub.estation.packages import Package, recommend_package
from scenehub.estation.products import Product
from scenehub.estation.rules import CompiledRule, Eligibility, Truth, compile_rule, explain


@dataclass(frozen=True)
class CompiledProduct:
    product: Product
    rule: CompiledRule


@dataclass(frozen=True)
class ProductCheck:
    product: Product
    eligibility: Eligibility


@dataclass(frozen=True)
class FirmCheck:
    firm_id: str | int
    products: tuple[ProductCheck, ...]
    package: Package


def compile_products(products: Sequence[Product]) -> tuple[CompiledProduct, ...]:
    """Each product's rule compiled once, for as many firms as come."""
    return tuple(CompiledProduct(p, compile_rule(p.rule)) for p in products)


def eligibility(products: Sequence[CompiledProduct], facts: Facts) -> list[Truth]:
    """Each product's eligibility (None: unknown), without explanations: the fast path."""
    return [p.rule.check(facts) for p in products]


def check_firm(
    products: Sequence[CompiledProduct], firm: FirmFacts, sources: Mapping[str, str]
) -> FirmCheck:
    """Every product explained for ``firm``, and its package from the eligible ones."""
    checks = tuple(ProductCheck(p.product, explain(p.rule, firm.facts, sources)) for p in products)
    eligible = [c.product for c in checks if c.eligibility.eligible is True]
    return FirmCheck(firm.firm_id, checks, recommend_package(eligible, firm.facts))


def firm_check_json(check: FirmCheck, translate: Callable[[str], str]) -> dict[str, Any]:
    """The contract's line of one firm, its reasons in the language of ``translate``."""
    return {
        "firm_id": check.firm_id,
        "products": [_product_json(c, translate) for c in check.products],
        "package": [
            {"code": line.code, "amount_10k": line.amount_10k} for line in check.package.lines
        ],
    }


def _product_json(check: ProductCheck, translate: Callable[[str], str]) -> dict[str, Any]:
    return {
        "code": check.product.code,
        "eligible": check.eligibility.eligible,
        "rules": [
            {"rule": c.rule, "result": c.result_word, "reason": c.reason.render(translate)}
            for c in check.eligibility.conditions
        ],
    }
