"""Results files: patient -> therapist, sealed and signed, merged without duplicates.

Real keys, real SQLite files in both data dirs, real encrypted files on disk.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from datetime import UTC, date, datetime

import pytest
from nacl.public import SealedBox
from nacl.signing import SigningKey

from painease.domain.programs import Program, Schedule
from painease.packs.identity import (
    Identity,
    box_public_key,
    fingerprint,
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
from painease.packs.results_export import export_results, therapists
from painease.storage import SessionStore
from painease.storage.patients import PatientStore, set_title
from painease.storage.programs import ProgramStore
from painease.storage.zones import own_zone, patient_zone
from painease.ui.therapist.patient_progress import set_line
from tests.packs.conftest import make_program, snapshot


def _at(day: int, hour: int = 12) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=UTC)


@pytest.fixture
def patient(homes, make_pack):
    """The patient's store with the therapist's pack imported and four sessions done."""
    program = make_program()
    pack = make_pack(program)
    homes.use(homes.patient)
    store = SessionStore(homes.patient / "painease.sqlite3")
    import_pack(pack, store, today=date(2026, 11, 2))
    for day, item in ((2, 1), (5, 1), (9, None), (12, 2)):
        link = (program.id, item) if item else None
        sid = store.start_session("calm-corner", 1, 2, started_at=_at(day),
                                  program_item=link)
        store.save_rating(sid, "pre", 6, 7, note="tight back", rated_at=_at(day))
        store.add_live_samples(sid, [(0, 6.0), (30_000, 5.0), (60_000, 4.5)])
        store.end_session(sid, "completed", 120_000, ended_at=_at(day, 13))
        store.save_rating(sid, "post", 4, 3, rated_at=_at(day, 13))
    store.add_journal_entry("Felt safer today.", session_id=1, written_at=_at(2, 14))
    yield store
    store.close()


@pytest.fixture
def identity(homes):
    homes.use(homes.patient)
    return load_or_create_identity(name="Sam")


def _export(store, identity, tmp_path, since, until, name="r.painease-results", **kw):
    [(therapist_name, key)] = therapists(store)
    assert therapist_name == "Dr. Ana Moreno"
    return export_results(store, key, identity, tmp_path / name, since, until, **kw)


def _as_therapist(homes):
    homes.use(homes.therapist)
    return load_or_create_identity(), SessionStore(homes.therapist / "painease.sqlite3")


def _rows(path, sql):
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


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


def test_overlapping_periods_never_duplicate(patient, identity, homes, tmp_path):
    early = _export(patient, identity, tmp_path, date(2026, 11, 1), date(2026, 11, 6),
                    "a.painease-results").path
    # Later the patient corrects a rating of the 5th; the next export overlaps it.
    patient.save_rating(2, "post", 2, 1, rated_at=_at(5, 14))
    late = _export(patient, identity, tmp_path, date(2026, 11, 4), date(2026, 11, 30),
                   "b.painease-results").path
    me, store = _as_therapist(homes)
    with store:
        first = import_results(early, me, store)
        second = import_results(late, me, store)
        again = import_results(late, me, store)
        # The same file again is not a new import: one row each for the two files.
        assert len(PatientStore(store).imports(identity.key_id)) == 2
    assert first.counts.sessions_new == 2
    assert (second.counts.sessions_new, second.counts.sessions_updated,
            second.counts.sessions_unchanged) == (2, 1, 0)
    assert (again.counts.sessions_new, again.counts.sessions_updated,
            again.counts.sessions_unchanged) == (0, 0, 3)
    with open_patient(identity.key_id) as theirs:
        sessions = theirs.sessions()
        assert len(sessions) == 4
        fifth = next(s for s in sessions if s.started_at == _at(5))
        assert theirs.ratings(fifth.id)["post"].pain == 2
        assert len(theirs.live_samples(fifth.id)) == 3  # replaced, not appended


def test_a_third_key_cannot_read_the_results(patient, identity, homes, tmp_path):
    summary = _export(patient, identity, tmp_path, date(2026, 11, 1), date(2026, 11, 30))
    stranger = Identity(SigningKey.generate())
    before = snapshot(homes.therapist)
    with pytest.raises(ResultsError, match="made for another therapist's key") as refused:
        import_results(summary.path, stranger, SessionStore(tmp_path / "x.sqlite3"))
    # Keys are named as fingerprints are everywhere else: groups of four, from the start.
    therapist_key = therapists(patient)[0][1]
    assert (f"its fingerprint starts {fingerprint(therapist_key)[:19]}), not yours (yours "
            f"starts {stranger.fingerprint[:19]})") in str(refused.value)
    # Even with the header rewritten to name the stranger, the box does not open.
    head, _, sealed = summary.path.read_bytes().partition(b"\n")
    header = json.loads(head)
    header["recipient_key_id"] = stranger.key_id
    forged = tmp_path / "forged.painease-results"
    forged.write_bytes(json.dumps(header).encode() + b"\n" + sealed)
    with pytest.raises(ResultsError, match="cannot be decrypted with your key"):
        import_results(forged, stranger, SessionStore(tmp_path / "y.sqlite3"))
    assert snapshot(homes.therapist) == before


def test_damaged_or_forged_results_are_refused_and_nothing_is_written(
        patient, identity, homes, tmp_path, therapist):
    summary = _export(patient, identity, tmp_path, date(2026, 11, 1), date(2026, 11, 30))
    data = bytearray(summary.path.read_bytes())
    data[-5] ^= 0xFF
    flipped = tmp_path / "flipped.painease-results"
    flipped.write_bytes(bytes(data))

    # Someone seals a payload signed by the patient for another therapist to our therapist.
    other = Identity(SigningKey.generate())
    payload = {"format": "painease-results-payload", "version": 1,
               "sender_public_key": identity.public_key,
               "recipient_public_key": other.public_key, "patient_name": "Sam",
               "created_at": "2026-11-30T10:00:00+00:00",
               "period": {"from": "2026-11-01", "to": "2026-11-30"},
               "sessions": [], "journal": []}
    compressed = zlib.compress(json.dumps(payload).encode())
    inner = bytes.fromhex(identity.public_key) + identity.signing_key.sign(compressed)
    resent = tmp_path / "resent.painease-results"
    header = {"format": "painease-results", "version": 1,
              "recipient_key_id": therapist.key_id}
    resent.write_bytes(json.dumps(header).encode() + b"\n"
                       + bytes(SealedBox(box_public_key(therapist.public_key)).encrypt(inner)))

    # A payload whose rating is out of range, properly signed and sealed.
    payload["recipient_public_key"] = therapist.public_key
    payload["sessions"] = [{"uid": "a" * 32, "script_id": "x", "script_version": 1,
                            "length_minutes": 5, "started_at": "2026-11-02T12:00:00.000Z",
                            "ended_at": None, "elapsed_ms": None, "outcome": "completed",
                            "audio_note": None, "program_id": None, "position": None,
                            "ratings": [{"moment": "pre", "pain": 11, "fear": 2, "note": None,
                                         "rated_at": "2026-11-02T12:00:00.000Z"}],
                            "live": []}]
    compressed = zlib.compress(json.dumps(payload).encode())
    inner = bytes.fromhex(identity.public_key) + identity.signing_key.sign(compressed)
    invalid = tmp_path / "invalid.painease-results"
    invalid.write_bytes(json.dumps(header).encode() + b"\n"
                        + bytes(SealedBox(box_public_key(therapist.public_key)).encrypt(inner)))

    not_results = tmp_path / "x.painease-results"
    not_results.write_bytes(b"hello\nworld")

    me, store = _as_therapist(homes)
    before = snapshot(homes.therapist)
    with store:
        for path, message in ((flipped, "cannot be decrypted with your key"),
                              (resent, "signed for another therapist and re-sent"),
                              (invalid, "invalid data: session aaaa"),
                              (not_results, "not a painease results file")):
            with pytest.raises(ResultsError, match=message):
                import_results(path, me, store)
            assert snapshot(homes.therapist) == before
        assert PatientStore(store).patients() == []


def test_a_session_pack_picked_as_results_is_named_for_what_it_is(make_pack, homes):
    """Once only "not a painease results file", where the patient's side names a results
    file picked as a pack."""
    from tests.packs.conftest import make_program

    pack = make_pack(make_program(), "two-weeks.painease")
    me, store = _as_therapist(homes)
    with store, pytest.raises(ResultsError) as refused:
        import_results(pack, me, store)
    assert str(refused.value) == (
        "this is a session pack (.painease), not a results file: a pack is for your patient "
        "to import on their computer; the results they send back end in .painease-results")


def test_export_checks_its_input(patient, identity, tmp_path):
    with pytest.raises(ResultsError, match="ends .* before it starts"):
        export_results(patient, "00" * 32, identity, tmp_path / "r", date(2026, 11, 5),
                       date(2026, 11, 1))
    with pytest.raises(ResultsError, match="is not a public key"):
        export_results(patient, "nope", identity, tmp_path / "r", date(2026, 11, 1),
                       date(2026, 11, 5))
    assert not (tmp_path / "r").exists()


# The insights branch adds these tables by its own migration; made by hand here so this
# test shows that phase marks travel wherever both databases have them.
_PHASE_TABLES = (
    "CREATE TABLE session_phases (session_id INTEGER NOT NULL REFERENCES sessions (id)"
    " ON DELETE CASCADE, t_ms INTEGER NOT NULL, phase TEXT NOT NULL,"
    " PRIMARY KEY (session_id, t_ms))",
    "CREATE TABLE session_phase_shifts (session_id INTEGER NOT NULL, phase TEXT NOT NULL,"
    " window_ms INTEGER NOT NULL, n_events INTEGER NOT NULL, shift REAL,"
    " PRIMARY KEY (phase, window_ms, session_id))",
)


def _add_phase_tables(path):
    conn = sqlite3.connect(path)
    for statement in _PHASE_TABLES:
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?",
                            (statement.split()[2],)).fetchone():
            conn.execute(statement)
    conn.commit()
    return conn


def test_phase_marks_travel_and_stale_shift_cache_is_dropped(patient, identity, homes,
                                                             tmp_path):
    conn = _add_phase_tables(patient.path)
    conn.executemany("INSERT INTO session_phases VALUES (?, ?, ?)",
                     [(1, 0, "settle"), (1, 30_000, "attention"), (1, 60_000, "safety")])
    conn.commit()
    conn.close()
    first = _export(patient, identity, tmp_path, date(2026, 11, 1), date(2026, 11, 3),
                    "a.painease-results").path
    theirs = homes.therapist / "patients" / identity.key_id / "painease.sqlite3"
    SessionStore(theirs).close()
    _add_phase_tables(theirs).close()
    me, store = _as_therapist(homes)
    with store:
        import_results(first, me, store)
        marks = _rows(theirs, "SELECT t_ms, phase FROM session_phases ORDER BY t_ms")
        assert marks == [(0, "settle"), (30_000, "attention"), (60_000, "safety")]
        conn = sqlite3.connect(theirs)
        conn.execute("INSERT INTO session_phase_shifts VALUES (1, 'safety', 30000, 1, -1.5)")
        conn.commit()
        conn.close()
        # The patient's later export changes the live samples: the cached shift is stale.
        homes.use(homes.patient)
        patient.add_live_samples(1, [(90_000, 2.0)])
        second = _export(patient, identity, tmp_path, date(2026, 11, 1), date(2026, 11, 3),
                         "b.painease-results").path
        homes.use(homes.therapist)
        assert import_results(second, me, store).counts.sessions_updated == 1
    assert _rows(theirs, "SELECT count(*) FROM session_phase_shifts") == [(0,)]
    assert len(_rows(theirs, "SELECT * FROM session_phases")) == 3


def test_a_name_the_therapist_gave_survives_the_next_import(patient, identity, homes,
                                                            tmp_path, therapist):
    first = _export(patient, identity, tmp_path, date(2026, 11, 1), date(2026, 11, 15))
    me, store = _as_therapist(homes)
    with store:
        assert import_results(first.path, me, store).patient.name == "Sam"
        PatientStore(store).rename(identity.key_id, "Sam R. (Tuesdays)")
    second = _export(patient, identity, tmp_path / "again", date(2026, 11, 1),
                     date(2026, 11, 30))
    with _as_therapist(homes)[1] as store:
        result = import_results(second.path, me, store)
        assert result.patient.name == "Sam R. (Tuesdays)"
        assert PatientStore(store).patient(identity.key_id).name == "Sam R. (Tuesdays)"


def test_results_sent_without_notes_keep_the_notes_already_here(patient, identity, homes,
                                                                tmp_path):
    # Once a newer file sent without notes wiped the notes of every session it updated.
    noted = _export(patient, identity, tmp_path, date(2026, 11, 1), date(2026, 11, 3),
                    "noted.painease-results", include_journal=True).path
    patient.save_rating(1, "post", 2, 2, rated_at=_at(2, 13))  # a change, so an update
    plain = _export(patient, identity, tmp_path, date(2026, 11, 1), date(2026, 11, 3),
                    "plain.painease-results").path
    me, store = _as_therapist(homes)
    with store:
        import_results(noted, me, store)
        assert import_results(plain, me, store).counts.sessions_updated == 1
    with open_patient(identity.key_id) as theirs:
        [session] = theirs.sessions()
        ratings = theirs.ratings(session.id)
        assert ratings["pre"].note == "tight back" and ratings["post"].pain == 2


def test_an_older_results_file_never_rolls_back_a_newer_one(patient, identity, homes,
                                                            tmp_path):
    import time

    # Still running when the first file was made; finished before the second.
    sid = patient.start_session("calm-corner", 1, 2, started_at=_at(14))
    patient.save_rating(sid, "pre", 7, 7, rated_at=_at(14))
    older = _export(patient, identity, tmp_path, date(2026, 11, 1), date(2026, 11, 30),
                    "older.painease-results").path
    time.sleep(1.1)  # files are stamped to the second
    patient.end_session(sid, "completed", 120_000, ended_at=_at(14, 13))
    patient.save_rating(sid, "post", 3, 2, rated_at=_at(14, 13))
    newer = _export(patient, identity, tmp_path, date(2026, 11, 1), date(2026, 11, 30),
                    "newer.painease-results").path
    me, store = _as_therapist(homes)
    with store:
        import_results(newer, me, store)
        result = import_results(older, me, store)
    assert (result.counts.sessions_new, result.counts.sessions_updated) == (0, 0)
    [warning] = result.warnings
    assert warning.startswith("This file was made on ") and warning.endswith(
        "sessions already here were kept as they are, and only new ones were added.")
    with open_patient(identity.key_id) as theirs:
        [late] = [s for s in theirs.sessions() if s.started_at == _at(14)]
        assert late.outcome == "completed" and theirs.ratings(late.id)["post"].pain == 3



def test_an_older_results_file_leaves_the_current_set_as_the_newer_one_said(
        patient, identity, homes, tmp_path, make_pack):
    import time

    older = _export(patient, identity, tmp_path, date(2026, 11, 1), date(2026, 11, 30),
                    "older.painease-results").path
    time.sleep(1.1)  # files are stamped to the second
    second = make_program(program_id="22222222-2222-4222-8222-222222222222")
    homes.use(homes.patient)
    import_pack(make_pack(second, "second.painease"), patient, today=date(2026, 11, 20))
    assert ProgramStore(patient).current().program.id == second.id
    newer = _export(patient, identity, tmp_path, date(2026, 11, 1), date(2026, 11, 30),
                    "newer.painease-results").path
    me, store = _as_therapist(homes)
    with store:
        import_results(newer, me, store)
        import_results(older, me, store)  # the patient's first set was current then
    with open_patient(identity.key_id) as theirs:
        assert ProgramStore(theirs).current().program.id == second.id

KILLED_BETWEEN = """
import os, signal, sys
from painease.packs.identity import load_or_create_identity
from painease.packs.results import import_results
from painease.storage import SessionStore
from painease.storage.patients import PatientStore

