"""Where the live rating's low point is said to be: a single phase only when the low was
reached and left within it; a low held on into later parts says so ("came down to 5 during
noticing and stayed there to the end"), so the sentence never credits one part with what
lasted through several. No claim of cause either way."""

from __future__ import annotations

from painease.domain.readings import live_reading
from painease.domain.voice import Voice

# Settling in 0:00–0:30, noticing 0:30–3:00, safety 3:00–6:00, closing 6:00–10:00.
MARKS = [(0, "settle"), (30_000, "attention"), (180_000, "safety"), (360_000, "closing")]
TEN = 600_000


def test_a_low_held_to_the_end_is_not_put_on_the_part_it_began_in():
    # The walkthrough: 7 before, moved to 5 at about 1:00, left there to 10:00.
    assert live_reading([60_000], [5], MARKS, TEN, start=7) == (
        "Your live rating started at 7 (your pain before the session) and went to 5 after one "
        "change; it came down to 5 during the “Noticing” part and stayed there to the end.")
    # Without the start: from the first move.
    assert live_reading([40_000, 60_000], [6, 5], MARKS, TEN) == (
        "Your live rating went from 6 to 5 over 2 ratings; it came down to 5 during the "
        "“Noticing” part and stayed there to the end.")
    assert live_reading([60_000], [5], MARKS, TEN, Voice.about("Sam"), start=7).endswith(
        "; it came down to 5 during the “Noticing” part and stayed there to the end.")


def test_a_low_left_in_a_later_part_names_where_it_lasted_to():
    assert live_reading([60_000, 400_000], [3, 5], MARKS, TEN, start=7) == (
        "Your live rating started at 7 (your pain before the session) and went to 5 after 2 "
        "changes; it came down to 3 during the “Noticing” part and stayed there into the “Closing” "
        "part.")


def test_a_low_reached_and_left_within_one_part_names_that_part():
    assert live_reading([60_000, 120_000], [3, 5], MARKS, TEN, start=7).endswith(
        "; it was lowest (3) during the “Noticing” part.")
    # Reached in closing, the last part, and held to the end: all within closing.
    assert live_reading([400_000], [4], MARKS, TEN, start=6).endswith(
        "; it was lowest (4) during the “Closing” part.")
    # A session stopped early in safety, the low held to that end: all within safety.
    assert live_reading([200_000], [4], MARKS, 250_000, start=6).endswith(
        "; it was lowest (4) during the “Safety” part.")


def test_a_low_reached_more_than_once_in_different_parts_says_so():
    assert live_reading([60_000, 120_000, 200_000, 240_000], [3, 5, 3, 6], MARKS, TEN,
                        start=7).endswith(
        "; it was lowest (3) more than once, first during the “Noticing” part.")
    # More than once but all within noticing: that part alone.
    assert live_reading([60_000, 90_000, 120_000, 150_000], [3, 5, 3, 6], MARKS, TEN,
                        start=7).endswith("; it was lowest (3) during the “Noticing” part.")


def test_without_phases_the_time_is_given():
    assert live_reading([70_000, 130_000], [3, 5], [], 180_000, start=5).endswith(
        "; it was lowest (3) at 1:10.")
    assert live_reading([70_000], [3], [], 180_000, start=5).endswith(
        "; it came down to 3 at 1:10 and stayed there to the end.")
