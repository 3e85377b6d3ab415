"""Making the report says so and keeps the window painting. The PDF lists every session of
the period, so a long one takes seconds (900 sessions, 28 pages: about 5 s); the page
only set a wait cursor ("about a second at most") and froze until the PDF was written.
Now the status line says "Making your report…" while it is made, and the event loop
turns between its steps (no thread: the charts and the PDF are Qt's, made on the GUI
thread), so the window repaints. A real window over a real store; the status line's
paints are recorded as they happen."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

from painease import paths
from tests.insights_history import bulk_history
from tests.ui.insights_view import open_insights

MAKING = "Making your report…"


class PaintedTexts(QObject):
    """The text of a label each time it is painted."""

    def __init__(self, label):
        super().__init__()
        self.label, self.texts = label, []
        label.installEventFilter(self)

    def eventFilter(self, watched, event):  # noqa: N802 (Qt's name)
        if watched is self.label and event.type() == QEvent.Type.Paint:
            self.texts.append(self.label.text())
        return False


def test_the_report_says_it_is_being_made_and_the_window_keeps_painting(
        qtbot, make_window, tmp_path):
    bulk_history(paths.database_path(), days=80, every=1.0)  # three pages or so
    view = open_insights(qtbot, make_window(use_device=False))
    painted = PaintedTexts(view.status)
    turns = []  # the event loop's turns while the report is made, and what was shown
    ticker = QTimer()
    ticker.setInterval(0)
    ticker.timeout.connect(lambda: turns.append(view.status.text()))
    ticker.start()
    try:
        report = view.save_report(tmp_path / "long.pdf")
    finally:
        ticker.stop()
    assert report is not None and report.pages >= 3
    # Said while it was made, and seen: the status line was painted with it.
    assert MAKING in painted.texts
    # The loop turned all along (at least once a page), not only before and after.
    assert turns.count(MAKING) >= report.pages, turns
    assert view.status.text().startswith(f"Report saved to {tmp_path / 'long.pdf'} (")
    assert QApplication.overrideCursor() is None  # the wait cursor is gone again


def test_a_report_that_fails_says_why_after_saying_it_was_being_made(
        qtbot, make_window, tmp_path):
    bulk_history(paths.database_path(), days=5, every=1.0)
    view = open_insights(qtbot, make_window(use_device=False))
    painted = PaintedTexts(view.status)
    (tmp_path / "r.pdf").mkdir()  # a folder where the file would go
    assert view.save_report(tmp_path / "r.pdf") is None
    assert MAKING in painted.texts
    assert view.status.text().startswith("The report was not saved: ")
    assert QApplication.overrideCursor() is None


def test_a_reload_that_ends_while_the_report_is_made_leaves_the_line_saying_so(
        qtbot, make_window, tmp_path):
    """A reload (a session just ended, new titles) answered while the report is made put
    the period's summary ("80 sessions (last 3 months): …") in the status line in the
    middle of the report, as if it were done. The reload is started and its answer
    delivered on the report's first turn of the event loop: a real read on the loader's
    thread, waited for and handed over there, so it lands during the report every time."""
    bulk_history(paths.database_path(), days=80, every=1.0)
    view = open_insights(qtbot, make_window(use_device=False))
    summary = view.status.text()
    assert summary.startswith("80 sessions")
    painted = PaintedTexts(view.status)
    shown = []  # answers put on screen during the report
    view.shown_data.connect(lambda: shown.append(view.status.text()))
    turns = []

    def turn() -> None:
        turns.append(view.status.text())
        if len(turns) == 1:  # the report's first turn: a reload starts and is answered
            view.reload()
            view.loader.wait()  # the worker's read done (joined, not slept for)
            view.loader.deliver()  # its answer handed to the page, as the loader's timer would
            turns.append(view.status.text())

    ticker = QTimer()
    ticker.setInterval(0)
    ticker.timeout.connect(turn)
    ticker.start()
    try:
        report = view.save_report(tmp_path / "long.pdf")
    finally:
        ticker.stop()
    assert report is not None
    assert len(shown) == 1, "the reload was not answered during the report"
    assert view.data is not None and len(view.data.points) == 80  # the charts took it
    assert set(turns) == {MAKING}, turns
    assert set(painted.texts) == {MAKING}, painted.texts
    assert view.status.text().startswith(f"Report saved to {tmp_path / 'long.pdf'} (")
