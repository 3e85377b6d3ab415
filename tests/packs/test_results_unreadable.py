"""A session whose start cannot be read (the file was edited or damaged) is left out of a
results file and said, naming its row; the rest is sent, and the therapist reads it.

Real SQLite files, damaged with sqlite3 as a bad-input probe did; real keys and a real
sealed file."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from painease.packs.results import import_results, open_patient
from tests.packs.conftest import _as_therapist, _export


@pytest.mark.parametrize("raw", [
    "garbage",  # text order puts it after every period: it was left out unsaid
    "2026-11-13T99:00:00.000Z",  # inside the period by text order: the export stopped
])
def test_a_session_whose_start_cannot_be_read_is_left_out_and_said(
        patient, identity, homes, tmp_path, therapist, raw):
    conn = sqlite3.connect(patient.database.path)
    conn.execute("UPDATE sessions SET started_at = ? WHERE id = 2", (raw,))
    conn.commit()
    conn.close()

    summary = _export(patient, identity, tmp_path, date(2026, 11, 1), date(2026, 11, 30))
    assert summary.sessions == 3
    assert summary.left_out == (2,)
    assert summary.left_out_text == (
        "Not sent: 1 session, because the time it started cannot be read (row 2 of the "
        "sessions table); a CSV export (painease export --csv) has it.")

    me, store = _as_therapist(homes)
    with store:
        result = import_results(summary.path, me, store)
    assert result.counts.sessions_new == 3
    with open_patient(identity.key_id) as theirs:
        assert len(theirs.sessions()) == 3


def test_nothing_is_said_when_every_start_can_be_read(patient, identity, tmp_path, therapist):
    summary = _export(patient, identity, tmp_path, date(2026, 11, 1), date(2026, 11, 30))
    assert (summary.sessions, summary.left_out, summary.left_out_text) == (4, (), "")
