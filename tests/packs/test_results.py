"""Results files: patient -> therapist, sealed and signed, and what they carry.

Real keys, real SQLite files in both data dirs, real encrypted files on disk. Refused
files are in test_results_refusals.py, files merged into what is already here in
test_results_merge.py.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from nacl.signing import SigningKey

from painease.domain.programs import Program, Schedule
from painease.packs.identity import (
    Identity,
    load_or_create_identity,
)
from painease.packs.install import import_pack
from painease.packs.pack import build_pack
from painease.packs.results import (
    ResultsError,
    import_results,
    open_patient,
    patient_database,
    read_results,
)
from painease.packs.results_export import export_results
from painease.storage.patients import PatientStore, set_title
from painease.storage.programs import ProgramStore
from painease.storage.zones import own_zone, patient_zone
from painease.ui.therapist.patient_progress import set_line
from tests.packs.conftest import _as_therapist, _at, _export, _rows


def test_round_trip_patient_to_therapist(patient, identity, homes, tmp_path, therapist):
    summary = _export(patient, identity, tmp_path, date(2026, 11, 1), date(2026, 11, 30))
    assert (summary.sessions, summary.journal_entries) == (4, 0)
    assert summary.therapist_fingerprint == therapist.fingerprint
    raw = summary.path.read_bytes()
    assert b"calm-corner" not in raw and b"tight back" not in raw  # encrypted

    me, store = _as_therapist(homes)
    with store:
        result = import_results(summary.path, me, store)
        assert result.counts.sessions_new == 4
        assert result.patient.name == "Sam"
        assert result.patient.public_key == identity.public_key
        assert result.patient_fingerprint == identity.fingerprint
        assert result.period == (date(2026, 11, 1), date(2026, 11, 30))
        assert [p.key_id for p in PatientStore(store).patients()] == [identity.key_id]
    assert result.database == homes.therapist / "patients" / identity.key_id / "painease.sqlite3"
    # The same SessionStore (and so the insights code) reads the patient's database.
    with open_patient(identity.key_id) as theirs:
        sessions = theirs.sessions()
        assert [s.started_at for s in sessions] == [_at(d) for d in (2, 5, 9, 12)]
        first = sessions[0].id
        ratings = theirs.ratings(first)
        assert (ratings["pre"].pain, ratings["post"].fear) == (6, 3)
        assert ratings["pre"].note is None  # notes are personal: not sent unless ticked
        assert [s.value for s in theirs.live_samples(first)] == [6.0, 5.0, 4.5]
        assert theirs.journal_entries() == []
        # The therapist sees the patient's set and progress exactly as the patient does.
        theirs_status = ProgramStore(theirs).status(date(2026, 11, 12),
                                                    tz=patient_zone(theirs).tz)
        assert theirs_status == ProgramStore(patient).status(date(2026, 11, 12),
                                                             tz=own_zone(patient))
        assert theirs_status.progress_text == "3 of 5 done"
    links = _rows(result.database, "SELECT position FROM program_sessions ORDER BY session_id")
    assert links == [(1,), (1,), (2,)]
    mine = _rows(patient.path, "SELECT uid FROM sessions ORDER BY id")
    assert _rows(result.database, "SELECT uid FROM sessions ORDER BY id") == mine


def test_journal_and_notes_only_when_ticked(patient, identity, homes, tmp_path):
    summary = _export(patient, identity, tmp_path, date(2026, 11, 1), date(2026, 11, 3),
                      include_journal=True)
    assert (summary.sessions, summary.journal_entries) == (1, 1)
    me, store = _as_therapist(homes)
    with store:
        result = import_results(summary.path, me, store)
    assert result.counts.journal_new == 1
    with open_patient(identity.key_id) as theirs:
        [entry] = theirs.journal_entries()
        assert entry.text == "Felt safer today." and entry.session_id is not None
        assert theirs.ratings(entry.session_id)["pre"].note == "tight back"


def test_export_checks_its_input(patient, identity, tmp_path):
    with pytest.raises(ResultsError, match="ends .* before it starts"):
        export_results(patient, "00" * 32, identity, tmp_path / "r", date(2026, 11, 5),
                       date(2026, 11, 1))
    with pytest.raises(ResultsError, match="is not a public key"):
        export_results(patient, "nope", identity, tmp_path / "r", date(2026, 11, 1),
                       date(2026, 11, 5))
    assert not (tmp_path / "r").exists()


def test_a_second_key_under_a_name_that_reads_the_same_is_said(patient, identity, homes,
                                                                tmp_path):
    """Two patients whose names read the same ("Sam", and "Sаm" with a Cyrillic а) but who
    hold different keys are filed apart, with a warning naming the other one's key."""
    sam = _export(patient, identity, tmp_path, date(2026, 11, 1), date(2026, 11, 30)).path
    other = Identity(SigningKey.generate(), "S\u0430m")
    look_alike = _export(patient, other, tmp_path, date(2026, 11, 1), date(2026, 11, 30),
                         "other.painease-results").path
    me, store = _as_therapist(homes)
    with store:
        assert import_results(sam, me, store).warnings == ()
        result = import_results(look_alike, me, store)
        assert result.warnings == (
            f"You have another patient named Sam, with a key of their own "
            f"({identity.fingerprint}); these results were kept apart from theirs.",)
        assert len(PatientStore(store).patients()) == 2


