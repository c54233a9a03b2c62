"""A product's terms as one version keeps them, and what changed between two (pure)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from scenehub.i18n import N_

# The terms a version keeps, in the order a diff lists them, with their labels.
TERM_LABELS: dict[str, str] = {
    "name": N_("Name"),
    "kind": N_("Kind"),
    "description": N_("Description"),
    "min_10k": N_("Minimum (×10k yuan)"),
    "max_10k": N_("Maximum (×10k yuan)"),
    "rate_note": N_("Rate or fee"),
    "term_months": N_("Term (months)"),
    "documents": N_("Documents required"),
    "data_fields": N_("Data the provider receives"),
    "rules": N_("Eligibility rules"),
}


@dataclass(frozen=True)
class FieldChange:
    """One term that differs: its name, its label (a msgid), and both values."""

    field: str
    label: str
    before: Any
    after: Any


def snapshot(terms: Mapping[str, Any]) -> dict[str, Any]:
    """The terms a version keeps, from a product's (or a draft's) fields."""
    return {name: terms.get(name) for name in TERM_LABELS}


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[FieldChange]:
    """The terms that differ between two snapshots, field by field, in TERM_LABELS order."""
    return [
        FieldChange(name, label, before.get(name), after.get(name))
        for name, label in TERM_LABELS.items()
        if before.get(name) != after.get(name)
    ]
