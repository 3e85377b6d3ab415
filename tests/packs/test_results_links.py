"""A results file and the values around a session: a time the store reads though written
in another form ("+00:00") is sent, in the store's form; a link from a session to a set
(``program_sessions``) that cannot be read, or names a set or session not there, is left
out and said, its session sent without it; a set row that cannot be read is named by the
set's title, not its long id.

Real SQLite files, damaged with sqlite3 (CHECKs and foreign keys bypassed, as an editor
can); real keys and a real sealed file, imported on the therapist's side."""

from __future__ import annotations

import pytest

from painease.packs.results import open_patient, read_results
from painease.storage import StoreError
from painease.storage.programs import ProgramStore
from tests.packs.conftest import _as_therapist, _rows
from tests.packs.test_results_damaged_values import damage, export_november, therapist_reads


def therapist_links(identity) -> list[tuple]:
    """The (session start, set id, position) links the therapist's copy holds."""
    from painease.packs.results import patient_database

    return _rows(patient_database(identity.key_id),
                 "SELECT s.started_at, l.program_id, l.position FROM program_sessions l"
                 " JOIN sessions s ON s.id = l.session_id ORDER BY s.started_at")


# ---- a time the store reads, written in another form ------------------------------------------


@pytest.mark.parametrize(("sql", "raw"), [
    ("UPDATE sessions SET started_at = ? WHERE id = 2", "2026-11-05T12:00:00+00:00"),
    ("UPDATE sessions SET started_at = ? WHERE id = 2", "2026-11-05T13:00:00+01:00"),
    ("UPDATE sessions SET ended_at = ? WHERE id = 2", "2026-11-05T13:00:00+00:00"),
    ("UPDATE ratings SET rated_at = ? WHERE session_id = 2 AND moment = 'post'",
     "2026-11-05T13:00:00+00:00"),
])
def test_a_time_the_store_reads_in_another_form_is_sent_in_the_stores_form(
        patient, identity, homes, tmp_path, therapist, sql, raw):
    stored = {s.id: s.started_at for s in patient.sessions()}[2]  # it reads
    damage(patient, sql, raw)
    assert {s.id: s.started_at for s in patient.sessions()}[2] == stored

    summary = export_november(patient, identity, tmp_path)
    assert (summary.sessions, summary.left_out_text) == (4, "")
    me, _ = _as_therapist(homes)
    [sent] = [s for s in read_results(summary.path, me).payload["sessions"]
              if s["saved_seq"] == 2]
    assert (sent["started_at"], sent["ended_at"], [r["rated_at"] for r in sent["ratings"]]
            ) == ("2026-11-05T12:00:00.000Z", "2026-11-05T13:00:00.000Z",
                  ["2026-11-05T12:00:00.000Z", "2026-11-05T13:00:00.000Z"])
    assert therapist_reads(homes, identity, summary) == 4


def test_a_journal_time_the_store_reads_in_another_form_is_sent(
        patient, identity, homes, tmp_path, therapist):
    damage(patient, "UPDATE journal_entries SET written_at = ? WHERE id = 1",
           "2026-11-02T14:00:00+00:00")

    summary = export_november(patient, identity, tmp_path, include_journal=True)
    assert (summary.journal_entries, summary.left_out_text) == (1, "")
    assert therapist_reads(homes, identity, summary) == 4
    with open_patient(identity.key_id) as theirs:
        [entry] = theirs.journal_entries()
    assert (entry.text, entry.written_at.isoformat()) == (
        "Felt safer today.", "2026-11-02T14:00:00+00:00")


# ---- links from sessions to sets --------------------------------------------------------------


