"""A file from before a therapist's accepted new key was put on record for all their sets
(schema version 13): the schema step puts it there, and on no one else's sets.

The file is made as the painease of that time left it after the patient took two sets from
Dr. Ana Moreno's old key, then accepted her new key on a copy of the current one (checked
against that code: the pin names the new key, both sets still the old one)."""

from __future__ import annotations

import sqlite3
import uuid
from datetime import date

from nacl.signing import SigningKey

from painease.packs.identity import Identity
from painease.packs.results_export import export_results
from painease.storage import SCHEMA_VERSION, SessionStore, migrations
from painease.storage.programs import ProgramStore


def _key() -> str:
    return SigningKey.generate().verify_key.encode().hex()


OLD, NEW, PACO, FORGER, SAM_OLD, SAM_NEW, KIM = (_key() for _ in range(7))
PACO_LOOK_ALIKE = "Dr. \u0420\u0430\u0441\u043e Lee"  # every letter of Расо Cyrillic
SETS = [  # id, therapist's name on the set, origin, signer, made current (order)
    ("second", "Dr. Ana Moreno", "imported", OLD, 1),
    ("first", "Dr. Ana Moreno", "imported", OLD, 2),  # the set the new key's copy was of
    ("spaced", "dr.  ANA moreno", "imported", OLD, None),  # the same letters
    ("paco", "Dr. Paco Lee", "imported", PACO, None),
    ("look-alike", PACO_LOOK_ALIKE, "imported", FORGER, None),  # pinned apart before v5
    ("own", "Dr. Ana Moreno", "own", None, None),
    ("sam", "Dr. Sam Lee", "imported", SAM_OLD, None),  # Sam's new key accepted too
    ("sam-new", "Dr. Sam Lee", "imported", SAM_NEW, None),
    ("kim", "Dr. Kim Park", "imported", KIM, None),  # no pin at all
]
PINS = [("dr. ana moreno", "Dr. Ana Moreno", NEW), ("dr. sam lee", "Dr. Sam Lee", SAM_NEW),
        ("dr. paco lee", "Dr. Paco Lee", PACO)]  # the look-alike's pin was dropped (v5)
ID = {s[0]: str(uuid.UUID(int=n + 1)) for n, s in enumerate(SETS)}


def _old_file(path) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    step = migrations.MIGRATIONS.index(migrations._sets_take_the_accepted_key)
    try:
        assert migrations.migrate(conn, migrations.MIGRATIONS[:step]) == step
        conn.executemany(
            "INSERT INTO programs (id, version, title, therapist_name, origin, signer_key,"
            " started_on, activated_at, saved_at, activation_seq)"
            " VALUES (?, 1, 'Two weeks', ?, ?, ?, ?, ?, '2026-11-02T09:00:00.000Z', ?)",
            [(ID[i], name, origin, key, "2026-11-02" if seq else None,
              f"2026-11-02T09:00:0{seq}.000Z" if seq else None, seq)
             for i, name, origin, key, seq in SETS])
        conn.executemany(
            "INSERT INTO program_items (program_id, position, script_id, minutes, schedule)"
            " VALUES (?, 1, 'paced-breathing', 5, ?)",
            [(ID[s[0]], '{"times_per_week": 2, "weeks": 2}') for s in SETS])
        conn.executemany("INSERT INTO pinned_keys VALUES (?, ?, ?, '2026-11-20T09:00:00.000Z')",
                         PINS)
    finally:
        conn.close()


def _rows(store: SessionStore) -> list[tuple]:
    return store.database.conn.execute(
        "SELECT id, version, title, therapist_name, origin, started_on, activated_at,"
        " activation_seq, saved_at FROM programs ORDER BY id").fetchall()


def test_an_accepted_key_becomes_the_key_on_record_for_that_therapists_sets(tmp_path):
    db = tmp_path / "painease.sqlite3"
    _old_file(db)
    conn = sqlite3.connect(db)
    before = conn.execute(
        "SELECT id, version, title, therapist_name, origin, started_on, activated_at,"
        " activation_seq, saved_at FROM programs ORDER BY id").fetchall()
    pins_before = conn.execute("SELECT * FROM pinned_keys ORDER BY therapist").fetchall()
    conn.close()
    with SessionStore(db) as store:
        sets = ProgramStore(store)
        expected = {
            "second": NEW, "first": NEW, "spaced": NEW,  # Dr. Ana Moreno's, now the new key
            "paco": PACO,
            "look-alike": FORGER,  # only reads like Dr. Paco Lee: maybe another person
            "own": None,
            "sam": SAM_NEW, "sam-new": SAM_NEW,  # each therapist their own pinned key
            "kim": KIM,
        }
        assert {p.program.id: p.signer_key for p in sets.programs()} == {
            ID[name]: key for name, key in expected.items()}
        # Nothing else changed: the sets, the current one, the pins.
        assert _rows(store) == before
        assert sets.current().program.id == ID["first"]
        pins = store.database.conn.execute("SELECT * FROM pinned_keys ORDER BY therapist")
        assert pins.fetchall() == pins_before
        # Results for her new key carry her current set (they were held back as
        # "not this therapist's set").
        me = Identity(SigningKey.generate(), "")
        summary = export_results(store, NEW, me, tmp_path / "r.painease-results",
                                 date(2000, 1, 1), date.today())
        assert (summary.sets, summary.withheld) == (("Two weeks",), ())
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()


def test_a_file_whose_sets_already_follow_their_pins_is_left_as_it_was(tmp_path):
    """The step only ever moves a set to its therapist's pinned key: run on a file the
    fixed code wrote (every set on its therapist's key), it changes nothing."""
    db = tmp_path / "painease.sqlite3"
    _old_file(db)
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE programs SET signer_key = ? WHERE signer_key = ?", (NEW, OLD))
        conn.execute("UPDATE programs SET signer_key = ? WHERE signer_key = ?",
                     (SAM_NEW, SAM_OLD))
        before = conn.execute("SELECT * FROM programs ORDER BY id").fetchall()
    conn.close()
    with SessionStore(db) as store:
        after = store.database.conn.execute("SELECT * FROM programs ORDER BY id").fetchall()
        # Columns later steps add come after the ones the file had, empty.
        width = len(before[0])
        assert [row[:width] for row in after] == before
        assert all(value is None for row in after for value in row[width:])
