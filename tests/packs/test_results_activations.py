"""A session from the Library counts for the set that was the patient's current set when
it started, as the therapist's Outcomes counts it from the results the patient sent.

Probe (the lead): a Library session done at 09:00 counted for the set the patient
imported at 15:00 that day (the rule went by day), and one done while two sets' weeks
overlapped counted for both sets' columns. Results now carry the moments each set was
made current; a file from an older painease, without them, still counts by day.

Real parts: the therapist's packs imported into the patient's SQLite file, Library
sessions saved there, sealed results exported and imported into the therapist's.
``import_pack`` takes the computer's time as the moment a set is made current; each
import here is put at the moment on the patient's clock that the test says.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from painease.domain.programs import Program, Schedule
from painease.packs.identity import load_or_create_identity
from painease.packs.install import import_pack
from painease.packs.results import ResultsError, import_results, open_patient, read_results
from painease.packs.results_file import OTHERS_KEY, OTHERS_ORDER_KEY
from painease.storage import SessionStore
from painease.storage.patients import set_sessions
from painease.storage.programs import ProgramStore
from painease.storage.stored_values import db_time
from tests.packs.conftest import _as_therapist, _export, make_program, seal_results


def _nov(day: int, hour: int) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=UTC)


class Patient:
    """Sam: their store and identity; each set's pack made by the therapist on first use."""

    def __init__(self, homes, make_pack) -> None:
        self.homes, self._make_pack, self._packs = homes, make_pack, {}
        homes.use(homes.patient)
        self.identity = load_or_create_identity(name="Sam")
        self.store = SessionStore(homes.patient / "painease.sqlite3")

    def pack(self, program: Program):
        key = program.id, program.version
        if key not in self._packs:
            self._packs[key] = self._make_pack(program, f"{program.id}-{program.version}"
                                                        ".painease")
        return self._packs[key]


@pytest.fixture
def sam(homes, make_pack):
    patient = Patient(homes, make_pack)
    with patient.store:
        yield patient


def _import(sam: Patient, program: Program, at: datetime) -> None:
    """Sam imports the set's pack (again, for one already here) at ``at``."""
    pack, store = sam.pack(program), sam.store
    before = db_time(datetime.now(UTC))
    import_pack(pack, store, today=at.date())
    conn = store.database.conn  # the moment import_pack took (now) is put at ``at``
    conn.execute("UPDATE set_activations SET activated_at = ? WHERE program_id = ?"
                 " AND activated_at >= ?", (db_time(at), program.id, before))


def _library(sam: Patient, at: datetime, program: Program | None = None) -> None:
    """A session from the Library started at ``at`` (or, when ``program`` is given, from
    its first item: results send the sets sessions were done for)."""
    item = program.items[0] if program is not None else None
    sid = sam.store.start_session(item.script_id if item else "paced-breathing", 1, 5,
                                  started_at=at,
                                  program_item=(program.id, 1) if program else None)
    sam.store.end_session(sid, "completed", 300_000, played_ms=300_000)


def _sent(sam: Patient, tmp_path, old_painease: bool = False, unordered: bool = False):
    """Sam's results for November, imported by the therapist; ``old_painease``: as a
    painease from before the moments were sent writes them (the file without them);
    ``unordered``: as one that sent the moments but not their order."""
    identity = sam.identity
    sam.homes.use(sam.homes.patient)
    path = _export(sam.store, identity, tmp_path, date(2026, 11, 1), date(2026, 11, 30)).path
    me, own = _as_therapist(sam.homes)
    if old_painease or unordered:
        payload = read_results(path, me).payload
        for entry in payload["sets"]:
            del entry["activation_order"]
            if old_painease:
                del entry["activations"]
        del payload[OTHERS_ORDER_KEY]
        if old_painease:
            del payload[OTHERS_KEY]
        path = seal_results(payload, identity, me, tmp_path / "old.painease-results")
    with own:
        import_results(path, me, own)
    return open_patient(identity.key_id)


def _credited(theirs, program: Program) -> list[datetime]:
    """When the sessions from the Library that the set's Outcomes column counts started."""
    sets = ProgramStore(theirs)
    return [s.started_at for s in set_sessions(theirs, sets.program(program.id),
                                               today=date(2026, 11, 30))
            if sets.session_item(s.id) is None]


def _morning_then_import(sam: Patient) -> Program:
    # Monday 16 Nov: practice from the Library at 09:00, the set imported at 15:00, more
    # practice at 16:00.
    program = make_program()
    _library(sam, _nov(16, 9))
    _import(sam, program, _nov(16, 15))
    _library(sam, _nov(16, 16))
    return program


