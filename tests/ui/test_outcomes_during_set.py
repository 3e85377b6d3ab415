"""The Outcomes tab credits a set only with what was done during it (walkthrough 2, F1/F12).

Real parts as in ``test_patients_outcomes``: each patient imports the therapist's pack in a
data dir of their own (which starts the set that day), rates sessions in a real SQLite
file and sends sealed results; the therapist imports them and opens the Outcomes tab.
"""

from __future__ import annotations

from datetime import date

from painease.packs.results import import_results
from painease.ui.therapist.cohort_view import CohortView
from tests.packs.conftest import make_program
from tests.ui.clinic import outcomes_refreshed, week


def _outcomes(qtbot, clinic, names):
    own = clinic.own_store()
    for name in names:
        import_results(clinic.root / "results" / f"{name}.painease-results", clinic.identity,
                       own)
    view = CohortView(own)
    qtbot.addWidget(view)
    outcomes_refreshed(qtbot, view)  # built, it has read nothing: a show or this reads
    return own, view


def test_a_sets_column_counts_only_sessions_from_its_start_to_the_end_of_its_weeks(
        qtbot, clinic):
    # "Two weeks" (two weeks of sessions, and one on 4 Nov) started on 10 Nov: it covers
    # 10-23 Nov. Robin rated a week of sessions before it (pain 6 before) and one after
    # it (pain 1 before, from 25 Nov); during it, a week at 4 and a week at 2.
    clinic.patient("Robin", make_program(), [
        *week(2, (6, 6), (5, 5)),  # before the set started
        *week(10, (4, 4), (3, 3)), *week(17, (2, 3), (2, 2)),  # during it
        *week(25, (1, 1), (0, 0)),  # after its last week
    ], started=date(2026, 11, 10))
    own, view = _outcomes(qtbot, clinic, ["Robin"])
    with own:
        # During the set: baseline 4 (10-14 Nov), latest 2 (17-21 Nov): −2, 50 % lower.
        # (Counting every session, as before, gave 6 → 1: −5, "pain 0–1".)
        [row] = view.result.groups
        assert (row.completers, row.pain_change.mean, row.pain_0_1.reached,
                row.reduction_50.reached) == (1, -2, 0, 1)
        assert view.cell("Two weeks", "group") == "Two weeks\n(sessions of the set)"
        assert view.cell("Two weeks", "both_weeks") == "1"
        assert view.cell("Two weeks", "change") == "−2.0\n(one patient, no interval)"
        assert view.cell("Two weeks", "pain_0_1").startswith("0 of 1\n")
        assert view.cell("Two weeks", "reduction_50").startswith("1 of 1\n")
        assert view.summary.text() == ("1 patient, 1 with enough ratings in the first and "
                                       "last week of the sessions of their set.")
        # The therapist's own groups count every session, and their header says so.
        view.group_by("own")
        assert view.cell("No group", "group") == "No group\n(all sessions)"
        assert view.cell("No group", "change") == "−5.0\n(one patient, no interval)"
        assert view.cell("No group", "pain_0_1").startswith("1 of 1\n")
        assert view.summary.text() == ("1 patient, 1 with enough ratings in their first "
                                       "and last week.")


def test_a_session_rated_only_before_is_not_a_rated_session(qtbot, clinic):
    # Sam: a first week of three sessions rated before and after; in his last week three
    # rated before but one of them (stopped early after 1:48) not after. Insights counts
    # two rated sessions there; so does Outcomes: too few for a latest value.
    clinic.patient("Sam", make_program(), [
        *week(3, (6, 6), (4, 4), 3), *week(10, (3, 3), (2, 2), 2), (12, (3, 3), None, 108_000)])
    own, view = _outcomes(qtbot, clinic, ["Sam"])
    with own:
        [row] = view.result.groups
        assert (row.started, row.completers, row.pain_change) == (1, 0, None)
        assert view.cell("Two weeks", "started") == "1"
        assert view.cell("Two weeks", "both_weeks") == "0"
        assert view.cell("Two weeks", "change") == "–\n(not enough ratings yet)"
        assert view.cell("Two weeks", "reduction_30") == (
            "0 of 1\nnobody with both weeks")
        assert view.summary.text() == (
            "1 patient, 0 with enough ratings in the first and last week of the sessions of "
            "their set. Not enough ratings yet in their first or last week (fewer than 3): "
            "Sam.")


def test_a_set_never_started_is_credited_with_nothing(qtbot, clinic):
    from painease.storage.patients import set_period
    from painease.storage.programs import StoredProgram

    program = make_program()
    never = StoredProgram(program, "imported", None, None, None, None)
    assert set_period(never) is None
    # Started 10 Nov: two weekly weeks end on 23 Nov; the dated item (4 Nov) is earlier.
    from dataclasses import replace

    started = replace(never, started_on=date(2026, 11, 10))
    assert set_period(started) == (date(2026, 11, 10), date(2026, 11, 23))
    # A dated item later than the weeks carries the period to its date.
    from painease.domain.programs import Schedule

    late = replace(program.items[1], schedule=Schedule(dates=(date(2026, 12, 20),)))
    longer = replace(started, program=replace(program, items=(program.items[0], late)))
    assert set_period(longer) == (date(2026, 11, 10), date(2026, 12, 20))


