"""E-Station products as a product file gives them, checked (pure: the caller loads the
YAML). The format is ``{"products": [{"code", "kind", "name", "min_10k", "max_10k",
"rules": RULE}]}`` (docs/estation.md); an error names the product and the rule's path.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from scenehub.estation.facts import FIELDS, shown
from scenehub.estation.kinds import KIND_ALIASES, KIND_LABELS, kind_code
from scenehub.estation.messages import Message
from scenehub.estation.rules import (
    AllOf,
    AnyOf,
    Condition,
    NotRule,
    Rule,
    RuleError,
    condition_text,
    parse_rule,
)
from scenehub.i18n import N_

PRODUCT_KEYS = ("code", "kind", "name", "min_10k", "max_10k", "rules")


@dataclass(frozen=True)
class Product:
    """A product: its kind is a stored code of ``kinds.KIND_LABELS``; amounts in 10k yuan."""

    code: str
    kind: str
    name: str
    min_10k: int
    max_10k: int
    rule: Rule


class ProductFileError(ValueError):
    """A product file that cannot be used; the message names the product and the part."""


def products_from_data(data: object) -> tuple[Product, ...]:
    """The products of a loaded product file, every one checked; codes are unique."""
    if not isinstance(data, dict) or "products" not in data:
        raise ProductFileError("the product file must be a mapping with a 'products' list")
    extra = sorted(str(k) for k in data if k != "products")
    if extra:
        raise ProductFileError(f"unknown key {extra[0]!r} at the top (only 'products')")
    items = data["products"]
    if not isinstance(items, list) or not items:
        raise ProductFileError("products: must be a non-empty list of products")
    products = tuple(_product(item, i) for i, item in enumerate(items))
    seen: set[str] = set()
    for product in products:
        if product.code in seen:
            raise ProductFileError(f"product {product.code}: code: given twice")
        seen.add(product.code)
    return products


def _product(item: object, index: int) -> Product:
    if not isinstance(item, dict):
        raise ProductFileError(f"products[{index}]: a product is a mapping of {_keys()}")
    code = item.get("code")
    if not isinstance(code, str) or not code.strip():
        raise ProductFileError(
            f"products[{index}]: code: must be a non-empty text, not {shown(code)}"
        )
    where = f"product {code}"
    unknown = sorted(str(k) for k in item if k not in PRODUCT_KEYS)
    if unknown:
        raise ProductFileError(f"{where}: unknown key {unknown[0]!r} (a product has {_keys()})")
    missing = [key for key in PRODUCT_KEYS if key not in item]
    if missing:
        raise ProductFileError(f"{where}: {missing[0]}: missing")
    low, high = _amount(item, "min_10k", where), _amount(item, "max_10k", where)
    if low > high:
        raise ProductFileError(f"{where}: min_10k: {low} is above max_10k {high}")
    try:
        rule = parse_rule(item["rules"])
    except RuleError as error:
        raise ProductFileError(f"{where}: {error}") from error
    return Product(code, _kind(item, where), _name(item, where), low, high, rule)


def _keys() -> str:
    return ", ".join(PRODUCT_KEYS)


def _kind(item: Mapping[str, Any], where: str) -> str:
    kind = item["kind"]
    code = kind_code(kind) if isinstance(kind, str) else None
    if code is None:
        known = ", ".join([*KIND_LABELS, *KIND_ALIASES])
        raise ProductFileError(f"{where}: kind: unknown kind {shown(kind)} (known: {known})")
    return code


def _name(item: Mapping[str, Any], where: str) -> str:
    name = item["name"]
    if not isinstance(name, str) or not name.strip():
        raise ProductFileError(f"{where}: name: must be a non-empty text, not {shown(name)}")
    return name


def _amount(item: Mapping[str, Any], key: str, where: str) -> int:
    value = item[key]
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ProductFileError(
            f"{where}: {key}: must be a whole number of 10k yuan, at least 0, not {shown(value)}"
        )
    return value


def rules_from_legacy(stage: str, segments: list[str], min_headcount: int) -> dict[str, Any]:
    """The RULE of a product kept in the old columns (a stage or "any", chain segments,
    a minimum headcount): ``all`` of the conditions they set, ``{"all": []}`` for none."""
    parts: list[dict[str, Any]] = []
    if stage != "any":
        parts.append({"field": "stage", "op": "==", "value": stage})
    if segments:
        parts.append({"field": "segments", "op": "in", "value": list(segments)})
    if min_headcount > 0:
        parts.append({"field": "headcount", "op": ">=", "value": min_headcount})
    return {"all": parts}


def stages_asked(rule: Rule) -> frozenset[str]:
    """The stages a rule asks for outside a ``not`` (``stage == "0-1"``, ``stage in …``)."""
    if isinstance(rule, Condition):
        if rule.field != "stage":
            return frozenset()
        if rule.op == "==":
            return frozenset({rule.value})
        return frozenset(rule.value) if rule.op == "in" else frozenset()
    if isinstance(rule, AllOf | AnyOf):
        return frozenset().union(*(stages_asked(part) for part in rule.parts))
    return frozenset()


def fits_stage(rule: Rule, stage: str) -> bool:
    """Whether a product is for firms of ``stage``: its rule asks for that stage, or for
    none (an open product)."""
    asked = stages_asked(rule)
    return not asked or stage in asked


@dataclass(frozen=True)
class OutlineLine:
    """One line of a rule in words: its depth, and a message (a group's, or a condition's
    field label and text)."""

    depth: int
    text: Message


def outline(rule: Rule, depth: int = 0) -> list[OutlineLine]:
    """A rule as nested lines for people: "all of:", "any of:", "not:", conditions."""
    if isinstance(rule, Condition):
        params = {"field": FIELDS[rule.field].label, "rule": condition_text(rule)}
        return [
            OutlineLine(depth, Message(N_("%(field)s: %(rule)s"), params, frozenset({"field"})))
        ]
    if isinstance(rule, NotRule):
        head = Message(N_("not:"))
        return [OutlineLine(depth, head), *outline(rule.part, depth + 1)]
    head = Message(N_("all of:") if isinstance(rule, AllOf) else N_("any of:"))
    lines = [OutlineLine(depth, head)]
    for part in rule.parts:
        lines.extend(outline(part, depth + 1))
    return lines
