"""A real app process killed with SIGKILL mid-session: the next start shows what was saved.

The child runs the real window (``create_window``, the same start-up as ``painease``),
starts a session like a person would, moves the live rating (when it is on), waits until
the 2-second flush has certainly passed, reports where the session is, stops its event
loop (so nothing more is saved after the report) and is then killed without any chance
to clean up. In "after" mode it ends the session early instead, rates and writes a note
on the After page without confirming them, and is killed while closing the window asks
whether to save them.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QWidget

from painease import paths
from painease.domain.vocabulary import duration_words
from painease.session import FLUSH_SECONDS
from painease.storage import SessionStore
from tests.ui.test_session_flow import find, shown

REPO = Path(__file__).resolve().parents[2]

CHILD = r"""
import json, sys, time
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget
from painease.ui.app import application, create_window, wait_until_ready

app = application()
window = create_window()
window.show()
wait_until_ready(window)

def find(name):
    return window.findChild(QWidget, name)

LIVE = sys.argv[1] == "live"
AFTER = sys.argv[1] == "after"

def start():
    find("home-start").click()
    QTest.keyClick(find("pre-pain"), "7")
    QTest.keyClick(find("pre-fear"), "6")
    find("pre-continue").click()
    QTimer.singleShot(400, move if LIVE else after if AFTER else wait)

moves = []
def move():
    live = find("live-rating")
    live.setValue(live.value() - 1)
    moves.append(live.value())
    if len(moves) < 3:
        QTimer.singleShot(300, move)
    else:
        # The last sample is flushed within 2 s (FLUSH_SECONDS) by the session's tick.
        QTimer.singleShot(2600, report)

def wait():
    # Live rating off: well past the first flushes of how far the session got.
    if window.flow.session.position_ms >= 4500:
        report()
    else:
        QTimer.singleShot(100, wait)

def after():
    session = window.flow.session
    if session.position_ms < 1000:
        QTimer.singleShot(100, after)
        return
    session.stop_early()
    QTest.keyClick(find("post-pain"), "2")
    QTest.keyClick(find("post-fear"), "1")
    find("post-note").setPlainText("Typed, never saved.")
    window.close()  # asks "Save what you entered?"; killed before any answer
    QTimer.singleShot(300, report)

def report():
    session = window.flow.session
    asked = getattr(window, "close_question", None)
    print("READY " + json.dumps({"id": session.session_id, "moves": moves,
                                 "position_ms": session.position_ms,
                                 "asked": bool(asked and asked.isVisible())}), flush=True)
    time.sleep(600)  # the window stops here: no tick, so nothing is saved after the report

