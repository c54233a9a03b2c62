"""Does a grant cover a read; which fields a reader sees (governance/grants.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from scenehub.governance.grading import FieldClass
from scenehub.governance.grants import (
    APPROVED,
    EVERY_FIELD,
    EXPIRED,
    REQUESTED,
    REVOKED,
    GrantTerms,
    covers,
    decide_fields,
    state,
)

NOW = datetime(2026, 12, 3, 12, tzinfo=UTC)
BANK, FIRM, OTHER_FIRM = 7, 21, 22


def grant(**changes: object) -> GrantTerms:
    terms: dict[str, object] = {
        "id": 1,
        "grantee_org_id": BANK,
        "subject_org_id": FIRM,
        "datasets": frozenset({"estation_facts"}),
        "fields": frozenset({"tax_credit_grade", "insured_count"}),
        "purpose": "financing-application",
        "status": APPROVED,
        "expires_at": NOW + timedelta(days=1),
    }
    terms.update(changes)
    return GrantTerms(**terms)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, APPROVED),
        ({"status": REQUESTED}, REQUESTED),
        ({"status": REVOKED}, REVOKED),
        ({"expires_at": NOW}, EXPIRED),
        ({"expires_at": NOW - timedelta(seconds=1)}, EXPIRED),
        ({"status": REVOKED, "expires_at": NOW - timedelta(days=1)}, REVOKED),
    ],
)
def test_expired_is_computed_from_the_clock(changes: dict[str, object], expected: str) -> None:
    assert state(grant(**changes), NOW) == expected


READ = {
    "org_id": BANK,
    "subject_org_id": FIRM,
    "dataset": "estation_facts",
    "field": "tax_credit_grade",
    "purpose": None,
}


@pytest.mark.parametrize(
    ("changes", "read", "expected"),
    [
        ({}, {}, True),
        ({}, {"purpose": "financing-application"}, True),
        ({}, {"purpose": "investment-research"}, False),
        ({}, {"org_id": 8}, False),
        ({}, {"org_id": None}, False),
        ({}, {"subject_org_id": OTHER_FIRM}, False),
        ({}, {"dataset": "golden_firms"}, False),
        ({}, {"field": "patents"}, False),
        ({"fields": frozenset({EVERY_FIELD})}, {"field": "patents"}, True),
        ({"subject_org_id": None}, {"subject_org_id": OTHER_FIRM}, True),
        ({"status": REQUESTED}, {}, False),
        ({"status": REVOKED}, {}, False),
        ({"expires_at": NOW}, {}, False),
    ],
)
def test_what_a_grant_covers(
    changes: dict[str, object], read: dict[str, object], expected: bool
) -> None:
    assert covers(grant(**changes), **{**READ, **read}, now=NOW) is expected  # type: ignore[arg-type]


FIELDS = {
    "name": FieldClass("general"),
    "tax_credit_grade": FieldClass("important"),
    "insured_count": FieldClass("important"),
    "phone": FieldClass("general", personal=True),
}


def test_without_a_grant_only_general_fields_are_shown() -> None:
    masking = decide_fields(
        FIELDS,
        reader_org_id=BANK,
        subject_org_id=FIRM,
        dataset="estation_facts",
        grants=[],
        purpose=None,
        now=NOW,
    )
    assert masking.shown == ("name",)
    assert masking.masked == ("tax_credit_grade", "insured_count", "phone")
    assert (masking.grant_id, masking.purpose) == (None, "")


def test_a_grant_shows_the_fields_it_names_and_gives_the_read_its_purpose() -> None:
    masking = decide_fields(
        FIELDS,
        reader_org_id=BANK,
        subject_org_id=FIRM,
        dataset="estation_facts",
        grants=[grant(id=3, fields=frozenset({"tax_credit_grade"})), grant(id=4)],
        purpose=None,
        now=NOW,
    )
    assert masking.shown == ("name", "tax_credit_grade", "insured_count")
    assert masking.masked == ("phone",)
    assert (masking.grant_id, masking.purpose) == (4, "financing-application")


def test_the_firm_itself_reads_all_its_fields() -> None:
    masking = decide_fields(
        FIELDS,
        reader_org_id=FIRM,
        subject_org_id=FIRM,
        dataset="estation_facts",
        grants=[],
        purpose=None,
        now=NOW,
    )
    assert masking.masked == () and set(masking.shown) == set(FIELDS)


def test_an_expired_grant_shows_nothing_more() -> None:
    masking = decide_fields(
        FIELDS,
        reader_org_id=BANK,
        subject_org_id=FIRM,
        dataset="estation_facts",
        grants=[grant(expires_at=NOW - timedelta(minutes=1))],
        purpose=None,
        now=NOW,
    )
    assert masking.shown == ("name",) and masking.grant_id is None
