"""Eligibility rules: every operator, Kleene's tables for all / any / not, unknown facts,
overlap on segments, the explanation of each condition, and the refusals with their paths."""

from __future__ import annotations

import random
from typing import Any

import pytest

from scenehub.estation.facts import FIELDS, LIST, FactValue, firm_from_json
from scenehub.estation.rules import (
    DEFAULT_SOURCE,
    RuleError,
    Truth,
    compile_rule,
    explain,
    parse_rule,
)
from tests.estation.factories import random_firms, random_rule

T, F, U = True, False, None


def evaluate(rule: dict[str, Any], facts: dict[str, FactValue]) -> Truth:
    compiled = compile_rule(parse_rule(rule))
    value = compiled.check(facts)
    assert explain(compiled, facts, {}).eligible is value
    return value


def cond(field: str, op: str, value: object = None) -> dict[str, Any]:
    return (
        {"field": field, "op": op} if value is None else {"field": field, "op": op, "value": value}
    )


@pytest.mark.parametrize(
    ("rule", "fact", "expected"),
    [
        (cond("headcount", "==", 10), 10, T),
        (cond("headcount", "==", 10), 11, F),
        (cond("headcount", "!=", 10), 11, T),
        (cond("headcount", "!=", 10), 10, F),
        (cond("headcount", "<", 10), 9, T),
        (cond("headcount", "<", 10), 10, F),
        (cond("headcount", "<=", 10), 10, T),
        (cond("headcount", "<=", 10), 11, F),
        (cond("headcount", ">", 10), 11, T),
        (cond("headcount", ">", 10), 10, F),
        (cond("headcount", ">=", 10), 10, T),
        (cond("headcount", ">=", 10), 9, F),
        (cond("years_since_founding", "<=", 3), 2.5, T),
        (cond("years_since_founding", ">", 3), 3.0, F),
        (cond("revenue_10k", ">=", 99.5), 100, T),
        (cond("headcount", "in", [5, 10]), 10, T),
        (cond("headcount", "not_in", [5, 10]), 10, F),
        (cond("district", "==", "330106"), "330106", T),
        (cond("district", "in", ["330106", "330108"]), "330110", F),
        (cond("district", "not_in", ["330106", "330108"]), "330110", T),
        (cond("stage", "==", "0-1"), "0-1", T),
        (cond("stage", "!=", "0-1"), "0-1", F),
        (cond("tax_credit_grade", "in", ["A", "B"]), "M", F),
        (cond("pilot_status", "not_in", ["none"]), "completed", T),
        (cond("high_tech", "==", True), True, T),
        (cond("high_tech", "==", True), False, F),
        (cond("high_tech", "!=", True), False, T),
    ],
)
def test_each_operator_on_a_known_fact(rule: dict[str, Any], fact: object, expected: bool) -> None:
    assert evaluate(rule, {rule["field"]: fact}) is expected  # type: ignore[dict-item]


@pytest.mark.parametrize(
    ("op", "value", "segments", "expected"),
    [
        ("in", ["E.drone", "F.chip"], ("F.chip", "T.llm"), T),  # one shared segment is enough
        ("in", ["E.drone"], ("F.chip", "T.llm"), F),
        ("in", ["E.drone"], (), F),
        ("not_in", ["E.drone", "F.chip"], ("F.chip",), F),
        ("not_in", ["E.drone"], ("F.chip", "T.llm"), T),
        ("not_in", ["E.drone"], (), T),
    ],
)
def test_in_and_not_in_on_segments_test_overlap(
    op: str, value: list[str], segments: tuple[str, ...], expected: bool
) -> None:
    assert evaluate(cond("segments", op, value), {"segments": segments}) is expected


@pytest.mark.parametrize(
    "rule",
    [
        cond("headcount", "==", 10),
        cond("headcount", "!=", 10),
        cond("headcount", "<", 10),
        cond("headcount", ">=", 10),
        cond("district", "in", ["330106"]),
        cond("district", "not_in", ["330106"]),
        cond("segments", "in", ["E.drone"]),
        cond("segments", "not_in", ["E.drone"]),
        cond("high_tech", "!=", True),
    ],
)
def test_a_condition_on_a_missing_fact_is_unknown_never_a_pass(rule: dict[str, Any]) -> None:
    assert evaluate(rule, {}) is U
    assert evaluate({"not": rule}, {}) is U


def test_exists_is_never_unknown() -> None:
    assert evaluate(cond("patents", "exists"), {"patents": 0}) is T
    assert evaluate(cond("patents", "exists"), {}) is F
    assert evaluate(cond("patents", "exists", True), {}) is F
    assert evaluate(cond("patents", "exists", False), {}) is T
    assert evaluate(cond("patents", "exists", False), {"patents": 3}) is F


