"""Grades of fields, datasets and derived tables (governance/grading.py)."""

from __future__ import annotations

import pytest

from scenehub.governance.grading import (
    FieldClass,
    classes_of,
    derived_classes,
    effective_grade,
    field_grades,
    highest,
    inherit,
)


@pytest.mark.parametrize(
    ("grades", "expected"),
    [
        ([], "general"),
        (["general"], "general"),
        (["general", "important"], "important"),
        (["core", "important", "general"], "core"),
        (["unheard-of", "general"], "unheard-of"),  # when unsure, the higher
    ],
)
def test_the_highest_grade_wins(grades: list[str], expected: str) -> None:
    assert highest(grades) == expected


def test_a_field_takes_its_override_or_the_datasets_grade() -> None:
    grades = field_grades("general", ["uscc", "name", "phone"], {"phone": "important"})
    assert grades == {"uscc": "general", "name": "general", "phone": "important"}


def test_a_datasets_effective_grade_is_the_highest_of_its_fields() -> None:
    assert effective_grade("general", {"uscc": "general", "phone": "core"}) == "core"
    assert effective_grade("important", {"uscc": "general"}) == "important"


@pytest.mark.parametrize(
    ("cls", "needs"),
    [
        (FieldClass("general"), False),
        (FieldClass("general", personal=True), True),
        (FieldClass("important"), True),
        (FieldClass("core"), True),
    ],
)
def test_important_core_and_personal_fields_need_a_grant(cls: FieldClass, needs: bool) -> None:
    assert cls.needs_grant is needs


def test_a_derived_field_inherits_the_highest_grade_and_any_personal_flag() -> None:
    amr = classes_of({"name": "general", "legal_rep": "important"}, ["legal_rep"])
    police = classes_of({"name": "core", "phone": "core"}, ["phone"])
    derived = derived_classes([amr, police], ["name", "legal_rep", "phone"])
    assert derived == {
        "name": FieldClass("core", False),
        "legal_rep": FieldClass("important", True),
        "phone": FieldClass("core", True),
    }
    assert inherit([]) == FieldClass("general", False)
