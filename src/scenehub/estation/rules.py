"""Eligibility rules of E-Station products: parsed from their declarative form, compiled
once into closures, evaluated with Kleene's three-valued logic, every condition explained
(pure). The contract, with its truth tables, is docs/estation.md.

A RULE is ``{"all": [RULE…]}``, ``{"any": [RULE…]}``, ``{"not": RULE}`` or a condition
``{"field", "op", "value"}`` on a field of ``facts.FIELDS``. A condition on a fact that is
not known is unknown (None), never a silent pass; ``exists`` is never unknown; ``in`` and
``not_in`` on the list field ``segments`` test overlap.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeAlias

from scenehub.estation.facts import (
    CHOICE,
    FIELDS,
    LIST,
    NUMERIC,
    TEXT,
    YES_NO,
    Facts,
    FactValue,
    FieldSpec,
    scalar_problem,
    shown,
)
from scenehub.estation.messages import Message
from scenehub.i18n import N_

Truth: TypeAlias = bool | None  # None: unknown
Check: TypeAlias = Callable[[Facts], Truth]

OPS = ("==", "!=", "<", "<=", ">", ">=", "in", "not_in", "exists")
OPS_BY_KIND: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(NUMERIC, OPS),
    TEXT: ("==", "!=", "in", "not_in", "exists"),
    CHOICE: ("==", "!=", "in", "not_in", "exists"),
    YES_NO: ("==", "!=", "exists"),
    LIST: ("in", "not_in", "exists"),
}
KIND_WORDS = {
    "integer": "a whole-number",
    "number": "a number",
    TEXT: "a text",
    CHOICE: "a choice",
    YES_NO: "a yes/no",
    LIST: "a list",
}
RESULT_WORDS: dict[Truth, str] = {True: "pass", False: "fail", None: "unknown"}


@dataclass(frozen=True)
class Condition:
    """``field op value``; ``value`` is a tuple for in/not_in and a bool for exists."""

    field: str
    op: str
    value: Any
    path: str  # where the rule stands in its product, e.g. "rules.all[2]"


@dataclass(frozen=True)
class AllOf:
    parts: tuple[Rule, ...]
    path: str


@dataclass(frozen=True)
class AnyOf:
    parts: tuple[Rule, ...]
    path: str


@dataclass(frozen=True)
class NotRule:
    part: Rule
    path: str


Rule: TypeAlias = Condition | AllOf | AnyOf | NotRule


class RuleError(ValueError):
    """A rule that cannot be read, with the path of the part at fault."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


# --- reading ------------------------------------------------------------------------------


def parse_rule(data: object, path: str = "rules") -> Rule:
    """A rule from its loaded YAML or JSON form; ``RuleError`` names the part at fault."""
    if not isinstance(data, dict):
        raise RuleError(
            path,
            "a rule is a mapping: {all: [...]}, {any: [...]}, {not: ...} or {field, op, value}",
        )
    logic = [key for key in ("all", "any", "not") if key in data]
    if not logic:
        return _parse_condition(data, path)
    key = logic[0]
    if len(data) != 1:
        others = sorted(str(k) for k in data if k != key)
        raise RuleError(path, f"a rule with {key!r} has no other keys, not {', '.join(others)}")
    if key == "not":
        return NotRule(parse_rule(data[key], f"{path}.not"), path)
    return _parse_group(key, data[key], path)


def _parse_group(key: str, parts: object, path: str) -> Rule:
    if not isinstance(parts, list):
        raise RuleError(f"{path}.{key}", f"must be a list of rules, not {shown(parts)}")
    if key == "any" and not parts:
        raise RuleError(f"{path}.{key}", "an empty 'any' is never true: give at least one rule")
    parsed = tuple(parse_rule(part, f"{path}.{key}[{i}]") for i, part in enumerate(parts))
    return AllOf(parsed, path) if key == "all" else AnyOf(parsed, path)


