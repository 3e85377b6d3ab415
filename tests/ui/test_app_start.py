"""`painease` with no command opens the window: in-process, and as a real process."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer

from painease.ui.app import run_app

REPO = Path(__file__).resolve().parents[2]


def test_run_app_shows_the_main_window_and_returns_when_closed(qapp):
    shown: list[str] = []

    def look_then_close():
        shown.extend(w.windowTitle() for w in qapp.topLevelWidgets() if w.isVisible())
        for widget in qapp.topLevelWidgets():
            widget.close()

    QTimer.singleShot(300, look_then_close)
    assert run_app() == 0
    assert shown == ["painease"]


@pytest.mark.parametrize("with_option", [False, True], ids=["no-arguments", "data-dir"])
def test_painease_command_starts_and_keeps_running(tmp_path, with_option):
    """``painease`` alone opens the window without building the parser; with
    ``--data-dir`` it goes through the parser, and the window uses that folder."""
    home = tmp_path / "home"
    env = dict(os.environ, PYTHONPATH=str(REPO), QT_QPA_PLATFORM="offscreen")
    env.pop("PAINEASE_HOME", None)
    if with_option:
        args = ["--data-dir", str(home)]
    else:
        args, env["PAINEASE_HOME"] = [], str(home)
    process = subprocess.Popen([sys.executable, "-m", "painease", *args], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.1)
        assert process.poll() is None, process.communicate()[1]  # still running: no crash
        assert (home / "painease.sqlite3").is_file()  # the window opened its store there
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=10)
    assert "Traceback" not in stderr


def test_window_shows_before_the_sessions_load_and_start_waits_for_them(qtbot, preset):
    """The catalog loads on a worker thread: Home first says the sessions are coming and
    offers no Start; once they arrive, the suggestion and its Start button appear, and pages
    nobody opened were never built."""
    from PySide6.QtWidgets import QPushButton, QWidget

    from painease.ui.app import create_window, wait_until_ready

    preset(welcome_seen=True)
    window = create_window({"use_device": False})
    qtbot.addWidget(window)
    window.show()
    try:
        if window.catalog is None:  # normally so: the window is built before the load ends
            status = window.findChild(QWidget, "suggestion-status")
            assert "getting your sessions ready" in status.text().lower()
            assert window.findChild(QPushButton, "home-start") is None
        wait_until_ready(window)
        qtbot.waitUntil(lambda: window.findChild(QPushButton, "home-start") is not None)
        assert window.catalog is not None and "somatic-tracking-first-steps" in \
            window.catalog.entries
        assert set(window._pages) == {"Home"} and window._flow is None
        window.show_page("Library")
        assert window.findChild(QWidget, "library-list").count() == len(window.catalog.entries)
    finally:
        window.close_flow()
        window.store.close()


def test_a_catalog_that_cannot_load_is_said_on_home_not_crashed(qtbot, monkeypatch, preset):
    """Fault injection: the bundled scripts cannot be read (a damaged install)."""
    from PySide6.QtWidgets import QPushButton, QWidget

    import painease.catalog
    from painease.ui.app import create_window, wait_until_ready

    def unreadable():
        raise PermissionError(13, "Permission denied", "assets/scripts")

    monkeypatch.setattr(painease.catalog, "load_catalog", unreadable)
    preset(welcome_seen=True)
    window = create_window({"use_device": False})
    qtbot.addWidget(window)
    try:
        wait_until_ready(window)
        qtbot.waitUntil(lambda: "could not be loaded" in
                        window.findChild(QWidget, "suggestion-status").text())
        assert "Permission denied" in window.findChild(QWidget, "suggestion-status").text()
        assert window.findChild(QPushButton, "home-start") is None
        window.show_page("Library")
        assert window.findChild(QWidget, "library-list").count() == 0
        window.start_session("somatic-tracking-first-steps", 5)  # ignored, no crash
        assert not window.running
    finally:
        window.store.close()


def test_a_catalog_that_arrives_after_run_app_ended_is_dropped(qapp, qtbot, monkeypatch):
    """The window closes before the sessions load: the late catalog must not reach the
    closed store in whatever event loop runs next (pytest-qt fails the test if it does)."""
    import threading

    import painease.catalog
    from painease.ui.main_window import MainWindow

    release = threading.Event()
    real_load = painease.catalog.load_catalog

    def held_back():
        release.wait(30)
        return real_load()

    monkeypatch.setattr(painease.catalog, "load_catalog", held_back)
    shown: list[MainWindow] = []

    def close_at_once():
        shown.extend(w for w in qapp.topLevelWidgets()
                     if isinstance(w, MainWindow) and w.isVisible())
        for widget in shown:
            widget.close()

    QTimer.singleShot(0, close_at_once)
    try:
        assert run_app() == 0
    finally:
        release.set()
    [window] = shown
    window.catalog_loader.thread.join(30)
    assert not window.catalog_loader.thread.is_alive()
    qtbot.wait(100)  # the loader's 10 ms timer would have delivered by now
    assert window.catalog is None and window.catalog_problem is None


def test_an_unusable_data_folder_is_one_line_and_exit_1(qapp, painease_home, capsys):
    painease_home.parent.mkdir(parents=True, exist_ok=True)
    painease_home.write_text("a file where the data folder should be")
    assert run_app() == 1
    err = capsys.readouterr().err
    assert err == "painease: cannot create the data directory: File exists\n"
    assert painease_home.read_text() == "a file where the data folder should be"
