"""Readings in both voices: a patient's own ("your") and a therapist's about a patient ("Sam's").

Every reading of ``painease.domain.insights`` is built from hand-made sessions, and its
exact sentence is checked in the second person and about a named patient. Readings that
name nobody (the trend and the fear–pain link) are checked to stay free of "you" in every
branch, so they read the same to a patient and to their therapist.
"""

from __future__ import annotations

import re
from datetime import UTC

import numpy as np
import pytest

from painease.domain.insights import daily_series, fear_pain_link, session_shifts
from painease.domain.live_shifts import PhaseShift, phase_shift
from painease.domain.readings import (
    link_reading,
    live_reading,
    phase_reading,
    shift_reading,
    trend_reading,
)
from painease.domain.voice import YOU, Voice, capital, voice_for
from tests.domain.test_insights import point, trace

SAM = Voice.about("Sam")
SECOND_PERSON = re.compile(r"\b(you|your|yours|yourself)\b", re.IGNORECASE)


def second_person(text: str) -> list[str]:
    return SECOND_PERSON.findall(text)


# ---- the voice itself ---------------------------------------------------------------------


def test_voice_words():
    assert (YOU.whose(), YOU.whose(first=False), YOU.who(), YOU.own) == (
        "your", "your", "you", True)
    assert (SAM.whose(), SAM.whose(first=False), SAM.who(), SAM.who(first=False), SAM.own) == (
        "Sam's", "their", "Sam", "they", False)
    assert Voice.about("  Ana   María ").whose() == "Ana María's"
    assert capital(YOU.whose()) == "Your" and capital("sam's") == "Sam's"


def test_voice_for_a_missing_or_blank_name_is_the_readers_own():
    assert voice_for(None) is YOU and voice_for("") is YOU and voice_for("   ") is YOU
    assert voice_for(" Sam ") == SAM
    with pytest.raises(ValueError, match="needs their name"):
        Voice.about(" \t")


# ---- readings that name the person ------------------------------------------------------


def test_shift_reading_in_both_voices():
    # fear down in 3 of 4 rated sessions, pain in 2; the fifth has no after-rating.
    points = [point(1, pre=(6, 6), post=(5, 4)), point(2, pre=(6, 6), post=(5, 5)),
              point(3, pre=(6, 6), post=(6, 5)), point(4, pre=(6, 6), post=(7, 7)),
              point(5, pre=(6, 6), post=None)]
    shifts = session_shifts(points)
    assert shift_reading(shifts) == (
        "Your sense of threat came down in 3 of your last 4 sessions rated before and after; "
        "pain came down in 2. 1 session without both ratings is not counted.")
    assert shift_reading(shifts, voice=SAM) == (
        "Sam's sense of threat came down in 3 of their last 4 sessions rated before and "
        "after; pain came down in 2. 1 session without both ratings is not counted.")
    few = session_shifts(points[:2])
    expected = ("Not enough sessions rated before and after yet to describe a pattern "
                "(2 of the last 2 sessions).")
    assert shift_reading(few) == shift_reading(few, voice=SAM) == expected
    # One session is not "the last 1 session".
    assert shift_reading(session_shifts(points[:1])) == (
        "Not enough sessions rated before and after yet to describe a pattern (1 of 1 "
        "session).")
    assert shift_reading([], voice=SAM) == ""


def test_the_briefs_example_about_a_patient():
    points = [point(i, pre=(6, 6), post=(5 if i < 6 else 7, 4 if i < 8 else 7))
              for i in range(10)]
    assert shift_reading(session_shifts(points), voice=SAM) == (
        "Sam's sense of threat came down in 8 of their last 10 sessions rated before and "
        "after; pain came down in 6.")


def four_sessions_of_safety() -> PhaseShift:
    return phase_shift([trace(i, [(0, 6), (20_000, 5), (40_000, 3)], [(30_000, "safety")])
                        for i in range(4)], "safety", window_s=20)


def test_phase_reading_in_both_voices():
    shift = four_sessions_of_safety()
    assert phase_reading(shift) == (
        "In the 20 seconds after each “Safety” part began, your live pain rating was on "
        "average 1.5 points lower than in the 20 seconds before (4 sessions, much the same in "
        "each). That is only a few sessions, so treat it lightly.")
    assert phase_reading(shift, SAM) == (
        "In the 20 seconds after each “Safety” part began, Sam's live pain rating was on "
        "average 1.5 points lower than in the 20 seconds before (4 sessions, much the same in "
        "each). That is only a few sessions, so treat it lightly.")
    flat = PhaseShift("positive-affect", 30.0, 3, 3, 0.01, None, np.zeros(3))
    assert phase_reading(flat, SAM) == (
        "In the half-minute after each “Curiosity and ease” part began, Sam's live pain "
        "rating was on average about the same as in the half-minute before (3 sessions). "
        "That is only a few "
        "sessions, so treat it lightly.")
    one = phase_shift([trace(1, [(0, 6), (40_000, 3)], [(30_000, "safety")])], "safety")
    expected = ("Not enough sessions with live ratings around “Safety” parts yet "
                "(1 counted so far; at least 3 are needed).")
    assert phase_reading(one) == phase_reading(one, SAM) == expected
    assert phase_reading(phase_shift([], "safety"), SAM) == ""


# ---- readings that name nobody ----------------------------------------------------------


