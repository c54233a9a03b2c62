"""What schemathesis needs to know beyond the OpenAPI document (loaded through
SCHEMATHESIS_HOOKS by tests/test_openapi_contract.py): the rules a JSON Schema cannot state,
which the document says in words.

- ``format: uscc``: a code's 18th character is computed from the first 17. Valid codes are
  drawn here; a code with a wrong check character is refused with 422 (tests/firms).
- A scene's budget: ``budget_max_10k`` is at least ``budget_min_10k`` (a rule between two
  fields). Drawn bodies are put in order; swapping leaves invalid values invalid.
- A product's ``max_10k`` is at least its ``min_10k``, and its ``rules`` a RULE
  (docs/estation.md): amounts are put in order, rules taken from a few valid ones.
- A pair of records for the clerical review is two different records (``left``/``right``,
  ``unique_id_l``/``unique_id_r``): a drawn pair of equal ids gets a suffix on one side.
"""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import strategies as st

from scenehub.integration.uscc import ALPHABET, make_uscc


def _uscc(division: str, body: str, lower: bool) -> str:
    code = make_uscc(division, body)
    return code.lower() if lower else code


schemathesis.openapi.format(
    "uscc",
    st.builds(
        _uscc,
        st.text(alphabet="0123456789", min_size=6, max_size=6),
        st.text(alphabet=ALPHABET, min_size=8, max_size=8),
        st.booleans(),
    ),
)


def _two_records(values: dict[str, Any], left: str, right: str) -> None:
    first, second = values.get(left), values.get(right)
    if isinstance(first, str) and first == second:
        values[right] = second[:-1] + ("b" if second.endswith("a") else "a")


# Rules a product may have: a drawn mapping is rarely a RULE (its form is checked in code,
# a broken one is a 422 naming its path, tests/estation); take one of these instead.
RULES: tuple[dict[str, Any], ...] = (
    {"all": []},
    {"all": [{"field": "stage", "op": "==", "value": "0-1"}]},
    {
        "any": [
            {"field": "headcount", "op": ">=", "value": 5},
            {"field": "high_tech", "op": "exists"},
        ]
    },
    {"not": {"field": "prior_defaults", "op": ">", "value": 0}},
)


def _rule(drawn: dict[str, Any]) -> dict[str, Any]:
    return RULES[len(drawn) % len(RULES)]


@schemathesis.hook
def map_case(context: schemathesis.HookContext, case: schemathesis.Case) -> schemathesis.Case:
    """Runs in every phase (the coverage phase applies no ``map_body``)."""
    body, query = case.body, case.query
    if isinstance(body, dict):
        low, high = body.get("budget_min_10k"), body.get("budget_max_10k")
        if isinstance(low, int) and isinstance(high, int) and low > high:
            body["budget_min_10k"], body["budget_max_10k"] = high, low
        low, high = body.get("min_10k"), body.get("max_10k")
        if isinstance(low, int | float) and isinstance(high, int | float) and low > high:
            body["min_10k"], body["max_10k"] = high, low
        if isinstance(body.get("rules"), dict):
            body["rules"] = _rule(body["rules"])
        _two_records(body, "unique_id_l", "unique_id_r")
    if isinstance(query, dict):
        _two_records(query, "left", "right")
    return case
