"""Outcomes: a session saved while the patient's clock ran ahead keeps their last week.

Three weeks of daily rated sessions up to yesterday, then one dated a month from now.
Before, the last week ran up to that day: it held one rating, too few, and the patient
had no latest value (they dropped out of Outcomes).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from painease.storage import SessionStore
from painease.storage.patients import patient_measure, patient_weeks
from tests.insights_history import add_session


def test_a_session_dated_a_month_ahead_is_not_the_last_week(tmp_path):
    now = datetime.now(UTC)
    store = SessionStore(tmp_path / "p.sqlite3")
    for d in range(21, 0, -1):
        add_session(store, now - timedelta(days=d), pre=(8 if d > 14 else 4, 5), post=(3, 2))
    before = patient_weeks(store)
    add_session(store, now + timedelta(days=30), pre=(1, 5), post=(1, 2))
    after = patient_weeks(store)
    assert after == before
    assert after.enough and after.last.pain == 4
    assert patient_measure(store, "p", "g").pain_after == 4
