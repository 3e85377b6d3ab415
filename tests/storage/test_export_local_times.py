"""sessions.csv, ratings.csv and journal.csv say the person's clock beside each UTC time: read
back from a real export across the change to summer time (Berlin, Sunday 29 March 2026 at
02:00 local).

Before, the file had only UTC times: whoever reads it (a therapist, a spreadsheet) could
order the sessions but not tell what the patient's clock said, an hour off on either side
of a clock change or after a move.
"""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta

from painease.storage import SessionStore, export_csv
from painease.storage.export import _SESSION_COLUMNS

BEFORE = ("session_id", "script_id", "script_version", "length_minutes", "started_at",
          "ended_at", "elapsed_ms", "outcome", "audio_note", "pre_pain", "pre_fear",
          "post_pain", "post_fear", "pain_change", "fear_change", "pain_change_percent",
          "fear_change_percent", "played_ms")


def _rows(path):
    with path.open(newline="", encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


def test_local_times_with_their_offset_across_a_clock_change(tmp_path, monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Berlin")
    starts = [datetime(2026, 3, 28, 8, 30, tzinfo=UTC),   # Sat 09:30 winter time
              datetime(2026, 3, 29, 0, 30, tzinfo=UTC),   # Sun 01:30, still winter time
              datetime(2026, 3, 29, 1, 30, tzinfo=UTC)]   # Sun 03:30 summer time
    with SessionStore(tmp_path / "p.sqlite3") as store:
        for when in starts:
            sid = store.start_session("breathing", 1, 10, started_at=when)
            store.end_session(sid, "completed", 600_000, played_ms=600_000,
                              ended_at=when + timedelta(minutes=10))
        running = store.start_session("breathing", 1, 10,
                                      started_at=datetime(2026, 3, 30, 6, 0, tzinfo=UTC))
        export_csv(store, tmp_path / "out")
    rows = _rows(tmp_path / "out" / "sessions.csv")
    # The columns readers had stay first, as they were; the new ones come after.
    with (tmp_path / "out" / "sessions.csv").open(newline="", encoding="utf-8-sig") as fh:
        header = next(csv.reader(fh))
    assert tuple(header[:len(BEFORE)]) == BEFORE
    assert header[len(BEFORE):] == ["started_at_local", "ended_at_local"]
    assert [r["started_at_local"] for r in rows] == [
        "2026-03-28T09:30:00+01:00", "2026-03-29T01:30:00+01:00",
        "2026-03-29T03:30:00+02:00", "2026-03-30T08:00:00+02:00"]
    assert [r["ended_at_local"] for r in rows] == [
        "2026-03-28T09:40:00+01:00", "2026-03-29T01:40:00+01:00",
        "2026-03-29T03:40:00+02:00", ""]  # still running: no end, as ended_at
    for row in rows:  # the same moment as the UTC column, so either orders them
        assert (datetime.fromisoformat(row["started_at_local"])
                == datetime.fromisoformat(row["started_at"].replace("Z", "+00:00")))
    assert rows[-1]["session_id"] == str(running)
    codebook = _rows(tmp_path / "out" / "codebook.csv")
    described = {r["column"] for r in codebook if r["file"] == "sessions.csv"}
    assert described == set(_SESSION_COLUMNS)


def test_ratings_and_journal_say_the_persons_clock_too(tmp_path, monkeypatch):
    """ratings.csv and journal.csv: the same treatment as sessions.csv, read back from a
    real export across the same change to summer time."""
    monkeypatch.setenv("TZ", "Europe/Berlin")
    start = datetime(2026, 3, 29, 0, 20, tzinfo=UTC)  # Sun 01:20 winter time
    with SessionStore(tmp_path / "p.sqlite3") as store:
        sid = store.start_session("breathing", 1, 10, started_at=start)
        store.save_rating(sid, "pre", 5, 4, rated_at=start + timedelta(minutes=5))
        store.end_session(sid, "completed", 600_000, played_ms=600_000,
                          ended_at=start + timedelta(minutes=80))  # 03:40 summer time
        store.save_rating(sid, "post", 3, 2, rated_at=start + timedelta(minutes=85))
        store.add_journal_entry("before the change", written_at=start - timedelta(hours=12))
        store.add_journal_entry("after it", session_id=sid,
                                written_at=start + timedelta(minutes=90))
        export_csv(store, tmp_path / "out")
    out = tmp_path / "out"
    for name, before, new in (
            ("ratings.csv", ["session_id", "moment", "pain", "fear", "note", "rated_at"],
             "rated_at_local"),
            ("journal.csv", ["entry_id", "session_id", "written_at", "text"],
             "written_at_local")):
        with (out / name).open(newline="", encoding="utf-8-sig") as fh:
            assert next(csv.reader(fh)) == [*before, new], name  # appended, order kept
    ratings = _rows(out / "ratings.csv")
    assert [(r["moment"], r["rated_at"], r["rated_at_local"]) for r in ratings] == [
        ("pre", "2026-03-29T00:25:00.000Z", "2026-03-29T01:25:00+01:00"),
        ("post", "2026-03-29T01:45:00.000Z", "2026-03-29T03:45:00+02:00")]
    journal = _rows(out / "journal.csv")
    assert [(r["text"], r["written_at_local"]) for r in journal] == [
        ("before the change", "2026-03-28T13:20:00+01:00"),
        ("after it", "2026-03-29T03:50:00+02:00")]
    for row, utc, local in ([(r, "rated_at", "rated_at_local") for r in ratings]
                            + [(r, "written_at", "written_at_local") for r in journal]):
        assert (datetime.fromisoformat(row[local])  # the same moment, so either orders
                == datetime.fromisoformat(row[utc].replace("Z", "+00:00")))
    codebook = {(r["file"], r["column"]): r for r in _rows(out / "codebook.csv")}
    for key in (("ratings.csv", "rated_at_local"), ("journal.csv", "written_at_local")):
        assert "clock" in codebook[key]["meaning"] and codebook[key]["missing"] == "never empty"