def _parse_condition(data: dict[Any, Any], path: str) -> Condition:
    unknown = sorted(str(k) for k in data if k not in ("field", "op", "value"))
    if unknown:
        raise RuleError(
            path, f"unknown key {unknown[0]!r}: a rule is all, any, not or field/op/value"
        )
    for key in ("field", "op"):
        if key not in data:
            raise RuleError(f"{path}.{key}", "missing")
    name, op = data["field"], data["op"]
    spec = FIELDS.get(name) if isinstance(name, str) else None
    if spec is None:
        raise RuleError(f"{path}.field", f"unknown field {name!r} (known: {', '.join(FIELDS)})")
    if op not in OPS:
        raise RuleError(f"{path}.op", f"unknown operator {op!r} (known: {' '.join(OPS)})")
    if op not in OPS_BY_KIND[spec.kind]:
        allowed = " ".join(OPS_BY_KIND[spec.kind])
        raise RuleError(
            f"{path}.op",
            f"{op} does not apply to {name}, {KIND_WORDS[spec.kind]} field (use {allowed})",
        )
    return Condition(name, op, _parse_value(spec, op, data, f"{path}.value"), path)


def _parse_value(spec: FieldSpec, op: str, data: dict[Any, Any], path: str) -> Any:
    if op == "exists":
        wanted = data.get("value", True)
        if not isinstance(wanted, bool):
            raise RuleError(path, f"exists takes true, false or no value, not {shown(wanted)}")
        return wanted
    if "value" not in data:
        raise RuleError(path, "missing")
    value = data["value"]
    if op in ("in", "not_in"):
        if not isinstance(value, list) or not value:
            raise RuleError(path, f"{op} needs a non-empty list, not {shown(value)}")
        for i, item in enumerate(value):
            if (problem := scalar_problem(spec, item)) is not None:
                raise RuleError(f"{path}[{i}]", problem)
        return tuple(value)
    if (problem := scalar_problem(spec, value)) is not None:
        raise RuleError(path, problem)
    return value


def condition_text(condition: Condition) -> str:
    """The condition as people read it: ``headcount >= 10``, ``segments in ["E.drone"]``."""
    if condition.op == "exists":
        return f"{condition.field} exists" + ("" if condition.value else " false")
    return f"{condition.field} {condition.op} {shown(condition.value)}"


# --- compiling and evaluating -------------------------------------------------------------

# ``partial(f, value)(fact)`` is ``f(value, fact)``: the operator that reads ``fact op value``.
_FLIPPED: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.gt,
    "<=": operator.ge,
    ">": operator.lt,
    ">=": operator.le,
}


@dataclass(frozen=True)
class CompiledCondition:
    """A condition as its product's explanation lists it: under a ``not`` of its own, the
    negated condition (``not prior_defaults > 0``), path and check the ``not``'s."""

    condition: Condition
    text: str
    check: Check
    path: str
    negated: bool
    condition_text: str  # the condition's own text, for its reason


@dataclass(frozen=True)
class CompiledRule:
    """A rule turned into one closure (``check``), and its conditions in document order,
    whose closures are the very ones ``check`` calls."""

    rule: Rule
    check: Check
    conditions: tuple[CompiledCondition, ...]


def compile_rule(rule: Rule) -> CompiledRule:
    """Compile once, evaluate many times: ``compiled.check(facts)`` is the rule's value."""
    conditions: list[CompiledCondition] = []
    check = _compile(rule, conditions)
    return CompiledRule(rule, check, tuple(conditions))


def _compile(rule: Rule, conditions: list[CompiledCondition]) -> Check:
    if isinstance(rule, Condition):
        text = condition_text(rule)
        check = _condition_check(rule)
        conditions.append(CompiledCondition(rule, text, check, rule.path, False, text))
        return check
    if isinstance(rule, NotRule) and isinstance(rule.part, Condition):
        text = condition_text(rule.part)
        check = _not(_condition_check(rule.part))
        conditions.append(CompiledCondition(rule.part, f"not {text}", check, rule.path, True, text))
        return check
    if isinstance(rule, NotRule):
        return _not(_compile(rule.part, conditions))
    parts = tuple(_compile(part, conditions) for part in rule.parts)
    if len(parts) == 1:
        return parts[0]  # all and any of one rule are that rule
    return _all(parts) if isinstance(rule, AllOf) else _any(parts)


