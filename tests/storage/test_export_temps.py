"""The CSV export's temp files are painease's own, and only those are ever removed.

It once wrote each file to a FIXED name beside it (``.sessions.csv.partial``, and
``.painease-export.pending.partial`` for the list that decides the set), in the folder the
person chose, and removed whatever had that name, however old: a person's own file of that
name was deleted, and two exports into one folder at once wrote over each other's temps.
Now every temp is ``files.temp_beside``'s (``.<name>.XXXXXXXX.painease-part``, a name of
this export's own), exports into one folder take turns, and what a killed export left is
swept once over a minute old (``files.remove_stale_temps``), never a person's look-alike.
Real store, real files; the second export runs in a thread of its own with its own
connection, as another window's or command's would."""

from __future__ import annotations

import os
import threading
import time
from datetime import UTC, datetime

from painease.storage import SessionStore, export
from painease.storage.export import export_csv
from tests.insights_history import add_session

FILES = ["sessions.csv", "ratings.csv", "live_samples.csv", "phases.csv", "journal.csv",
         "codebook.csv"]
PART = ".painease-part"


def age(path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_a_persons_files_named_like_the_old_temps_are_kept(store, tmp_path):
    out = tmp_path / "my-folder"
    out.mkdir()
    mine = [out / ".sessions.csv.partial", out / ".painease-export.pending.partial",
            out / ".ratings.csv.partial", out / ".sessions.csv.abcdefgh"]
    for path in mine:
        path.write_text("the person's own notes")
        age(path, 7200)
    export_csv(store, out)
    assert all(path.read_text() == "the person's own notes" for path in mine)
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [*FILES, *(path.name for path in mine)])


def test_a_killed_exports_own_temps_go_once_stale(store, tmp_path):
    out = tmp_path / "export"
    out.mkdir()
    stale = out / f".ratings.csv.abcd1234{PART}"  # as a killed export leaves them
    young = out / f".journal.csv.wxyz6789{PART}"  # maybe another export going on now
    for path in (stale, young):
        path.write_text("half of an earlier export")
    age(stale, 120)
    export_csv(store, out)
    assert not stale.exists() and young.exists()
    assert sorted(p.name for p in out.iterdir()) == sorted([*FILES, young.name])


def test_the_temps_are_named_as_painease_names_its_own(store, tmp_path, monkeypatch):
    out = tmp_path / "export"
    renamed = []
    real = os.replace
    monkeypatch.setattr(os, "replace", lambda a, b: (renamed.append(os.path.basename(a)),
                                                      real(a, b))[1])
    export_csv(store, out)
    assert len(renamed) == 7  # the six files, and the list that decides the set
    for temp in renamed:
        assert temp.startswith(".") and temp.endswith(PART), temp
        assert ".partial" not in temp


def test_two_exports_into_one_folder_take_turns(db, tmp_path, monkeypatch):
    """A second export starts while the first is writing its third file: it waits for the
    first to finish, then writes its own set whole; both succeed, nothing is left over."""
    with SessionStore(db) as store:
        add_session(store, datetime(2026, 3, 2, 9, tzinfo=UTC))
    out = tmp_path / "export"
    real = export._write_temporary
    second: dict[str, object] = {}
    calls = []

    def export_in_another_thread() -> None:
        try:
            with SessionStore(db) as other:
                other.add_journal_entry("Written by the second export's window.")
                second["written"] = export_csv(other, out)
        except Exception as exc:  # noqa: BLE001 - said by the test below
            second["error"] = exc

    worker = threading.Thread(target=export_in_another_thread)

    def third_starts_the_other(*args):
        calls.append(args)
        if len(calls) == 3:
            worker.start()
            worker.join(2)  # it does not get ahead of this one (it waits its turn)
            second["waited"] = worker.is_alive()
        return real(*args)

    monkeypatch.setattr(export, "_write_temporary", third_starts_the_other)
    with SessionStore(db) as store:
        first = export_csv(store, out)
    worker.join(60)
    assert second.get("error") is None
    assert second["waited"]
    assert [p.name for p in first] == FILES and [p.name for p in second["written"]] == FILES
    assert sorted(p.name for p in out.iterdir()) == sorted(FILES)
    # The second one's set is the folder's, whole: its journal entry is in it.
    assert "second export" in (out / "journal.csv").read_text(encoding="utf-8-sig")
