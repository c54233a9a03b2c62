"""The facts about a firm that eligibility rules read: the fields, their types, and a firm's
facts checked from a plain mapping such as one JSON line (pure).

A fact that is absent, or given as null, is *not known*: a condition on it is unknown, never
a silent pass (``rules.py``).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass

from scenehub.i18n import N_

FactValue = str | int | float | bool | tuple[str, ...]
Facts = Mapping[str, FactValue]

INTEGER, NUMBER, TEXT, CHOICE, YES_NO, LIST = (
    "integer",
    "number",
    "text",
    "choice",
    "yes_no",
    "list",
)
NUMERIC = frozenset({INTEGER, NUMBER})

STAGES = ("0-1", "1-100")
PILOT_STATUSES = ("none", "running", "completed")
# 纳税信用等级, best first (the tax administration's A, B, M, C, D).
TAX_CREDIT_GRADES = ("A", "B", "M", "C", "D")


@dataclass(frozen=True)
class FieldSpec:
    name: str
    kind: str
    label: str  # a msgid: the field in words, for reasons
    choices: tuple[str, ...] = ()


FIELDS: dict[str, FieldSpec] = {
    spec.name: spec
    for spec in (
        FieldSpec("stage", CHOICE, N_("stage"), STAGES),
        FieldSpec("headcount", INTEGER, N_("headcount (social insurance)")),
        FieldSpec("years_since_founding", NUMBER, N_("years since founding")),
        FieldSpec("district", TEXT, N_("district")),
        FieldSpec("segments", LIST, N_("chain segments")),
        FieldSpec("high_tech", YES_NO, N_("high-tech certificate")),
        FieldSpec("patents", INTEGER, N_("patents")),
        FieldSpec("revenue_10k", NUMBER, N_("revenue (10k yuan)")),
        FieldSpec("tax_credit_grade", CHOICE, N_("tax credit grade"), TAX_CREDIT_GRADES),
        FieldSpec("pilot_status", CHOICE, N_("pilot status"), PILOT_STATUSES),
        FieldSpec("scene_wins", INTEGER, N_("scene wins")),
        FieldSpec("prior_defaults", INTEGER, N_("prior defaults")),
    )
}


@dataclass(frozen=True)
class FirmFacts:
    """A firm's id as given (text or a whole number) and the facts known about it."""

    firm_id: str | int
    facts: Facts


class FactsError(ValueError):
    """A firm's facts that cannot be read: the message says which key and why."""


# One encoder for every message (json.dumps with options would build one a call).
_SHOWN = json.JSONEncoder(ensure_ascii=False, default=str)  # a YAML date, say, as text


def shown(value: object) -> str:
    """A value as JSON writes it (``"0-1"``, ``["E.drone"]``, ``true``), for messages."""
    return _SHOWN.encode(list(value) if isinstance(value, tuple) else value)


def scalar_problem(spec: FieldSpec, value: object) -> str | None:
    """Why ``value`` cannot be one value of the field (of a list field: one element)."""
    if spec.kind in NUMERIC:
        if isinstance(value, bool) or not isinstance(value, int | float):
            wanted = "a whole number" if spec.kind == INTEGER else "a number"
            return f"must be {wanted}, not {shown(value)}"
        if spec.kind == INTEGER and not isinstance(value, int):
            return f"must be a whole number, not {shown(value)}"
        return None if math.isfinite(value) else f"must be a finite number, not {value}"
    if spec.kind == YES_NO:
        return None if isinstance(value, bool) else f"must be true or false, not {shown(value)}"
    if not isinstance(value, str) or not value:
        return f"must be a non-empty text, not {shown(value)}"
    if spec.choices and value not in spec.choices:
        return f"{shown(value)} is not one of {', '.join(spec.choices)}"
    return None


def firm_from_json(data: object) -> FirmFacts:
    """A firm's facts from a mapping of a firm line; a null value is a fact not known."""
    if not isinstance(data, dict):
        raise FactsError("a firm line must be a JSON object")
    if "firm_id" not in data:
        raise FactsError("firm_id: missing")
    firm_id = data["firm_id"]
    if isinstance(firm_id, bool) or not isinstance(firm_id, str | int) or firm_id == "":
        raise FactsError(f"firm_id: must be a non-empty text or a whole number, not {firm_id!r}")
    facts: dict[str, FactValue] = {}
    for key, value in data.items():
        if key == "firm_id" or value is None:
            continue
        spec = FIELDS.get(key)
        if spec is None:
            raise FactsError(f"unknown field {key!r} (known: {', '.join(FIELDS)})")
        facts[key] = _fact(spec, value)
    return FirmFacts(firm_id, facts)


def _fact(spec: FieldSpec, value: object) -> FactValue:
    """A checked fact: a list field's list as a tuple, numbers at least 0."""
    if spec.kind == LIST:
        if not isinstance(value, list):
            raise FactsError(f"{spec.name}: must be a list of texts, not {shown(value)}")
        for item in value:
            if (problem := scalar_problem(spec, item)) is not None:
                raise FactsError(f"{spec.name}: each segment {problem}")
        return tuple(value)
    if (problem := scalar_problem(spec, value)) is not None:
        raise FactsError(f"{spec.name}: {problem}")
    if spec.kind in NUMERIC and value < 0:  # type: ignore[operator]
        raise FactsError(f"{spec.name}: must be at least 0, not {value}")
    return value  # type: ignore[return-value]
