"""The Outcomes summary's words when sessions were left out as unreadable
(``test_outcomes_unreadable``): a patient whose sessions of their set all have a start
that cannot be read did sessions, so is not said to have "no session of their set yet";
and when no patient has a readable session, "nobody has done a session" is said only when
nobody did: one whose sessions could not be read is named in the "Left out, as …"
sentence, one with truly none as having none yet. Both by set and by own groups. Also:
one under an earlier set's column whose sessions of the set they follow now all cannot
be read is not said to have "no session yet" of it; "nobody" is not said when someone's
results cannot be read at all; and with no outcome by set, grouping by own groups is
suggested when it would show one whose set's sessions could not be read.

Real parts as in ``test_outcomes_unreadable`` (whose helpers these tests share):
sealed results imported into real SQLite files, the copies damaged with sqlite3.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from painease.packs.results import import_results
from painease.ui.therapist.cohort_view import CohortView
from tests.packs.conftest import make_program
from tests.storage.test_unreadable_values import damage
from tests.ui.clinic import outcomes_read, outcomes_shown, week
from tests.ui.test_outcomes_two_sets import _two_sets
from tests.ui.test_outcomes_unreadable import _nth

# "Two weeks" started on 10 Nov: a session from the 10th on is of the set.
STARTED = date(2026, 11, 10)
BEFORE = week(2, (6, 6), (5, 5))  # 2-6 Nov: before the set, so not of it
DURING = [*week(10, (8, 6), (7, 6)), *week(17, (5, 5), (4, 4))]  # of the set


def _view(qtbot, clinic, patients: dict[str, list], damages: dict[str, str | None],
          grouping: str) -> CohortView:
    """``patients`` (name: sessions, all following one "Two weeks" started on 10 Nov)
    imported in that order, each copy then damaged with ``damages[name]`` (SQL; None: the
    copy is gone, so their results cannot be read at all), and the Outcomes tab read,
    grouped by ``grouping``."""
    two_weeks = make_program()
    for name, sessions in patients.items():
        clinic.patient(name, two_weeks, sessions, started=STARTED)
    return _imported(qtbot, clinic, {
        name: clinic.root / "results" / f"{name}.painease-results" for name in patients},
        damages, grouping)


def _imported(qtbot, clinic, results: dict[str, Path], damages: dict[str, str | None],
              grouping: str) -> CohortView:
    """``results`` (name: the file they sent) imported in that order, damaged as
    ``_view`` says, and read."""
    own = clinic.own_store()
    for name, sent in results.items():
        database = import_results(sent, clinic.identity, own).database
        if damages.get(name, "") is None:
            database.unlink()
        elif name in damages:
            damage(database, damages[name])
    view = outcomes_shown(qtbot, own)
    view.group_by(grouping)
    return outcomes_read(qtbot, view)


def _starts_unreadable(first: int, count: int) -> str:
    return "; ".join(f"UPDATE sessions SET started_at = 'garbage' WHERE id = {_nth(n)}"
                     for n in reversed(range(first, first + count)))


# Kim: a week before the set, then the set's two weeks, every start of those unreadable.
KIM_SET_UNREADABLE = {"Kim": [*BEFORE, *DURING]}, {"Kim": _starts_unreadable(5, 10)}


def test_one_whose_sets_sessions_cannot_be_read_is_not_said_to_have_none(qtbot, clinic):
    patients, damages = KIM_SET_UNREADABLE
    view = _view(qtbot, clinic, {"Sam": DURING, **patients}, damages, "set")
    assert view.summary.text() == (
        "1 patient, 1 with enough ratings in the first and last week of the sessions of "
        "their set. Left out, as the time they started could not be read: 10 sessions "
        "by Kim (no session of their set left, so not in the table).")
    assert [(m.pain_before, m.pain_after) for m in view.measures] == [(8, 5)]
    # By the therapist's own groups her week before the set counts: she is in the table.
    view.group_by("own")
    outcomes_read(qtbot, view)
    assert view.summary.text() == (
        "2 patients, 1 with enough ratings in their first and last week. Not enough "
        "ratings yet in their first or last week (fewer than 3): Kim. Left out, as the "
        "time they started could not be read: 10 sessions by Kim.")


def test_with_no_outcome_per_set_only_the_one_with_no_session_of_it_is_said(
        qtbot, clinic):
    # Sam did only a session before the set; Kim's of the set cannot be read.
    patients, damages = KIM_SET_UNREADABLE
    view = _view(qtbot, clinic, {"Sam": BEFORE[:1], **patients}, damages, "set")
    assert view.summary.text() == (
        "No outcomes to show per set yet. Not in the table, with no session of their set "
        "yet: Sam. Group by your groups to see all of their sessions. Left out, as the "
        "time they started could not be read: 10 sessions by Kim (no session of their "
        "set left, so not in the table).")
    assert view.measures == []


@pytest.mark.parametrize("grouping", ["set", "own"])
def test_with_no_outcome_nobody_is_not_said_when_someone_did_sessions(
        qtbot, clinic, grouping):
    # Sam did no session; every start of Kim's cannot be read. (By set too, no one has
    # a session of their set to miss: not "per set".)
    view = _view(qtbot, clinic, {"Sam": [], "Kim": DURING},
                 {"Kim": "UPDATE sessions SET started_at = 'garbage'"}, grouping)
    assert view.summary.text() == (
        "No outcomes to show yet. Not in the table, with no session yet: Sam. Left out, "
        "as the time they started could not be read: 10 sessions by Kim (all of theirs, "
        "so not in the table).")
    assert view.measures == []


def test_with_no_outcome_per_set_nobody_is_not_said_when_someone_did_sessions(
        qtbot, clinic):
    # Sam did only a session before the set; every one of Kim's has an end that cannot
    # be read.
    view = _view(qtbot, clinic, {"Sam": BEFORE[:1], "Kim": DURING},
                 {"Kim": "UPDATE sessions SET ended_at = 'garbage'"}, "set")
    assert view.summary.text() == (
        "No outcomes to show per set yet. Not in the table, with no session of their set "
        "yet: Sam. Group by your groups to see all of their sessions. Left out, as "
        "something in them could not be read: 10 sessions by Kim (all of theirs, so not "
        "in the table).")


def test_one_whose_current_sets_sessions_cannot_be_read_is_not_said_to_have_none_yet(
        qtbot, clinic):
    # Robin did two weeks of "Two weeks", then two of "Next steps" (the set they follow
    # now), every start of those unreadable: they are under "Two weeks" only, but did
    # sessions of "Next steps", so not "No session yet of the set they follow now".
    sent = _two_sets(clinic, "Robin", [*week(2, (6, 6), (5, 5)), *week(9, (4, 4), (3, 3))],
                     [*week(16, (4, 4), (3, 3)), *week(23, (3, 3), (2, 2))])
    view = _imported(qtbot, clinic, {"Robin": sent},
                     {"Robin": _starts_unreadable(10, 10)}, "set")
    assert [(m.group, m.pain_before, m.pain_after) for m in view.measures] == [
        ("Two weeks", 6, 4)]
    assert view.summary.text() == (
        "1 patient, 1 with enough ratings in the first and last week of the sessions of "
        "their set. Left out, as the time they started could not be read: 10 sessions "
        "by Robin (no session of the set they follow now left, so only under an earlier "
        "one).")
    view.group_by("own")
    outcomes_read(qtbot, view)
    assert view.summary.text() == (
        "1 patient, 1 with enough ratings in their first and last week. Left out, as the "
        "time they started could not be read: 10 sessions by Robin.")


@pytest.mark.parametrize("grouping", ["set", "own"])
def test_with_no_outcome_nobody_is_not_said_when_someones_results_cannot_be_read(
        qtbot, clinic, grouping):
    # Sam did no session; Lee's results cannot be read at all: Lee may have done some.
    view = _view(qtbot, clinic, {"Sam": [], "Lee": DURING}, {"Lee": None}, grouping)
    assert view.summary.text() == (
        "No outcomes to show yet. Not in the table, with no session yet: Sam. Not "
        "readable: Lee.")
    assert view.measures == []


def test_with_no_outcome_per_set_nobody_is_not_said_when_someones_cannot_be_read(
        qtbot, clinic):
    # Sam did only a session before the set; Lee's results cannot be read at all.
    view = _view(qtbot, clinic, {"Sam": BEFORE[:1], "Lee": DURING}, {"Lee": None}, "set")
    assert view.summary.text() == (
        "No outcomes to show per set yet. Not in the table, with no session of their set "
        "yet: Sam. Group by your groups to see all of their sessions. Not readable: Lee.")


def test_with_only_one_whose_sets_sessions_cannot_be_read_grouping_by_own_is_told(
        qtbot, clinic):
    # Kim alone: her week before the set counts by her own group, not by set.
    patients, damages = KIM_SET_UNREADABLE
    view = _view(qtbot, clinic, patients, damages, "set")
    assert view.summary.text() == (
        "No outcomes to show per set yet. Left out, as the time they started could not "
        "be read: 10 sessions by Kim (no session of their set left, so not in the "
        "table). Group by your groups to see all of their sessions.")
    assert view.measures == []
    view.group_by("own")
    outcomes_read(qtbot, view)
    assert len(view.measures) == 1