def test_trend_and_link_readings_never_speak_to_the_reader():
    falling = [point(i, post=(6 if i < 3 else 2, 1), day=i) for i in range(9)]
    flat = [point(i, post=(4, 1), day=i) for i in range(9)]
    rising = [point(i, post=(2 if i < 3 else 6, 1), day=i) for i in range(9)]
    trends = [trend_reading(daily_series(points, UTC)) for points in
              (falling, flat, rising, falling[:3])]
    assert trends[0].startswith("Pain after sessions came down")
    assert trends[1].startswith("Pain after sessions stayed about the same")
    assert trends[2].startswith("Pain after sessions went up")
    assert trends[3].startswith("Not enough days")
    linked = session_shifts([point(i, pre=(6, 6), post=(6 - i % 4, 6 - i % 4 - i % 2))
                             for i in range(12)])
    links = [link_reading(fear_pain_link(linked)),
             link_reading(fear_pain_link(linked[:5])),
             link_reading(fear_pain_link(session_shifts([point(i) for i in range(12)])))]
    assert links[0].startswith("Across 12 sessions there is a")
    assert links[1].startswith("Not enough sessions yet to compare")
    assert links[2].startswith("In every session so far, the sense of threat went down by")
    assert [second_person(text) for text in trends + links] == [[]] * 7


def test_no_reading_about_a_patient_says_you():
    points = [point(i, pre=(6, 6), post=(4, 3) if i % 3 else None, day=i) for i in range(12)]
    shifts = session_shifts(points)
    texts = [shift_reading(shifts, voice=SAM), shift_reading(shifts[:2], voice=SAM),
             phase_reading(four_sessions_of_safety(), SAM)]
    assert all(texts)
    assert [second_person(text) for text in texts] == [[]] * 3
    assert all("Sam's" in text for text in (texts[0], texts[2]))


# ---- one session's live rating ---------------------------------------------------------

LIVE_MARKS = [(0, "settle"), (60_000, "safety"), (120_000, "positive-affect")]


def test_live_reading_names_the_low_point_in_the_players_words():
    t = [10_000, 70_000, 130_000]
    assert live_reading(t, [6, 2, 3], LIVE_MARKS, 180_000) == (
        "Your live rating went from 6 to 3 over 3 ratings; it came down to 2 during the "
        # 2 from 1:10 to 2:10: past safety's end
        "“Safety” part and stayed there into the “Curiosity and ease” part.")
    assert live_reading(t, [6, 4, 1.5], LIVE_MARKS, 180_000, Voice.about("Sam")) == (
        "Sam's live rating went from 6 to 1.5 over 3 ratings; it was lowest (1.5) during "
        "the “Curiosity and ease” part.")
    assert live_reading(t, [5, 3, 5], [], 180_000) == (  # no phases: its time instead
        "Your live rating started and ended at 5 over 3 ratings; it was lowest (3) at 1:10.")
    # Only a rating that never moved "stayed at" its value.
    assert live_reading(t, [5, 5, 5], LIVE_MARKS, 180_000) == (
        "Your live rating stayed at 5 over 3 ratings.")
    assert live_reading(t, [5, 7, 5], LIVE_MARKS, 180_000) == (
        "Your live rating started and ended at 5 over 3 ratings.")


def test_live_reading_of_a_rating_that_only_rose_names_no_low_point():
    # Once it said "…went from 4 to 6 over 3 ratings; it was lowest (4) during settling
    # in": the start, which the sentence had just given.
    assert live_reading([10_000, 70_000, 130_000], [4, 5, 6], LIVE_MARKS, 180_000) == (
        "Your live rating went from 4 to 6 over 3 ratings.")
    assert live_reading([10_000], [4], LIVE_MARKS, 180_000) == "Your one live rating was 4."
    assert live_reading([10_000], [4], LIVE_MARKS, 180_000, Voice.about("Sam")) == (
        "Sam's one live rating was 4.")
    assert live_reading([], [], LIVE_MARKS, 180_000) == ""


def test_live_reading_from_where_the_slider_started():
    # The moves alone are the samples; the start (the pain rated before) is said from it.
    t = [10_000, 70_000, 130_000]
    assert live_reading(t, [5, 2, 3], LIVE_MARKS, 180_000, start=6) == (
        "Your live rating started at 6 (your pain before the session) and went to 3 after 3 "
        "changes; it came down to 2 during the “Safety” part and stayed there into the “Curiosity "
        "and ease” part.")
    assert live_reading(t, [5, 2, 3], LIVE_MARKS, 180_000, Voice.about("Sam"), start=6) == (
        "Sam's live rating started at 6 (their pain before the session) and went to 3 after 3 "
        "changes; it came down to 2 during the “Safety” part and stayed there into the “Curiosity "
        "and ease” part.")
    # One move nine minutes in: from the start, not from the move.
    assert live_reading([540_000], [4], LIVE_MARKS, 720_000, start=6) == (
        "Your live rating started at 6 (your pain before the session) and went to 4 after one "
        "change; it was lowest (4) during the “Curiosity and ease” part.")
    assert live_reading(t[:2], [7, 5], [], 180_000, start=5) == (  # back to where it was
        "Your live rating started at 5 (your pain before the session) and came back to 5 "
        "after 2 changes.")
    assert live_reading(t[:2], [6, 7], LIVE_MARKS, 180_000, start=5) == (  # only rose
        "Your live rating started at 5 (your pain before the session) and went to 7 after 2 "
        "changes.")
    # Never moved: said plainly, in either voice.
    assert live_reading([], [], LIVE_MARKS, 180_000, start=6) == (
        "You left the live rating where it started, at 6.")
    assert live_reading([], [], LIVE_MARKS, 180_000, Voice.about("Sam"), start=6) == (
        "Sam left the live rating where it started, at 6.")
