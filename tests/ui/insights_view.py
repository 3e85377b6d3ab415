"""Reaching the Insights page in a window (Ctrl+3), choosing its period, and one session
with live ratings in the store, for the tests of Insights and of what opens from it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt

from painease import paths
from painease.storage import SessionStore
from tests.insights_history import add_session
from tests.waits import WORKER_WAIT_MS


def open_insights(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.insights.view is not None)
    view = window.insights.view
    qtbot.waitUntil(lambda: view.data is not None, timeout=WORKER_WAIT_MS)
    return view


def choose_period(qtbot, view, text: str):
    with qtbot.waitSignal(view.shown_data, timeout=WORKER_WAIT_MS):
        view.period.setCurrentIndex(view.period.findText(text))


def one_session(now: datetime | None = None) -> int:
    live = [(k * 20_000, v) for k, v in enumerate([6, 6, 5, 5, 4, 3, 4, 3, 3, 2, 3, 3])]
    with SessionStore(paths.database_path()) as store:
        return add_session(store, (now or datetime.now(UTC)) - timedelta(hours=2),
                           pre=(6, 7), post=(3, 2), live=live)
