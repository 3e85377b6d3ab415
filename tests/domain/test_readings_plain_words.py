"""Insights' live-rating sentences in a first-time patient's words: "In the 30 s after
safety parts began … it differed from session to session by about 0.3 points", "in 5
moves" and "during curiosity and ease" read as a researcher's notes. The numbers stay as
they were; only the words around them change."""

from __future__ import annotations

import numpy as np

from painease.domain.live_shifts import PhaseShift
from painease.domain.readings import live_reading, phase_reading

MARKS = [(0, "settle"), (30_000, "attention"), (180_000, "positive-affect"),
         (360_000, "closing")]


def shift(phase: str, mean: float, sd: float | None, window_s: float = 30) -> PhaseShift:
    return PhaseShift(phase, window_s, 6, 6, mean, sd, np.zeros(6))


def test_the_shift_after_a_part_began_is_said_in_plain_words():
    assert phase_reading(shift("safety", -0.8, 0.3)) == (
        "In the half-minute after each “Safety” part began, your live pain rating was on "
        "average 0.8 points lower than in the half-minute before (6 sessions; sessions "
        "often differed from this average by about 0.3 points).")
    assert phase_reading(shift("positive-affect", 0.0, 0.01, window_s=60)) == (
        "In the minute after each “Curiosity and ease” part began, your live pain rating was "
        "on average about the same as in the minute before (6 sessions, much the same in "
        "each).")


def test_a_live_rating_says_changes_and_names_the_part_it_was_in():
    assert live_reading([200_000, 400_000], [3, 5], MARKS, 600_000, start=7) == (
        "Your live rating started at 7 (your pain before the session) and went to 5 after "
        "2 changes; it came down to 3 during the “Curiosity and ease” part and stayed there "
        "into the “Closing” part.")
    assert live_reading([200_000], [5], MARKS, 600_000, start=7) == (
        "Your live rating started at 7 (your pain before the session) and went to 5 after "
        "one change; it came down to 5 during the “Curiosity and ease” part and stayed "
        "there to the end.")
