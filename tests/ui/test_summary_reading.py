"""The Summary's sentences about one session's change (``summary_page.reading``): a drop of
30 % or half is named only for a real drop and only as what it is, a change within this one
session (the yardsticks of studies are about a course of treatment, so the Summary does not
lend them to one session), and a rise always comes with the pointer to a clinician."""

from __future__ import annotations

import pytest

from painease.session_outcome import Change, Outcome
from painease.ui.summary_page import CHECK_NOTE, describe_change, reading


def outcome(pain: tuple[int, int] | None, fear: tuple[int, int] | None) -> Outcome:
    return Outcome(1, "completed", 300_000, pain and Change(*pain), fear and Change(*fear), ())


SUBSTANTIAL = "Your pain was at least halved after this session."
MODERATE = "Your pain was at least 30% lower after this session."
CALMER = "Your sense of threat came down. Feeling safer with a sensation is at the heart of " \
         "this work."
ONE_MOMENT = "One session is one moment. The pattern across many sessions says more."
# A rise is common and part of the practice: no claim about harm (a clinician's call) and
# no promise of what practice will do (it said "it often settles with practice").
GROW = ("Sensations can grow for a while when you pay attention to them. That is common, and "
        "part of the practice.")


@pytest.mark.parametrize(("pain", "fear", "expected"), [
    ((6, 3), (8, 2), f"{CALMER} {SUBSTANTIAL}"),
    ((10, 7), (5, 5), MODERATE),
    # A drop of exactly 2 points is enough for the 30 % sentence (6 → 4 is 33 % lower).
    ((6, 4), (5, 5), MODERATE),
    ((4, 2), (5, 5), SUBSTANTIAL),
    # One point on a low rating is 33 % or 100 % "lower": no yardstick for it.
    ((3, 2), (5, 5), ONE_MOMENT),
    ((1, 0), (2, 2), ONE_MOMENT),
    ((5, 1), (5, 5), "Your pain is at 0–1 right now: no pain, or almost none."),
    # Pain already at 0: the calmer sense of threat, and no promise about pain.
    ((0, 0), (4, 1), CALMER),
    ((5, 5), (5, 5), ONE_MOMENT),
    ((4, 6), (5, 5), f"{GROW} {CHECK_NOTE}"),
    # Only the sense of threat rose: said as such, not as a sensation growing.
    ((3, 3), (0, 3), "Your sense of threat went up this time. That is common when you pay "
                     f"close attention to a sensation, and part of the practice. {CHECK_NOTE}"),
    ((6, 7), (6, 3), f"{CALMER} {GROW} {CHECK_NOTE}"),
])
def test_the_reading_of_one_session(pain, fear, expected):
    assert reading(outcome(pain, fear)) == expected


def test_a_skipped_after_rating_is_fine_and_the_before_ratings_are_kept():
    assert reading(outcome(None, None)) == ("You chose not to rate afterwards, which is "
                                            "fine. Your ratings from before the session "
                                            "are saved.")


def test_the_change_in_points_and_percent():
    assert describe_change("Pain", Change(6, 3)) == "Pain: 6 → 3, down 3 points (50% lower)."
    assert describe_change("Pain", Change(8, 4)) == "Pain: 8 → 4, down 4 points (50% lower)."
    assert describe_change("Pain", Change(2, 4)) == "Pain: 2 → 4, up 2 points (100% higher)."
    assert describe_change("Pain", Change(0, 2)) == "Pain: 0 → 2, up 2 points."
    assert describe_change("Pain", Change(4, 4)) == "Pain: 4 → 4, the same as before."


@pytest.mark.parametrize(("before", "after", "expected"), [
    (1, 2, "Pain: 1 → 2, up 1 point."),  # it said "(100% higher)"
    (0, 1, "Pain: 0 → 1, up 1 point."),
    (1, 0, "Pain: 1 → 0, down 1 point."),
    (2, 3, "Pain: 2 → 3, up 1 point."),  # it said "(50% higher)"
    (8, 7, "Pain: 8 → 7, down 1 point."),
])
def test_a_one_point_change_is_said_without_a_percent(before, after, expected):
    """One point is the scale's own wobble, and on a low rating a percent of it reads as a
    large change: the Summary's line leaves the percent out by the rule its reading uses
    for naming a drop of 30 % or half (``Change.said_percent``: 2 points or more)."""
    assert describe_change("Pain", Change(before, after)) == expected
    for fear in ((5, 5), (5, 4), (4, 5)):  # and the reading names no drop for it
        text = reading(outcome((before, after), fear))
        assert "30%" not in text and "halved" not in text


def test_no_reading_of_one_session_borrows_a_course_of_treatment_yardstick():
    """"Substantial" and "moderately important" are what studies call a drop over a course
    of treatment (Insights' yardstick definitions say so): never said of one session."""
    for before in range(11):
        for after in range(11):
            text = reading(outcome((before, after), (5, 5)))
            for word in ("studies", "substantial", "moderately important", "yardstick"):
                assert word not in text.lower(), (before, after, text)


def test_the_percent_rounds_a_half_up_as_people_do():
    # 3 of 8 is 37.5 %: "38%", not Python's half-to-even "37%" (as Insights and the report).
    assert describe_change("Pain", Change(8, 5)) == "Pain: 8 → 5, down 3 points (38% lower)."
    assert describe_change("Sense of threat", Change(8, 5)) == (
        "Sense of threat: 8 → 5, down 3 points (38% lower).")
