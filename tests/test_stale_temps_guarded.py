"""The sweep of painease's stale temps (``temp_files``) never takes a temp that is still
waiting for its name, in three cases a review found it could:

* a CSV export decides its set (``.painease-export.pending``) and is killed after the
  sweep looked at the folder but before it took the folder's lock: the list is looked
  for again under the lock. The export's step between the two is made by hand here (the
  order cannot be brought about otherwise): the real list is written just before the
  sweep takes the real lock;
* where temps cannot be locked (Windows has no fcntl: it is made missing here, as it is
  there), a sweep of a folder's temps of other files takes only those an hour old: a
  slow write of another file (a CSV export of over a minute) keeps its temp; the file's
  own stale temps still go after the minute;
* every writer's temp is held (``temp_beside``) until it has its name, not only
  ``write_atomically``'s: a narration manifest's, written slowly, is not swept."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from painease import temp_files
from painease.files import write_atomically
from painease.narration.manifest import replacing
from painease.temp_files import (
    WAITING_LIST,
    remove_stale_temps,
    remove_stale_temps_here,
    temp_beside,
)
from tests.test_stale_temps import age, made_like


def test_an_export_that_decided_its_set_after_the_folder_was_looked_at_keeps_it(
        tmp_path, monkeypatch):
    waiting = [made_like(tmp_path, name, 600) for name in ("sessions.csv", "ratings.csv")]
    killed_report = made_like(tmp_path, "report.pdf", 600)
    real_lock = temp_files._folder_free

    def export_decides_first(folder):  # the export's last step before it was killed
        (folder / WAITING_LIST).write_text("".join(f"{p.name}\n" for p in waiting))
        return real_lock(folder)

    monkeypatch.setattr(temp_files, "_folder_free", export_decides_first)
    assert remove_stale_temps_here(tmp_path) == [killed_report]
    assert all(path.exists() for path in waiting)


def test_without_locks_a_slow_write_of_another_file_keeps_its_temp(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "fcntl", None)  # as on Windows: no fcntl to import
    slow_export = made_like(tmp_path, "sessions.csv", 120)  # a write going on, maybe
    killed_report = made_like(tmp_path, "report.pdf", 3601)
    write_atomically(tmp_path / "chart.png", b"png")
    assert slow_export.exists() and not killed_report.exists()
    own = made_like(tmp_path, "chart.png", 120)
    assert remove_stale_temps(tmp_path / "chart.png") == [own]


def test_with_locks_an_unheld_temp_of_another_file_goes_after_the_minute(tmp_path):
    killed = made_like(tmp_path, "sessions.csv", 120)
    write_atomically(tmp_path / "chart.png", b"png")
    assert not killed.exists()


def test_a_temp_made_beside_a_file_is_held_until_its_block_ends(tmp_path):
    with temp_beside(tmp_path / "report.pdf") as (fd, temp):
        os.close(fd)  # written and closed, its rename still to come
        age(Path(temp), 3600)  # unchanged for an hour: a write stuck on a slow drive
        write_atomically(tmp_path / "chart.png", b"png")
        assert remove_stale_temps(tmp_path / "report.pdf") == []
    assert remove_stale_temps(tmp_path / "report.pdf") == [Path(temp)]  # killed, as it were


def test_a_manifest_written_slowly_keeps_its_temp(tmp_path):
    manifest = tmp_path / "manifest.json"
    with replacing(manifest) as temp:
        temp.write_text("{}", encoding="utf-8")
        age(temp, 3600)
        write_atomically(tmp_path / "01.ogg", b"sound")  # a sweep of the whole folder
        assert temp.exists()
    assert manifest.read_text(encoding="utf-8") == "{}"
