"""`painease` with no command opens the window: in-process, and as a real process."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

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


def test_painease_command_starts_and_keeps_running(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(REPO), QT_QPA_PLATFORM="offscreen",
               PAINEASE_HOME=str(tmp_path / "home"))
    process = subprocess.Popen([sys.executable, "-m", "painease"], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.1)
        assert process.poll() is None, process.communicate()[1]  # still running: no crash
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=10)
    assert "Traceback" not in stderr