def value_test(condition: Condition) -> Callable[[Any], bool]:
    """The condition's test of a known fact."""
    if condition.op not in ("in", "not_in"):
        return partial(_FLIPPED[condition.op], condition.value)
    values = frozenset(condition.value)
    if FIELDS[condition.field].kind == LIST:
        if condition.op == "in":
            return lambda fact: not values.isdisjoint(fact)
        return values.isdisjoint
    if condition.op == "in":
        return values.__contains__
    return lambda fact: fact not in values


def _condition_check(condition: Condition) -> Check:
    name = condition.field
    if condition.op == "exists":
        wanted = bool(condition.value)
        return lambda facts: (facts.get(name) is not None) == wanted
    test = value_test(condition)

    def check(facts: Facts) -> Truth:
        fact = facts.get(name)
        return None if fact is None else test(fact)

    return check


def _all(parts: tuple[Check, ...]) -> Check:
    def check(facts: Facts) -> Truth:
        unknown = False
        for part in parts:
            value = part(facts)
            if value is False:
                return False  # false whatever the unknown parts turn out to be
            if value is None:
                unknown = True
        return None if unknown else True

    return check


def _any(parts: tuple[Check, ...]) -> Check:
    def check(facts: Facts) -> Truth:
        unknown = False
        for part in parts:
            value = part(facts)
            if value is True:
                return True  # true whatever the unknown parts turn out to be
            if value is None:
                unknown = True
        return None if unknown else False

    return check


def _not(part: Check) -> Check:
    def check(facts: Facts) -> Truth:
        value = part(facts)
        return None if value is None else not value

    return check


# --- explaining ---------------------------------------------------------------------------

HOLDS = N_("%(field)s in %(source)s: %(value)s, so %(rule)s holds")
FAILS = N_("%(field)s in %(source)s: %(value)s, so %(rule)s does not hold")
NOT_KNOWN = N_("%(source)s gives no %(field)s, so %(rule)s is unknown")
GIVEN = N_("%(source)s gives %(field)s")
NOT_GIVEN = N_("%(source)s gives no %(field)s")
# Where a fact came from when the caller's ``sources`` does not say.
DEFAULT_SOURCE = N_("the firm's record")


@dataclass(frozen=True)
class ConditionResult:
    """One condition for one firm: its value, the fact it used and where that came from."""

    path: str
    rule: str
    result: Truth
    value: FactValue | None
    source: str
    reason: Message

    @property
    def result_word(self) -> str:
        return RESULT_WORDS[self.result]


@dataclass(frozen=True)
class Eligibility:
    """A rule's value for one firm (None: unknown) and every condition explained."""

    eligible: Truth
    conditions: tuple[ConditionResult, ...]


def explain(compiled: CompiledRule, facts: Facts, sources: Mapping[str, str]) -> Eligibility:
    """The rule's value and each condition's; ``sources`` maps a field to its provenance."""
    results = tuple(_explain_condition(c, facts, sources) for c in compiled.conditions)
    return Eligibility(compiled.check(facts), results)


def _explain_condition(
    compiled: CompiledCondition, facts: Facts, sources: Mapping[str, str]
) -> ConditionResult:
    condition = compiled.condition
    value = facts.get(condition.field)
    source = sources.get(condition.field, DEFAULT_SOURCE)
    result = compiled.check(facts)
    params: dict[str, object] = {
        "field": FIELDS[condition.field].label,
        "rule": compiled.condition_text,  # the reason speaks of the condition itself
        "source": source,
    }
    if condition.op == "exists":
        message = NOT_GIVEN if value is None else GIVEN
    elif value is None:
        message = NOT_KNOWN
    else:
        message = HOLDS if result != compiled.negated else FAILS
        params["value"] = shown(value)
    reason = Message(message, params, frozenset({"field", "source"}))
    return ConditionResult(compiled.path, compiled.text, result, value, source, reason)
