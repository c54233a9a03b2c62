"""Data grades (GB/T 43697-2024: general < important < core) of datasets and their fields,
the personal-information flag, and what a derived table inherits (pure).

"When unsure, the higher": a field without a grade of its own takes its dataset's, a
dataset's effective grade is the highest of its fields', and a derived value (a golden
record's field, a fact computed from department records) takes the highest grade of the
inputs it was derived from, unless it is released through disclosure control.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from scenehub.i18n import N_

GENERAL, IMPORTANT, CORE = "general", "important", "core"
# Lowest first; the labels are message ids (translated on the pages).
GRADE_ORDER = (GENERAL, IMPORTANT, CORE)
GRADE_LABELS = {GENERAL: N_("general"), IMPORTANT: N_("important"), CORE: N_("core")}


@dataclass(frozen=True)
class FieldClass:
    """What governs reading one field: its grade and whether it holds personal information."""

    grade: str = GENERAL
    personal: bool = False

    @property
    def needs_grant(self) -> bool:
        """Important or core data, and personal data, are read only under a grant."""
        return self.personal or rank(self.grade) > rank(GENERAL)


PUBLIC_FIELD = FieldClass()


def rank(grade: str) -> int:
    """The grade's place in the order; an unknown grade counts as the highest (when unsure)."""
    return GRADE_ORDER.index(grade) if grade in GRADE_ORDER else len(GRADE_ORDER) - 1


def highest(grades: Iterable[str], default: str = GENERAL) -> str:
    """The highest of ``grades`` (``default`` for none)."""
    return max(grades, key=rank, default=default)


def field_grades(
    dataset_grade: str, fields: Iterable[str], overrides: Mapping[str, str]
) -> dict[str, str]:
    """Each field's grade: its override, or the dataset's."""
    return {f: overrides.get(f, dataset_grade) for f in fields}


def effective_grade(dataset_grade: str, grades: Mapping[str, str]) -> str:
    """A dataset's grade: the highest of its fields' (and never below the declared one)."""
    return highest([dataset_grade, *grades.values()])


def classes_of(grades: Mapping[str, str], personal: Iterable[str]) -> dict[str, FieldClass]:
    """Each field's class from a dataset's field grades and its personal fields."""
    marked = set(personal)
    return {f: FieldClass(g, f in marked) for f, g in grades.items()}


def inherit(inputs: Iterable[FieldClass]) -> FieldClass:
    """A derived value's class: the highest grade of its inputs, personal if any input is."""
    found = list(inputs)
    return FieldClass(highest(c.grade for c in found), any(c.personal for c in found))


def derived_classes(
    sources: Iterable[Mapping[str, FieldClass]], fields: Iterable[str]
) -> dict[str, FieldClass]:
    """The classes of a derived table's ``fields`` from the classes its input ``sources``
    give them (a source that does not hold a field does not feed it)."""
    given = list(sources)
    return {f: inherit(s[f] for s in given if f in s) for f in fields}
