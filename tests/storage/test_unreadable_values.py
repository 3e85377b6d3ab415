"""A value in the database that cannot be read (the file was edited or damaged) is
painease's own ``StoreError`` naming the table, row and column, never a raw ``ValueError``;
the CSV export still writes every row, that value as it is stored."""

from __future__ import annotations

import csv
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from painease.domain.programs import Program, Schedule
from painease.storage import SessionStore, StoreError, export_csv
from painease.storage.programs import ProgramStore
from painease.storage.stored_values import UnreadableValue

KEY = "ab" * 32


def _at(day: int, hour: int = 12) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=UTC)


def filled(path: Path) -> tuple[int, int]:
    """A store with two sessions rated and a journal entry each; their ids."""
    with SessionStore(path) as store:
        ids = []
        for day in (2, 3):
            sid = store.start_session("paced-breathing", 1, 5, started_at=_at(day))
            store.save_rating(sid, "pre", 6, 7, note="=tight", rated_at=_at(day))
            store.end_session(sid, "completed", 300_000, ended_at=_at(day, 13))
            store.save_rating(sid, "post", 4, 3, rated_at=_at(day, 13))
            store.add_journal_entry(f"Day {day}.", session_id=sid, written_at=_at(day, 14))
            ids.append(sid)
    return ids[0], ids[1]


def damage(path: Path, sql: str) -> None:
    conn = sqlite3.connect(path)
    conn.executescript(sql)
    conn.commit()
    conn.close()


def rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_a_garbage_start_is_a_store_error_naming_table_row_and_column(tmp_path):
    db = tmp_path / "painease.sqlite3"
    first, _ = filled(db)
    damage(db, f"UPDATE sessions SET started_at = 'garbage' WHERE id = {first}")
    with SessionStore(db) as store, pytest.raises(StoreError) as caught:
        store.sessions()
    assert isinstance(caught.value, UnreadableValue)
    message = str(caught.value)
    assert f"the sessions table, row {first}, column started_at holds 'garbage'" in message
    assert "not a time" in message and "nothing was changed" in message


@pytest.mark.parametrize(("sql", "read", "place"), [
    ("UPDATE ratings SET rated_at = 'garbage' WHERE moment = 'post' AND session_id = 1",
     lambda store: store.ratings(1), "the ratings table, row session 1, post, column rated_at"),
    ("UPDATE journal_entries SET written_at = 'garbage' WHERE session_id = 2",
     lambda store: store.journal_entries(), "the journal_entries table, row 2, column "
     "written_at"),
    ("UPDATE sessions SET ended_at = '2026-11-02 13:00' WHERE id = 1",  # no zone: unread
     lambda store: store.session(1), "the sessions table, row 1, column ended_at"),
])
def test_other_unreadable_times_name_their_place(tmp_path, sql, read, place):
    db = tmp_path / "painease.sqlite3"
    filled(db)
    damage(db, sql)
    with SessionStore(db) as store, pytest.raises(UnreadableValue) as caught:
        read(store)
    assert place in str(caught.value)


def stored_set(db: Path) -> Program:
    program = Program.create("Two weeks", "Dr. Ana Moreno", [
        ("paced-breathing", 5, Schedule(times_per_week=2, weeks=2), None)])
    with SessionStore(db) as store:
        ProgramStore(store).save_program(program, origin="imported", activate=True,
                                         today=date(2026, 11, 1), signer_key=KEY,
                                         pin_signer=True)
    return program


@pytest.mark.parametrize(("sql", "place", "kind"), [
    ("UPDATE program_items SET schedule = '{bad'", "the program_items table, row set {id}, "
     "item 1, column schedule holds '{{bad'", "not a schedule"),
    ("UPDATE programs SET started_on = 'someday'", "the programs table, row {id}, column "
     "started_on holds 'someday'", "not a date"),
    # Values the set's own check refuses: once a ProgramError (a ValueError, which says
    # "no such set" to the store's callers), raised past every handler of StoreError.
    ("UPDATE programs SET title = x'00ff'", "the programs table, row {id}, column title "
     "holds b'\\x00\\xff'", "not a title"),
    ("UPDATE programs SET therapist_name = '  '", "the programs table, row {id}, column "
     "therapist_name holds '  '", "not a therapist's name"),
    ("PRAGMA ignore_check_constraints = ON; UPDATE programs SET version = 'two'",
     "the programs table, row {id}, column version holds 'two'", "not a version number"),
    ("UPDATE program_items SET script_id = 'Not A Slug'", "the program_items table, row "
     "set {id}, item 1, column script_id holds 'Not A Slug'", "not a script's id"),
    ("UPDATE program_items SET minutes = x'01'", "the program_items table, row set {id}, "
     "item 1, column minutes holds b'\\x01'", "not a number of minutes"),
    ("UPDATE program_items SET note = x'07'", "the program_items table, row set {id}, "
     "item 1, column note holds b'\\x07'", "not a note"),
    ("UPDATE program_items SET position = 2", "the program_items table, row set {id}, "
     "column position holds (2,)", "not items numbered 1, 2, 3…"),
])
def test_an_unreadable_set_is_a_store_error(tmp_path, sql, place, kind):
    db = tmp_path / "painease.sqlite3"
    program = stored_set(db)
    damage(db, sql)
    with SessionStore(db) as store, pytest.raises(StoreError) as caught:
        ProgramStore(store).current()
    assert place.format(id=program.id) in str(caught.value)
    assert kind in str(caught.value)


