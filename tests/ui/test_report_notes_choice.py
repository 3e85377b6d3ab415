"""The report's notes are the person's choice: "Include my notes" beside the report
button, off until ticked, reached and ticked from the keyboard, kept while painease is
open (also when the charts are rebuilt for a new theme). Real windows, a real store,
real PDFs read back with poppler."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from painease import paths
from painease.storage import SessionStore
from tests.insights_history import add_session
from tests.test_report import needs_poppler
from tests.test_report_notes import words
from tests.ui.insights_view import open_insights
from tests.ui.test_main_window import unnamed_controls

NOTE = "I felt the ache soften when I stopped bracing."


def a_session_with_a_note() -> None:
    with SessionStore(paths.database_path()) as store:
        sid = add_session(store, datetime.now(UTC) - timedelta(hours=3))
        store.add_journal_entry(NOTE, session_id=sid)


def report_from_button(qtbot, view, monkeypatch, path) -> str:
    """Press the report button as a person would (the native file dialog answered with
    ``path``) and return the PDF's text."""
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *args, **kw: (str(path), "")))
    view.report_button.setFocus()
    qtbot.keyClick(view.report_button, Qt.Key.Key_Space)
    assert view.status.text().startswith("Report saved to")
    return words(path)


@needs_poppler
def test_notes_go_into_the_report_only_when_the_person_ticks_the_box(
        qtbot, make_window, monkeypatch, tmp_path):
    a_session_with_a_note()
    window = make_window(use_device=False)
    view = open_insights(qtbot, window)
    choice = view.notes_choice
    assert choice.text() == "Include my notes" and not choice.isChecked()
    assert choice.accessibleName() == "Include my notes in the report"
    assert "private" in choice.accessibleDescription()
    assert unnamed_controls(view) == []

    without = report_from_button(qtbot, view, monkeypatch, tmp_path / "without.pdf")
    assert "Sessions, newest first" in without  # the rest of the report is there
    assert "Your notes" not in without and NOTE not in without

    # From the keyboard: Tab from the report button reaches the box, Space ticks it.
    view.report_button.setFocus()
    qtbot.keyClick(view.report_button, Qt.Key.Key_Tab)
    assert window.focusWidget() is choice
    qtbot.keyClick(choice, Qt.Key.Key_Space)
    assert choice.isChecked()
    with_notes = report_from_button(qtbot, view, monkeypatch, tmp_path / "with.pdf")
    assert "Your notes" in with_notes and f"What you noticed: {NOTE}" in with_notes


def test_the_choice_lasts_while_painease_is_open_and_is_not_saved(qtbot, make_window):
    a_session_with_a_note()
    window = make_window(use_device=False)
    view = open_insights(qtbot, window)
    view.notes_choice.setChecked(True)
    window.settings.set("theme", "dark")  # the charts are taken down and built again
    rebuilt = window.insights.view
    assert rebuilt is not view and rebuilt.notes_choice.isChecked()
    assert "notes" not in paths.data_dir().joinpath("settings.json").read_text()


def test_a_therapist_has_the_same_choice_for_a_patients_notes(qtbot, painease_home):
    from painease.ui.charts.view import InsightsView

    with SessionStore(paths.database_path()) as store:
        view = InsightsView(store, patient_name="Sam")
        qtbot.addWidget(view)
        assert view.notes_choice.text() == "Include Sam's notes"
        assert view.notes_choice.accessibleName() == "Include Sam's notes in the report"
        assert not view.notes_choice.isChecked()
        view.loader.wait()
