"""Numbers as the app shows them: halves round away from zero, as people round by hand
(−1.25 → −1.3, 12.5 % → 13 %), not to the even neighbour Python's format uses, and a value
that rounds to nothing is 0, never "−0.0" or "+0.0"."""

from __future__ import annotations

import pytest

from painease.domain.vocabulary import decimal_text, percent_text, rounded


# Means of whole-point changes over n sessions land on exact halves (5 / 4, 3 / 20…).
@pytest.mark.parametrize(("value", "places", "expected"), [
    (-5 / 4, 1, "-1.3"), (5 / 4, 1, "1.3"), (-1 / 4, 1, "-0.3"), (0.25, 1, "0.3"),
    (-3 / 20, 1, "-0.2"), (0.35, 1, "0.4"), (2.675, 2, "2.68"), (12.5, 0, "13"),
    (-0.5, 0, "-1"), (1.04, 1, "1.0"), (-0.04, 1, "0.0"), (0.0, 1, "0.0"), (-0.0, 1, "0.0"),
    (7, 1, "7.0"), (1 / 3, 2, "0.33")])
def test_halves_round_away_from_zero(value, places, expected):
    assert decimal_text(value, places) == expected


def test_a_value_that_rounds_to_nothing_is_zero_without_a_sign():
    assert rounded(-0.04) == 0
    assert str(rounded(-0.04)) == "0.0"
    assert decimal_text(-0.0004, 2) == "0.00"


@pytest.mark.parametrize(("share", "expected"), [
    (1 / 8, "13%"), (3 / 8, "38%"), (5 / 8, "63%"), (0.0, "0%"), (1.0, "100%"),
    (25 / 47, "53%"), (1 / 200, "1%")])
def test_shares_as_whole_percents(share, expected):
    assert percent_text(share) == expected
