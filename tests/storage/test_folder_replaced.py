"""A data folder moved, removed or replaced (restored from a backup) under an open store.

SQLite keeps writing into the file it opened, even once that file is gone from the folder:
a store that went on saving then saved into a deleted file, and nothing it saved was ever
seen again, without a word. A write now first makes sure the file at the store's path is
still the one it opened (its device and inode), and refuses otherwise, writing nothing
anywhere. Real folders, real SQLite files; the deleted file is kept reachable through a
hard link made before the folder went (the file and its log: SQLite does not fold
the log of a file gone from its path into it on close), to see that nothing more reached it."""

from __future__ import annotations

import os
import shutil
import sqlite3

import pytest

from painease.storage import SessionStore, StoreError
from painease.storage.store_errors import FOLDER_REPLACED

NAME = "painease.sqlite3"


def rows(path, table: str) -> int:
    with sqlite3.connect(path) as connection:  # a plain reader, not the app's store
        return connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


@pytest.fixture
def folder(tmp_path):
    """A data folder holding one session, and its backup (taken with the store closed)."""
    data = tmp_path / "D"
    with SessionStore(data / NAME) as store:
        store.start_session("somatic-tracking-first-steps", 1, 5)
    shutil.copytree(data, tmp_path / "Dbackup")
    return data


def test_a_folder_restored_from_a_backup_refuses_the_save_and_writes_nowhere(folder, tmp_path):
    store = SessionStore(folder / NAME)
    running = store.start_session("somatic-tracking-first-steps", 1, 5)
    store.save_rating(running, "pre", 7, 6)
    old = tmp_path / "old.sqlite3"
    for suffix in ("", "-wal"):  # the files the store holds, once the folder is gone
        os.link(folder / f"{NAME}{suffix}", f"{old}{suffix}")
    shutil.rmtree(folder)
    shutil.copytree(tmp_path / "Dbackup", folder)  # rm -rf D && cp -r Dbackup D

    with pytest.raises(StoreError) as refused:
        store.save_progress(running, 4000, 4000, [(1000, 5.0), (2000, 4.0)])
    assert refused.value.replaced
    assert refused.value.cause == FOLDER_REPLACED
    assert str(refused.value) == (  # the command line's form names the folder
        f"{FOLDER_REPLACED}, so the live rating batch was not saved ({folder}); start "
        "painease again")
    with pytest.raises(StoreError, match="so the rating was not saved "):
        store.save_rating(running, "post", 2, 1)
    with pytest.raises(StoreError):
        store.finish_session(running, samples=[(3000, 3.0)], end=("stopped_early", 4000, 4000),
                             post=(2, 1, None))
    store.close()
    assert rows(old, "live_samples") == 0 and rows(old, "ratings") == 1  # nothing more
    assert rows(folder / NAME, "live_samples") == 0 and rows(folder / NAME, "ratings") == 0
    assert rows(folder / NAME, "sessions") == 1  # the backup's, as it was


def test_a_removed_folder_refuses_the_save_and_is_not_made_again(folder):
    store = SessionStore(folder / NAME)
    running = store.start_session("somatic-tracking-first-steps", 1, 5)
    shutil.rmtree(folder)
    with pytest.raises(StoreError) as refused:
        store.save_rating(running, "post", 2, 1)
    assert refused.value.replaced
    store.close()
    assert not folder.exists()


def test_a_folder_moved_away_and_back_saves_again(folder, tmp_path):
    """The same file back at its path: the next try saves (the banner's 'tries again')."""
    with SessionStore(folder / NAME) as store:
        running = store.start_session("somatic-tracking-first-steps", 1, 5)
        folder.rename(tmp_path / "elsewhere")
        with pytest.raises(StoreError):
            store.add_live_samples(running, [(1000, 5.0)])
        (tmp_path / "elsewhere").rename(folder)
        store.add_live_samples(running, [(1000, 5.0)])
        assert [sample.value for sample in store.live_samples(running)] == [5.0]


def test_a_store_opened_by_a_relative_path_still_saves_after_the_working_folder_changes(
        tmp_path, monkeypatch):
    # Found by a review: the path was read again from each new working folder, where it
    # named no file, and every save was refused as if the data folder had been replaced.
    data = tmp_path / "D"
    data.mkdir()
    monkeypatch.chdir(data)
    with SessionStore(NAME) as store:
        monkeypatch.chdir(tmp_path)
        store.start_session("somatic-tracking-first-steps", 1, 5)
        assert store.path == data / NAME
    assert rows(data / NAME, "sessions") == 1
