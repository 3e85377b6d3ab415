"""Counts with the word that fits them: "1 minute", "0.5 minutes", "1 day", "3 days"."""

from __future__ import annotations

import pytest

from painease.domain.vocabulary import counted, duration_words, minutes_text


@pytest.mark.parametrize(("number", "expected"), [
    (0, "0 days"), (1, "1 day"), (2, "2 days"), (11_000, "11000 days")])
def test_whole_counts(number, expected):
    assert counted(number, "day", "days") == expected


@pytest.mark.parametrize(("minutes", "expected"), [
    (1, "1 minute"), (1.0, "1 minute"), (0.5, "0.5 minutes"), (2.5, "2.5 minutes"),
    (10, "10 minutes"), (10.0, "10 minutes")])
def test_lengths_in_minutes(minutes, expected):
    assert minutes_text(minutes) == expected


@pytest.mark.parametrize(("milliseconds", "expected"), [
    (300_000, "5 minutes"), (60_000, "1 minute"), (40_000, "40 seconds"), (1_000, "1 second"),
    (190_000, "3 minutes and 10 seconds"), (61_900, "1 minute and 1 second"),
    (0, "0 seconds"), (-5, "0 seconds")])
def test_durations_in_words(milliseconds, expected):
    """A time that passed, said in words: "0:40 of 5:00" read like clock times."""
    assert duration_words(milliseconds) == expected