def test_practice_before_the_set_was_imported_that_day_is_not_the_sets(sam, tmp_path):
    program = _morning_then_import(sam)
    with _sent(sam, tmp_path) as theirs:
        assert _credited(theirs, program) == [_nov(16, 16)]


def _overlapping_sets(sam: Patient) -> tuple[Program, Program]:
    # "Two weeks" from 2 Nov (its weeks run to 15 Nov); "Next steps" imported on 9 Nov
    # (its weeks run to 22 Nov); "Two weeks" made current again on 12 Nov (the therapist
    # sent its version 2). Practice from the Library on 5, 10 and 13 Nov, and on 20 Nov.
    first = make_program()
    second = Program.create("Next steps", "Dr. Ana Moreno", [
        ("paced-breathing", 5, Schedule(times_per_week=5, weeks=2), None)])
    _import(sam, first, _nov(2, 8))
    _library(sam, _nov(3, 12), first)  # a session of each set: the results send both
    _library(sam, _nov(5, 12))
    _import(sam, second, _nov(9, 8))
    _library(sam, _nov(9, 12), second)
    _library(sam, _nov(10, 12))
    _import(sam, make_program(version=2, program_id=first.id), _nov(12, 8))
    _library(sam, _nov(13, 12))
    _library(sam, _nov(20, 12))
    return first, second


def test_practice_while_two_sets_overlap_counts_for_the_current_one_only(sam, tmp_path):
    first, second = _overlapping_sets(sam)
    assert ProgramStore(sam.store).current().program.id == first.id
    with _sent(sam, tmp_path) as theirs:
        # 10 Nov: "Next steps" was current, though "Two weeks" still ran; 13 Nov: "Two
        # weeks" again (made current on 12 Nov); 20 Nov: after its weeks, for neither.
        assert _credited(theirs, first) == [_nov(5, 12), _nov(13, 12)]
        assert _credited(theirs, second) == [_nov(10, 12)]


def test_results_from_an_older_painease_still_count_by_day(sam, tmp_path):
    program = _morning_then_import(sam)
    with _sent(sam, tmp_path, old_painease=True) as theirs:
        # No moment came: the import keeps none of its own, and the day rule stays.
        assert ProgramStore(theirs).made_current(tz=None) == {}
        assert _credited(theirs, program) == [_nov(16, 9), _nov(16, 16)]


def test_overlapping_sets_from_an_older_painease_still_count_by_day(sam, tmp_path):
    first, second = _overlapping_sets(sam)
    with _sent(sam, tmp_path, old_painease=True) as theirs:
        assert _credited(theirs, first) == [_nov(5, 12), _nov(10, 12), _nov(13, 12)]
        assert _credited(theirs, second) == [_nov(10, 12), _nov(13, 12), _nov(20, 12)]


def test_the_moments_travel_as_the_patient_kept_them(sam, tmp_path):
    first, second = _overlapping_sets(sam)
    with _sent(sam, tmp_path) as theirs:
        sent = ProgramStore(theirs).made_current(tz=None)
    assert sent == {first.id: [_nov(2, 8), _nov(12, 8)], second.id: [_nov(9, 8)]}
    assert ProgramStore(sam.store).made_current(tz=None) == sent


def test_a_set_not_sent_is_current_from_its_moment_on_though_not_named(sam, tmp_path):
    # "Next steps" is made here (not the therapist's): it is not sent, but from the
    # moment Sam made it current, practice is not "Two weeks"'s.
    first = make_program()
    _import(sam, first, _nov(2, 8))
    _library(sam, _nov(3, 12), first)
    _library(sam, _nov(5, 12))
    mine = Program.create("Next steps", "Sam", [
        ("paced-breathing", 5, Schedule(times_per_week=5, weeks=2), None)])
    ProgramStore(sam.store).save_program(mine, activate=True, today=date(2026, 11, 9),
                                         at=_nov(9, 8))
    _library(sam, _nov(10, 12))
    with _sent(sam, tmp_path) as theirs:
        assert _credited(theirs, first) == [_nov(5, 12)]
        assert ProgramStore(theirs).made_current(tz=None) == {
            first.id: [_nov(2, 8)], "": [_nov(9, 8)]}
        assert [p.program.id for p in ProgramStore(theirs).programs()] == [first.id]


def test_the_patient_is_told_that_when_they_switched_sets_goes_along(sam, tmp_path):
    # The moments another set was made current go to this therapist (not which set):
    # Send results says so, so nothing goes that the patient was not told of.
    first = make_program()
    _import(sam, first, _nov(2, 8))
    _library(sam, _nov(3, 12), first)
    quiet = _export(sam.store, sam.identity, tmp_path, date(2026, 11, 1),
                    date(2026, 11, 30)).sets_text
    assert "switched" not in quiet  # no other set was ever made current
    mine = Program.create("Next steps", "Sam", [
        ("paced-breathing", 5, Schedule(times_per_week=5, weeks=2), None)])
    ProgramStore(sam.store).save_program(mine, activate=True, today=date(2026, 11, 9),
                                         at=_nov(9, 8))
    said = _export(sam.store, sam.identity, tmp_path, date(2026, 11, 1),
                   date(2026, 11, 30)).sets_text
    assert "The times you switched to another set go along too (not which set)" in said


