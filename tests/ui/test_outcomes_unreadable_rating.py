"""One rating that cannot be read (its patient's file edited or damaged on the therapist's
disk) leaves out only its session in the Outcomes tab, which says how many it left out and
whose: the patient's other sessions still count. It once made that whole patient "not
readable", out of the table.

Real parts as in ``test_patients_outcomes``: each patient imports the therapist's pack,
rates sessions in a real SQLite file and sends sealed results; the therapist imports them.
A results file cannot carry such a rating (the import checks every rating:
``painease.storage.results``), so the imported copy is damaged with sqlite3, as an edited
file is (``tests.storage.test_unreadable_values``).
"""

from __future__ import annotations

from painease.packs.results import import_results
from painease.ui.therapist.cohort_view import CohortView
from tests.packs.conftest import make_program
from tests.storage.test_unreadable_values import damage
from tests.ui.clinic import outcomes_read, week


def test_an_unreadable_rating_leaves_out_its_session_not_its_patient(qtbot, clinic):
    two_weeks = make_program()
    # Sam: 6 -> 2. Kim: 8 -> 5 (days 3-7, then 10-14).
    clinic.patient("Sam", two_weeks, [*week(2, (6, 7), (4, 3)), *week(9, (2, 2), (1, 1))])
    clinic.patient("Kim", two_weeks, [*week(3, (8, 6), (7, 6)), *week(10, (5, 5), (4, 4))])
    with clinic.own_store() as own:
        files = {name: import_results(clinic.root / "results" / f"{name}.painease-results",
                                      clinic.identity, own).database
                 for name in ("Sam", "Kim")}
        # The after-rating of Kim's third session (day 5, in the first week) cannot be read.
        damage(files["Kim"], "UPDATE ratings SET rated_at = 'garbage' WHERE moment = 'post'"
                             " AND session_id = (SELECT id FROM sessions"
                             " ORDER BY started_at LIMIT 1 OFFSET 2)")
        view = CohortView(own)
        qtbot.addWidget(view)
        view.show()
        qtbot.waitExposed(view)
        outcomes_read(qtbot, view)
        assert view.summary.text() == (
            "2 patients, 2 with enough ratings in the first and last week of the sessions of "
            "their set. Fewer than 5 ratings in a week, so treat their change lightly: Kim. "
            "Left out, as a rating in them could not be read: 1 session by Kim.")
        assert view.table.isVisible()
        # Kim's first week still has four sessions rated 8 before: both are counted.
        assert view.cell("Two weeks", "started") == "2"
        assert view.cell("Two weeks", "both_weeks") == "2"
        assert sorted((m.pain_before, m.pain_after) for m in view.measures) == [(6, 2), (8, 5)]
