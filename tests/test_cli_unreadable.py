"""The command line with one value in the database that cannot be read (edited with
sqlite3, as a bad-input probe did): export writes everything out, the report and the
results say what is wrong in one line (a report leaves out, and names, a
session whose start it cannot read), and a pack import refuses a damaged pinned key in
words; never a traceback."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import pytest

from tests.packs.test_cli_packs import PACK_ID, SET_FILE
from tests.test_cli import painease
from tests.test_report import needs_poppler, text_of


def damage(data_dir: Path, sql: str) -> None:
    conn = sqlite3.connect(data_dir / "painease.sqlite3")
    conn.executescript(sql)
    conn.commit()
    conn.close()


# Switches off the columns' CHECKs for a hand edit (the window's start check would refuse
# the file; the command line reads it).
_LOOSE = "PRAGMA ignore_check_constraints = ON; "


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    """A demo profile made once; each test damages a copy of it."""
    made = tmp_path_factory.mktemp("demo") / "data"
    done = painease("--data-dir", str(made), "demo-data")
    assert done.returncode == 0, done.stderr
    return made


def copy_of(demo: Path, tmp_path: Path) -> Path:
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    for name in ("painease.sqlite3",):
        (data / name).write_bytes((demo / name).read_bytes())
    return data


@pytest.mark.parametrize(("sql", "file", "column", "raw", "place"), [
    ("UPDATE sessions SET started_at = 'garbage' WHERE id = 1", "sessions.csv",
     "started_at", "garbage", "the sessions table, row 1, column started_at"),
    ("UPDATE ratings SET rated_at = 'garbage' WHERE session_id = 2 AND moment = 'pre'",
     "ratings.csv", "rated_at", "garbage", "the ratings table, row session 2, pre, column "
     "rated_at"),
    ("UPDATE journal_entries SET written_at = 'garbage' WHERE id = (SELECT min(id) FROM"
     " journal_entries)", "journal.csv", "written_at", "garbage", "the journal_entries table"),
    # Past the column's CHECK, as a hand edit can: once a TypeError, no files at all.
    (_LOOSE + "UPDATE ratings SET pain = 'x' WHERE session_id = 2 AND moment = 'pre'",
     "ratings.csv", "pain", "x", "the ratings table, row session 2, pre, column pain"),
    (_LOOSE + "UPDATE ratings SET fear = 99 WHERE session_id = 2 AND moment = 'post'",
     "ratings.csv", "fear", "99", "the ratings table, row session 2, post, column fear"),
    (_LOOSE + "UPDATE ratings SET pain = X'ff' WHERE session_id = 2 AND moment = 'pre'",
     "ratings.csv", "pain", "b'\\xff'", "the ratings table, row session 2, pre, column pain"),
    # A text that a spreadsheet would run as a formula: guarded in ratings.csv too.
    (_LOOSE + "UPDATE ratings SET pain = '=1+2' WHERE session_id = 2 AND moment = 'pre'",
     "ratings.csv", "pain", "'=1+2", "the ratings table, row session 2, pre, column pain"),
])
def test_export_writes_every_row_and_says_which_value_it_could_not_read(
        demo, tmp_path, sql, file, column, raw, place):
    data = copy_of(demo, tmp_path)
    expected = {}
    conn = sqlite3.connect(data / "painease.sqlite3")
    for table in ("sessions", "ratings", "journal_entries"):
        expected[table] = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    conn.close()
    damage(data, sql)
    done = painease("--data-dir", str(data), "export", "--csv", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert f"note: a value in the database cannot be read: {place}" in done.stderr
    assert "it is in the files as it is stored" in done.stderr
    counts = {}
    for name, table in (("sessions.csv", "sessions"), ("ratings.csv", "ratings"),
                        ("journal.csv", "journal_entries")):
        with open(tmp_path / "out" / name, encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
        counts[table] = len(rows)
        if name == file:
            assert [r[column] for r in rows].count(raw) == 1
    assert counts == expected  # every row, the unreadable one too


def test_export_leaves_the_change_empty_where_a_rating_cannot_be_read(demo, tmp_path):
    data = copy_of(demo, tmp_path)
    damage(data, _LOOSE + "UPDATE ratings SET pain = 99 WHERE session_id = 2 AND moment = 'pre'")
    done = painease("--data-dir", str(data), "export", "--csv", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    with open(tmp_path / "out" / "sessions.csv", encoding="utf-8-sig", newline="") as fh:
        row = next(r for r in csv.DictReader(fh) if r["session_id"] == "2")
    assert row["pre_pain"] == "99"  # as stored
    assert row["pain_change"] == row["pain_change_percent"] == ""  # not 99 -> 3 as -96
    assert row["fear_change"] != ""  # the fears can be read: their change is there


@needs_poppler
@pytest.mark.parametrize(("value", "why"), [
    ("'garbage'", "the time it started"),
    # Once an OverflowError, a TypeError (a probe's hand-edits: numbers for the start)
    ("5", "the time it started"), ("1e308", "the time it started"),
    ("2 * 1024 * 1024 * 1024 * 1024 * 1024 * 1024", "the time it started")])
def test_the_report_says_which_session_it_cannot_place_and_has_the_rest(demo, tmp_path,
                                                                        value, why):
    data = copy_of(demo, tmp_path)
    damage(data, f"UPDATE sessions SET started_at = {value} WHERE id = 1")
    conn = sqlite3.connect(data / "painease.sqlite3")
    (readable,) = conn.execute("SELECT count(*) FROM sessions WHERE id != 1").fetchone()
    conn.close()
    done = painease("--data-dir", str(data), "report", "--pdf", str(tmp_path / "r.pdf"))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith(f"{readable} sessions")
    text = " ".join(text_of(tmp_path / "r.pdf").split())
    assert (f"Not in this report: 1 session, because {why} cannot be read (row "
            "1 of the sessions table); a CSV export (painease export --csv) has it.") in text
    assert text.count("of the sessions table)") == 1  # said once, not under the trend too


@needs_poppler
@pytest.mark.parametrize("sql", [
    "UPDATE sessions SET script_id = x'ff' WHERE id = 1",
    "UPDATE sessions SET length_minutes = 'x' WHERE id = 1",
    # Past the columns' CHECKs: once a traceback (a rating of 'x': a ValueError; a time
    # played of text: a TypeError), or counted as it is (a rating of 99, an outcome no
    # count knows: "all completed").
    _LOOSE + "UPDATE ratings SET pain = 'x' WHERE session_id = 1 AND moment = 'pre'",
    _LOOSE + "UPDATE ratings SET pain = 99 WHERE session_id = 1 AND moment = 'post'",
    _LOOSE + "UPDATE sessions SET played_ms = 'garbage' WHERE id = 1",
    _LOOSE + "UPDATE sessions SET outcome = 'nonsense' WHERE id = 1"])
def test_the_report_leaves_out_and_names_a_session_with_a_value_of_the_wrong_type(
        demo, tmp_path, sql):
    data = copy_of(demo, tmp_path)
    damage(data, sql)
    done = painease("--data-dir", str(data), "report", "--with-notes",
                    "--pdf", str(tmp_path / "r.pdf"))
    assert done.returncode == 0, done.stderr
    text = " ".join(text_of(tmp_path / "r.pdf").split())
    assert ("Not in this report: 1 session, because a value in it cannot be read (row 1 of "
            "the sessions table); a CSV export (painease export --csv) has it.") in text
    assert text.count("of the sessions table)") == 1


@needs_poppler
def test_a_note_of_bytes_is_said_in_the_report_not_a_traceback(demo, tmp_path):
    data = copy_of(demo, tmp_path)
    damage(data, "UPDATE journal_entries SET text = x'ff' WHERE session_id IS NOT NULL")
    done = painease("--data-dir", str(data), "report", "--with-notes",
                    "--pdf", str(tmp_path / "r.pdf"))
    assert done.returncode == 0, done.stderr
    assert "This note cannot be read" in " ".join(text_of(tmp_path / "r.pdf").split())


@pytest.fixture
def imported(tmp_path) -> tuple[Path, Path]:
    """A patient who imported a therapist's pack; (patient's data dir, the pack)."""
    therapist, patient = tmp_path / "therapist", tmp_path / "patient"
    assert painease("therapist", "init", "--name", "Dr. Ana Moreno",
                    data_dir=therapist).returncode == 0
    set_file = tmp_path / "set.toml"
    set_file.write_text(SET_FILE.format(version=1), encoding="utf-8")
    pack = tmp_path / "two-weeks.painease"
    assert painease("pack", "build", str(set_file), "-o", str(pack),
                    data_dir=therapist).returncode == 0
    added = painease("pack", "import", str(pack), data_dir=patient)
    assert added.returncode == 0, added.stderr
    return patient, pack


def test_a_damaged_pinned_key_stops_a_pack_import_in_words(imported):
    patient, pack = imported
    damage(patient, "UPDATE pinned_keys SET public_key = 'zz'")
    done = painease("pack", "import", str(pack), data_dir=patient)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert ("the pinned_keys table, row 'Dr. Ana Moreno', column public_key holds 'zz', "
            "which is not a key") in done.stderr


@pytest.mark.parametrize(("sql", "said"), [
    ("UPDATE program_items SET schedule = '{bad'", "column schedule holds '{bad', which is "
     "not a schedule"),
    ("UPDATE programs SET started_on = 'someday'", f"the programs table, row {PACK_ID}, "
     "column started_on holds 'someday', which is not a date"),
    # Bytes for a title: once a ProgramError's traceback. By the id: the title is what
    # cannot be read.
    ("UPDATE programs SET title = x'00ff'", f"the programs table, row {PACK_ID}, column "
     "title holds b'\\x00\\xff', which is not a title"),
])
def test_results_export_says_which_set_value_cannot_be_read(imported, tmp_path, sql, said):
    patient, _ = imported
    damage(patient, sql)
    done = painease("results", "export", "--pack", PACK_ID, "-o", str(tmp_path / "r.bin"),
                    data_dir=patient)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert said in done.stderr


def test_results_export_sends_the_rest_and_says_which_session_it_left_out(imported, tmp_path):
    patient, _ = imported
    from datetime import UTC, datetime, timedelta

    from painease.storage import SessionStore

    with SessionStore(patient / "painease.sqlite3") as store:
        for hours in (3, 2, 1):
            sid = store.start_session("calm-corner", 1, 2,
                                      started_at=datetime.now(UTC) - timedelta(hours=hours))
            store.end_session(sid, "completed", 120_000)
    damage(patient, "UPDATE sessions SET started_at = 'garbage' WHERE id = 2")
    # From yesterday: the sessions started hours ago, which before 03:00 is yesterday,
    # before the day the pack was imported (the period's default start).
    since = (datetime.now() - timedelta(days=1)).date().isoformat()
    done = painease("results", "export", "--pack", PACK_ID, "--from", since,
                    "-o", str(tmp_path / "r.bin"), data_dir=patient)
    assert done.returncode == 0, done.stderr
    assert ": 2 sessions from " in done.stdout
    assert done.stderr.strip() == (
        "note: Not sent: 1 session, because the time it started cannot be read (row 2 of "
        "the sessions table); a CSV export (painease export --csv) has it.")
