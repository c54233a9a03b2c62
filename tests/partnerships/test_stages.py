"""The partnership stages, the evaluation grade and KPIs met, without a database."""

from __future__ import annotations

import pytest

from scenehub.i18n import N_
from scenehub.partnerships import stages
from scenehub.partnerships.stages import check_transition, grade, kpi_met, next_stages

FORWARD = [
    ("agreed", "pilot"),
    ("pilot", "demonstration"),
    ("demonstration", "scale"),
    ("scale", "catalogue_nominated"),
    ("catalogue_nominated", "catalogue_listed"),
]
BEFORE_LISTING = ["agreed", "pilot", "demonstration", "scale", "catalogue_nominated"]


@pytest.mark.parametrize(("frm", "to"), FORWARD[:3])
def test_the_department_and_the_centre_move_a_partnership_forward(frm: str, to: str) -> None:
    assert check_transition(frm, to, "owner", "") is None
    assert check_transition(frm, to, "centre", "") is None


@pytest.mark.parametrize(("frm", "to"), FORWARD[3:])
def test_only_the_centre_nominates_and_lists_in_the_catalogue(frm: str, to: str) -> None:
    assert check_transition(frm, to, "centre", "") is None
    assert check_transition(frm, to, "owner", "") == N_(
        "only the centre can move a partnership from %(from)s to %(to)s"
    )


@pytest.mark.parametrize(("frm", "to"), [*FORWARD, ("pilot", "terminated")])
def test_the_firm_moves_nothing(frm: str, to: str) -> None:
    assert check_transition(frm, to, "firm", "a reason") == N_(
        "the firm cannot move a partnership's stage"
    )
    assert next_stages(frm, "firm") == []


@pytest.mark.parametrize("frm", BEFORE_LISTING)
def test_terminating_needs_a_visible_reason_from_any_stage_before_listing(frm: str) -> None:
    for party in ("owner", "centre"):
        assert check_transition(frm, "terminated", party, "试点未达预期") is None
        for blank in ("", "   ", "\u200b"):
            assert check_transition(frm, "terminated", party, blank) == N_(
                "terminating a partnership needs a reason"
            )


def test_every_move_not_in_the_table_is_refused() -> None:
    allowed = {*FORWARD, *((s, "terminated") for s in BEFORE_LISTING)}
    for frm in stages.STAGES:
        for to in stages.STAGES:
            refused = check_transition(frm, to, "centre", "why")
            assert (refused is None) == ((frm, to) in allowed), (frm, to)
    # Nothing leaves a listing or a termination; nothing skips a stage or goes back.
    assert check_transition("catalogue_listed", "terminated", "centre", "why") is not None
    assert check_transition("terminated", "agreed", "centre", "why") is not None
    assert check_transition("agreed", "demonstration", "owner", "") == N_(
        "a partnership cannot go from %(from)s to %(to)s"
    )
    assert check_transition("scale", "pilot", "owner", "") is not None


def test_next_stages_per_party() -> None:
    assert next_stages("agreed", "owner") == ["pilot", "terminated"]
    assert next_stages("scale", "owner") == ["terminated"]
    assert next_stages("scale", "centre") == ["catalogue_nominated", "terminated"]
    assert next_stages("catalogue_listed", "centre") == []
    assert next_stages("terminated", "owner") == []


def test_a_contract_and_an_evaluation_come_from_the_pilot_onwards() -> None:
    assert stages.check_contract("agreed") is not None
    assert stages.check_contract("terminated") is not None
    assert stages.check_evaluation("agreed") is not None
    for stage in ("pilot", "demonstration", "scale", "catalogue_listed"):
        assert stages.check_contract(stage) is None
        assert stages.check_evaluation(stage) is None
    assert stages.check_editable("terminated") is not None
    assert stages.check_editable("pilot") is None


def _rubric(*scores: int) -> dict[str, int]:
    return dict(zip(stages.RUBRIC, scores, strict=True))


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ((5, 5, 5, 5, 5), "A"),
        ((5, 5, 4, 4, 5), "A"),  # mean 4.6
        ((5, 4, 4, 4, 5), "B"),  # mean 4.4
        ((4, 3, 4, 3, 4), "B"),  # mean 3.6
        ((3, 3, 4, 3, 3), "C"),  # mean 3.2
        ((3, 2, 3, 2, 3), "C"),  # mean 2.6
        ((2, 2, 3, 2, 3), "D"),  # mean 2.4
        ((1, 1, 1, 1, 1), "D"),
    ],
)
def test_the_grade_follows_the_rubric_mean(scores: tuple[int, ...], expected: str) -> None:
    assert grade(_rubric(*scores)) == expected


def test_a_rubric_scores_every_criterion_from_1_to_5_and_nothing_else() -> None:
    assert stages.check_rubric(_rubric(3, 3, 3, 3, 3)) is None
    assert stages.check_rubric(_rubric(3, 3, 3, 3, 6)) is not None
    assert stages.check_rubric(_rubric(0, 3, 3, 3, 3)) is not None
    partial = dict(list(_rubric(3, 3, 3, 3, 3).items())[:4])
    assert stages.check_rubric(partial) is not None
    assert stages.check_rubric({**_rubric(3, 3, 3, 3, 3), "beauty": 5}) is not None


def test_a_history_score_becomes_one_criterion_rounded_half_up() -> None:
    assert stages.rubric_from_score(90) == {"overall": 5}
    assert stages.rubric_from_score(88) == {"overall": 4}
    assert stages.rubric_from_score(50) == {"overall": 3}
    assert stages.rubric_from_score(3) == {"overall": 1}


def test_a_kpi_is_met_in_the_direction_that_is_better() -> None:
    assert kpi_met(95.0, 96.5, higher_is_better=True) is True
    assert kpi_met(95.0, 94.0, higher_is_better=True) is False
    assert kpi_met(10.0, 8.0, higher_is_better=False) is True  # minutes to respond
    assert kpi_met(10.0, 12.0, higher_is_better=False) is False
    assert kpi_met(10.0, 10.0, higher_is_better=False) is True
    assert kpi_met(None, 3.0, higher_is_better=True) is None
    assert kpi_met(3.0, None, higher_is_better=True) is None


def test_amounts_in_fen_read_as_yuan() -> None:
    assert stages.yuan_text(123456789) == "1,234,567.89"
    assert stages.yuan_text(5) == "0.05"


def test_every_stage_method_and_part_has_a_label() -> None:
    assert set(stages.STAGE_LABELS) == set(stages.STAGES)
    from typing import get_args

    from scenehub.partnerships.schemas import STAGES, ProcurementMethod, PublishablePart

    assert STAGES == stages.STAGES
    assert get_args(ProcurementMethod) == tuple(stages.PROCUREMENT_METHODS)
    assert get_args(PublishablePart) == tuple(stages.PUBLISHABLE_PARTS)
