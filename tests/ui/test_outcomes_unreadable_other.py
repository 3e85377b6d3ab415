"""A session holding some other value that cannot be read (its end time, script id,
length, audio note or time played; its patient's imported copy edited or damaged on the
therapist's disk) leaves out only that session in the Outcomes tab, as one whose start or
a rating cannot be read does (``test_outcomes_unreadable``), and the summary's one
sentence about left-out sessions counts it. Such a value once made its whole patient "not
readable", and a time played that is not a number failed the whole tab.

A patient none of whose sessions can be read is said in that sentence ("all of theirs"),
not as having done no session yet.

Real parts as in ``test_outcomes_unreadable`` (whose helpers these tests share):
sealed results imported into real SQLite files, the copies damaged with sqlite3 (a CHECK
the column has is switched off for the edit, as a hand edit can).
"""

from __future__ import annotations

import pytest

from tests.ui.clinic import outcomes_read, outcomes_shown
from tests.ui.test_outcomes_unreadable import _nth, _outcomes

_LOOSE = "PRAGMA ignore_check_constraints = ON; "

# One column of a session made unreadable: SQL with {n}, the session's id.
DAMAGES = {
    "end": "UPDATE sessions SET ended_at = 'garbage' WHERE id = {n}",
    "script": "UPDATE sessions SET script_id = x'00ff' WHERE id = {n}",
    "length": "UPDATE sessions SET length_minutes = 'five' WHERE id = {n}",
    "audio note": "UPDATE sessions SET audio_note = x'00' WHERE id = {n}",
    "time played": _LOOSE + "UPDATE sessions SET played_ms = 'most' WHERE id = {n}",
    "time elapsed": _LOOSE + "UPDATE sessions SET elapsed_ms = x'01', played_ms = NULL"
                             " WHERE id = {n}",
}


@pytest.mark.parametrize("column", list(DAMAGES))
def test_another_unreadable_value_leaves_out_its_session_not_its_patient(
        qtbot, clinic, column):
    # Kim's third session (first week) and Sam's eighth (last week, linked to the set's
    # item: its length and time played decide whether it counts as done).
    sql = DAMAGES[column]
    view = _outcomes(qtbot, clinic, {"Kim": sql.format(n=_nth(2)),
                                     "Sam": sql.format(n=_nth(7))})
    assert view.summary.text() == (
        "2 patients, 2 with enough ratings in the first and last week of the sessions of "
        "their set. Fewer than 5 ratings in a week, so treat their change lightly: Kim, "
        "Sam. Left out, as something in them could not be read: 1 session by Kim, "
        "1 session by Sam.")
    assert view.table.isVisible()
    assert view.cell("Two weeks", "started") == "2"
    assert view.cell("Two weeks", "both_weeks") == "2"
    assert sorted((m.pain_before, m.pain_after) for m in view.measures) == [(6, 2), (8, 5)]


def test_one_sentence_counts_every_cause_once_per_session(qtbot, clinic):
    # Kim: a start (first week), an end and a rating (last week); Sam: a script id (last
    # week) and, in that same session, a rating: one session.
    view = _outcomes(qtbot, clinic, {
        "Kim": f"UPDATE sessions SET started_at = 'garbage' WHERE id = {_nth(1)};"
               f" UPDATE sessions SET ended_at = 'garbage' WHERE id = {_nth(5)};"
               f" UPDATE ratings SET rated_at = 'garbage' WHERE moment = 'pre'"
               f" AND session_id = {_nth(6)}",
        "Sam": f"UPDATE ratings SET note = x'00ff' WHERE session_id = {_nth(9)};"
               f" UPDATE sessions SET script_id = x'00ff' WHERE id = {_nth(9)}"})
    assert view.summary.text() == (
        "2 patients, 2 with enough ratings in the first and last week of the sessions of "
        "their set. Fewer than 5 ratings in a week, so treat their change lightly: Kim, "
        "Sam. Left out, as something in them could not be read: 3 sessions by Kim, "
        "1 session by Sam.")
    assert sorted((m.pain_before, m.pain_after) for m in view.measures) == [(6, 2), (8, 5)]


@pytest.mark.parametrize("damaged", ["started_at = 'garbage'", "ended_at = 'garbage'"])
@pytest.mark.parametrize("grouping", ["set", "own"])
def test_a_patient_none_of_whose_sessions_can_be_read_has_not_done_none(
        qtbot, clinic, damaged, grouping):
    view = _outcomes(qtbot, clinic, {"Kim": f"UPDATE sessions SET {damaged}"})
    view.group_by(grouping)
    outcomes_read(qtbot, view)
    why = "the time they started" if damaged.startswith("started") else "something in them"
    weeks = ("the first and last week of the sessions of their set" if grouping == "set"
             else "their first and last week")
    assert view.summary.text() == (
        f"1 patient, 1 with enough ratings in {weeks}. Left out, as {why} could not be "
        "read: 10 sessions by Kim (all of theirs, so not in the table).")
    assert [(m.pain_before, m.pain_after) for m in view.measures] == [(6, 2)]


def test_no_outcomes_when_the_only_patient_has_no_session_that_can_be_read(
        qtbot, clinic):
    from painease.packs.results import import_results
    from tests.packs.conftest import make_program
    from tests.storage.test_unreadable_values import damage
    from tests.ui.clinic import week

    clinic.patient("Kim", make_program(), [*week(3, (8, 6), (7, 6)),
                                           *week(10, (5, 5), (4, 4))])
    own = clinic.own_store()
    database = import_results(clinic.root / "results" / "Kim.painease-results",
                              clinic.identity, own).database
    damage(database, "UPDATE sessions SET length_minutes = 'five'")
    view = outcomes_shown(qtbot, own)
    assert view.summary.text() == (
        "No outcomes to show. Left out, as something in them could not be read: "
        "10 sessions by Kim (all of theirs, so not in the table).")
    assert view.measures == []
