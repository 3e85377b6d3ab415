"""The first results after the patient updated painease: sessions a file from their older
painease already brought are "already here" when nothing about them changed, though the
newer file now sends each one's clock (an older painease recorded none, and the newer one
sends the clock at sending) and save order. They are not rewritten; a session the patient
did change still counts as updated.

Real keys, real SQLite files in both data dirs, real encrypted files on disk.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from painease.packs.results import (
    import_results,
    open_patient,
    patient_database,
    read_results,
)
from tests.packs.conftest import _as_therapist, _at, _export, _rows, seal_results

# What a painease from before clocks and save order (e.g. 821cd27) left out of its files.
NEWER_SESSION_KEYS = ("played_ms", "utc_offset_minutes", "saved_seq")


def as_older_painease(results, therapist, patient, out):
    """``results`` as the patient's older painease wrote them, a day earlier: no zone, no
    clocks, no save order, no set activations."""
    payload = dict(read_results(results, therapist).payload)
    made = datetime.fromisoformat(payload["created_at"]) - timedelta(days=1)
    payload["created_at"] = made.isoformat(timespec="seconds")
    for key in [k for k in payload if k not in (
            "format", "version", "sender_public_key", "recipient_public_key",
            "patient_name", "created_at", "period", "includes_journal", "sessions",
            "journal", "sets")]:
        del payload[key]
    for session in payload["sessions"]:
        for key in NEWER_SESSION_KEYS:
            session.pop(key, None)
    payload["sets"] = [{k: v for k, v in entry.items() if k in ("set", "started_on", "current")}
                       for entry in payload["sets"]]
    return seal_results(payload, patient, therapist, out)


def sessions_recorded_by_an_older_painease(patient):
    """Their clocks unknown, as an older painease left them (migrated: NULL)."""
    with patient.database.write("test: as an older painease left them"):
        patient.database.conn.execute("UPDATE sessions SET utc_offset_minutes = NULL")


def _stored_rows(database):
    return (_rows(database, "SELECT id, session_id, moment FROM ratings ORDER BY id"),
            _rows(database, "SELECT rowid, session_id FROM live_samples ORDER BY rowid"),
            _rows(database, "SELECT rowid, session_id FROM program_sessions ORDER BY rowid"))


def test_unchanged_sessions_are_already_here_and_not_rewritten(patient, identity, homes,
                                                                tmp_path):
    sessions_recorded_by_an_older_painease(patient)
    newer = _export(patient, identity, tmp_path, date(2026, 11, 1), date(2026, 11, 30),
                    "newer.painease-results").path
    me, store = _as_therapist(homes)
    older = as_older_painease(newer, me, identity, tmp_path / "older.painease-results")
    with store:
        assert import_results(older, me, store).counts.sessions_new == 4
        database = patient_database(identity.key_id)
        rows = _stored_rows(database)
        assert _rows(database, "SELECT utc_offset_minutes FROM sessions") == [(None,)] * 4
        counts = import_results(newer, me, store).counts
    assert (counts.sessions_new, counts.sessions_updated, counts.sessions_unchanged) == (
        0, 0, 4)
    assert _stored_rows(database) == rows  # the same rows: nothing rewritten
    # What the newer file adds is kept: each session's clock and place in the save order.
    sent = read_results(newer, me).payload["sessions"]
    assert _rows(database, "SELECT uid, utc_offset_minutes, saved_seq FROM sessions"
                           " ORDER BY id") == [
        (s["uid"], s["utc_offset_minutes"], s["saved_seq"]) for s in sent]
    assert all(s["utc_offset_minutes"] is not None for s in sent)


def test_a_session_the_patient_changed_still_counts_as_updated(patient, identity, homes,
                                                                tmp_path):
    sessions_recorded_by_an_older_painease(patient)
    first = _export(patient, identity, tmp_path, date(2026, 11, 1), date(2026, 11, 30),
                    "first.painease-results").path
    patient.save_rating(2, "post", 2, 1, rated_at=_at(5, 14))  # corrected after sending
    newer = _export(patient, identity, tmp_path, date(2026, 11, 1), date(2026, 11, 30),
                    "newer.painease-results").path
    me, store = _as_therapist(homes)
    older = as_older_painease(first, me, identity, tmp_path / "older.painease-results")
    with store:
        import_results(older, me, store)
        database = patient_database(identity.key_id)
        ratings, live, links = _stored_rows(database)
        counts = import_results(newer, me, store).counts
    assert (counts.sessions_new, counts.sessions_updated, counts.sessions_unchanged) == (
        0, 1, 3)
    with open_patient(identity.key_id) as theirs:
        fifth = next(s for s in theirs.sessions() if s.started_at == _at(5))
        assert theirs.ratings(fifth.id)["post"].pain == 2
    # The other three sessions' rows are as they were.
    after = _stored_rows(database)
    assert [r for r in after[0] if r[1] != fifth.id] == [r for r in ratings if r[1] != fifth.id]
    assert [r for r in after[1] if r[1] != fifth.id] == [r for r in live if r[1] != fifth.id]
    assert _rows(database, "SELECT count(*) FROM sessions WHERE utc_offset_minutes IS NULL"
                 ) == [(0,)]