QTimer.singleShot(200, start)
app.exec()
"""


def run_and_kill(painease_home: Path, live: bool, mode: str = "") -> dict:
    """Run the child (see the top), SIGKILL it after its report, and return the report."""
    env = dict(os.environ, PYTHONPATH=str(REPO), QT_QPA_PLATFORM="offscreen",
               PAINEASE_HOME=str(painease_home))
    child = subprocess.Popen([sys.executable, "-c", CHILD,
                              mode or ("live" if live else "off")],
                             env=env, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        line, deadline = "", time.monotonic() + 30
        while not line.startswith("READY") and time.monotonic() < deadline:
            line = child.stdout.readline()
            if not line and child.poll() is not None:
                break
        assert line.startswith("READY"), child.stderr.read()
        report = json.loads(line.removeprefix("READY "))
        os.kill(child.pid, signal.SIGKILL)
        assert child.wait(timeout=10) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
        child.communicate(timeout=10)
    return report


def assert_reached(session, report: dict) -> None:
    """The elapsed time is where the session was at its last flush: not after the report,
    and at most one flush interval (plus a tick and the silent clock's catch-up) before."""
    assert session.elapsed_ms is not None
    assert session.elapsed_ms <= report["position_ms"]
    assert report["position_ms"] - session.elapsed_ms <= FLUSH_SECONDS * 1000 + 1000


@pytest.mark.slow
def test_killed_mid_session_the_next_start_shows_it_interrupted(qtbot, make_window, preset,
                                                                painease_home):
    preset(live_rating=True, welcome_seen=True)
    report = run_and_kill(painease_home, live=True)

    window = make_window(use_device=False)  # the next start, in this process
    qtbot.waitUntil(lambda: shown(window, "interrupted-session"))
    text = " ".join(w.text() for w in find(window, "interrupted-session").findChildren(QLabel))
    assert "pain 7, sense of threat 6" in text
    assert "3 live ratings" in text
    session = window.store.session(report["id"])
    assert session.outcome == "interrupted"
    samples = window.store.live_samples(report["id"])
    assert [s.value for s in samples] == [float(v) for v in report["moves"]] == [6.0, 5.0, 4.0]
    # How far it got: the later of the last live rating and the position saved since.
    assert session.elapsed_ms >= samples[-1].t_ms
    assert_reached(session, report)


@pytest.mark.slow
def test_killed_with_live_rating_off_it_keeps_how_far_it_got(qtbot, make_window, preset,
                                                            painease_home):
    preset(live_rating=False, welcome_seen=True)
    report = run_and_kill(painease_home, live=False)

    window = make_window(use_device=False)
    qtbot.waitUntil(lambda: shown(window, "interrupted-session"))
    session = window.store.session(report["id"])
    assert session.outcome == "interrupted" and session.ended_at is None
    assert window.store.live_samples(report["id"]) == []
    assert_reached(session, report)
    assert session.elapsed_ms >= 1000  # a real position, not a stand-in for "unknown"
    # Nothing skipped, nothing paused: it played as far as it got (read a moment after the
    # position in the same flush, so perhaps a block more).
    assert 0 <= session.played_ms - session.elapsed_ms < 1000
    minutes = round(session.length_minutes * 60)
    started = session.started_at.astimezone()
    assert find(window, "interrupted-text").text() == (
        f"Your session “{session_title(window, session)}” from "
        f"{started.day} {started:%b, %H:%M} was interrupted: painease was closed "
        f"or stopped during it, after {duration_words(session.elapsed_ms)} of "
        f"{duration_words(minutes * 1000)}. Saved: your ratings before it (pain 7, sense of "
        "threat 6). You can start it again whenever you like, from the Library.")


@pytest.mark.slow
def test_killed_on_the_after_page_keeps_everything_confirmed(qtbot, make_window, preset,
                                                            painease_home):
    preset(live_rating=False, welcome_seen=True)
    report = run_and_kill(painease_home, live=False, mode="after")
    assert report["asked"]  # the close asked first, and was killed before any answer

    window = make_window(use_device=False)
    session = window.store.session(report["id"])
    # It had ended (its end is saved when the After page comes up): kept as it ended.
    assert session.outcome == "stopped_early"
    assert_reached(session, report)
    ratings = window.store.ratings(report["id"])
    assert set(ratings) == {"pre"} and (ratings["pre"].pain, ratings["pre"].fear) == (7, 6)
    assert window.store.journal_entries() == []  # never confirmed: nothing half-saved
    assert not shown(window, "interrupted-session")


def session_title(window, session) -> str:
    return window.catalog.entries[session.script_id].script.title


def window_after_an_interruption(qtbot, make_window, preset):
    """The window started over a store whose only session (Paced breathing, nothing rated)
    never ended, once Home shows the note on it."""
    preset(welcome_seen=True)
    with SessionStore(paths.database_path()) as store:
        store.start_session("paced-breathing", 2, 5)
    window = make_window(use_device=False)
    qtbot.waitUntil(lambda: shown(window, "interrupted-session"))
    return window


def test_an_interrupted_session_with_nothing_saved_says_so(qtbot, make_window, preset):
    # A session row whose ratings were never saved (the Before page's save failed, then
    # Back): once its note ended "... during it. ." with nothing in between.
    window = window_after_an_interruption(qtbot, make_window, preset)
    text = find(window, "interrupted-text").text()
    assert text.startswith("Your session “Paced breathing” from ")
    assert text.endswith("was interrupted: painease was closed or stopped during it. No "
                         "ratings from it were saved. You can start it again whenever you "
                         "like, from the Library.")


def test_the_interrupted_note_stays_until_another_session_is_done(qtbot, make_window, preset,
                                                                 short_script):
    from PySide6.QtCore import Qt

    from tests.ui.test_main_window import end_early_to_the_summary
    from tests.ui.test_session_flow import choose_in_library

    window = window_after_an_interruption(qtbot, make_window, preset)
    # Back from the Before page: no session took place, the note is still news.
    choose_in_library(qtbot, window, short_script)
    qtbot.waitUntil(lambda: shown(window, "pre-back"))
    qtbot.mouseClick(find(window, "pre-back"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.nav.isVisible())
    window.show_page("Home")  # Back led to the Library, where the session was chosen
    assert [w for w in window.findChildren(QWidget, "interrupted-session") if w.isVisible()]
    # A session done since: Home no longer leads with the one before it.
    choose_in_library(qtbot, window, short_script)
    qtbot.waitUntil(lambda: shown(window, "pre-pain"))
    find(window, "pre-pain").setValue(3)
    find(window, "pre-fear").setValue(3)
    qtbot.mouseClick(find(window, "pre-continue"), Qt.MouseButton.LeftButton)
    end_early_to_the_summary(qtbot, window)
    qtbot.mouseClick(find(window, "summary-done"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.nav.isVisible())
    notes = [w for w in window.findChildren(QWidget, "interrupted-session") if w.isVisible()]
    assert notes == []
