"""Outcomes compares a patient's first and last week, not two single ratings (walkthrough
3, F1): one bad day at the end no longer wipes out a fall the Patients tab shows, and a
week with too few ratings says so instead of giving a number.

Real parts as in ``test_patients_outcomes``: each patient imports the therapist's pack
(starting "Two weeks" on 1 Nov: it covers 1-14 Nov), rates sessions in a real SQLite file
and sends sealed results; the therapist imports them and opens the Outcomes tab.
"""

from __future__ import annotations

from painease.ui.therapist.cohort_view import CohortView
from tests.packs.conftest import make_program
from tests.ui.test_outcomes_during_set import _outcomes


def _sessions(days_and_pain):
    """Rated sessions: (day, pain before); fear before 5, after-ratings one lower."""
    return [(day, (pain, 5), (max(0, pain - 1), 4)) for day, pain in days_and_pain]


def test_one_bad_day_at_the_end_does_not_decide_the_change(qtbot, clinic):
    # Alex: pain before sessions 7, 7, 8, 6 in the first week (average 7), then 3, 4, 3
    # and, today, 7 in the last (average 4.25). The two single ratings at the ends are
    # 7 and 7: the change once read +0.0, and "≥30% lower" 0 of 1.
    clinic.patient("Alex", make_program(), _sessions(
        [(1, 7), (3, 7), (5, 8), (7, 6), (9, 3), (11, 4), (13, 3), (14, 7)]))
    own, view = _outcomes(qtbot, clinic, ["Alex"])
    assert isinstance(view, CohortView)
    with own:
        [row] = view.result.groups
        assert (row.started, row.completers) == (1, 1)
        assert row.pain_change.mean == -2.75  # 4.25 − 7
        assert view.cell("Two weeks", "change") == "−2.8\n(one patient, no interval)"
        assert view.cell("Two weeks", "reduction_30").startswith("1 of 1\n")  # 39 %
        assert view.cell("Two weeks", "reduction_50").startswith("0 of 1\n")
        # Four ratings a week: counted, and the summary says to take it lightly.
        assert view.summary.text() == (
            "1 patient, 1 with enough ratings in the first and last week of the sessions of "
            "their set. Fewer than 5 ratings in a week, so treat their change lightly: "
            "Alex.")
        assert "average pain rated before sessions" in view.definitions.text()


def test_a_week_with_too_few_ratings_says_not_enough_yet(qtbot, clinic):
    # Bo: five ratings in the first week but only two in the last: no latest value, and
    # no number for the change (it once compared 6 with 2 and said −4.0).
    clinic.patient("Bo", make_program(), _sessions(
        [(1, 6), (2, 6), (3, 7), (4, 6), (5, 5), (12, 3), (14, 2)]))
    own, view = _outcomes(qtbot, clinic, ["Bo"])
    with own:
        [row] = view.result.groups
        assert (row.started, row.completers, row.pain_change) == (1, 0, None)
        assert view.cell("Two weeks", "both_weeks") == "0"
        assert view.cell("Two weeks", "change") == "–\n(not enough ratings yet)"
        assert view.cell("Two weeks", "reduction_30") == (
            "0 of 1\nnobody with both weeks")
        assert view.summary.text() == (
            "1 patient, 0 with enough ratings in the first and last week of the sessions of "
            "their set. Not enough ratings yet in their first or last week (fewer than 3): "
            "Bo.")