def test_started_counts_only_patients_with_a_session_during_their_set(qtbot, clinic):
    # Robin did sessions during "Two weeks" (10-23 Nov); Pat imported it on 20 Nov, but
    # every session of hers was before it: she has not started the set, so its column
    # does not count her (it once said "2 started", with nothing of hers counted).
    two_weeks = make_program()  # one set, both of them
    clinic.patient("Robin", two_weeks, [*week(10, (4, 4), (3, 3)), *week(17, (2, 3), (2, 2))],
                   started=date(2026, 11, 10))
    clinic.patient("Pat", two_weeks, [*week(2, (6, 6), (5, 5)), *week(9, (5, 5), (4, 4))],
                   started=date(2026, 11, 20))
    own, view = _outcomes(qtbot, clinic, ["Robin", "Pat"])
    with own:
        [row] = view.result.groups
        assert (row.group, row.started, row.completers) == ("Two weeks", 1, 1)
        assert view.cell("Two weeks", "started") == "1"
        assert view.cell("Two weeks", "pain_0_1").startswith("0 of 1\n")
        assert view.summary.text() == (
            "1 patient, 1 with enough ratings in the first and last week of the sessions of "
            "their set. Not in the table, with no session of their set yet: Pat.")
        # Her sessions still count in the therapist's own groups (all sessions).
        view.group_by("own")
        assert view.cell("No group", "started") == "2"
        assert view.summary.text() == ("2 patients, 2 with enough ratings in their first "
                                       "and last week.")


def test_when_nobody_has_started_their_set_the_summary_says_so(qtbot, clinic):
    clinic.patient("Pat", make_program(), [(2, (6, 6), (5, 5))], started=date(2026, 11, 10))
    own, view = _outcomes(qtbot, clinic, ["Pat"])
    with own:
        assert view.result.groups == []
        assert view.summary.text() == (
            "No outcomes to show per set yet: nobody has done a session of their set "
            "(Pat). Group by your groups to see all of their sessions.")


def test_started_means_a_session_in_every_column(qtbot, clinic):
    # Nel's results carry no set and no session at all; Ona's carry no set but two rated
    # sessions. "No set" once said "2 started" (Nel counted, with nothing of hers), and so
    # did the therapist's "No group".
    clinic.patient("Nel", None, [])
    clinic.patient("Ona", None, [(2, (6, 6), (5, 5)), (9, (4, 4), (3, 3))])
    own, view = _outcomes(qtbot, clinic, ["Nel", "Ona"])
    with own:
        [row] = view.result.groups
        assert (row.group, row.started) == ("No set", 1)
        assert view.cell("No set", "started") == "1"
        # "No set" counts all sessions: the summary once said "during their set" here.
        assert view.summary.text() == (
            "1 patient, 0 with enough ratings in their first and last week. Not enough "
            "ratings yet in their first or last week (fewer than 3): Ona. Not in the "
            "table, with no session yet: Nel.")
        view.group_by("own")
        [row] = view.result.groups
        assert (row.group, row.started) == ("No group", 1)
        assert view.summary.text().endswith(
            " Not in the table, with no session yet: Nel.")


def test_when_nobody_has_done_a_session_the_summary_says_so(qtbot, clinic):
    clinic.patient("Nel", None, [])
    own, view = _outcomes(qtbot, clinic, ["Nel"])
    with own:
        assert view.result.groups == []
        assert view.summary.text() == ("No outcomes to show yet: nobody has done a session "
                                       "(Nel).")
        view.group_by("own")
        assert view.result.groups == []
        assert view.summary.text() == ("No outcomes to show yet: nobody has done a session "
                                       "(Nel).")


def test_with_set_and_no_set_columns_the_summary_says_each_counts_its_own(
        qtbot, clinic):
    # Robin follows "Two weeks"; Ona's results carry no set, so "No set" counts all of
    # her sessions. Neither "during their set" nor "of the sessions of their set" is true
    # of both: the summary says each column counts its own, as the headers show.
    clinic.patient("Robin", make_program(), [*week(10, (4, 4), (3, 3)),
                                             *week(17, (2, 3), (2, 2))],
                   started=date(2026, 11, 10))
    clinic.patient("Ona", None, [*week(2, (6, 6), (5, 5)), *week(9, (4, 4), (3, 3))])
    own, view = _outcomes(qtbot, clinic, ["Robin", "Ona"])
    with own:
        assert [row.group for row in view.result.groups] == ["No set", "Two weeks"]
        assert view.summary.text() == (
            "2 patients, 2 with enough ratings in the first and last week of the sessions "
            "their column counts.")
