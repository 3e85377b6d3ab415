"""Two readings said oddly in odd cases: "…; pain came down in 0." (a count of none, said
as a score), and "The sense of threat or pain changed by the same amount in every
session" when only one of them was flat: which one, and by how much, is said now."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from painease.domain.insights import SessionPoint, fear_pain_link, session_shifts
from painease.domain.readings import link_reading, shift_reading
from painease.domain.voice import Voice

T0 = datetime(2026, 11, 2, 9, tzinfo=UTC)


def shifts(pairs):
    """One session a day for each ((pain, fear) before, (pain, fear) after)."""
    return session_shifts([
        SessionPoint(i, "somatic", T0 + timedelta(days=i), "completed", 600_000, 10.0,
                     *pre, *post) for i, (pre, post) in enumerate(pairs)])


def test_no_session_where_pain_came_down_is_said_in_words():
    rated = shifts([((5, 8), (5, 3))] * 6 + [((5, 8), (6, 3))] * 4)
    assert shift_reading(rated) == (
        "Your sense of threat came down in 10 of your last 10 sessions rated before and "
        "after; pain did not come down in any of them.")


def test_no_session_where_threat_came_down_is_said_in_words():
    rated = shifts([((6, 5), (3, 5))] * 6 + [((6, 5), (6, 5))] * 4)
    assert shift_reading(rated, voice=Voice.about("Sam")) == (
        "Sam's sense of threat did not come down in any of their last 10 sessions rated "
        "before and after; pain came down in 6.")


def test_neither_came_down():
    assert shift_reading(shifts([((4, 4), (4, 5))] * 5)) == (
        "Neither your sense of threat nor pain came down in your last 5 sessions rated "
        "before and after.")


def test_only_pain_flat_is_named():
    link = fear_pain_link(shifts([((5, 8), (5, 2 + i % 5)) for i in range(12)]))
    assert link.n == 12 and not link.enough
    assert link_reading(link) == (
        "Pain was the same before and after in every session so far, so there is no link "
        "with the sense of threat to measure yet.")


def test_only_threat_flat_is_named_with_its_change():
    link = fear_pain_link(shifts([((6, 7), (2 + i % 4, 5)) for i in range(12)]))
    assert link_reading(link) == (
        "The sense of threat went down by 2 points in every session so far, so there is no "
        "link with pain to measure yet.")


def test_both_flat():
    link = fear_pain_link(shifts([((6, 7), (3, 2))] * 12))
    assert link_reading(link) == (
        "In every session so far, the sense of threat went down by 5 points and pain went "
        "down by 3 points, so there is no link to measure yet.")


def test_both_flat_is_not_read_as_the_same_change_as_each_other():
    """"The sense of threat and pain each changed by the same amount in every session"
    read as if they had changed by the same amount as each other: each one's own change
    is said, even when they are equal, and none is "went down by 0"."""
    link = fear_pain_link(shifts([((6, 7), (4, 5))] * 12))
    assert link_reading(link) == (
        "In every session so far, the sense of threat went down by 2 points and pain went "
        "down by 2 points, so there is no link to measure yet.")
    link = fear_pain_link(shifts([((6, 7), (5, 7))] * 12))
    assert link_reading(link) == (
        "In every session so far, the sense of threat was the same before and after and "
        "pain went down by 1 point, so there is no link to measure yet.")
    link = fear_pain_link(shifts([((6, 7), (6, 7))] * 12))
    assert link_reading(link) == (
        "In every session so far, the sense of threat and pain were each the same before "
        "and after, so there is no link to measure yet.")