def killed(*args, **kwargs):  # the process dies once the patient's database is written
    os.kill(os.getpid(), signal.SIGKILL)

PatientStore.record_import = killed
with SessionStore(sys.argv[2]) as store:
    import_results(sys.argv[1], load_or_create_identity(), store)
"""


def test_an_import_killed_between_the_two_databases_lists_the_patient_on_the_next(
        patient, identity, homes, tmp_path):
    """Killed after the patient's sessions were merged into their database but before the
    therapist's list was written: not listed yet (never listed half), and the same file
    imported again lists them, their sessions counted as new to the therapist.
    (See also test_results_killed.py: kills at every moment of a CLI import.)"""
    import os
    import subprocess
    import sys

    from tests.test_report import REPO

    summary = _export(patient, identity, tmp_path, date(2026, 11, 1), date(2026, 11, 30))
    homes.use(homes.therapist)
    database = homes.therapist / "painease.sqlite3"
    env = dict(os.environ, PYTHONPATH=str(REPO))
    killed = subprocess.run([sys.executable, "-c", KILLED_BETWEEN, str(summary.path),
                             str(database)], env=env, capture_output=True, text=True,
                            timeout=120)
    assert killed.returncode == -9, killed.stderr
    with SessionStore(database) as store:
        assert PatientStore(store).patients() == []
        with open_patient(identity.key_id) as theirs:
            assert len(theirs.sessions()) == 4
        # Importing the file again lists them, and adds nothing twice.
        again = import_results(summary.path, load_or_create_identity(), store)
        assert (again.counts.sessions_new, again.counts.sessions_updated) == (4, 0)
        assert again.message == "Sam: 4 new, 0 updated, 0 already here"
        (listed,) = PatientStore(store).patients()
        assert (listed.key_id, listed.name) == (identity.key_id, "Sam")
        [record] = PatientStore(store).imports(identity.key_id)
        assert record.sessions_new == 4
        with open_patient(identity.key_id) as theirs:
            assert len(theirs.sessions()) == 4


def test_the_same_file_twice_is_one_import_and_the_newest_file_names_the_period(
        qtbot, patient, identity, homes, tmp_path):
    import time

    from painease.ui.therapist.patients_page import PatientsPage

    older = _export(patient, identity, tmp_path, date(2026, 11, 1), date(2026, 11, 10),
                    "older.painease-results").path
    time.sleep(1.1)  # files are stamped to the second
    newer = _export(patient, identity, tmp_path, date(2026, 11, 1), date(2026, 11, 30),
                    "newer.painease-results").path
    me, store = _as_therapist(homes)
    with store:
        for path in (newer, older, older):  # the older file comes in last, twice
            import_results(path, me, store)
        patients = PatientStore(store)
        imports = patients.imports(identity.key_id)
        assert [(r.period_to.day, r.sessions_new) for r in imports] == [(30, 4), (10, 0)]
        assert patients.latest_import(identity.key_id).period_to == date(2026, 11, 30)
        page = PatientsPage(store)
        qtbot.addWidget(page)
        # Said as the file's period, not as if the newest sessions were November's.
        assert page.note.text() == ("4 sessions imported. Their newest results file covers "
                                    "1 Nov – 30 Nov 2026.")
        page.close()  # lets go of the patient's database


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
                                 "without it.")


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


def test_a_byte_damaged_in_the_first_line_is_called_damage(patient, identity, homes,
                                                             tmp_path):
    """One flipped byte in "version" once gave "results format version None is not
    readable by this painease (it reads 1); update painease": no update helps."""
    summary = _export(patient, identity, tmp_path, date(2026, 11, 1), date(2026, 11, 30))
    data = summary.path.read_bytes()
    head = data.split(b"\n", 1)[0]
    me, store = _as_therapist(homes)
    said = set()
    with store:
        for index in range(len(head)):
            damaged = bytearray(data)
            damaged[index] ^= 0x01
            path = tmp_path / "damaged.painease-results"
            path.write_bytes(bytes(damaged))
            with pytest.raises(ResultsError) as refused:
                import_results(path, me, store)
            message = str(refused.value)
            assert "update painease" not in message and "None" not in message, message
            said.add(message)
        assert PatientStore(store).patients() == []
    assert "the file is damaged; ask for it to be sent again" in said
    newer = tmp_path / "newer.painease-results"
    newer.write_bytes(data.replace(b'"version": 1', b'"version": 2', 1))
    with pytest.raises(ResultsError, match="version 2 is not readable by this painease .* "
                                           "update painease"):
        read_results(newer, me)
