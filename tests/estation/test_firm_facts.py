"""A firm's facts from its records, rule by rule, without a database: missing data stays
unknown (never 0 or false), the latest record counts, an expired certificate is no certificate,
dates come in every style, and the stage is unknown when its inputs are."""

from __future__ import annotations

import json
from datetime import date

import pytest

from scenehub.estation.firm_facts import FACT_FIELDS, FirmFactSheet, fact_sheet, stage_of
from scenehub.estation.firm_records import (
    FactRecord,
    GoldenValue,
    MunicipalRecords,
    PlatformRecord,
    Register,
    Segment,
)

TODAY = date(2026, 11, 1)
CONFIDENCE = 0.5
DEPARTMENTS = {
    "hrss_insured": "杭州市人力资源和社会保障局",
    "stats_above_scale": "杭州市统计局",
    "most_hightech": "杭州市科学技术局",
    "tax_taxpayers": "国家税务总局杭州市税务局",
    "ipo_patents": "杭州市市场监督管理局（知识产权局）",
    "court_enforcement": "杭州市中级人民法院",
    "amr_registrations": "杭州市市场监督管理局",
}
COLUMNS = {  # fact → (priority, source, column) as Hangzhou's city file has them
    ("headcount", "hrss_insured"): (0, "参保人数"),
    ("headcount", "stats_above_scale"): (1, "从业人员期末人数"),
    ("revenue_10k", "stats_above_scale"): (0, "营业收入(万元)"),
    ("high_tech", "most_hightech"): (0, "发证日期"),
    ("tax_credit_grade", "tax_taxpayers"): (0, "纳税信用等级"),
    ("patents", "ipo_patents"): (0, "title"),
    ("prior_defaults", "court_enforcement"): (0, "立案日期"),
}
LISTS = tuple(
    Register(fact, source, DEPARTMENTS[source])
    for fact, source in COLUMNS
    if fact in ("high_tech", "patents", "prior_defaults")
)


def rec(
    fact: str,
    source: str,
    value: str | None,
    record_id: str = "R1",
    as_of: str | None = None,
    valid_until: str | None = None,
) -> FactRecord:
    priority, column = COLUMNS[fact, source]
    department = DEPARTMENTS[source]
    return FactRecord(
        fact, priority, source, department, record_id, column, value, as_of, valid_until
    )


def golden(value: str, record_id: str = "AR1") -> GoldenValue:
    return GoldenValue(value, "amr_registrations", DEPARTMENTS["amr_registrations"], record_id)


def sheet(
    *records: FactRecord,
    lists: tuple[Register, ...] = LISTS,
    platform: PlatformRecord | None = None,
    established: GoldenValue | None = None,
    district: GoldenValue | None = None,
    segments: tuple[Segment, ...] | None = None,
) -> FirmFactSheet:
    municipal = MunicipalRecords(
        "91330108MA2H7K0L0X", established, district, records, segments, registers=lists
    )
    return fact_sheet(
        7, municipal, platform or PlatformRecord(), today=TODAY, min_confidence=CONFIDENCE
    )


# --- missing stays missing ------------------------------------------------------------------


def test_a_firm_no_department_knows_has_every_municipal_fact_unknown_and_says_why() -> None:
    found = sheet(lists=())
    municipal = set(FACT_FIELDS) - {"pilot_status", "scene_wins"}
    assert {name: getattr(found, name) for name in municipal} == dict.fromkeys(municipal)
    assert set(found.provenance) == set(FACT_FIELDS)
    assert found.provenance["patents"] == "the warehouse holds no list of them"
    assert found.provenance["stage"] == "rule: age and headcount unknown"
    # The platform knows its own partnerships and proposals: none is a fact, not a gap.
    assert (found.pilot_status, found.scene_wins) == ("none", 0)


def test_a_firm_without_a_golden_record_is_known_by_the_platform_only() -> None:
    found = fact_sheet(
        3, None, PlatformRecord(scene_wins=1), today=TODAY, min_confidence=CONFIDENCE
    )
    assert found.headcount is None and found.high_tech is None and found.scene_wins == 1
    assert found.provenance["headcount"].endswith("(no golden record is the firm's)")
    assert found.provenance["scene_wins"] == "platform: proposals — 1 selected"


def test_unknown_facts_are_null_in_the_firm_line_and_absent_from_what_rules_read() -> None:
    found = sheet(rec("headcount", "hrss_insured", "12"))
    line = found.as_line()
    assert list(line) == ["firm_id", *FACT_FIELDS]
    assert line["headcount"] == 12 and line["revenue_10k"] is None and line["stage"] is None
    assert json.loads(json.dumps(line)) == line
    assert "revenue_10k" not in found.known() and found.known()["headcount"] == 12


# --- headcount and revenue: the first column that has one, the latest record ----------------


