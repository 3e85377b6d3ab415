"""The one rule for sessions dated in the future (painease.domain.wrong_clock)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from painease.domain.wrong_clock import ahead_sentence, dated_ahead, latest_lived, runs_to_now

NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)


def _days(*offsets: int) -> list[datetime]:
    return [NOW + timedelta(days=d) for d in offsets]


def test_the_last_lived_session_is_never_one_dated_ahead_while_another_exists():
    same = lambda when: when  # noqa: E731 - the items are the times themselves
    # Clock ahead once, right again: yesterday's is the last, not next month's.
    assert latest_lived(_days(-3, 40, -1), same, NOW) == NOW - timedelta(days=1)
    # Clock set back: everything before looks ahead; the one just done is dated up to now.
    assert latest_lived(_days(5, 6, -60), same, NOW) == NOW - timedelta(days=60)
    # All ahead (the clock still is): the last of them; none: None.
    assert latest_lived(_days(3, 4), same, NOW) == NOW + timedelta(days=4)
    assert latest_lived([], same, NOW) is None
    assert dated_ahead(NOW + timedelta(seconds=1), NOW) and not dated_ahead(NOW, NOW)


def test_a_period_up_to_today_or_later_runs_to_now():
    today = date(2026, 12, 1)
    assert runs_to_now(None, today) and runs_to_now(today, today)
    assert runs_to_now(date(2027, 1, 1), today)
    assert not runs_to_now(date(2026, 11, 30), today)


def test_the_sentences():
    assert ahead_sentence(0) == ""
    assert ahead_sentence(2) == ("2 sessions are dated in the future: please check your "
                                 "computer's clock. They are counted here.")
    assert "their computer's clock" in ahead_sentence(1, own=False)
