"""Outcomes files a patient under the set the Patients page and the report show: the one
they follow (``ProgramStore.followed``), not a newer set they never started.

Real parts as in ``test_patients_outcomes``: the patient imports the therapist's pack
(starting "Two weeks" on 10 Nov), does its sessions in a real SQLite file, then makes a
set of their own current (not sent: so the results name no current set) and sends sealed
results; the therapist imports them, and their copy of the patient's file also holds a
newer set saved there but never started; then the therapist opens the Outcomes tab.
"""

from __future__ import annotations

from datetime import date

from painease.domain.programs import Program, Schedule
from painease.packs.identity import load_or_create_identity
from painease.packs.results import import_results, open_patient
from painease.packs.results_export import export_results
from painease.storage import SessionStore
from painease.storage.patients import PatientStore, patient_stored_set
from painease.storage.programs import ProgramStore
from painease.storage.zones import patient_zone
from painease.ui.therapist.cohort_view import CohortView
from painease.ui.therapist.patient_progress import set_line
from tests.packs.conftest import make_program
from tests.pinned import therapists
from tests.ui.clinic import THERAPIST, outcomes_refreshed, week


def test_outcomes_uses_the_set_the_patients_page_shows(qtbot, clinic):
    results = clinic.patient("Robin", make_program(), [*week(10, (4, 4), (3, 3)),
                                                       *week(17, (2, 3), (2, 2))],
                             started=date(2026, 11, 10), linked=1)
    home = clinic.homes.use(clinic.root / "patient-Robin")
    with SessionStore(home / "painease.sqlite3") as store:
        mine = Program.create("My evenings", "Robin", [
            ("paced-breathing", 5, Schedule(times_per_week=2, weeks=1), None)])
        ProgramStore(store).save_program(mine, activate=True, today=date(2026, 11, 24))
        [(_, key)] = therapists(store)
        export_results(store, key, load_or_create_identity(name="Robin"), results,
                       date(2026, 11, 1), date(2026, 11, 30))
    clinic.homes.use(clinic.homes.therapist)
    own = clinic.own_store()
    with own:
        import_results(clinic.root / "results" / "Robin.painease-results", clinic.identity,
                       own)
        [patient] = PatientStore(own).patients()
        newer = Program.create("Four weeks", THERAPIST, [
            ("paced-breathing", 5, Schedule(times_per_week=3, weeks=4), None)])
        with open_patient(patient.key_id) as theirs:
            sets = ProgramStore(theirs)
            sets.save_program(newer, origin="imported")  # saved last, never started
            assert sets.current() is None  # their current set is their own, not sent
            assert set_line(theirs, date(2026, 11, 24), patient_zone(theirs).tz).startswith(
                "Set “Two weeks” (started 10 Nov 2026)")
        view = CohortView(own)
        qtbot.addWidget(view)
        outcomes_refreshed(qtbot, view)  # built, it has read nothing: a show or this reads
        # Outcomes once filed Robin under "Four weeks", with none of its sessions done:
        # "nobody has done a session during their set".
        [row] = view.result.groups
        assert (row.group, row.started, row.completers) == ("Two weeks", 1, 1)
        assert view.cell("Two weeks", "change") == "−2.0\n(one patient, no interval)"
        with open_patient(patient.key_id) as theirs:  # one rule: Outcomes' is the same
            assert patient_stored_set(theirs) == ProgramStore(theirs).followed()
