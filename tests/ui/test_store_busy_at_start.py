"""A database another program is writing at the moment the window starts is busy, not
damaged: the window says so plainly and offers to try again (``painease.ui.store_notes``).

Found by a probe: with another process holding a write for ~20 s, the start waited, then
said "painease cannot open your data", blamed "other painease windows" (impossible: this
start holds the single-window lock), advised freeing disk space and asking for help, showed
the raw "(database is locked)", and closed."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QPushButton

from painease.storage import SessionStore, database
from painease.ui.app import run_app


@pytest.fixture
def busy_database(painease_home, monkeypatch):
    """A ready database in the data folder, with another connection holding its write lock
    (``BEGIN IMMEDIATE``) until the test lets it go (``release``)."""
    painease_home.mkdir(mode=0o700)
    path = painease_home / "painease.sqlite3"
    with SessionStore(path) as store:
        died = store.start_session("somatic-tracking-first-steps", 1, 5)  # to be marked
    monkeypatch.setattr(database, "BUSY_PATIENCE", 0.2)  # not the usual 5 s wait
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")

    def release():
        if other.in_transaction:
            other.execute("ROLLBACK")

    yield path, died, release
    release()
    other.close()


def answer_when_shown(qapp, name: str, answer, seen: list) -> None:
    """Once the box called ``name`` shows, keep what it says in ``seen`` (its text,
    informative text, details and accessible name) and ``answer`` it; after ten seconds
    without it, close every window so the test can fail."""
    tries = [0]

    def look():
        box = next((w for w in qapp.topLevelWidgets()
                    if w.objectName() == name and w.isVisible()), None)
        if box is None:
            tries[0] += 1
            if tries[0] > 500:
                for window in qapp.topLevelWidgets():
                    window.close()
                return
            QTimer.singleShot(20, look)
            return
        seen.append((box.text(), box.informativeText(), box.detailedText(),
                     box.accessibleName()))
        answer(box)

    QTimer.singleShot(0, look)


def test_a_busy_database_at_start_says_so_and_try_again_opens_it(qapp, busy_database,
                                                                 capsys):
    path, died, release = busy_database
    seen: list[tuple[str, str, str, str]] = []
    opened: list[bool] = []

    def try_again(box):
        release()  # the other program has finished
        box.findChild(QPushButton, "store-busy-retry").click()
        QTimer.singleShot(20, look_at_the_window)

    tries = [0]

    def look_at_the_window():
        # This run's window: one an earlier test left (closed, not deleted) is not shown.
        window = next((w for w in qapp.topLevelWidgets() if w.isVisible() and (
            w.objectName() == "main-window" or hasattr(w, "startup_loader"))), None)
        if window is not None and getattr(window.home, "store", None) is None:
            tries[0] += 1
            if tries[0] < 500:
                QTimer.singleShot(20, look_at_the_window)
                return
        opened.append(window is not None and window.home.store is not None
                      and window.store_problem is None)
        for widget in qapp.topLevelWidgets():
            widget.close()

    answer_when_shown(qapp, "store-busy", try_again, seen)
    assert run_app() == 0
    [(text, more, detail, _)] = seen
    said = f"{text} {more}"
    assert "Another program is using the file that keeps your sessions and ratings" in said
    assert "a painease command running in a terminal" in said and "backup" in said
    assert "Try again" in said
    for wrong in ("other painease windows", "free some space", "ask for help",
                  "damaged", "database is locked"):
        assert wrong not in said, wrong
    assert "database is locked" in detail  # the technical reason, out of the way
    assert opened == [True]
    with SessionStore(path) as store:  # the retried start did its work: the run that died
        assert store.session(died).outcome == "interrupted"
    assert "in use by another program" in capsys.readouterr().err


def test_a_busy_database_at_start_can_be_left_and_is_kept(qapp, busy_database):
    path, died, _ = busy_database
    seen: list[tuple[str, str, str, str]] = []
    answer_when_shown(qapp, "store-busy",
                      lambda box: box.findChild(QPushButton, "store-busy-quit").click(), seen)
    assert run_app() == 1
    assert len(seen) == 1
    assert not [w for w in qapp.topLevelWidgets() if w.isVisible()]  # the window closed too
    with SessionStore(path) as store:  # nothing was marked: the start never got the file
        assert store.session(died).outcome == "in_progress"
