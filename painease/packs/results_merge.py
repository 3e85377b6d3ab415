"""A results import's writes to the patient's copy (``painease.packs.results``, which
decides what is merged and in which order the databases are written).

* ``merge_into_copy(patient_store, opened, older)``: the sessions, journal and sets a
  results file brought, merged into the patient's copy in the caller's transaction
  (every ``write`` it makes nests in it: ``painease.storage.database``), so the copy
  takes all of the file or none of it.
* ``logged(store, patient_id, opened)``: this file's import as ``store`` logged it (the
  therapist's list; the patient's copy logs the files merged into it too, in the merge's
  transaction), None: not logged there. ``as_first_merged(counts, merged)``: the counts
  to report for a file whose merge a kill stopped before the therapist's list was told.
* ``newest_made(patient_store, patient_id, listed)``: when the newest file merged was
  made, by the list's log or the copy's, whichever is newer: a file older than it is
  merged as an older file (``painease.packs.results``), whichever the list last heard of.
* ``sent_in_order(opened)``: whether the file sent every activation's place.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from painease.storage.patients import PatientStore, ResultsImportRecord
from painease.storage.programs import ProgramStore
from painease.storage.results_store import MergeCounts, merge_records
from painease.storage.set_activations import ANOTHER_SET
from painease.storage.store import SessionStore
from painease.storage.stored_values import db_time

if TYPE_CHECKING:
    from painease.packs.results import _Opened as Opened


def merge_into_copy(patient_store: SessionStore, opened: Opened, older: bool) -> MergeCounts:
    """Merge ``opened``'s sessions, journal and sets into the patient's copy (in the
    caller's transaction: every ``write`` below nests in it)."""
    counts = merge_records(
        patient_store, opened.sessions, opened.journal, update_existing=not older,
        zone=None if opened.zone is None else (opened.zone, opened.created_at))
    their_sets = ProgramStore(patient_store)
    for program, started_on, current, moments, order in opened.sets:
        # An older file's current set may be one the patient has since left. The moments
        # they made it current are kept, never this import's, with their places in the
        # patient's order when the file sends them (not an older file's: its places may
        # be from before a restored backup).
        their_sets.save_program(program, origin="imported", activate=current and not older,
                                today=started_on, started_on=started_on,
                                activations=moments or (),
                                activation_order=None if older else order)
    their_sets.another_set_made_current(opened.others, None if older else opened.others_order)
    if not older and sent_in_order(opened):
        their_sets.placed_as_sent(
            [(program.id, moment) for program, *_, moments, _ in opened.sets
             for moment in moments or ()]
            + [(ANOTHER_SET, moment) for moment in opened.others])
    return counts


def logged(store: SessionStore, patient_id: str,
           opened: Opened) -> ResultsImportRecord | None:
    """This file's import as ``store`` logged it (the therapist's list, or the patient's
    copy: the files merged into it), None: not logged there."""
    return next((found for found in PatientStore(store).imports(patient_id)
                 if (found.period_from, found.period_to) == opened.period
                 and db_time(found.created_at) == db_time(opened.created_at)), None)


def newest_made(patient_store: SessionStore, patient_id: str,
                listed: datetime | None) -> datetime | None:
    """When the newest file merged into the patient's copy was made: ``listed`` (the
    newest the therapist's list logged), or a newer one the copy logged (an import
    killed before the list was told of it), None: none."""
    found = PatientStore(patient_store).latest_import(patient_id)
    if found is None or (listed is not None and found.created_at <= listed):
        return listed
    return found.created_at


def as_first_merged(counts: MergeCounts, merged: ResultsImportRecord) -> MergeCounts:
    """``counts`` of a file whose merge into the copy (``merged``: the sessions it found
    new and updated) was killed before the therapist's list was told: the sessions it
    brought are new to the therapist still, as that import would have said."""
    total = counts.sessions_new + counts.sessions_updated + counts.sessions_unchanged
    new = min(total, counts.sessions_new + merged.sessions_new)
    updated = min(total - new, counts.sessions_updated + merged.sessions_updated)
    return replace(counts, sessions_new=new, sessions_updated=updated,
                   sessions_unchanged=total - new - updated)


def sent_in_order(opened: Opened) -> bool:
    """Whether the file sent every activation's place: then it sent every activation the
    patient's store holds (``results_export``), and only those keep their places here
    (``set_activations.placed_as_sent``)."""
    return opened.others_order is not None and all(
        order is not None for *_, order in opened.sets)
