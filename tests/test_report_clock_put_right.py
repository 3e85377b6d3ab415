"""A report on sessions dated after today (the clock ran ahead while they were saved and
was then put right), all of them or only the last: its period runs forwards, from the
first session's day to the last's, and the future-dated note stays. Real PDF, read back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from painease import paths
from painease.storage import SessionStore
from tests.insights_history import add_session
from tests.test_report import needs_poppler, painease, text_of


def day(when: datetime) -> str:
    return f"{when.day} {when:%b %Y}"


@needs_poppler
@pytest.mark.parametrize(("first_from_today", "apart", "note"), [
    # Once "Period: 30 Aug 2038 – 6 Dec 2026": the end fell back to today.
    (400, 30, "2 sessions are dated in the future"),
    # Once it ended today, before the later session it counts.
    (-20, 60, "1 session is dated in the future"),
], ids=["all-after-today", "before-and-after-today"])
def test_a_period_of_sessions_dated_after_today_runs_from_the_first_to_the_last(
        painease_home, tmp_path, first_from_today, apart, note):
    first = datetime.now(UTC).replace(hour=12, minute=0) + timedelta(days=first_from_today)
    last = first + timedelta(days=apart)
    with SessionStore(paths.database_path()) as store:
        add_session(store, first)
        add_session(store, last)
    out = tmp_path / "r.pdf"
    done = painease("report", "--pdf", str(out), home=painease_home)
    assert done.returncode == 0, done.stderr
    text = " ".join(text_of(out).split())
    assert f"Period: {day(first)} – {day(last)}" in text
    assert note in text