def test_a_null_in_a_firm_line_is_a_fact_not_known() -> None:
    firm = firm_from_json({"firm_id": "F1", "headcount": None, "patents": 2})
    assert firm.facts == {"patents": 2}
    assert evaluate(cond("headcount", ">=", 1), dict(firm.facts)) is U
    assert evaluate(cond("headcount", "exists"), dict(firm.facts)) is F


# Two operands whose values are T, F or U: "patents >= 1" and "scene_wins >= 1" with 1, 0 or
# nothing given.
def facts_for(a: Truth, b: Truth) -> dict[str, FactValue]:
    given = {T: 1, F: 0}
    facts: dict[str, FactValue] = {}
    if a is not U:
        facts["patents"] = given[a]
    if b is not U:
        facts["scene_wins"] = given[b]
    return facts


A, B = cond("patents", ">=", 1), cond("scene_wins", ">=", 1)
ALL = {
    (T, T): T, (T, F): F, (T, U): U,
    (F, T): F, (F, F): F, (F, U): F,
    (U, T): U, (U, F): F, (U, U): U,
}  # fmt: skip
ANY = {
    (T, T): T, (T, F): T, (T, U): T,
    (F, T): T, (F, F): F, (F, U): U,
    (U, T): T, (U, F): U, (U, U): U,
}  # fmt: skip


@pytest.mark.parametrize(("a", "b"), list(ALL))
def test_all_follows_kleene(a: Truth, b: Truth) -> None:
    assert evaluate({"all": [A, B]}, facts_for(a, b)) is ALL[a, b]
    assert evaluate({"all": [B, A]}, facts_for(a, b)) is ALL[a, b]


@pytest.mark.parametrize(("a", "b"), list(ANY))
def test_any_follows_kleene(a: Truth, b: Truth) -> None:
    assert evaluate({"any": [A, B]}, facts_for(a, b)) is ANY[a, b]
    assert evaluate({"any": [B, A]}, facts_for(a, b)) is ANY[a, b]


@pytest.mark.parametrize(("a", "expected"), [(T, F), (F, T), (U, U)])
def test_not_keeps_unknown(a: Truth, expected: Truth) -> None:
    assert evaluate({"not": A}, facts_for(a, U)) is expected
    assert evaluate({"not": {"all": [A]}}, facts_for(a, U)) is expected


def test_a_false_part_decides_all_even_after_an_unknown_one() -> None:
    rule = {"all": [cond("headcount", ">=", 1), cond("patents", ">=", 1), A]}
    assert evaluate(rule, {"patents": 0}) is F
    assert evaluate({"all": []}, {}) is T  # nothing asked, nothing missing


def reference(rule: dict[str, Any], facts: dict[str, FactValue]) -> Truth:
    """Kleene's logic read straight off the rule, every part evaluated."""
    if "all" in rule or "any" in rule:
        values = [reference(part, facts) for part in rule.get("all", rule.get("any"))]
        decisive = F if "all" in rule else T
        return decisive if decisive in values else (U if U in values else not decisive)
    if "not" in rule:
        value = reference(rule["not"], facts)
        return U if value is U else not value
    field, op, wanted = rule["field"], rule["op"], rule.get("value", True)
    fact = facts.get(field)
    if op == "exists":
        return (fact is not None) == wanted
    if fact is None:
        return U
    if FIELDS[field].kind == LIST:
        shared = bool(set(fact) & set(wanted))  # type: ignore[arg-type]
        return shared if op == "in" else not shared
    if op in ("in", "not_in"):
        return (fact in wanted) == (op == "in")
    return bool(eval(f"fact {op} wanted"))  # noqa: S307 - the six comparison operators only


def test_compiled_rules_agree_with_kleene_read_off_the_rule() -> None:
    rng = random.Random(5)
    rules = [random_rule(rng) for _ in range(300)]
    firms = [dict(firm_from_json(f).facts) for f in random_firms(6, 200, known=0.6)]
    seen: set[Truth] = set()
    for rule in rules:
        compiled = compile_rule(parse_rule(rule))
        for facts in firms:
            value = compiled.check(facts)
            assert value is reference(rule, facts), (rule, facts)
            seen.add(value)
    assert seen == {T, F, U}


