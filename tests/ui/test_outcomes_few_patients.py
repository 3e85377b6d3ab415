"""The Outcomes tab says a group's shares by the small-numbers rule the patient's own
Insights follow (``painease.domain.small_numbers``): over fewer than 3 patients, counts
only ("1 of 1", once "1 of 1 (100%)"); over fewer than 5, the percentage with "treat them
lightly" in a line under the table.

Real parts as in ``test_patients_outcomes``: each patient imports the therapist's pack,
rates sessions in a real SQLite file and sends sealed results; the therapist imports them
and opens the Outcomes tab.
"""

from __future__ import annotations

from painease.domain.programs import Program, Schedule
from tests.packs.conftest import make_program
from tests.ui.clinic import THERAPIST, week
from tests.ui.test_outcomes_during_set import _outcomes


def test_a_tiny_groups_shares_are_counts_and_a_small_ones_are_to_be_treated_lightly(
        qtbot, clinic):
    # "Two weeks": Sam (6 → 2, −67 %), Kim (8 → 5, −37.5 %) and Ann (6 → 4, −33 %) with
    # both weeks, Lee with only one: 4 started, 3 with both weeks.
    # "Fear first": Ray alone (6 → 1, pain 0–1, −83 %).
    fear_first = Program.create("Fear first", THERAPIST, [
        ("paced-breathing", 5, Schedule(times_per_week=3, weeks=2), None)])
    two_weeks = make_program()
    clinic.patient("Sam", two_weeks, [*week(2, (6, 7), (4, 3)), *week(9, (2, 2), (1, 1))])
    clinic.patient("Kim", two_weeks, [*week(3, (8, 6), (7, 6)), *week(10, (5, 5), (4, 4))])
    clinic.patient("Ann", two_weeks, [*week(2, (6, 6), (5, 5)), *week(9, (4, 4), (3, 3))])
    clinic.patient("Lee", two_weeks, week(4, (7, 7), (5, 4)))
    clinic.patient("Ray", fear_first, [*week(2, (6, 6), (5, 5)), *week(9, (1, 1), (0, 0))])
    own, view = _outcomes(qtbot, clinic, ["Sam", "Kim", "Ann", "Lee", "Ray"])
    with own:
        # One patient: no "1 of 1 (100%)", in either line.
        assert view.cell("Fear first", "pain_0_1") == "1 of 1\n1 of 1 with both weeks"
        assert view.cell("Fear first", "reduction_50") == "1 of 1\n1 of 1 with both weeks"
        # Four started, three with both weeks: percentages, to be treated lightly.
        assert view.cell("Two weeks", "reduction_30") == (
            "3 of 4 (75%)\n3 of 3 with both weeks (100%)")
        assert view.cell("Two weeks", "reduction_50") == (
            "1 of 4 (25%)\n1 of 3 with both weeks (33%)")
        assert not view.few.isHidden() and view.few.text() == (
            "Counts only, with no percentage, where fewer than 3 patients are counted: "
            "“Fear first”. Percentages over fewer than 5 patients, so treat them lightly: "
            "“Two weeks”.")
        assert "fewer than 3 patients" in view.definitions.text()
