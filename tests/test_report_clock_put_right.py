"""A report on sessions every one of which is dated after today (the clock ran ahead
while they were saved and was then put right): its period runs forwards, from the first
session's day to the last's, and the future-dated note stays. Real PDF, read back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from painease import paths
from painease.storage import SessionStore
from tests.insights_history import add_session
from tests.test_report import needs_poppler, painease, text_of


def day(when: datetime) -> str:
    return f"{when.day} {when:%b %Y}"


@needs_poppler
def test_a_period_of_sessions_all_dated_after_today_runs_from_the_first_to_the_last(
        painease_home, tmp_path):
    # Once "Period: 30 Aug 2038 – 6 Dec 2026": the end fell back to today.
    first = datetime.now(UTC).replace(hour=12, minute=0) + timedelta(days=400)
    last = first + timedelta(days=30)
    with SessionStore(paths.database_path()) as store:
        add_session(store, first)
        add_session(store, last)
    out = tmp_path / "r.pdf"
    done = painease("report", "--pdf", str(out), home=painease_home)
    assert done.returncode == 0, done.stderr
    text = " ".join(text_of(out).split())
    assert f"Period: {day(first)} – {day(last)}" in text
    assert "2 sessions are dated in the future" in text


@needs_poppler
def test_a_period_with_sessions_before_and_after_today_runs_to_the_last_one(
        painease_home, tmp_path):
    # Once it ended today, before the later session it counts.
    first = datetime.now(UTC).replace(hour=12, minute=0) - timedelta(days=20)
    last = first + timedelta(days=60)
    with SessionStore(paths.database_path()) as store:
        add_session(store, first)
        add_session(store, last)
    out = tmp_path / "r.pdf"
    done = painease("report", "--pdf", str(out), home=painease_home)
    assert done.returncode == 0, done.stderr
    text = " ".join(text_of(out).split())
    assert f"Period: {day(first)} – {day(last)}" in text
    assert "1 session is dated in the future" in text