def test_each_condition_explains_itself_with_its_value_and_source() -> None:
    rule = {
        "all": [
            cond("headcount", ">=", 10),
            {"not": cond("prior_defaults", ">", 0)},
            {"any": [cond("segments", "in", ["E.drone"]), cond("patents", "exists")]},
        ]
    }
    facts: dict[str, FactValue] = {"headcount": 12, "prior_defaults": 0, "segments": ("F.chip",)}
    result = explain(compile_rule(parse_rule(rule)), facts, {"headcount": "人社局 2026-10"})
    assert result.eligible is F
    rows = [(c.path, c.rule, c.result_word, c.value, c.source) for c in result.conditions]
    assert rows == [
        ("rules.all[0]", "headcount >= 10", "pass", 12, "人社局 2026-10"),
        ("rules.all[1]", "not prior_defaults > 0", "pass", 0, DEFAULT_SOURCE),
        ("rules.all[2].any[0]", 'segments in ["E.drone"]', "fail", ("F.chip",), DEFAULT_SOURCE),
        ("rules.all[2].any[1]", "patents exists", "fail", None, DEFAULT_SOURCE),
    ]
    reasons = [c.reason.render(str) for c in result.conditions]
    assert reasons == [
        "headcount (social insurance) in 人社局 2026-10: 12, so headcount >= 10 holds",
        "prior defaults in the firm's record: 0, so prior_defaults > 0 does not hold",
        'chain segments in the firm\'s record: ["F.chip"], so segments in ["E.drone"] '
        "does not hold",
        "the firm's record gives no patents",
    ]


def test_an_unknown_condition_says_the_fact_is_missing() -> None:
    result = explain(compile_rule(parse_rule(cond("headcount", ">=", 10))), {}, {})
    (condition,) = result.conditions
    assert (result.eligible, condition.result_word, condition.value) == (U, "unknown", None)
    assert condition.reason.render(str) == (
        "the firm's record gives no headcount (social insurance), so headcount >= 10 is unknown"
    )


def test_conditions_inside_a_negated_group_keep_their_own_results() -> None:
    rule = {"not": {"any": [cond("patents", ">=", 1), cond("scene_wins", ">=", 1)]}}
    result = explain(compile_rule(parse_rule(rule)), {"patents": 2, "scene_wins": 0}, {})
    assert result.eligible is F
    assert [(c.path, c.result_word) for c in result.conditions] == [
        ("rules.not.any[0]", "pass"),
        ("rules.not.any[1]", "fail"),
    ]


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        (
            {"all": [cond("headcount", ">=", 1), A, cond("headcnt", "==", 1)]},
            "rules.all[2].field: unknown field 'headcnt'",
        ),
        (cond("headcount", "=~", 1), "rules.op: unknown operator '=~'"),
        (cond("district", "<", "330106"), "rules.op: < does not apply to district, a text"),
        (cond("stage", ">=", "0-1"), "rules.op: >= does not apply to stage, a choice"),
        (cond("high_tech", "in", [True]), "rules.op: in does not apply to high_tech"),
        (cond("segments", "==", "E.drone"), "rules.op: == does not apply to segments, a list"),
        (cond("district", "in", "330106"), 'rules.value: in needs a non-empty list, not "330106"'),
        (cond("district", "not_in", []), "rules.value: not_in needs a non-empty list, not []"),
        (cond("headcount", "==", "10"), 'rules.value: must be a whole number, not "10"'),
        (cond("headcount", ">=", 9.5), "rules.value: must be a whole number, not 9.5"),
        (cond("headcount", ">=", True), "rules.value: must be a whole number, not true"),
        (cond("revenue_10k", ">=", "many"), 'rules.value: must be a number, not "many"'),
        (cond("high_tech", "==", "yes"), 'rules.value: must be true or false, not "yes"'),
        (cond("stage", "==", "seed"), 'rules.value: "seed" is not one of 0-1, 1-100'),
        (cond("pilot_status", "in", ["done"]), 'rules.value[0]: "done" is not one of none'),
        (cond("segments", "in", ["E.drone", 3]), "rules.value[1]: must be a non-empty text"),
        (cond("patents", "exists", 3), "rules.value: exists takes true, false or no value"),
        ({"field": "headcount", "op": ">="}, "rules.value: missing"),
        ({"field": "headcount", "value": 1}, "rules.op: missing"),
        ({"op": "==", "value": 1}, "rules.field: missing"),
        ({"field": "headcount", "op": ">=", "vaule": 1}, "rules: unknown key 'vaule'"),
        ({"all": [A], "field": "headcount"}, "rules: a rule with 'all' has no other keys"),
        ({"not": {"all": A}}, "rules.not.all: must be a list of rules"),
        ({"any": []}, "rules.any: an empty 'any' is never true"),
        ({"any": [A, {"not": [A]}]}, "rules.any[1].not: a rule is a mapping"),
        ([A], "rules: a rule is a mapping"),
    ],
)
def test_a_bad_rule_is_refused_with_its_path(rule: object, message: str) -> None:
    with pytest.raises(RuleError) as caught:
        parse_rule(rule)
    assert str(caught.value).startswith(message), str(caught.value)
