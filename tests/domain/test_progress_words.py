"""How lists of sessions say where a session stopped and how much of it played."""

from __future__ import annotations

import pytest

from painease.domain.vocabulary import listened_ms, progress_words


@pytest.mark.parametrize(("outcome", "elapsed", "played", "expected"), [
    ("completed", 600_000, 600_000, ""),
    ("completed", 600_000, None, ""),  # from before painease kept the time played
    ("completed", 600_000, 190_000, ", listened to 3:10 of 10:00"),
    ("stopped_early", 300_000, 300_000, " at 5:00 of 10:00"),
    ("stopped_early", 300_000, 120_000, " at 5:00 of 10:00, listened to 2:00"),
    ("interrupted", 542_000, 541_000, " at 9:02 of 10:00"),
    ("interrupted", None, None, ""),  # an older file: how far it got is not known
    ("in_progress", None, None, ""),
])
def test_where_it_stopped_and_how_much_played(outcome, elapsed, played, expected):
    assert progress_words(outcome, elapsed, played, 10) == expected


def test_only_a_real_skip_is_worth_saying():
    assert listened_ms(190_000, 600_000) == 190_000
    assert listened_ms(571_000, 600_000) is None  # under 5 % of the time reached
    assert listened_ms(3_000, 4_500) == 3_000  # a short session: a second and more
    assert listened_ms(4_000, 4_500) is None  # under a second
    assert listened_ms(700_000, 600_000) is None  # parts heard twice: more, never less
    assert listened_ms(None, 600_000) is None and listened_ms(1_000, None) is None
