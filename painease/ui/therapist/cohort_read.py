"""Outcomes' read of the therapist's patients (``cohort_view.CohortView`` shows it).

* ``read_cohort(store)``: every imported patient's entries for the Outcomes table, read
  from their own databases (``painease.storage.patients``: ``patient_weeks``,
  ``set_sessions``; each session's day on the patient's clock worked out once,
  ``session_days``, not in each of them; each patient's reads are one read transaction,
  so an import meanwhile is in all of them or in none), the names of those whose results
  could not be read, and how many sessions of whose were left out because the time they
  started, a rating in them, or another value in them could not be read (the rest of
  theirs still counts; a ``LeftOut`` each);
  ``StoreError`` when the therapist's list of patients itself cannot be. Their clock is
  ``patient_clock``'s: only the clock, not whether it is also the therapist's.
* ``cohort_state(store)``: what that read depends on, cheaply: the list of patients (an
  import changes its time, the therapist's name or group for them), each patient's
  database file and its write-ahead log (modification time and size) and today's date
  (a set's column counts up to today). The view reads again only when it changed.

No Qt.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from painease.storage import SessionStore

if TYPE_CHECKING:
    from painease.ui.therapist.cohort_summary import LeftOut


def cohort_state(store: SessionStore) -> tuple:
    """A value that differs whenever ``read_cohort`` could find something else (module
    doc); ``StoreError`` when the patients cannot be read."""
    from painease.packs.results import patient_database
    from painease.storage.patients import PatientStore

    patients = PatientStore(store).patients()
    files = []
    for patient in patients:
        path = patient_database(patient.key_id)
        files.append((_stat(path), _stat(path.with_name(path.name + "-wal"))))
    return date.today(), tuple(patients), tuple(files)


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_mtime_ns, found.st_size


def read_cohort(store: SessionStore) -> tuple[list[tuple], list[str], list[LeftOut]]:
    """(entries, unreadable, left_out): per patient, an entry for each set's column they
    may be in (``_their_sets``), as (weeks of the set's sessions, weeks of all their
    sessions, the set's ``Program`` or None, their own group, their name as shown, their
    key, whether they did a session of it, whether they did any, whether they follow
    it); the names (as shown) of those whose results could not be read; and a
    ``LeftOut`` for each some of whose sessions were left out because the time they
    started could not be read (``dated_sessions``), a rating in them
    (``rated_sessions``' ``left_out``) or another value in them (``dated_sessions``'
    ``damaged``): one damaged value costs its session, not the patient. Only a patient
    whose file cannot be read at all is unreadable."""
    from painease.packs.results import ResultsError, open_patient
    from painease.packs.sender_name import told_apart
    from painease.storage import StoreError
    from painease.storage.patients import (
        PatientStore,
        patient_weeks,
        rated_sessions,
        session_days,
        set_sessions,
    )
    from painease.storage.unplaced import dated_sessions
    from painease.storage.zones import patient_clock
    from painease.ui.therapist.cohort_summary import LeftOut

    found, unreadable, left_out = [], [], []
    patients = PatientStore(store).patients()  # StoreError: the caller says so
    shown_as = told_apart(patients)  # "Sam (key 1a2b …)" when two are named Sam
    for patient in patients:
        try:
            theirs_found = []  # all of theirs, or (unreadable) none
            # One moment's picture of theirs: an import committing meanwhile must not
            # add sessions (or links to them) to only some of these reads.
            with open_patient(patient.key_id) as theirs, \
                    theirs.database.snapshot("read their results"):
                # Their clock, sessions and ratings read once, for every column.
                tz = patient_clock(theirs)
                undated = []  # sessions whose start cannot be read
                damaged = []  # those with another value that cannot be read
                sessions = dated_sessions(theirs, undated, damaged)
                # Each session's day, worked out once; those left out have none (None),
                # and linked_sessions and lived_by leave them out too (session_day).
                days: dict = dict.fromkeys((s.id for s in undated + damaged), None)
                days.update(session_days(sessions, tz))
                skipped = []  # sessions with a rating that cannot be read
                rated = rated_sessions(theirs, sessions, left_out=skipped)
                everything = patient_weeks(theirs, tz=tz, rated=rated, days=days)
                any_session = bool(sessions)
                # Started: at least one session, in every column (a set's: its own).
                # The set they follow (as the Patients page names it) first, then
                # every other set they did sessions of: one patient, maybe two sets.
                for stored, followed in _their_sets(theirs):
                    if stored is None:
                        of_set, began = everything, any_session
                    else:  # during it, or later for it as its progress counts them
                        mine = set_sessions(theirs, stored, tz=tz, sessions=sessions,
                                            days=days)
                        of_set = patient_weeks(theirs, mine, tz=tz, rated=rated, days=days)
                        began = bool(mine)
                        if not (began or followed):
                            continue
                    theirs_found.append((of_set, everything,
                                         stored.program if stored else None,
                                         patient.group, shown_as[patient.key_id],
                                         patient.key_id, began, any_session, followed))
            found += theirs_found
            if undated or skipped or damaged:
                left_out.append(LeftOut(shown_as[patient.key_id], len(undated),
                                        len(skipped), len(damaged), not sessions))
        except (ResultsError, StoreError, ValueError):
            unreadable.append(shown_as[patient.key_id])
    return found, unreadable, left_out


def _their_sets(store: SessionStore) -> list[tuple[object, bool]]:
    """(``StoredProgram`` or None, whether they follow it) for each set whose column a
    patient may be in: the one they follow (``ProgramStore.followed``, as the Patients
    page names it; None: they started none, "No set"), then every other set they started
    (in its column only if they did some of its sessions)."""
    from painease.storage.programs import ProgramStore

    sets = ProgramStore(store)
    followed = sets.followed()
    if followed is None:
        return [(None, True)]
    return [(followed, True)] + [(stored, False) for stored in sets.programs()
                                 if stored.started_on is not None
                                 and stored.program.id != followed.program.id]
