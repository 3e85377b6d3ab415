"""At start, pack folders whose set the database lost (a damaged database moved away, a new
one made) are adopted back before the Library reads them: Home shows the set and says it
was found again; a folder whose files are not as signed is set aside, its scripts no longer
in the Library, and said. Real keys, a real pack, real SQLite files, the real window."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from pathlib import Path

import pytest

from painease.packs.install import import_pack
from painease.storage import SessionStore
from painease.storage.programs import ProgramStore
from painease.ui.app import StartupLoader
from tests.ui.test_patient_packs import Therapist
from tests.ui.test_session_flow import find, shown
from tests.waits import WORKER_WAIT_MS


@pytest.fixture
def therapist(tmp_path, monkeypatch, painease_home):
    return Therapist(tmp_path / "therapist-home", tmp_path, monkeypatch, painease_home)


def imported_then_database_moved_away(therapist, home) -> None:
    with SessionStore.open_default() as store:
        assert import_pack(therapist.pack("two-weeks.painease"), store).status == "new"
    aside = home / "damaged"
    aside.mkdir()
    for part in home.glob("painease.sqlite3*"):
        shutil.move(part, aside / part.name)


def test_a_set_whose_database_was_replaced_is_back_on_home_and_said(
        qtbot, make_window, preset, therapist, painease_home):
    imported_then_database_moved_away(therapist, painease_home)
    preset(welcome_seen=True)
    window = make_window(use_device=False)
    qtbot.waitUntil(lambda: shown(window, "adopted-note"))
    assert "added them back: “Two weeks” from Dr. Ana Moreno" in find(
        window, "adopted-note-text").text()
    assert shown(window, "set-card")
    assert find(window, "set-title").text() == "Two weeks"
    assert find(window, "therapist-known").text().startswith(
        "Sets from: Dr. Ana Moreno (fingerprint ")
    assert "calm-corner" in window.catalog.entries


def test_a_folder_not_as_signed_leaves_the_library_and_is_said(
        qtbot, make_window, preset, therapist, painease_home):
    imported_then_database_moved_away(therapist, painease_home)
    [folder] = [p for p in (painease_home / "packs").iterdir() if p.is_dir()
                and not p.name.startswith(".")]
    script = folder / "scripts" / "calm-corner.toml"
    script.write_text(script.read_text("utf-8").replace("Hello", "Hi"), "utf-8")
    preset(welcome_seen=True)
    window = make_window(use_device=False)
    assert "calm-corner" not in window.catalog.entries  # no signed set stands behind it
    qtbot.waitUntil(lambda: shown(window, "adopted-note"))
    assert "Importing the pack from your therapist again brings the set back." in find(
        window, "adopted-note-text").text()
    assert not shown(window, "set-card")


@pytest.mark.parametrize("database", ["has the set", "was replaced"])
def test_the_start_up_worker_opens_the_database_once(
        qapp, therapist, painease_home, monkeypatch, database):
    """With pack folders in place the worker prepared the store, closed it, then opened the
    database again to read the saved sets' ids (``packs.at_start``). It now hands the one
    store it prepared on: one connection, whether there is a set to adopt back or not."""
    if database == "has the set":
        with SessionStore.open_default() as store:
            assert import_pack(therapist.pack("two-weeks.painease"), store).status == "new"
    else:
        imported_then_database_moved_away(therapist, painease_home)
    opened = []  # (thread, file) of every SQLite connection made from here on
    connect = sqlite3.connect

    def watched_connect(database, *args, **kwargs):
        opened.append((threading.current_thread().name, Path(database).name))
        return connect(database, *args, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", watched_connect)
    loader = StartupLoader()
    loader.start()
    loader.thread.join(timeout=WORKER_WAIT_MS / 1000)
    loader.abandon()
    assert not loader.thread.is_alive()
    assert loader.store_answer() == ([], None)
    worker_opened = list(opened)
    if database == "has the set":
        assert loader.adopted == ""
    else:
        assert "added them back: “Two weeks” from Dr. Ana Moreno" in loader.adopted
        with SessionStore.open_default() as store:  # saved through the one connection
            assert [p.program.title for p in ProgramStore(store).programs()] == ["Two weeks"]
    # An existing file is first looked at read-only (storage/first_look.py: a log beside it
    # that is not its own is never folded in); the store itself is opened once.
    looks = [o for o in worker_opened if o[1] == "painease.sqlite3?mode=ro"]
    assert looks in ([], [("painease-start", "painease.sqlite3?mode=ro")])
    assert [o for o in worker_opened if o not in looks] == [("painease-start", "painease.sqlite3")]
