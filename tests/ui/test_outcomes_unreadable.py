"""A rating or a session's start time that cannot be read (its patient's imported copy
edited or damaged on the therapist's disk) leaves out only that session in the Outcomes
tab, and the summary says how many it left out, whose, and why: the patient's other
sessions still count. Each once made that whole patient "not readable", out of the table.

Real parts as in ``test_patients_outcomes``: each patient imports the therapist's pack,
rates sessions in a real SQLite file and sends sealed results; the therapist imports them.
A results file cannot carry such a value (the import checks every rating:
``painease.storage.results``; a session whose start cannot be read is left out of it:
``painease.packs.unsent``), so the imported copy is damaged with sqlite3, as an edited
file is (``tests.storage.test_unreadable_values``).
"""

from __future__ import annotations

from painease.packs.results import import_results
from painease.ui.therapist.cohort_view import CohortView
from tests.packs.conftest import make_program
from tests.storage.test_unreadable_values import damage
from tests.ui.clinic import outcomes_shown, week


def _nth(n: int) -> str:
    """The id of a patient's ``n``-th session (from 0), oldest first."""
    return f"(SELECT id FROM sessions ORDER BY started_at LIMIT 1 OFFSET {n})"


def _outcomes(qtbot, clinic, damages: dict[str, str]) -> CohortView:
    """Sam (6 -> 2, sessions of the set's first item) and Kim (8 -> 5, from the Library
    during the set) imported (Kim last: named first), each copy then damaged with
    ``damages[name]`` (SQL), and the Outcomes tab once read."""
    two_weeks = make_program()
    clinic.patient("Sam", two_weeks, [*week(2, (6, 7), (4, 3)), *week(9, (2, 2), (1, 1))],
                   linked=1)
    clinic.patient("Kim", two_weeks, [*week(3, (8, 6), (7, 6)), *week(10, (5, 5), (4, 4))])
    own = clinic.own_store()
    for name in ("Sam", "Kim"):
        database = import_results(clinic.root / "results" / f"{name}.painease-results",
                                  clinic.identity, own).database
        if name in damages:
            damage(database, damages[name])
    return outcomes_shown(qtbot, own)


def test_an_unreadable_rating_leaves_out_its_session_not_its_patient(qtbot, clinic):
    # The after-rating of Kim's third session (day 5, in the first week) cannot be read.
    view = _outcomes(qtbot, clinic, {
        "Kim": f"UPDATE ratings SET rated_at = 'garbage' WHERE moment = 'post'"
               f" AND session_id = {_nth(2)}"})
    assert view.summary.text() == (
        "2 patients, 2 with enough ratings in the first and last week of the sessions of "
        "their set. Fewer than 5 ratings in a week, so treat their change lightly: Kim. "
        "Left out, as a rating in them could not be read: 1 session by Kim.")
    assert view.table.isVisible()
    # Kim's first week still has four sessions rated 8 before: both are counted.
    assert view.cell("Two weeks", "started") == "2"
    assert view.cell("Two weeks", "both_weeks") == "2"
    assert sorted((m.pain_before, m.pain_after) for m in view.measures) == [(6, 2), (8, 5)]


def test_an_unreadable_start_leaves_out_its_session_not_its_patient(qtbot, clinic):
    # Kim's third session (day 5, in the first week) and Sam's eighth (day 10, last week:
    # a session of the set, linked to its item) start at a time that cannot be read.
    view = _outcomes(qtbot, clinic, {
        "Kim": f"UPDATE sessions SET started_at = 'garbage' WHERE id = {_nth(2)}",
        "Sam": f"UPDATE sessions SET started_at = '2026-11-99T12:00:00.000Z'"
               f" WHERE id = {_nth(7)}"})
    assert view.summary.text() == (
        "2 patients, 2 with enough ratings in the first and last week of the sessions of "
        "their set. Fewer than 5 ratings in a week, so treat their change lightly: Kim, "
        "Sam. Left out, as the time they started could not be read: 1 session by Kim, "
        "1 session by Sam.")
    assert view.table.isVisible()
    assert view.cell("Two weeks", "started") == "2"
    assert view.cell("Two weeks", "both_weeks") == "2"
    assert sorted((m.pain_before, m.pain_after) for m in view.measures) == [(6, 2), (8, 5)]


def test_one_sentence_says_both_causes_when_starts_and_ratings_cannot_be_read(
        qtbot, clinic):
    # Kim: one start (first week) and one rating (last week) cannot be read; Sam: one
    # rating (last week).
    view = _outcomes(qtbot, clinic, {
        "Kim": f"UPDATE sessions SET started_at = 'garbage' WHERE id = {_nth(1)};"
               f" UPDATE ratings SET rated_at = 'garbage' WHERE moment = 'pre'"
               f" AND session_id = {_nth(6)}",
        "Sam": f"UPDATE ratings SET note = x'00ff' WHERE moment = 'post'"
               f" AND session_id = {_nth(9)}"})
    assert view.summary.text() == (
        "2 patients, 2 with enough ratings in the first and last week of the sessions of "
        "their set. Fewer than 5 ratings in a week, so treat their change lightly: Kim, "
        "Sam. Left out, as the time they started or a rating in them could not be read: "
        "2 sessions by Kim, 1 session by Sam.")
    assert sorted((m.pain_before, m.pain_after) for m in view.measures) == [(6, 2), (8, 5)]
