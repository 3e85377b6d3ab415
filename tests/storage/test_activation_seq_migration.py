"""A database from before each activation's place in the order was kept
(``set_activations.seq``) migrates: a person's own store counts its Library sessions in
the order its sets were made current, as Home's current set goes, whatever the clock
said; a therapist's copy, whose order the results did not send, counts by the moments
as before.

"Ahead" was made current while the clock ran five days ahead (10 Mar), "Later" after the
clock was put right (6 Mar): Home shows "Later", and a Library session on 11 Mar is its.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, date, datetime

import pytest

from painease.storage import SessionStore, migrations
from painease.storage.patients import set_sessions
from painease.storage.programs import ProgramStore

SCHEDULE = json.dumps({"times_per_week": 3, "weeks": 4, "start_week": 0})


def _mar(day: int, hour: int = 12) -> datetime:
    return datetime(2026, 3, day, hour, tzinfo=UTC)


def _older(path, step, rows: list[tuple[str, str, int]], copy: bool = False) -> None:
    """A file at ``step`` holding the sets ``rows`` (id, moment made current last, place
    in Home's order), written in that order; at the step before this one, each moment
    made current is in ``set_activations`` too, written in that order."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        upto = migrations.MIGRATIONS.index(step)
        assert migrations.migrate(conn, migrations.MIGRATIONS[:upto]) == upto
        for set_id, moment, place in rows:
            conn.execute(
                "INSERT INTO programs (id, version, title, therapist_name, origin,"
                " started_on, activated_at, saved_at, activation_seq) VALUES (?, 1, ?,"
                " 'Dr. Ana Moreno', 'own', ?, ?, '2026-03-01T08:00:00.000Z', ?)",
                (set_id, f"Set {place}", moment[:10], moment, place))
            conn.execute("INSERT INTO program_items VALUES (?, 1, 'paced-breathing', 5,"
                         " NULL, ?)", (set_id, SCHEDULE))
            if step is migrations._activation_seq:
                conn.execute("INSERT INTO set_activations VALUES (?, ?)", (set_id, moment))
        if copy:
            conn.execute("INSERT INTO patient_copy (id) VALUES (1)")
    finally:
        conn.close()


def _credited(path) -> dict[str, list[datetime]]:
    """Which set a Library session on 11 Mar counts for, and Home's current set."""
    with SessionStore(path) as store:
        sid = store.start_session("paced-breathing", 1, 5, started_at=_mar(11, 15))
        store.end_session(sid, "completed", 300_000, played_ms=300_000)
        sets = ProgramStore(store)
        found = {p.program.id: [s.started_at for s in set_sessions(
            store, p, today=date(2026, 3, 30))] for p in sets.programs()}
        found["home"] = sets.current().program.id
    return found


AHEAD_ID = "00000000-0000-4000-8000-00000000000a"
LATER_ID = "00000000-0000-4000-8000-00000000000b"
AHEAD = (AHEAD_ID, "2026-03-10T12:00:00.000Z", 1)
LATER = (LATER_ID, "2026-03-06T12:00:00.000Z", 2)
CREDITED = {"home": LATER_ID, AHEAD_ID: [], LATER_ID: [_mar(11, 15)]}


@pytest.mark.parametrize("written", [[AHEAD, LATER], [LATER, AHEAD]])
def test_an_own_stores_activations_count_in_homes_order(tmp_path, written):
    # Before any activation was kept: the step before copied each set's last one, in
    # no order of Home's; their places are Home's order.
    db = tmp_path / "painease.sqlite3"
    _older(db, migrations._SET_ACTIVATIONS, written)
    assert _credited(db) == CREDITED


def test_activations_kept_since_count_in_the_order_they_were_written(tmp_path):
    db = tmp_path / "painease.sqlite3"
    _older(db, migrations._activation_seq, [AHEAD, LATER])
    assert _credited(db) == CREDITED
    with SessionStore(db) as store:  # and the next activation comes after them
        ProgramStore(store).activate(AHEAD_ID, at=_mar(7))
        assert ProgramStore(store).activations(tz=UTC)[-1] == (AHEAD_ID, _mar(7))


def test_a_therapists_copy_without_the_order_counts_by_the_moments_as_before(tmp_path):
    db = tmp_path / "painease.sqlite3"
    _older(db, migrations._activation_seq, [AHEAD, LATER], copy=True)
    with SessionStore(db) as store:
        assert [row[2] for row in ProgramStore(store).activations_kept()] == [None, None]
        assert ProgramStore(store).activations(tz=UTC) == [(LATER_ID, _mar(6)),
                                                            (AHEAD_ID, _mar(10))]


SAME = "2026-03-05T12:00:00.000Z"  # "Ahead" and "Later" made current in one millisecond


def _home_order(path, set_id: str, place: int, moment: str | None = None) -> None:
    """``set_id`` made current again as the painease before the places kept it: Home's
    place and, at a new ``moment``, a row; in the millisecond of one of its rows, none
    (that row was kept once)."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("UPDATE programs SET activation_seq = ?, activated_at ="
                     " coalesce(?, activated_at) WHERE id = ?", (place, moment, set_id))
        if moment is not None:
            conn.execute("INSERT INTO set_activations VALUES (?, ?)", (set_id, moment))
    finally:
        conn.close()


def _kept(path) -> list[tuple[str, datetime]]:
    with SessionStore(path) as store:
        return [(set_id[-1], when) for set_id, when, _ in
                ProgramStore(store).activations_kept()]


def test_a_set_made_current_again_in_the_same_millisecond_takes_homes_place(tmp_path):
    # "Ahead", "Later", "Ahead" again, all in one millisecond: the third kept no row, but
    # Home's order says "Ahead" was made current last, and its row is its latest.
    db = tmp_path / "painease.sqlite3"
    _older(db, migrations._activation_seq, [(AHEAD_ID, SAME, 1), (LATER_ID, SAME, 2)])
    _home_order(db, AHEAD_ID, 3)
    assert _kept(db) == [("b", _mar(5)), ("a", _mar(5))]


def test_one_made_current_again_in_a_millisecond_before_its_latest_keeps_its_row(
        tmp_path):
    # The same, then "Ahead" made current once more on 7 Mar: of its first two
    # activations one row was kept, where it was written, and nothing kept says that
    # "Ahead" came after "Later" on 5 Mar (documented: not recoverable). Migrated
    # without error, each row in its written place.
    db = tmp_path / "painease.sqlite3"
    _older(db, migrations._activation_seq, [(AHEAD_ID, SAME, 1), (LATER_ID, SAME, 2)])
    _home_order(db, AHEAD_ID, 4, "2026-03-07T12:00:00.000Z")
    assert _kept(db) == [("a", _mar(5)), ("b", _mar(5)), ("a", _mar(7))]
