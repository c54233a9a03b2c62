"""Readiness for the national scene catalogue: each criterion met or missing with the words
an officer acts on, partial credit where it means something, and a city's own criteria."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from scenehub.city import DEFAULT_CITY_FILE, city_fields, load_city, read_city_file
from scenehub.errors import ConfigurationError
from scenehub.partnerships.readiness import (
    DEFAULT_CRITERIA,
    DEFAULT_PASS_MARK,
    Criterion,
    Evidence,
    assess,
    criteria_from_config,
)
from scenehub.translator import Translator

CHECKS = {
    "data_security_review": True,
    "pi_impact_assessment": True,
    "procurement_compliance": True,
}
COMPLETE = Evidence(
    pilot_completed=True,
    kpis_met=5,
    kpis_total=5,
    grade="A",
    sites_beyond_pilot=2,
    contracted=False,
    compliance=CHECKS,
    months_in_operation=9,
)
ALL_KEYS = tuple(c.key for c in DEFAULT_CRITERIA)


def gaps_of(evidence: Evidence, key: str) -> list[str]:
    return [g.text(str) for g in assess(evidence).gaps if g.criterion == key]


def test_complete_evidence_is_ready_with_full_marks() -> None:
    result = assess(COMPLETE)
    assert result.score == 100.0
    assert result.ready
    assert result.met == ALL_KEYS
    assert result.gaps == ()


@pytest.mark.parametrize(
    ("change", "key", "words"),
    [
        ({"pilot_completed": False}, "pilot_completed", "The pilot is not completed"),
        ({"kpis_met": 2}, "kpis_met", "2 of 5 KPIs met; at least 4 must be met."),
        ({"kpis_total": 0, "kpis_met": 0}, "kpis_met", "No KPIs are recorded"),
        ({"grade": "C"}, "evaluation_grade", "The evaluation grade is C; B or better is needed."),
        ({"grade": None}, "evaluation_grade", "no evaluation yet"),
        (
            {"compliance": {**CHECKS, "pi_impact_assessment": False}},
            "compliance",
            "“personal-information impact assessment” is not passed yet",
        ),
        ({"months_in_operation": 3}, "time_in_operation", "In operation for 3 months; 6 months"),
        ({"sites_beyond_pilot": 0}, "scale_evidence", "Deployed at 0 sites beyond the pilot"),
    ],
)
def test_each_criterion_unmet_names_the_missing_evidence(
    change: dict[str, object], key: str, words: str
) -> None:
    evidence = replace(COMPLETE, **change)  # type: ignore[arg-type]
    result = assess(evidence)
    assert key not in result.met
    assert set(result.met) == set(ALL_KEYS) - {key}
    assert any(words in text for text in gaps_of(evidence, key)), gaps_of(evidence, key)
    assert result.score < 100


@pytest.mark.parametrize("key", ["pilot_completed", "kpis_met", "evaluation_grade", "compliance"])
def test_a_required_criterion_unmet_is_not_ready_even_above_the_pass_mark(key: str) -> None:
    change = {
        "pilot_completed": {"pilot_completed": False},
        "kpis_met": {"kpis_met": 3},
        "evaluation_grade": {"grade": "D"},
        "compliance": {"compliance": {**CHECKS, "data_security_review": False}},
    }[key]
    result = assess(replace(COMPLETE, **change))  # type: ignore[arg-type]
    assert result.score >= DEFAULT_PASS_MARK
    assert not result.ready


def test_optional_criteria_unmet_lower_the_score_but_can_still_pass() -> None:
    result = assess(replace(COMPLETE, sites_beyond_pilot=0, months_in_operation=0))
    assert result.score == 75.0  # 100 - scale 15 - operation 10
    assert result.ready
    failing = assess(replace(COMPLETE, sites_beyond_pilot=0, months_in_operation=0, kpis_met=4))
    assert failing.score == 75.0  # 4 of 5 is the 80 % needed: still full credit
    assert not assess(
        replace(COMPLETE, sites_beyond_pilot=0, months_in_operation=0, kpis_met=3)
    ).ready


def test_kpis_and_time_earn_partial_credit() -> None:
    # 2 of the 4 KPIs needed: half the KPI weight (25) is lost
    assert assess(replace(COMPLETE, kpis_met=2)).score == 87.5
    # 3 of 6 months: half the operation weight (10)
    assert assess(replace(COMPLETE, months_in_operation=3)).score == 95.0
    # one of three checks missing: a third of 10
    assert (
        assess(replace(COMPLETE, compliance={**CHECKS, "procurement_compliance": False})).score
        == 96.7
    )


def test_a_contract_is_scale_evidence_without_other_sites() -> None:
    result = assess(replace(COMPLETE, sites_beyond_pilot=0, contracted=True))
    assert "scale_evidence" in result.met


def test_a_missing_compliance_check_counts_as_not_passed() -> None:
    result = assess(replace(COMPLETE, compliance={"data_security_review": True}))
    assert len([g for g in result.gaps if g.criterion == "compliance"]) == 2


def test_gaps_read_in_chinese_with_their_labels_translated() -> None:
    evidence = replace(COMPLETE, kpis_met=1, compliance={**CHECKS, "data_security_review": False})
    texts = [g.text(Translator("zh_CN")) for g in assess(evidence).gaps]
    assert any("数据安全审查" in t for t in texts), texts
    assert any(t.startswith("已达成 1 / 5 项") for t in texts), texts
    assert all(not t.startswith(("The ", "In operation", "Deployed")) for t in texts), texts


CONFIG = """
pass_mark: 90
criteria:
  pilot_completed: {weight: 10, required: true}
  kpis_met: {weight: 40, min_share: 1.0}
  compliance: {weight: 50, required: true, checks: [data_security_review, 算法备案]}