@pytest.mark.parametrize(("sql", "args", "said"), [
    ("UPDATE program_sessions SET position = ? WHERE session_id = 2", ("first",),
     "a value in it cannot be read"),
    ("UPDATE program_sessions SET position = ? WHERE session_id = 2", (0,),
     "a value in it cannot be read"),
    ("UPDATE program_sessions SET program_id = ? WHERE session_id = 2", (b"\x00\xff",),
     "a value in it cannot be read"),
    ("UPDATE program_sessions SET program_id = ? WHERE session_id = 2", (" ",),
     "a value in it cannot be read"),
    ("UPDATE program_sessions SET program_id = ? WHERE session_id = 2", ("gone",),
     "the set it names cannot be found"),
])
def test_a_link_to_a_set_that_cannot_be_read_is_left_out_and_said(
        patient, identity, homes, tmp_path, therapist, sql, args, said):
    set_id = ProgramStore(patient).current().program.id
    damage(patient, sql, *args)

    summary = export_november(patient, identity, tmp_path)
    assert (summary.sessions, summary.sets, summary.unlinked) == (4, ("Two weeks",), 0)
    assert summary.left_out_text == (
        f"Not sent: 1 link to a set, because {said} (row 2 of the program_sessions table); "
        "its session is sent without it.")
    assert therapist_reads(homes, identity, summary) == 4
    assert therapist_links(identity) == [("2026-11-02T12:00:00.000Z", set_id, 1),
                                         ("2026-11-12T12:00:00.000Z", set_id, 2)]


def test_a_link_to_a_session_not_there_is_said(patient, identity, homes, tmp_path, therapist):
    set_id = ProgramStore(patient).current().program.id
    damage(patient, "INSERT INTO program_sessions (session_id, program_id, position)"
           " VALUES (99, ?, 1)", set_id)

    summary = export_november(patient, identity, tmp_path)
    assert summary.sessions == 4
    assert summary.left_out_text == (
        "Not sent: 1 link to a set, because the session it names cannot be found (row 99 "
        "of the program_sessions table).")
    assert therapist_reads(homes, identity, summary) == 4
    assert len(therapist_links(identity)) == 3


def test_links_and_sessions_left_out_are_said_together(
        patient, identity, homes, tmp_path, therapist):
    set_id = ProgramStore(patient).current().program.id
    damage(patient, "UPDATE sessions SET ended_at = 'garbage' WHERE id = 4")
    damage(patient, "INSERT INTO program_sessions (session_id, program_id, position)"
           " VALUES (3, ?, 'x')", set_id)
    damage(patient, "UPDATE program_sessions SET position = 'x' WHERE session_id IN (1, 4)")
    damage(patient, "UPDATE program_sessions SET program_id = 'gone' WHERE session_id = 2")

    summary = export_november(patient, identity, tmp_path)
    assert summary.sessions == 3
    # Session 4 is not sent: its link is not said apart.
    assert summary.left_out_text == (
        "Not sent: 1 session, because the time it ended cannot be read (row 4 of the "
        "sessions table); a CSV export (painease export --csv) has it. Not sent: 2 links "
        "to sets, because a value in each cannot be read (rows 1, 3 of the program_sessions "
        "table); 1 link to a set, because the set it names cannot be found (row 2 of the "
        "program_sessions table); 3 sessions are sent without their links.")
    assert therapist_reads(homes, identity, summary) == 3
    assert therapist_links(identity) == []


# ---- a set row that cannot be read ------------------------------------------------------------


@pytest.mark.parametrize(("sql", "place"), [
    ("UPDATE programs SET started_on = 'someday'",
     "the programs table, row of the set “Two weeks”, column started_on holds 'someday', "
     "which is not a date"),
    ("UPDATE program_items SET schedule = 'weekly' WHERE position = 2",
     "the program_items table, row of the set “Two weeks”, item 2, column schedule holds "
     "'weekly', which is not a schedule"),
])
def test_a_set_row_that_cannot_be_read_is_named_by_its_title(
        patient, identity, tmp_path, therapist, sql, place):
    set_id = ProgramStore(patient).current().program.id
    damage(patient, sql)

    with pytest.raises(StoreError) as raised:
        export_november(patient, identity, tmp_path)
    assert raised.value.reason == f"a value in the database cannot be read: {place}"
    assert set_id not in str(raised.value)
    assert not (tmp_path / "r.painease-results").exists()


def test_a_set_row_whose_title_shows_nothing_is_named_by_its_id(
        patient, identity, tmp_path, therapist):
    set_id = ProgramStore(patient).current().program.id
    # Text the set's check lets through, but nothing to show once made one line.
    damage(patient, "UPDATE programs SET started_on = 'someday', title = ?", "\u200b\n")

    with pytest.raises(StoreError) as raised:
        export_november(patient, identity, tmp_path)
    assert raised.value.reason == (
        f"a value in the database cannot be read: the programs table, row {set_id}, column "
        "started_on holds 'someday', which is not a date")
