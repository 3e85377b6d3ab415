"""What stands in the way of the CSV export's files is found before any of them moves.

A folder named ``journal.csv`` in the export folder once let four of the six files take
their names before the fifth failed ("Is a directory"), and the list that decides the set
(``.painease-export.pending``) then made every later export fail the same way, the folder
holding a mix of two exports for good. Now every target is checked first: a folder, a
device, a pipe, or a link to one, is refused with one line that names it and says what to
do, and nothing in the folder changes. A list left by an export before the temps had
names of their own (bare file names, for ``.ratings.csv.partial`` and the like) has those
partials (health data, painease's own by that list) removed, not left for good.
Real store, real files, a real pipe."""

from __future__ import annotations

import os
import time

import pytest

from painease.storage import SessionStore, StoreError
from painease.storage.export import export_csv
from painease.storage.export_set import PENDING

FILES = ["sessions.csv", "ratings.csv", "live_samples.csv", "phases.csv", "journal.csv",
         "codebook.csv"]


def _folder(out) -> dict[str, bytes | None]:
    """Every name in ``out`` with its bytes (None for what is not a regular file)."""
    return {p.name: (p.read_bytes() if p.is_file() and not p.is_symlink() else None)
            for p in out.iterdir()}


def _earlier_set(store: SessionStore, out) -> dict[str, bytes | None]:
    export_csv(store, out)
    store.add_journal_entry("after the first export")  # a new export differs
    return _folder(out)


def test_a_folder_named_like_a_file_is_refused_before_anything_moves(store, tmp_path):
    out = tmp_path / "export"
    out.mkdir()
    (out / "journal.csv").mkdir()
    (out / "journal.csv" / "inside.txt").write_text("the person's")
    before = _folder(out)
    with pytest.raises(StoreError) as caught:
        export_csv(store, out)
    message = str(caught.value)
    assert "\n" not in message
    assert "move or rename the folder journal.csv" in message
    assert "nothing was changed" in message
    assert _folder(out) == before  # no file renamed, no temp, no list left
    (out / "journal.csv").rename(tmp_path / "journal-notes")
    assert sorted(p.name for p in export_csv(store, out)) == sorted(FILES)
    assert sorted(os.listdir(out)) == sorted(FILES)


def test_an_earlier_set_stays_whole_when_a_target_is_a_link_to_a_folder(store, tmp_path):
    out = tmp_path / "export"
    out.mkdir()
    earlier = _earlier_set(store, out)
    (out / "phases.csv").unlink()
    (tmp_path / "elsewhere").mkdir()
    (out / "phases.csv").symlink_to(tmp_path / "elsewhere")
    earlier.pop("phases.csv")
    with pytest.raises(StoreError, match="move or rename the link phases.csv"):
        export_csv(store, out)
    now = _folder(out)
    assert now.pop("phases.csv") is None and (out / "phases.csv").is_symlink()
    assert now == earlier  # the other five are the earlier set's, byte for byte


def test_a_pipe_is_refused_not_waited_on(store, tmp_path):
    out = tmp_path / "export"
    out.mkdir()
    os.mkfifo(out / "codebook.csv")
    with pytest.raises(StoreError, match="codebook.csv") as caught:
        export_csv(store, out)
    assert "move or rename codebook.csv" in str(caught.value)
    assert sorted(os.listdir(out)) == ["codebook.csv"]


def test_a_list_that_could_not_finish_does_not_block_later_exports(store, tmp_path):
    # As the export before this check left it: four renamed, two temps and the list.
    out = tmp_path / "export"
    out.mkdir()
    _earlier_set(store, out)
    journal = out / "journal.csv"
    journal.unlink()
    journal.mkdir()
    temps = [".journal.csv.abcd1234.painease-part", ".codebook.csv.wxyz6789.painease-part"]
    for temp in temps:
        (out / temp).write_text("the decided set's\n")
    (out / PENDING).write_text("".join(f"{t}\n" for t in temps))
    before = _folder(out)
    with pytest.raises(StoreError, match="move or rename the folder journal.csv"):
        export_csv(store, out)
    assert _folder(out) == before
    journal.rename(tmp_path / "journal-folder")  # as the message says
    export_csv(store, out)
    assert sorted(os.listdir(out)) == sorted(FILES)  # the list is done with, temps gone
    assert "after the first export" in (out / "journal.csv").read_text("utf-8-sig")


def test_an_old_lists_partials_are_removed(store, tmp_path):
    # An export before the temps had names of their own, killed while its files took
    # their names: the list names the files, its temps were ".<name>.partial".
    out = tmp_path / "export"
    out.mkdir()
    (out / PENDING).write_text("sessions.csv\nratings.csv\nphases.csv\n../x.csv\n")
    listed = out / ".ratings.csv.partial"
    listed.write_text("session_id,pain\n1,7\n")
    unlisted = out / ".journal.csv.partial"  # not on the list: perhaps the person's
    unlisted.write_text("mine")
    (out / ".phases.csv.partial").mkdir()  # listed, but not a regular file
    then = time.time() - 7200
    for path in (listed, unlisted):
        os.utime(path, (then, then))
    export_csv(store, out)
    assert not listed.exists()
    assert unlisted.read_text() == "mine" and (out / ".phases.csv.partial").is_dir()
    assert sorted(os.listdir(out)) == sorted(
        [*FILES, ".journal.csv.partial", ".phases.csv.partial"])
