"""What a provider receives of a firm's data: only the named fields, each from the firm's
facts with its source, or not held (pure)."""

from __future__ import annotations

from scenehub.estation.consent import BACKING, NOT_HELD, NOT_READ, backed, shared_values
from scenehub.estation.firm_facts import FirmFactSheet
from scenehub.estation.kinds import DATA_FIELDS

SHEET = FirmFactSheet(
    firm_id=7,
    headcount=37,
    patents=4,
    high_tech=False,
    tax_credit_grade=None,
    pilot_status="completed",
    scene_wins=2,
    provenance={
        "headcount": "人力资源和社会保障局 · hrss_insured R1: 参保人数 37",
        "patents": "知识产权局 · ipo_patents: 4 records",
        "high_tech": "科学技术局 · most_hightech: expired",
        "tax_credit_grade": "no department's record gives it",
        "pilot_status": "platform: partnerships",
        "scene_wins": "platform: proposals",
    },
)


def test_every_data_field_says_what_backs_it() -> None:
    assert set(BACKING) == set(DATA_FIELDS)


def test_only_the_named_fields_are_shared_in_their_order() -> None:
    shared = shared_values(["patents", "insured_count"], SHEET)
    assert [(s.field, s.value) for s in shared] == [("patents", 4), ("insured_count", 37)]
    assert shared[1].source == SHEET.provenance["headcount"]
    assert all(s.not_held == "" for s in shared)


def test_a_false_certificate_is_a_value_not_a_missing_one() -> None:
    (certificate,) = shared_values(["hightech_certificate"], SHEET)
    assert certificate.value is False and certificate.not_held == ""


def test_an_unknown_fact_is_not_held_and_shares_nothing() -> None:
    (grade,) = shared_values(["tax_credit_grade"], SHEET)
    assert grade.value is None and grade.not_held == NOT_HELD
    assert grade.source == "no department's record gives it"


def test_a_field_the_platform_does_not_read_is_never_held() -> None:
    for name in ("power_kwh", "public_credit_rating", "procurement_awards"):
        (field,) = shared_values([name], SHEET)
        assert field.value is None and field.not_held == NOT_READ and not backed(name)


def test_the_platforms_own_record_is_shared_as_pilot_status_and_wins() -> None:
    (record,) = shared_values(["scene_partnerships"], SHEET)
    assert record.value == {"pilot_status": "completed", "scene_wins": 2}


def test_a_name_that_is_no_data_field_is_left_out() -> None:
    assert shared_values(["revenue_10k", "patents"], SHEET)[0].field == "patents"
    assert len(shared_values(["revenue_10k"], SHEET)) == 0
