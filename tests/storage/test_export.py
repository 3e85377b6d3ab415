"""CSV export read back with csv.DictReader: tidy rows, empty cells for skipped ratings."""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta

import pytest

from painease.storage import SessionStore, StoreError, export_csv

T0 = datetime(2024, 5, 1, 8, 0, tzinfo=UTC)
FILES = ["sessions.csv", "ratings.csv", "live_samples.csv", "phases.csv", "journal.csv",
         "codebook.csv"]


def _read(path):
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # UTF-8 BOM for spreadsheets
    with path.open(newline="", encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture
def store(tmp_path):
    with SessionStore(tmp_path / "painease.sqlite3") as s:
        full = s.start_session("somatic-tracking", 2, 15, started_at=T0)
        s.save_rating(full, "pre", 0, 6, note='sharp, "electric"', rated_at=T0)
        s.save_rating(full, "post", 0, 2, rated_at=T0 + timedelta(minutes=16))
        s.add_live_samples(full, [(0, 2.0), (1500, 1.5)])
        s.end_session(full, "completed", 900_000, ended_at=T0 + timedelta(minutes=15))
        skipped = s.start_session("breathing", 1, 5.5, started_at=T0 + timedelta(days=1))
        s.save_rating(skipped, "pre", 5, 4, rated_at=T0 + timedelta(days=1))
        s.end_session(skipped, "stopped_early", 42_000)
        s.add_journal_entry("Line one,\nline two", session_id=full, written_at=T0)
        s.add_journal_entry("No session", written_at=T0 + timedelta(days=2))
        yield s


def test_export_writes_tidy_files(store, tmp_path):
    out = tmp_path / "export" / "nested"
    paths = export_csv(store, out)
    assert [p.name for p in paths] == FILES
    assert sorted(p.name for p in out.iterdir()) == sorted(FILES)  # no temp files left

    full, skipped = _read(out / "sessions.csv")
    assert full["script_id"] == "somatic-tracking" and full["outcome"] == "completed"
    assert full["started_at"] == "2024-05-01T08:00:00.000Z"
    assert full["ended_at"] == "2024-05-01T08:15:00.000Z"
    assert (full["pre_pain"], full["pre_fear"], full["post_pain"], full["post_fear"]) == (
        "0", "6", "0", "2")  # zero is an answer and stays "0"
    assert (skipped["pre_pain"], skipped["pre_fear"]) == ("5", "4")
    assert (skipped["post_pain"], skipped["post_fear"]) == ("", "")  # skipped, not 0
    assert skipped["length_minutes"] == "5.5" and skipped["elapsed_ms"] == "42000"
    assert skipped["audio_note"] == ""

    ratings = _read(out / "ratings.csv")
    assert [(r["session_id"], r["moment"], r["pain"]) for r in ratings] == [
        (full["session_id"], "pre", "0"), (full["session_id"], "post", "0"),
        (skipped["session_id"], "pre", "5")]
    assert ratings[0]["note"] == 'sharp, "electric"'

    samples = _read(out / "live_samples.csv")
    assert [(r["t_ms"], r["value"]) for r in samples] == [("0", "2.0"), ("1500", "1.5")]

    journal = _read(out / "journal.csv")
    assert journal[0]["text"] == "Line one,\nline two"
    assert journal[0]["session_id"] == full["session_id"]
    assert journal[1]["session_id"] == ""


def test_codebook_explains_every_column(store, tmp_path):
    export_csv(store, tmp_path)
    documented = {(r["file"], r["column"]) for r in _read(tmp_path / "codebook.csv")}
    for name in FILES[:-1]:
        with (tmp_path / name).open(newline="", encoding="utf-8-sig") as fh:
            header = next(csv.reader(fh))
        assert {(name, column) for column in header} <= documented, name
    rows = _read(tmp_path / "codebook.csv")
    assert all(r["meaning"] and r["type"] and r["missing"] for r in rows)
    assert len({(r["file"], r["column"]) for r in rows}) == len(rows)  # each described once


def test_export_replaces_earlier_files(store, tmp_path):
    export_csv(store, tmp_path)
    store.add_journal_entry("later thought")
    export_csv(store, tmp_path)
    assert [r["text"] for r in _read(tmp_path / "journal.csv")][-1] == "later thought"


def test_empty_store_exports_headers_only(tmp_path):
    with SessionStore(tmp_path / "db.sqlite3") as empty:
        export_csv(empty, tmp_path / "out")
    for name in FILES[:-1]:
        assert _read(tmp_path / "out" / name) == []
        assert (tmp_path / "out" / name).read_text(encoding="utf-8-sig").count("\n") == 1


def test_unwritable_export_target_is_a_store_error(store, tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("a file")
    with pytest.raises(StoreError, match="cannot write the export"):
        export_csv(store, blocker / "export")


def test_changes_are_post_minus_pre_and_empty_when_unrated(store, tmp_path):
    export_csv(store, tmp_path)
    full, skipped = _read(tmp_path / "sessions.csv")
    # pain 0 -> 0: change 0, percent empty (no base); fear 6 -> 2: -4 points, -66.7 %
    assert (full["pain_change"], full["pain_change_percent"]) == ("0", "")
    assert (full["fear_change"], full["fear_change_percent"]) == ("-4", "-66.7")
    assert (skipped["pain_change"], skipped["fear_change"]) == ("", "")  # post skipped


def test_phases_are_exported(store, tmp_path):
    sid = store.sessions()[0].id
    store.save_phase_marks(sid, [(0, "settle"), (42_000, "safety")])
    export_csv(store, tmp_path)
    rows = _read(tmp_path / "phases.csv")
    assert [(r["session_id"], r["t_ms"], r["phase"]) for r in rows] == [
        (str(sid), "0", "settle"), (str(sid), "42000", "safety")]


def test_accents_survive_and_formulas_are_neutralised(tmp_path):
    with SessionStore(tmp_path / "db.sqlite3") as s:
        sid = s.start_session("somatic-tracking", 1, 10, started_at=T0)
        s.save_rating(sid, "pre", 4, 4, note="=HYPERLINK(\"http://x\",\"click\")", rated_at=T0)
        s.save_rating(sid, "post", 3, 3, note="-2 after, Zoë's knee ça va", rated_at=T0)
        s.set_audio_note(sid, "@SUM(A1)")
        s.add_journal_entry("+1 good day", session_id=sid, written_at=T0)
        s.add_journal_entry("calm; 2 = fine", written_at=T0)
        export_csv(s, tmp_path / "out")
    ratings = _read(tmp_path / "out" / "ratings.csv")
    assert ratings[0]["note"] == "'=HYPERLINK(\"http://x\",\"click\")"
    assert ratings[1]["note"] == "'-2 after, Zoë's knee ça va"
    assert _read(tmp_path / "out" / "sessions.csv")[0]["audio_note"] == "'@SUM(A1)"
    journal = _read(tmp_path / "out" / "journal.csv")
    assert [j["text"] for j in journal] == ["'+1 good day", "calm; 2 = fine"]
    assert ratings[0]["pain"] == "4"  # numbers are never touched
    codebook = {(r["file"], r["column"]): r for r in _read(tmp_path / "out" / "codebook.csv")}
    assert "formula" in codebook[("ratings.csv", "note")]["meaning"]


def test_an_export_that_cannot_be_written_whole_changes_nothing(tmp_path):
    """A real write failure part-way (a child whose files may not grow past 64 KiB: the
    small CSVs fit, live_samples.csv does not). It once left sessions.csv alone, new,
    beside the earlier export's other files."""
    import os
    import subprocess
    import sys

    from tests.insights_history import add_session
    from tests.test_report import REPO, limit_file_size

    home = tmp_path / "home"
    home.mkdir()
    with SessionStore(home / "painease.sqlite3") as store:
        add_session(store, datetime(2026, 3, 2, 9, tzinfo=UTC),
                    live=[(t * 250, float(t % 11)) for t in range(8000)])
    out = tmp_path / "export"
    out.mkdir()
    (out / "sessions.csv").write_text("the earlier export")
    env = dict(os.environ, PYTHONPATH=str(REPO), PAINEASE_HOME=str(home))
    done = subprocess.run([sys.executable, "-m", "painease", "export", "--csv", str(out)],
                          env=env, capture_output=True, text=True, timeout=60,
                          preexec_fn=limit_file_size(64 * 1024))
    assert done.returncode == 1
    assert done.stderr.strip() == (f"painease: export failed: cannot write the export to "
                                   f"{out}: File too large; nothing was changed there")
    assert [p.name for p in out.iterdir()] == ["sessions.csv"]
    assert (out / "sessions.csv").read_text() == "the earlier export"


def test_an_export_that_cannot_be_written_leaves_no_folder_it_made(tmp_path):
    """A probe: a CSV export to a full disk said "nothing was changed there" and left the
    new, empty folder it had made (with its parent). Both go; a folder that was there
    before, empty, stays. A real write failure as above (a 64 KiB file size limit)."""
    import os
    import subprocess
    import sys

    from tests.insights_history import add_session
    from tests.test_report import REPO, limit_file_size

    home = tmp_path / "home"
    home.mkdir()
    with SessionStore(home / "painease.sqlite3") as store:
        add_session(store, datetime(2026, 3, 2, 9, tzinfo=UTC),
                    live=[(t * 250, float(t % 11)) for t in range(8000)])
    env = dict(os.environ, PYTHONPATH=str(REPO), PAINEASE_HOME=str(home))
    there = tmp_path / "there"
    there.mkdir()
    for out in (tmp_path / "new" / "export", there):
        done = subprocess.run([sys.executable, "-m", "painease", "export", "--csv", str(out)],
                              env=env, capture_output=True, text=True, timeout=60,
                              preexec_fn=limit_file_size(64 * 1024))
        assert done.returncode == 1
        assert done.stderr.strip().endswith("nothing was changed there")
    assert not (tmp_path / "new").exists()
    assert there.is_dir() and not list(there.iterdir())


def test_what_a_killed_export_left_is_removed_by_the_next(store, tmp_path):
    # A kill mid-export once left temp files with random names (health data, in the folder
    # the person chose) that no later export removed. They are painease's own temps now
    # (``files.temp_beside``), which the next export removes once over a minute old; a
    # person's own files beside them stay (tests/storage/test_export_temps.py).
    out = tmp_path / "export"
    out.mkdir()
    leftover = out / ".ratings.csv.k1ll3d00.painease-part"
    leftover.write_text("half of an earlier export")
    import os
    import time

    then = time.time() - 120
    os.utime(leftover, (then, then))
    export_csv(store, out)
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["sessions.csv", "ratings.csv", "live_samples.csv", "phases.csv", "journal.csv",
         "codebook.csv"])


def test_the_export_is_one_moment_even_while_a_session_writes(store, tmp_path):
    """A window goes on writing (live ratings, the end, a journal note) while the export
    reads: the files must still agree with each other, as the database was when the
    export began. The window's writes come from a second connection, run when the export
    first reads the live ratings (after sessions.csv and ratings.csv are read)."""
    running = store.start_session("somatic-tracking", 2, 10, started_at=T0 + timedelta(days=3))
    store.save_rating(running, "pre", 5, 5)
    store.add_live_samples(running, [(0, 5.0)])
    window = SessionStore(store.path)
    wrote = []

    def meanwhile(statement: str) -> None:
        if "live_samples" in statement and not wrote:
            wrote.append(statement)
            window.add_live_samples(running, [(2000, 4.0), (4000, 3.0)])
            window.save_rating(running, "post", 3, 2)
            window.end_session(running, "completed", 600_000)
            window.add_journal_entry("Written during the export", session_id=running)

    store.database.conn.set_trace_callback(meanwhile)
    try:
        out = tmp_path / "export"
        export_csv(store, out)
    finally:
        store.database.conn.set_trace_callback(None)
        window.close()
    assert wrote  # the other connection did write, mid-export
    *_, last = _read(out / "sessions.csv")
    assert (last["session_id"], last["outcome"], last["post_pain"]) == (
        str(running), "in_progress", "")
    samples = [r for r in _read(out / "live_samples.csv") if r["session_id"] == str(running)]
    assert [r["t_ms"] for r in samples] == ["0"]
    assert "Written during the export" not in (out / "journal.csv").read_text("utf-8-sig")
    # The next export sees it all.
    export_csv(store, out)
    samples = [r for r in _read(out / "live_samples.csv") if r["session_id"] == str(running)]
    assert [r["t_ms"] for r in samples] == ["0", "2000", "4000"]


def test_the_time_played_is_its_own_column_empty_when_unknown(store, tmp_path):
    skipped_through = store.start_session("body-scan", 1, 10, started_at=T0 + timedelta(days=3))
    store.end_session(skipped_through, "completed", 600_000, played_ms=190_000)
    export_csv(store, tmp_path / "out")
    rows = _read(tmp_path / "out" / "sessions.csv")
    assert [(r["outcome"], r["elapsed_ms"], r["played_ms"]) for r in rows] == [
        ("completed", "900000", ""), ("stopped_early", "42000", ""),
        ("completed", "600000", "190000")]
    # Added after the columns before it (later ones follow it), so a reader that goes by
    # position is not thrown.
    with (tmp_path / "out" / "sessions.csv").open(encoding="utf-8-sig") as fh:
        assert ",fear_change_percent,played_ms," in fh.readline()
    codebook = {(r["file"], r["column"]): r for r in _read(tmp_path / "out" / "codebook.csv")}
    assert "skipped" in codebook[("sessions.csv", "played_ms")]["meaning"]


def test_change_percent_rounds_a_half_away_from_zero():
    """The percent column is rounded by the app's one rule (``vocabulary.rounded``), so a
    spreadsheet rounding it again lands where the Summary does. Ratings of 0-10 never make
    a half at one decimal (100 × points / pre is exact or repeating), so the rule is met
    here with a wider base: −1 of 16 is −6.25 %, "−6.3", not Python's half-to-even −6.2."""
    from painease.storage.export import _change

    assert _change(16, 15) == (-1, -6.3)
    assert _change(16, 17) == (1, 6.3)
    assert _change(8, 7) == (-1, -12.5)  # exact at one decimal: the Summary's "13% lower"
