"""A session whose end, a rating's time or a live rating cannot be read (the file was
edited or damaged), or a journal entry whose time cannot be, is left out of a results
file and said, naming its row; the rest is sent, and the therapist's painease reads it
(it once refused the whole file: "the results hold invalid data").

Real SQLite files, damaged with sqlite3 (a live rating's CHECK bypassed, as an editor can);
real keys and a real sealed file, imported on the therapist's side."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from painease.packs.results import import_results, open_patient
from tests.packs.conftest import _as_therapist, _at, _export

CSV_IT = "; a CSV export (painease export --csv) has it."


def damage(store, sql: str, *args) -> None:
    conn = sqlite3.connect(store.database.path)
    conn.execute("PRAGMA ignore_check_constraints = ON")
    conn.execute(sql, args)
    conn.commit()
    conn.close()


def therapist_reads(homes, identity, summary) -> int:
    """The therapist imports the file: how many sessions they then have of the patient."""
    me, store = _as_therapist(homes)
    with store:
        import_results(summary.path, me, store)
    with open_patient(identity.key_id) as theirs:
        return len(theirs.sessions())


def export_november(patient, identity, tmp_path, **kw):
    return _export(patient, identity, tmp_path, date(2026, 11, 1), date(2026, 11, 30), **kw)


@pytest.mark.parametrize(("sql", "args", "said"), [
    ("UPDATE sessions SET ended_at = ? WHERE id = 2", ("garbage",), "the time it ended"),
    ("UPDATE sessions SET ended_at = ? WHERE id = 2", ("2026-11-05T99:00:00.000Z",),
     "the time it ended"),
    ("UPDATE ratings SET rated_at = ? WHERE session_id = 2 AND moment = 'post'",
     ("2026-11-05T13:00:00",), "a rating's time"),  # no zone: the importer refuses it
    ("UPDATE live_samples SET value = ? WHERE session_id = 2 AND t_ms = 30000", ("lots",),
     "a live rating"),
])
def test_a_session_with_a_value_that_cannot_be_read_is_left_out_and_said(
        patient, identity, homes, tmp_path, therapist, sql, args, said):
    damage(patient, sql, *args)

    summary = export_november(patient, identity, tmp_path)
    assert summary.sessions == 3
    assert summary.left_out_text == (
        f"Not sent: 1 session, because {said} cannot be read (row 2 of the sessions "
        f"table){CSV_IT}")
    assert therapist_reads(homes, identity, summary) == 3


def test_sessions_left_out_for_different_values_are_each_said(
        patient, identity, homes, tmp_path, therapist):
    damage(patient, "UPDATE sessions SET started_at = 'garbage' WHERE id = 1")
    damage(patient, "UPDATE sessions SET ended_at = 'garbage' WHERE id IN (2, 4)")

    summary = export_november(patient, identity, tmp_path)
    assert summary.sessions == 1
    assert summary.left_out_text == (
        "Not sent: 1 session, because the time it started cannot be read (row 1 of the "
        "sessions table); 2 sessions, because the times they ended cannot be read (rows 2, "
        "4 of the sessions table); a CSV export (painease export --csv) has them.")
    assert therapist_reads(homes, identity, summary) == 1


@pytest.mark.parametrize("raw", [
    "garbage",  # after every period by text order: it was left out unsaid
    "2026-11-03T99:00:00.000Z",  # inside the period: the therapist refused the whole file
])
def test_a_journal_entry_whose_time_cannot_be_read_is_left_out_and_said(
        patient, identity, homes, tmp_path, therapist, raw):
    patient.add_journal_entry("Slept better.", session_id=2, written_at=_at(5, 14))
    damage(patient, "UPDATE journal_entries SET written_at = ? WHERE id = 1", raw)

    summary = export_november(patient, identity, tmp_path, include_journal=True)
    assert (summary.sessions, summary.journal_entries) == (4, 1)
    assert summary.left_out_text == (
        "Not sent: 1 journal entry, because the time it was written cannot be read (row 1 "
        f"of the journal_entries table){CSV_IT}")
    assert therapist_reads(homes, identity, summary) == 4
    with open_patient(identity.key_id) as theirs:
        assert [e.text for e in theirs.journal_entries()] == ["Slept better."]


def test_a_journal_entry_is_not_said_when_the_journal_is_not_sent(
        patient, identity, tmp_path, therapist):
    damage(patient, "UPDATE journal_entries SET written_at = 'garbage' WHERE id = 1")
    summary = export_november(patient, identity, tmp_path)
    assert (summary.sessions, summary.left_out_text) == (4, "")
