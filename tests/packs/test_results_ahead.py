"""A results file up to today also carries a session dated in the future (the patient's
clock ran ahead when it was saved), says so to the patient, and the therapist's view of
it says so too, without taking it as the patient's last session."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from painease.packs.results import import_results, open_patient
from painease.ui.therapist.patient_progress import last_session_line
from tests.packs.conftest import _as_therapist, _at, _export


def test_a_period_up_to_today_sends_a_session_dated_later_and_says_so(
        patient, identity, homes, tmp_path, therapist):
    ahead = datetime.now(UTC) + timedelta(days=40)
    sid = patient.start_session("calm-corner", 1, 2, started_at=ahead)
    patient.end_session(sid, "completed", 120_000, ended_at=ahead + timedelta(minutes=2))
    today = datetime.now(UTC).date()

    summary = _export(patient, identity, tmp_path, date(2026, 11, 1), today)
    assert summary.sessions == 5  # once 4: the one dated later was left out unsaid
    assert summary.ahead == 1
    past = _export(patient, identity, tmp_path, date(2026, 11, 1), date(2026, 11, 30),
                   name="nov.painease-results")  # a period that ended: as asked
    assert (past.sessions, past.ahead, past.ahead_text) == (4, 0, "")
    assert summary.ahead_text == ("1 session is dated in the future: please check your "
                                  "computer's clock. It is counted here.")

    me, store = _as_therapist(homes)
    with store:
        result = import_results(summary.path, me, store)
    assert result.counts.sessions_new == 5
    with open_patient(identity.key_id) as theirs:
        line = last_session_line(theirs.sessions(), UTC)
    assert line == (f"Last session: Thu {_at(12).day} Nov 2026. 1 session is dated in the "
                    "future: their computer's clock was probably ahead. It is counted here.")
