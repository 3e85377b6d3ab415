"""How the two pain shares read over few sessions: "0 of 1 session that started above
pain 0…" (not "0 of the 1 session"), "10 of the 14 sessions…", and what a count too small
for a percentage is a count of ("1 counted so far")."""

from __future__ import annotations

from painease.domain.summaries import Yardsticks, share_notes, share_rows


def yardsticks(n_rated: int, n_base: int, share: float) -> Yardsticks:
    return Yardsticks(n_rated=n_rated, share_30=share, share_50=share, n_days=1, days_0_1=0,
                      definitions={}, n_base=n_base)


def test_one_session_over_pain_0_is_counted_without_the():
    y = yardsticks(2, 1, 0.0)
    assert share_rows(y)[0][1] == ("0 of 1 session that started above pain 0 and was rated "
                                   "before and after")
    assert share_notes(y)[0] == ("Not enough sessions yet to give these two as percentages "
                                 "(1 counted so far; at least 3 are needed).")


def test_several_sessions_over_pain_0_keep_the():
    y = yardsticks(16, 14, 10 / 14)
    assert share_rows(y)[0][1] == ("10 of the 14 sessions that started above pain 0 and were "
                                   "rated before and after (71%)")