# ---- in the order the sets were made current, not by the clock's times -----------------
# Review: a set made current while the clock ran ahead kept being credited with Library
# practice after a later set was made current (Home showed the later one), on Sam's side
# and on the therapist's alike.


def _patient_credited(sam: Patient, program: Program) -> list[datetime]:
    """``_credited`` on Sam's own store: the patient's side of the same count."""
    sets = ProgramStore(sam.store)
    return [s.started_at for s in set_sessions(sam.store, sets.program(program.id),
                                               today=date(2026, 11, 30))
            if sets.session_item(s.id) is None]


def _clock_ahead_then_next_set(sam: Patient, mine: bool = False) -> tuple[Program, Program]:
    # "Two weeks" imported while Sam's clock ran three days ahead (it said 12 Nov); the
    # clock put right, "Next steps" made current on 9 Nov (the therapist's, or Sam's own
    # when ``mine``: not sent). Home shows "Next steps"; practice on 10 and 13 Nov is its.
    first = make_program()
    second = Program.create("Next steps", "Sam" if mine else "Dr. Ana Moreno", [
        ("paced-breathing", 5, Schedule(times_per_week=5, weeks=2), None)])
    _import(sam, first, _nov(12, 8))
    _library(sam, _nov(12, 9), first)  # a session of the set: the results send it
    if mine:
        ProgramStore(sam.store).save_program(second, activate=True,
                                             today=date(2026, 11, 9), at=_nov(9, 8))
    else:
        _import(sam, second, _nov(9, 8))
    _library(sam, _nov(10, 12))
    _library(sam, _nov(13, 12))
    assert ProgramStore(sam.store).current().program.id == second.id
    return first, second


def test_both_sides_count_a_set_made_current_with_the_clock_ahead_alike(sam, tmp_path):
    first, second = _clock_ahead_then_next_set(sam)
    mine = [_patient_credited(sam, first), _patient_credited(sam, second)]
    assert mine == [[], [_nov(10, 12), _nov(13, 12)]]
    with _sent(sam, tmp_path) as theirs:
        assert [_credited(theirs, first), _credited(theirs, second)] == mine


def test_a_set_not_sent_made_current_after_one_with_the_clock_ahead(sam, tmp_path):
    first, _ = _clock_ahead_then_next_set(sam, mine=True)
    assert _patient_credited(sam, first) == []
    with _sent(sam, tmp_path) as theirs:
        assert _credited(theirs, first) == []


def test_the_order_travels_beside_the_moments(sam, tmp_path):
    # Beside them, so a painease that does not know it reads the moments as before.
    _clock_ahead_then_next_set(sam, mine=True)
    me, own = _as_therapist(sam.homes)
    with own:  # the therapist's key, to open the file
        pass
    sam.homes.use(sam.homes.patient)
    path = _export(sam.store, sam.identity, tmp_path, date(2026, 11, 1),
                   date(2026, 11, 30)).path
    payload = read_results(path, me).payload
    [entry] = payload["sets"]
    assert entry["activations"] == ["2026-11-12T08:00:00.000+00:00"]
    assert payload[OTHERS_KEY] == ["2026-11-09T08:00:00.000+00:00"]
    assert entry["activation_order"] == [1] and payload[OTHERS_ORDER_KEY] == [2]


def test_results_that_sent_the_moments_without_their_order_count_by_the_moments(
        sam, tmp_path):
    first, second = _clock_ahead_then_next_set(sam)
    with _sent(sam, tmp_path, unordered=True) as theirs:
        assert _credited(theirs, first) == [_nov(13, 12)]
        assert _credited(theirs, second) == [_nov(10, 12)]


def test_an_order_that_does_not_match_the_moments_is_refused(sam, tmp_path):
    _clock_ahead_then_next_set(sam)
    sam.homes.use(sam.homes.patient)
    path = _export(sam.store, sam.identity, tmp_path, date(2026, 11, 1),
                   date(2026, 11, 30)).path
    me, own = _as_therapist(sam.homes)
    payload = read_results(path, me).payload
    payload["sets"][0]["activation_order"].append(9)
    path = seal_results(payload, sam.identity, me, tmp_path / "odd.painease-results")
    with own, pytest.raises(ResultsError, match="activations and their order do not match"):
        import_results(path, me, own)
