"""Outcomes credits a set with the sessions done late for it, as its progress counts them
(probe: the Patients page said "1 of 5 done" while Outcomes said nobody had done a session
during the set).

Real parts as in ``test_patients_outcomes``: each patient imports the therapist's pack
(starting its set on 1 Nov), does sessions started from the set in a real SQLite file and
sends sealed results; the therapist imports them and opens the Outcomes tab.
"""

from __future__ import annotations

from datetime import date

from painease.domain.programs import Program, Schedule
from painease.packs.results import open_patient
from painease.storage.patients import PatientStore
from painease.storage.zones import patient_zone
from painease.ui.therapist.patient_progress import set_line
from tests.packs.conftest import make_program
from tests.ui.clinic import THERAPIST
from tests.ui.test_outcomes_during_set import _outcomes


def _progress(own) -> str:
    """The Patients page's set line for the only patient, on 20 Nov."""
    [patient] = PatientStore(own).patients()
    with open_patient(patient.key_id) as theirs:
        return set_line(theirs, date(2026, 11, 20), patient_zone(theirs).tz)


def _sessions(days_and_pain):
    """Rated sessions: (day, pain before); fear before 5, after-ratings one lower."""
    return [(day, (pain, 5), (max(0, pain - 1), 4)) for day, pain in days_and_pain]


def test_a_session_done_late_for_the_set_counts_in_its_column(qtbot, clinic):
    # "Two weeks" started 1 Nov: its weeks end on 14 Nov. Pat did three sessions of its
    # 5-minute item (planned on 4 Nov) on 16, 17 and 18 Nov: the first fills that planned
    # session, so her progress is 1 of 5; the other two add nothing.
    clinic.patient("Pat", make_program(), _sessions([(16, 6), (17, 5), (18, 5)]), linked=2)
    own, view = _outcomes(qtbot, clinic, ["Pat"])
    with own:
        assert _progress(own) == "Set “Two weeks” (started 1 Nov 2026): 1 of 5 done."
        # Outcomes once left her out: "nobody has done a session during their set".
        [row] = view.result.groups
        assert (row.group, row.started, row.completers) == ("Two weeks", 1, 0)
        assert view.cell("Two weeks", "started") == "1"
        assert view.summary.text() == (
            "1 patient, 0 with enough ratings in the first and last week of the sessions of "
            "their set. Not enough ratings yet in their first or last week (fewer than 3): "
            "Pat.")


def test_late_sessions_count_as_far_as_they_fill_the_set(qtbot, clinic):
    # Three a week for two weeks (1-14 Nov). Kim did three in the first week (pain 6
    # before), none in the second, then three on 16-18 Nov (pain 3): they fill the
    # second week's, so her set is 6 of 6 done. One more on 19 Nov (pain 9) fills
    # nothing: the set's column does not count it, as its progress does not.
    three = Program.create("Three a week", THERAPIST, [
        ("paced-breathing", 5, Schedule(times_per_week=3, weeks=2), None)])
    clinic.patient("Kim", three, _sessions(
        [(2, 6), (3, 6), (4, 6), (16, 3), (17, 3), (18, 3), (19, 9)]), linked=1)
    own, view = _outcomes(qtbot, clinic, ["Kim"])
    with own:
        assert _progress(own) == "Set “Three a week” (started 1 Nov 2026): 6 of 6 done."
        # First week 2-8 Nov: 6; last week 12-18 Nov: 3. (During the set only, she had
        # no last week; with the extra session too, her last week would average 4.5.)
        [row] = view.result.groups
        assert (row.started, row.completers, row.pain_change.mean) == (1, 1, -3)
        assert view.cell("Three a week", "change") == "−3.0\n(one patient, no interval)"
        # All of her sessions still count in the therapist's own groups.
        view.group_by("own")
        [row] = view.result.groups
        assert row.pain_change.mean == -1.5


def test_the_summary_says_what_it_counts_for_a_patient_with_only_late_sessions(
        qtbot, clinic):
    # Three a week for two weeks (1-14 Nov). Jo did none of them then, and six afterwards
    # for the set, on 16-18 Nov (pain 6 before) and 23-25 Nov (pain 4): they make up all
    # six planned sessions, so her first and last week are both after the set's weeks.
    # The summary once said "in their first and last week during their set": none of
    # her sessions was during it. It says what it counts, in the header's words.
    three = Program.create("Three a week", THERAPIST, [
        ("paced-breathing", 5, Schedule(times_per_week=3, weeks=2), None)])
    clinic.patient("Jo", three, _sessions(
        [(16, 6), (17, 6), (18, 6), (23, 4), (24, 4), (25, 4)]), linked=1)
    own, view = _outcomes(qtbot, clinic, ["Jo"])
    with own:
        assert _progress(own) == "Set “Three a week” (started 1 Nov 2026): 6 of 6 done."
        [row] = view.result.groups
        assert (row.started, row.completers, row.pain_change.mean) == (1, 1, -2)
        assert view.cell("Three a week", "group") == "Three a week\n(sessions of the set)"
        assert view.summary.text() == (
            "1 patient, 1 with enough ratings in the first and last week of the sessions of "
            "their set. Fewer than 5 ratings in a week, so treat their change lightly: Jo.")
        assert "during" not in view.summary.text()


def test_the_definitions_name_the_sessions_of_a_set_as_the_header_does():
    # The header says "(sessions of the set)"; the line above the table and the
    # definitions under it once said "the sessions done during the set" for the same
    # sessions, late ones included. Now all three use the header's words, and say that
    # late sessions count as far as they make up planned ones.
    from painease.ui.therapist.cohort_words import COLUMNS_ARE, DEFINITIONS, OF_THE_SET

    for text in (COLUMNS_ARE["set"], DEFINITIONS[0]):
        assert f"counting only the {OF_THE_SET}:" in text or (
            f"counts only the {OF_THE_SET}:" in text)
        assert "make up a planned session not done in time" in text
        assert "during" not in text


def test_the_mean_change_row_names_its_interval_as_the_definitions_do():
    # The row once said "(95% CI)" and the definitions "95% interval (CI)": the row now
    # uses the plain words the definitions explain (and the table's description says).
    from painease.ui.therapist.cohort_words import DEFINITIONS, KEYS, ROWS

    row = ROWS[KEYS.index("change") - 1]
    assert row == "Mean pain change\n(95% interval)"
    assert "CI" not in row
    assert any("its 95% interval (CI) shows how precisely" in text for text in DEFINITIONS)