def test_a_damaged_pinned_key_is_a_store_error(tmp_path):
    db = tmp_path / "painease.sqlite3"
    stored_set(db)
    damage(db, "UPDATE pinned_keys SET public_key = 'zz'")
    with SessionStore(db) as store, pytest.raises(StoreError) as caught:
        ProgramStore(store).pinned_key("Dr. Ana Moreno")
    assert ("the pinned_keys table, row 'Dr. Ana Moreno', column public_key holds 'zz', "
            "which is not a key") in str(caught.value)


def test_the_export_writes_every_row_with_unreadable_times_as_stored(tmp_path):
    db = tmp_path / "painease.sqlite3"
    first, second = filled(db)
    damage(db, f"UPDATE sessions SET started_at = 'garbage' WHERE id = {first}")
    damage(db, f"UPDATE ratings SET rated_at = '=bad' WHERE session_id = {second}"
               " AND moment = 'pre'")
    damage(db, f"UPDATE journal_entries SET written_at = 'soon' WHERE session_id = {first}")
    with SessionStore(db) as store:
        written = export_csv(store, tmp_path / "out")
    assert [p.name for p in written] == ["sessions.csv", "ratings.csv", "live_samples.csv",
                                         "phases.csv", "journal.csv", "codebook.csv"]
    sessions = {r["session_id"]: r for r in rows(tmp_path / "out" / "sessions.csv")}
    assert sessions[str(first)]["started_at"] == "garbage"
    assert sessions[str(first)]["started_at_local"] == "garbage"
    assert sessions[str(first)]["pre_pain"] == "6"  # the rest of the row as always
    assert sessions[str(first)]["ended_at"] == "2026-11-02T13:00:00.000Z"
    assert sessions[str(second)]["started_at"] == "2026-11-03T12:00:00.000Z"
    ratings = rows(tmp_path / "out" / "ratings.csv")
    assert len(ratings) == 4
    bad = next(r for r in ratings if r["session_id"] == str(second) and r["moment"] == "pre")
    assert bad["rated_at"] == "'=bad"  # as stored, and never run as a formula
    journal = {r["entry_id"]: r for r in rows(tmp_path / "out" / "journal.csv")}
    assert [r["written_at"] for r in journal.values()] == ["2026-11-03T14:00:00.000Z", "soon"]
    assert written.unreadable[0].reason == (
        "a value in the database cannot be read: the sessions table, row 1, column "
        "started_at holds 'garbage', which is not a time")
    assert [(p.where[0], p.raw) for p in written.unreadable] == [
        ("sessions", "garbage"), ("ratings", "=bad"), ("journal_entries", "soon")]
    # The codebook says so, for every time column (the _local ones point to theirs).
    said = {(r["file"], r["column"]): r["meaning"] for r in rows(tmp_path / "out" / "codebook.csv")}
    for file, column in (("sessions.csv", "started_at"), ("sessions.csv", "ended_at"),
                         ("ratings.csv", "rated_at"), ("journal.csv", "written_at")):
        assert said[(file, column)].endswith(
            "; a time that cannot be read (the data file was edited or damaged outside "
            "painease) is written as it is stored, here and in the _local column, guarded "
            "as free text is: text starting with = + - @ (or the full-width ＝ ＋ － ＠), "
            "with ', or with a space, tab, line break (carriage return or line feed) or "
            "other blank or control character has a ' added in front so spreadsheets do "
            "not run it as a formula; drop that first ' to get the exact text"), column
        assert said[(file, f"{column}_local")].endswith(
            f"; a time that cannot be read is as stored, as in {column}"), column
