"""The proposal review's phases and rubric, without a database."""

from __future__ import annotations

from scenehub.proposals import review

FULL = {c.key: 8.0 for c in review.RUBRIC}


def test_the_rubric_weights_add_up_to_one() -> None:
    assert abs(sum(c.weight for c in review.RUBRIC) - 1) < 1e-9


def test_phases_go_one_step_at_a_time() -> None:
    assert review.check_advance("submitted", "screening", {}) is None
    assert review.check_advance("submitted", "shortlisted", {}) is not None
    assert review.check_advance("rejected", "screening", {}) is not None


def test_selecting_needs_every_criterion_scored() -> None:
    assert review.check_advance("shortlisted", "selected", {"fit": 9}) is not None
    assert review.check_advance("shortlisted", "selected", FULL) is None


def test_total_is_the_weighted_mean_on_a_hundred_point_scale() -> None:
    assert review.total_score(FULL) == 80.0
    scores = {**FULL, "fit": 10.0}
    assert review.total_score(scores) == round((0.35 * 10 + 0.65 * 8) * 10, 1)
    assert review.total_score({"fit": 10}) is None


def test_scores_outside_the_scale_or_unknown_criteria_are_refused() -> None:
    assert review.check_scores({"fit": 11}) is not None
    assert review.check_scores({"charm": 5}) is not None
    assert review.check_scores({"fit": 0}) is None
