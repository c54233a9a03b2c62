"""Differential privacy with OpenDP: the ε of a release is OpenDP's own accounting of the
measurement, and the noise behaves as the discrete Laplace distribution of that scale
(statistical properties checked loosely, never exact noisy values)."""

from __future__ import annotations

import statistics

import pytest

from scenehub.governance.dp import FIRM_SENSITIVITY, count_mechanism, laplace_counts


@pytest.mark.parametrize("epsilon", [0.1, 0.5, 0.7, 1.0, 2.0])
def test_the_charge_is_opendps_map_and_never_more_than_asked(epsilon: float) -> None:
    mechanism = count_mechanism(epsilon)
    assert mechanism.epsilon == mechanism.measurement.map(FIRM_SENSITIVITY)
    assert epsilon * 0.999 <= mechanism.epsilon <= epsilon
    assert mechanism.scale == pytest.approx(1 / epsilon, rel=1e-3)


def test_a_firm_that_moves_between_cells_costs_twice() -> None:
    # Moving changes two cells by one each: L1 distance 2, so group privacy doubles ε.
    measurement = laplace_counts(2.0)
    assert measurement.map(1) == pytest.approx(0.5)
    assert measurement.map(2) == pytest.approx(1.0)


def test_the_noise_is_centred_and_wider_for_a_smaller_epsilon() -> None:
    wide, narrow = count_mechanism(0.1), count_mechanism(1.0)
    true = [1000] * 4000
    noise_wide = [v - 1000 for v in wide.release(true)]
    noise_narrow = [v - 1000 for v in narrow.release(true)]
    assert abs(statistics.fmean(noise_narrow)) < 0.2
    assert abs(statistics.fmean(noise_wide)) < 2.0
    # Discrete Laplace of scale 1: standard deviation about 1.36; of scale 10: about 14.1.
    assert 1.0 < statistics.pstdev(noise_narrow) < 1.8
    assert 11 < statistics.pstdev(noise_wide) < 17


def test_released_counts_are_never_negative() -> None:
    assert min(count_mechanism(0.2).release([0] * 2000)) == 0


@pytest.mark.parametrize("epsilon", [0.0, -1.0])
def test_epsilon_must_be_positive(epsilon: float) -> None:
    with pytest.raises(ValueError, match="positive"):
        count_mechanism(epsilon)