def test_the_latest_insured_month_counts_not_the_largest_count_in_any_month_style() -> None:
    found = sheet(
        rec("headcount", "hrss_insured", "80", "HI1", as_of="2026-04-01"),
        rec("headcount", "hrss_insured", "35", "HI2", as_of="2026年8月"),
        rec("headcount", "hrss_insured", "60", "HI3", as_of="202606"),
        rec("headcount", "stats_above_scale", "300", "SAS1", as_of="2025"),
    )
    assert found.headcount == 35
    assert found.provenance["headcount"] == (
        "杭州市人力资源和社会保障局 · hrss_insured HI2: 参保人数 35, as of 2026年8月"
    )


def test_the_statistics_bureaus_headcount_counts_when_social_insurance_has_none_readable() -> None:
    found = sheet(
        rec("headcount", "hrss_insured", "约50人", "HI1", as_of="2026-08"),
        rec("headcount", "stats_above_scale", "120", "SAS1", as_of="2024"),
        rec("headcount", "stats_above_scale", "140", "SAS2", as_of="2025"),
    )
    assert found.headcount == 140 and "SAS2" in found.provenance["headcount"]


def test_a_headcount_only_an_unreadable_record_gives_stays_unknown() -> None:
    found = sheet(rec("headcount", "hrss_insured", "约50人", "HI1"))
    assert found.headcount is None
    assert found.provenance["headcount"].startswith("unreadable: ")


def test_revenue_is_the_latest_years_and_an_undated_record_counts_after_dated_ones() -> None:
    found = sheet(
        rec("revenue_10k", "stats_above_scale", "3,000", "SAS1", as_of="2024"),
        rec("revenue_10k", "stats_above_scale", "4200.5", "SAS2", as_of="2025"),
        rec("revenue_10k", "stats_above_scale", "9999", "SAS3", as_of=None),
    )
    assert found.revenue_10k == 4200.5


# --- founding and district: the golden record's ----------------------------------------------


def test_years_since_founding_count_from_the_golden_records_founding_date_to_today() -> None:
    found = sheet(established=golden("2021-11-02"), district=golden("330108"))
    assert found.years_since_founding == 4.99
    assert found.provenance["years_since_founding"] == (
        "golden record, from 杭州市市场监督管理局 · amr_registrations AR1: founded 2021-11-02"
    )
    assert found.district == "330108"


@pytest.mark.parametrize("written", ["2027-01-01", "不详"])
def test_a_founding_date_after_today_or_unreadable_is_unknown(written: str) -> None:
    assert sheet(established=golden(written)).years_since_founding is None


# --- high-tech certificates -----------------------------------------------------------------


def test_a_valid_certificate_makes_the_firm_high_tech_and_names_the_certificate() -> None:
    found = sheet(rec("high_tech", "most_hightech", "2025-05-11", "MH1", valid_until="2028-05-10"))
    assert found.high_tech is True
    assert "MH1" in found.provenance["high_tech"] and "2028-05-10" in found.provenance["high_tech"]


def test_an_expired_certificate_is_not_high_tech() -> None:
    found = sheet(rec("high_tech", "most_hightech", "2021-11-06", "MH1", valid_until="2024.11.05"))
    assert found.high_tech is False
    assert found.provenance["high_tech"].startswith("not valid on 2026-11-01")


@pytest.mark.parametrize(
    ("issued", "valid"),
    [("2023-11-02", True), ("2023-11-01", False), ("2023年11月2日", True), ("2023/11/1", False)],
)
def test_without_an_expiry_a_certificate_is_valid_for_three_years_from_its_issue(
    issued: str, valid: bool
) -> None:
    assert sheet(rec("high_tech", "most_hightech", issued, "MH1")).high_tech is valid


def test_an_expiry_written_in_another_style_is_read() -> None:
    certificate = rec("high_tech", "most_hightech", "2024-05-05", "MH1", valid_until="2027年5月4日")
    assert sheet(certificate).high_tech is True


def test_a_certificate_not_yet_issued_on_today_is_not_valid() -> None:
    assert sheet(rec("high_tech", "most_hightech", "2026-12-01", "MH1")).high_tech is False


def test_a_certificate_whose_dates_cannot_be_read_leaves_high_tech_unknown() -> None:
    found = sheet(
        rec("high_tech", "most_hightech", "2020-01-01", "MH1"),  # expired
        rec("high_tech", "most_hightech", "待定", "MH2", valid_until=""),
    )
    assert found.high_tech is None and "MH2" in found.provenance["high_tech"]


def test_a_current_certificate_counts_even_beside_one_that_cannot_be_read() -> None:
    found = sheet(
        rec("high_tech", "most_hightech", "待定", "MH1"),
        rec("high_tech", "most_hightech", "2025-01-01", "MH2"),
    )
    assert found.high_tech is True


def test_a_firm_on_none_of_the_lists_is_not_high_tech_but_without_a_list_it_is_unknown() -> None:
    assert sheet().high_tech is False
    assert sheet().provenance["high_tech"] == "on none of 杭州市科学技术局 · most_hightech"
    assert sheet(lists=()).high_tech is None


