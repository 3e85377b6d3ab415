"""The store says whether its sessions count in save order (``save_order=None``, the
default): a person's own store always (its ids are its save order), a therapist's copy of
a patient's results when every session came with the patient's save order. No view passes
it: Home, the Patients page and the reports all count through the default."""

from __future__ import annotations

from datetime import UTC, date
from pathlib import Path

from painease.domain.programs import Program, Schedule
from painease.packs.install import import_pack
from painease.packs.results import import_results, open_patient, read_results
from painease.report_set import set_progress
from painease.storage import SessionStore, zones
from painease.storage.programs import ProgramStore
from painease.ui.set_card import current_status
from tests.packs.conftest import _as_therapist, _at, _export, seal_results
from tests.packs.test_results_save_order import (
    START,
    WEEK_3,
    _patient_with_a_session_dated_ahead,
)


def test_a_persons_own_store_counts_in_save_order_by_default(homes, make_pack):
    store, program = _patient_with_a_session_dated_ahead(homes, make_pack)
    with store:
        sets = ProgramStore(store)
        assert not sets.is_patient_copy() and sets.counts_by_save_order()
        by_default = sets.status(WEEK_3, tz=UTC)
        # The one dated week 3 was lived by week 1's Thursday: week 1 done, week 2's two
        # went by, week 3's Monday due (by today's rule it would fill that Monday).
        assert (by_default.done, by_default.missed, by_default.items[0].due_today) == (2, 2, 1)
        assert by_default == sets.status(WEEK_3, tz=UTC, save_order=True)
        assert by_default != sets.status(WEEK_3, tz=UTC, save_order=False)
        assert current_status(store, WEEK_3) == by_default  # Home
        assert set_progress(store, WEEK_3, UTC).progress_text == by_default.progress_text


def test_a_therapists_copy_counts_in_the_patients_save_order_when_it_came(
        homes, make_pack, identity, tmp_path):
    store, program = _patient_with_a_session_dated_ahead(homes, make_pack)
    with store:
        own = ProgramStore(store).status(WEEK_3, tz=UTC)
        summary = _export(store, identity, tmp_path, START, date(2026, 11, 30))
    me, therapist_store = _as_therapist(homes)
    with therapist_store:
        import_results(summary.path, me, therapist_store)
        # The therapist's own store is nobody's copy.
        assert not ProgramStore(therapist_store).is_patient_copy()
    with open_patient(identity.key_id) as theirs:
        sets = ProgramStore(theirs)
        assert sets.is_patient_copy() and sets.counts_by_save_order()
        seen = sets.status(WEEK_3, program.id, tz=UTC)
        assert (seen.done, seen.missed, seen.items[0].due_today) == (2, 2, 1)  # as the patient
        assert seen == own
        assert set_progress(theirs, WEEK_3, UTC).progress_text == own.progress_text


def _as_an_older_painease(results: Path, therapist, patient, out: Path,
                          with_zone: bool = False) -> Path:
    """The same results as a painease from before save orders (and, unless
    ``with_zone``, zones) writes them: no ``saved_seq`` in its sessions (nor
    ``time_zone`` and offsets), signed and sealed as usual."""
    payload = dict(read_results(results, therapist).payload)
    for session in payload["sessions"]:
        del session["saved_seq"]
        if not with_zone:
            del session["utc_offset_minutes"]
    if not with_zone:
        del payload["time_zone"]
    return seal_results(payload, patient, therapist, out)


def test_a_copy_from_an_older_painease_keeps_the_today_rule_by_default(
        homes, make_pack, identity, tmp_path):
    store, program = _patient_with_a_session_dated_ahead(homes, make_pack)
    with store:
        own = ProgramStore(store).status(WEEK_3, tz=UTC)
        summary = _export(store, identity, tmp_path, START, date(2026, 11, 30))
    me, therapist_store = _as_therapist(homes)
    old = _as_an_older_painease(summary.path, me, identity, tmp_path / "old.painease-results")
    with therapist_store:
        import_results(old, me, therapist_store)
    with open_patient(identity.key_id) as theirs:
        sets = ProgramStore(theirs)
        assert sets.save_order_known() is False and zones.sent_zone(theirs.database.conn) is None
        # A copy all the same (its sessions were imported): its ids are the order of the
        # import, not the patient's, so it is not counted by them.
        assert sets.is_patient_copy() and not sets.counts_by_save_order()
        seen = sets.status(WEEK_3, program.id, tz=UTC)
        assert (seen.done, seen.missed, seen.items[0].due_today) == (2, 3, 0)
        assert seen == sets.status(WEEK_3, program.id, tz=UTC, save_order=False)
        assert seen != own


# ---- what the therapist is told when a file brings only the save order ------------------


def _old_then_new(homes, store, identity, tmp_path):
    """The patient's results imported as a painease before save orders sent them, then
    the same sessions from this painease: (the first import, the second)."""
    with store:
        new = _export(store, identity, tmp_path, START, date(2026, 11, 30))
    me, therapist_store = _as_therapist(homes)
    old = _as_an_older_painease(new.path, me, identity, tmp_path / "old.painease-results",
                                with_zone=True)
    with therapist_store:
        return (import_results(old, me, therapist_store),
                import_results(new.path, me, therapist_store))


def test_a_file_that_adds_only_the_save_order_finds_the_sessions_already_here(
        homes, make_pack, identity, tmp_path):
    """No session dated ahead: the save order changes nothing the therapist sees, and
    the sessions are not called updated."""
    program = Program.create("Four weeks", "Dr. Ana Moreno", [
        ("calm-corner", 2, Schedule(times_per_week=2, weeks=4), None)])
    pack = make_pack(program)
    store = SessionStore(homes.patient / "painease.sqlite3")
    import_pack(pack, store, today=START)
    for day in (3, 5):  # saved in the order they are dated
        sid = store.start_session("calm-corner", 1, 2, started_at=_at(day),
                                  program_item=(program.id, 1))
        store.end_session(sid, "completed", 120_000, ended_at=_at(day, 13))
    first, second = _old_then_new(homes, store, identity, tmp_path)
    assert first.message == "Sam: 2 new, 0 updated, 0 already here"
    assert (second.counts.sessions_updated, second.counts.sessions_unchanged,
            second.counts.placed_by_save_order) == (0, 2, 0)
    assert second.message == "Sam: 0 new, 0 updated, 2 already here"
    with open_patient(identity.key_id) as theirs:  # the order is kept all the same
        assert ProgramStore(theirs).save_order_known()


def test_a_file_whose_save_order_moves_a_session_dated_ahead_says_so(
        homes, make_pack, identity, tmp_path):
    store, program = _patient_with_a_session_dated_ahead(homes, make_pack)
    first, second = _old_then_new(homes, store, identity, tmp_path)
    assert (second.counts.sessions_updated, second.counts.sessions_unchanged,
            second.counts.placed_by_save_order) == (0, 2, 1)
    assert second.message == (
        "Sam: 0 new, 0 updated, 2 already here; this file also said in which order the "
        "sessions were saved, so 1 session dated ahead by a wrong clock now counts in "
        "“Four weeks” on the day it was done")
    with open_patient(identity.key_id) as theirs:
        seen = ProgramStore(theirs).status(WEEK_3, program.id, tz=UTC)
        assert (seen.done, seen.missed, seen.items[0].due_today) == (2, 2, 1)
