"""The clerical review's rules without a database: the band, the evidence, the refusals."""

from __future__ import annotations

from dataclasses import replace

import pytest

from scenehub.integration.evidence import (
    CLOSE,
    DIFFERS,
    MATCH,
    MISSING,
    SAME,
    SPLIT,
    RecordView,
    ReviewBand,
    band_around,
    compare_records,
    decision_refusal,
    ordered_pair,
)

REGISTERED = RecordView(
    unique_id="amr_registrations:AR1",
    source="amr_registrations",
    department="杭州市市场监督管理局",
    record_id="AR1",
    firm_id="91330100799655058B",
    name_raw="杭州云图智能科技有限公司",
    name_core="云图智能科技",
    branch="",
    region="杭州",
    uscc="91330100799655058B",
    uscc_raw="91330100799655058B",
    code_firm="91330100799655058B",
    address="滨江区长河街道江南大道588号",
    district_code="330108",
    legal_rep="李明",
    phone="0571-86001234",
    established="2019-03-01",
)
INSURED = replace(
    REGISTERED,
    unique_id="hrss_insured:HI7",
    source="hrss_insured",
    record_id="HI7",
    firm_id="UA1B2C3D4E5F60718",
    name_raw="云图智能科枝有限公司",
    name_core="云图智能科枝",
    region=None,
    uscc=None,
    uscc_raw="无",
    code_firm=None,
    address="长河街道江南大道588号",
    phone="13812345678",
)


def test_the_band_holds_pairs_from_its_lower_bound_up_to_but_not_including_its_upper() -> None:
    band = ReviewBand(threshold=0.9, lower=0.5, upper=0.99)
    assert [band.contains(p) for p in (0.49, 0.5, 0.9, 0.989, 0.99, 1.0)] == [
        False,
        True,
        True,
        True,
        False,
        False,
    ]


@pytest.mark.parametrize(
    ("threshold", "lower", "upper"), [(0.9, 0.5, 0.99), (0.5, 0.5, 0.99), (0.996, 0.5, 0.998)]
)
def test_the_band_surrounds_any_threshold_resolution_may_use(
    threshold: float, lower: float, upper: float
) -> None:
    band = band_around(threshold)
    assert (band.lower, band.upper) == pytest.approx((lower, upper))
    assert band.contains(threshold)


def test_the_least_certain_pair_comes_first() -> None:
    band = ReviewBand(threshold=0.9)
    pairs = [("a", "b", 0.55), ("c", "d", 0.97), ("e", "f", 0.89), ("g", "h", 0.91)]
    ordered = sorted(pairs, key=lambda p: band.uncertainty_key(p[2], p[0], p[1]))
    assert [p[2] for p in ordered] == [0.89, 0.91, 0.97, 0.55]


def test_equally_uncertain_pairs_keep_a_fixed_order() -> None:
    band = ReviewBand(threshold=0.9)
    assert band.uncertainty_key(0.8, "a", "z") < band.uncertainty_key(0.8, "b", "c")


@pytest.mark.parametrize(
    ("lower", "threshold", "upper"), [(0.95, 0.9, 0.99), (0.5, 0.99, 0.99), (0.5, 0.9, 1.5)]
)
def test_a_band_must_surround_its_threshold(lower: float, threshold: float, upper: float) -> None:
    with pytest.raises(ValueError, match="band"):
        ReviewBand(threshold=threshold, lower=lower, upper=upper)


def test_a_pair_is_kept_smaller_id_first_and_needs_two_records() -> None:
    assert ordered_pair("tax:T2", "amr:A1") == ("amr:A1", "tax:T2")
    assert ordered_pair("amr:A1", "tax:T2") == ("amr:A1", "tax:T2")
    with pytest.raises(ValueError, match="two different"):
        ordered_pair("amr:A1", "amr:A1")


def test_the_evidence_says_which_fields_agree() -> None:
    evidence = {f.field: f.agreement for f in compare_records(REGISTERED, INSURED)}
    assert evidence == {
        "name_core": CLOSE,  # 科技 → 科枝, a look-alike typo
        "region": MISSING,
        "uscc": MISSING,
        "address": CLOSE,  # the street written without its district
        "district_code": SAME,
        "legal_rep": SAME,
        "phone": DIFFERS,
        "established": SAME,
    }


def test_the_evidence_shows_both_values_side_by_side() -> None:
    name = next(f for f in compare_records(REGISTERED, INSURED) if f.field == "name_core")
    assert (name.left, name.right) == ("云图智能科技", "云图智能科枝")


def test_a_branch_part_is_evidence_only_when_a_record_has_one() -> None:
    assert "branch" not in {f.field for f in compare_records(REGISTERED, INSURED)}
    branch = replace(INSURED, branch="滨江分公司")
    shown = {f.field: f.agreement for f in compare_records(REGISTERED, branch)}
    assert shown["branch"] == MISSING


def test_two_different_names_are_not_close() -> None:
    other = replace(INSURED, name_core="星河数据服务")
    assert {f.field: f.agreement for f in compare_records(REGISTERED, other)}["name_core"] == (
        DIFFERS
    )


def test_a_split_of_two_records_one_code_links_is_refused_with_the_reason() -> None:
    same_code = replace(INSURED, uscc=REGISTERED.uscc, code_firm=REGISTERED.code_firm)
    reason = decision_refusal(REGISTERED, same_code, SPLIT)
    assert reason is not None and "same valid USCC" in reason
    assert decision_refusal(REGISTERED, same_code, MATCH) is None


def test_confirming_two_records_of_different_codes_is_refused_with_the_reason() -> None:
    other_code = replace(INSURED, uscc="91330106MA2B0XYZ1K", code_firm="91330106MA2B0XYZ1K")
    reason = decision_refusal(REGISTERED, other_code, MATCH)
    assert reason is not None and "two different valid USCCs" in reason
    assert decision_refusal(REGISTERED, other_code, SPLIT) is None


def test_a_record_without_a_code_can_be_confirmed_or_split() -> None:
    assert decision_refusal(REGISTERED, INSURED, MATCH) is None
    assert decision_refusal(REGISTERED, INSURED, SPLIT) is None
