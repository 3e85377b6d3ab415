"""The Outcomes tab reads the patients' databases once, not at every visit: going back to
it reads nothing again unless something it read changed (an import, a patient's file).

Real parts as in ``test_patients_outcomes``: patients send sealed results, the therapist
imports them into real SQLite files. The real ``open_patient`` is wrapped to count the
patients' databases opened; the data it reads is not touched.

The day is one of the things it read (``cohort_read.cohort_state``: a set's column counts
up to today), so a run that crossed midnight between two visits read again and failed.
The test runs on a clock on which it is noon (``tests.ui.day_clock``: ``$TZ``, the way
painease reads this computer's day), twelve hours from either midnight.
"""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

import painease.packs.results as results
from painease.packs.results import import_results, open_patient
from painease.storage.patients import PatientStore
from painease.ui.therapist.workspace import TherapistWorkspace
from tests.packs.conftest import make_program
from tests.packs.test_results_zones import clock
from tests.ui.clinic import outcomes_read, week
from tests.ui.day_clock import zone_where_now_is


@pytest.fixture
def at_noon():
    """The test on a clock on which it is noon now: no midnight within its run."""
    # Noon of this UTC day: within 12 hours of now, so the offset stays inside the ±18 h
    # the store accepts (noon of chosen_day()'s next day was 23 h east after 13:00 UTC).
    with clock(zone_where_now_is(datetime.now(UTC).date(), time(12))):
        yield


@pytest.fixture
def opened(monkeypatch):
    """The keys of the patients' databases opened, in order."""
    keys, real = [], results.open_patient

    def counting(key_id):
        keys.append(key_id)
        return real(key_id)

    monkeypatch.setattr(results, "open_patient", counting)
    return keys


def _visit(qtbot, workspace, name):
    page = workspace.show_tab(name)
    qtbot.waitUntil(page.isVisible)  # Qt shows the tab's page once events run
    if name == "Outcomes":
        outcomes_read(qtbot, page)  # it reads on a worker thread
    return page


def test_showing_outcomes_again_reads_the_patients_only_after_an_import(
        qtbot, at_noon, clinic, opened):
    two_weeks = make_program()
    clinic.patient("Sam", two_weeks, [*week(2, (6, 7), (4, 3)), *week(9, (2, 2), (1, 1))])
    clinic.patient("Kim", two_weeks, [*week(3, (8, 6), (7, 6)), *week(10, (5, 5), (4, 4))])
    with clinic.own_store() as own:
        import_results(clinic.root / "results" / "Sam.painease-results", clinic.identity,
                       own)
        workspace = TherapistWorkspace(None, own)
        qtbot.addWidget(workspace)
        workspace.show()
        qtbot.waitExposed(workspace)
        opened.clear()
        view = _visit(qtbot, workspace, "Outcomes")
        assert view.summary.text().startswith("1 patient, 1 with enough ratings")
        (sam,) = opened  # built and shown: read once, not once more for the show
        for _ in range(2):
            _visit(qtbot, workspace, "Scripts")
            _visit(qtbot, workspace, "Outcomes")
        assert opened == [sam]  # back to the tab twice: nothing new, nothing read

        # Kim's results come in: the next visit reads everyone's again.
        import_results(clinic.root / "results" / "Kim.painease-results", clinic.identity,
                       own)
        kim = next(p.key_id for p in PatientStore(own).patients() if p.name == "Kim")
        _visit(qtbot, workspace, "Scripts")
        opened.clear()
        _visit(qtbot, workspace, "Outcomes")
        assert sorted(opened) == sorted([sam, kim])
        assert view.summary.text().startswith("2 patients, 2 with enough ratings")

        # A patient's database changed on the disk (not through an import): read again.
        _visit(qtbot, workspace, "Scripts")
        with open_patient(kim) as theirs:
            theirs.start_session("paced-breathing", 1, 5)
        opened.clear()
        _visit(qtbot, workspace, "Outcomes")
        assert sorted(opened) == sorted([sam, kim])
        workspace.close()