# --- counts on lists ------------------------------------------------------------------------


def test_patents_and_prior_defaults_count_the_firms_records_on_the_lists_the_warehouse_holds() -> (
    None
):
    found = sheet(
        rec("patents", "ipo_patents", "一种基于视觉的检测方法", "AN1"),
        rec("patents", "ipo_patents", "一种调度方法", "AN2"),
        rec("patents", "ipo_patents", "一种调度方法", "AN2"),  # the same record, twice
    )
    assert (found.patents, found.prior_defaults) == (2, 0)
    assert found.provenance["patents"] == (
        "杭州市市场监督管理局（知识产权局） · ipo_patents: 2 (AN1, AN2)"
    )
    assert found.provenance["prior_defaults"] == "杭州市中级人民法院 · court_enforcement: 0"


def test_a_count_whose_list_the_warehouse_does_not_hold_is_unknown_not_zero() -> None:
    found = sheet(lists=(Register("patents", "ipo_patents", DEPARTMENTS["ipo_patents"]),))
    assert found.patents == 0 and found.prior_defaults is None


# --- tax credit grade -----------------------------------------------------------------------


def test_a_grade_written_with_its_level_word_is_read_and_no_grade_yet_is_unknown() -> None:
    assert sheet(rec("tax_credit_grade", "tax_taxpayers", "B级")).tax_credit_grade == "B"
    unevaluated = sheet(rec("tax_credit_grade", "tax_taxpayers", "未评价"))
    assert unevaluated.tax_credit_grade is None
    assert unevaluated.provenance["tax_credit_grade"].startswith("unreadable: ")


def test_records_that_disagree_on_the_grade_give_the_lower_unless_one_is_later() -> None:
    undated = sheet(
        rec("tax_credit_grade", "tax_taxpayers", "A", "TT1"),
        rec("tax_credit_grade", "tax_taxpayers", "C", "TT2"),
    )
    assert undated.tax_credit_grade == "C"
    assert undated.provenance["tax_credit_grade"].startswith("the lowest of 2 records")
    dated = sheet(
        rec("tax_credit_grade", "tax_taxpayers", "C", "TT1", as_of="2024"),
        rec("tax_credit_grade", "tax_taxpayers", "A", "TT2", as_of="2025"),
    )
    assert dated.tax_credit_grade == "A"


# --- stage -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("years", "headcount", "revenue", "stage"),
    [
        (2.0, 10, None, "0-1"),
        (4.99, 99, 1999.0, "0-1"),
        (5.0, 10, None, "1-100"),
        (6.0, None, None, "1-100"),
        (None, 150, None, "1-100"),
        (2.0, 10, 5000.0, "1-100"),
        (None, None, 2000.0, "1-100"),
        (2.0, None, None, None),
        (None, 10, 100.0, None),
    ],
)
def test_the_stage_is_0_1_young_and_small_1_100_otherwise_and_unknown_when_undecided(
    years: float | None, headcount: int | None, revenue: float | None, stage: str | None
) -> None:
    assert stage_of(years, headcount, revenue)[0] == stage


def test_the_stage_is_derived_from_the_firms_own_facts() -> None:
    found = sheet(rec("headcount", "hrss_insured", "12"), established=golden("2024-03-01"))
    assert found.stage == "0-1"
    assert found.provenance["stage"] == (
        "rule: founded 2.67 years ago (under 5), headcount 12 (under 100)"
    )


# --- segments --------------------------------------------------------------------------------


def test_segments_are_those_the_map_counts_the_firm_under() -> None:
    found = sheet(
        segments=(
            Segment("T.cv", 0.82, "primary", "model"),
            Segment("A.public_security", 0.61, "secondary", "model"),
            Segment("T.security", 0.31, "secondary", "model"),  # below the confidence
        )
    )
    assert found.segments == ("T.cv", "A.public_security")
    assert found.as_line()["segments"] == ["T.cv", "A.public_security"]


def test_a_label_of_the_centre_counts_whatever_the_models_score() -> None:
    found = sheet(segments=(Segment("E.drone", 1.0, "primary", "operator"),))
    assert found.segments == ("E.drone",) and "operator" in found.provenance["segments"]


def test_segments_are_unknown_while_unclassified_or_below_the_confidence() -> None:
    assert sheet().segments is None
    below = sheet(segments=(Segment("T.cv", 0.4, "primary", "model"),))
    assert below.segments is None and "below 0.50" in below.provenance["segments"]


# --- the platform's own facts ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("completed", "running", "status"),
    [(0, 0, "none"), (0, 1, "running"), (1, 0, "completed"), (1, 2, "completed")],
)
def test_pilot_status_is_completed_once_one_pilot_was_else_running_while_one_is(
    completed: int, running: int, status: str
) -> None:
    found = sheet(platform=PlatformRecord(pilots_completed=completed, pilots_running=running))
    assert found.pilot_status == status
    assert found.provenance["pilot_status"].startswith("platform: partnerships")