def test_results_for_one_therapist_carry_none_of_another_therapists_sets(
        patient, identity, homes, tmp_path):
    """Ana's file never holds Ben's set, nor marks it current; a session done for it goes
    without its link, and the patient is told so."""
    homes.use(homes.therapist)
    ana = load_or_create_identity()
    anas = ProgramStore(patient).current().program
    homes.use(tmp_path / "ben-home")
    ben = load_or_create_identity(name="Dr. Ben Cole")
    bens = Program.create("Ben's private plan", "Dr. Ben Cole", [
        ("paced-breathing", 5, Schedule(times_per_week=3, weeks=1), "Ben's note")])
    pack = build_pack(bens, ben, tmp_path / "ben.painease")
    homes.use(homes.patient)
    import_pack(pack, patient, today=date(2026, 11, 13))
    assert ProgramStore(patient).current().program.id == bens.id
    sid = patient.start_session("paced-breathing", 1, 5, started_at=_at(14),
                                program_item=(bens.id, 1))
    patient.end_session(sid, "completed", 300_000, ended_at=_at(14, 13))

    summary = export_results(patient, ana.public_key, identity,
                             tmp_path / "a.painease-results",
                             date(2026, 11, 1), date(2026, 11, 30))
    me, store = _as_therapist(homes)
    sent = json.dumps(read_results(summary.path, me).payload)
    assert bens.id not in sent and "Ben" not in sent
    with store:
        import_results(summary.path, me, store)
    with open_patient(identity.key_id) as theirs:
        sets = ProgramStore(theirs)
        assert [p.program.id for p in sets.programs()] == [anas.id]
        assert sets.current() is None  # the patient's current set is Ben's, not Ana's
        assert set_title(theirs) == "Two weeks"
        # Ana still sees her set's progress as the patient's Home would show it.
        day = date(2026, 11, 14)
        assert sets.status(day, anas.id, tz=patient_zone(theirs).tz) == ProgramStore(
            patient).status(day, anas.id, tz=own_zone(patient))
        assert set_line(theirs, day, patient_zone(theirs).tz).startswith(
            "Set “Two weeks” (started 2 Nov 2026): ")
        with pytest.raises(TypeError):  # whose days: the patient's clock, never by default
            set_line(theirs, day)
        assert len(theirs.sessions()) == 5
    links = _rows(patient_database(identity.key_id),
                  "SELECT DISTINCT program_id FROM program_sessions")
    assert links == [(anas.id,)]
    # The patient is told what went and what did not.
    assert (summary.sessions, summary.sets, summary.withheld) == (
        5, ("Two weeks",), ("Ben's private plan",))
    assert summary.sets_text == ("With the set “Two weeks”. Not sent: “Ben's private plan” "
                                 "(not this therapist's set); 1 session done for it is sent "
                                 "without it. The times you switched to another set go along "
                                 "too (not which set), so Library sessions done while it was "
                                 "your set are not counted for this therapist's set.")


def test_the_time_played_travels_and_an_older_file_without_it_erases_nothing(
        patient, identity, homes, tmp_path):
    from painease.storage.results import SessionRecord
    from painease.storage.results_store import merge_records, read_records

    skipped = patient.start_session("calm-corner", 1, 2, started_at=_at(3))
    patient.save_rating(skipped, "pre", 5, 5, rated_at=_at(3))
    patient.end_session(skipped, "completed", 120_000, ended_at=_at(3, 13), played_ms=40_000)
    path = _export(patient, identity, tmp_path, date(2026, 11, 1), date(2026, 11, 30)).path
    me, store = _as_therapist(homes)
    with store:
        import_results(path, me, store)
    with open_patient(identity.key_id) as theirs:
        played = {s.started_at: s.played_ms for s in theirs.sessions()}
        assert played == {_at(3): 40_000, **{_at(d): None for d in (2, 5, 9, 12)}}
        # A file from a painease that predates the field: the record reads as "not known",
        # and merging it keeps the time played already here.
        [record] = [r for r in read_records(theirs, _at(3), _at(4), False)[0]]
        older = record.to_dict()
        del older["played_ms"]
        assert SessionRecord.from_dict(older).played_ms is None
        merge_records(theirs, [SessionRecord.from_dict(older)], [])
        assert theirs.session(next(s.id for s in theirs.sessions()
                                   if s.started_at == _at(3))).played_ms == 40_000
        # What an older painease does with this field: its reader takes the fields it
        # knows and leaves any other, as this one leaves a field from a later version.
        newer = {**record.to_dict(), "some_later_field": [1, 2]}
        assert SessionRecord.from_dict(newer) == record
        with pytest.raises(ValueError, match="played_ms must be a whole number"):
            SessionRecord.from_dict({**record.to_dict(), "played_ms": -5})
