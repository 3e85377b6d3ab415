"""Counts with the word that fits them: "1 minute", "0.5 minutes", "1 day", "3 days"."""

from __future__ import annotations

import pytest

from painease.domain.vocabulary import counted, minutes_text


@pytest.mark.parametrize(("number", "expected"), [
    (0, "0 days"), (1, "1 day"), (2, "2 days"), (11_000, "11000 days")])
def test_whole_counts(number, expected):
    assert counted(number, "day", "days") == expected


@pytest.mark.parametrize(("minutes", "expected"), [
    (1, "1 minute"), (1.0, "1 minute"), (0.5, "0.5 minutes"), (2.5, "2.5 minutes"),
    (10, "10 minutes"), (10.0, "10 minutes")])
def test_lengths_in_minutes(minutes, expected):
    assert minutes_text(minutes) == expected