"""


def test_configured_criteria_change_the_outcome() -> None:
    criteria, pass_mark = criteria_from_config(yaml.safe_load(CONFIG))
    assert pass_mark == 90
    assert [c.key for c in criteria] == ["pilot_completed", "kpis_met", "compliance"]
    evidence = replace(COMPLETE, kpis_met=4, grade="D", months_in_operation=0)
    assert assess(evidence).ready is False  # by default a D grade is a required gap
    configured = assess(evidence, criteria, pass_mark)
    # no grade or time criterion here, but all five KPIs are needed and 算法备案 is missing
    assert {g.criterion for g in configured.gaps} == {"kpis_met", "compliance"}
    assert any("“算法备案”" in g.text(str) for g in configured.gaps)
    assert not configured.ready
    passed = assess(
        replace(evidence, kpis_met=5, compliance={"data_security_review": True, "算法备案": True}),
        criteria,
        pass_mark,
    )
    assert passed.ready and passed.score == 100.0


def test_a_configured_criterion_keeps_the_defaults_it_does_not_set() -> None:
    criteria, pass_mark = criteria_from_config({"criteria": {"kpis_met": {"weight": 5}}})
    assert pass_mark == DEFAULT_PASS_MARK
    (kpis,) = criteria
    assert kpis.weight == 5 and kpis.min_share == 0.8 and kpis.required
    assert criteria_from_config({}) == (DEFAULT_CRITERIA, DEFAULT_PASS_MARK)


@pytest.mark.parametrize(
    ("config", "words"),
    [
        ({"pass_mark": 120}, "pass_mark"),
        ({"pass_mark": "high"}, "pass_mark"),
        ({"passmark": 70}, "unknown entries"),
        ({"criteria": {"popularity": {"weight": 1}}}, "unknown criterion"),
        ({"criteria": {"kpis_met": {"weight": -1}}}, "kpis_met.weight"),
        ({"criteria": {"kpis_met": {"min_grade": "A"}}}, "unknown settings"),
        ({"criteria": {"kpis_met": {"min_share": 1.5}}}, "min_share"),
        ({"criteria": {"evaluation_grade": {"min_grade": "E"}}}, "min_grade"),
        ({"criteria": {"scale_evidence": {"min_sites": 0}}}, "min_sites"),
        ({"criteria": {"compliance": {"checks": []}}}, "checks"),
        ({"criteria": {"compliance": {"required": "yes"}}}, "required"),
        ({"criteria": {"pilot_completed": {"weight": 0}}}, "add up to 0"),
        ({"criteria": []}, "mapping of criteria"),
    ],
)
def test_bad_configuration_is_refused_naming_the_entry(
    config: dict[str, object], words: str
) -> None:
    with pytest.raises(ConfigurationError, match=words):
        criteria_from_config(config)


def test_a_criterion_of_no_known_evidence_cannot_be_made() -> None:
    with pytest.raises(ValueError, match="popularity"):
        Criterion("popularity", "Popularity", 10)


def test_the_shipped_city_file_sets_hangzhous_criteria() -> None:
    city = load_city(DEFAULT_CITY_FILE)
    assert city.readiness_pass_mark == 70
    assert [c.key for c in city.readiness_criteria] == list(ALL_KEYS)
    compliance = next(c for c in city.readiness_criteria if c.key == "compliance")
    assert compliance.required and "pi_impact_assessment" in compliance.checks


def test_a_city_file_without_the_section_gets_the_defaults_and_a_bad_one_is_refused(
    tmp_path: Path,
) -> None:
    data = read_city_file(DEFAULT_CITY_FILE)
    del data["catalogue_readiness"]
    fields = city_fields(tmp_path / "plain.yaml", data)
    assert fields["readiness_criteria"] == DEFAULT_CRITERIA
    data["catalogue_readiness"] = {"criteria": {"kpis_met": {"min_share": "most"}}}
    with pytest.raises(ConfigurationError, match=r"bad\.yaml.*min_share"):
        city_fields(tmp_path / "bad.yaml", data)
