"""The report's save dialog suggests a file name the file system takes, whatever the
patient is called ("Sam/Alex" once suggested a folder that does not exist; 100 × "安娜" a
name too long to write). A real Insights view, a real store, a real PDF written to the
suggested name."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from painease import paths
from painease.storage import SessionStore
from tests.ui.insights_view import one_session


@pytest.mark.parametrize(("patient", "expected"), [
    ("Sam/Alex", "painease-report-Sam-Alex-{}.pdf"),
    ("Dr/../../tmp/evil", "painease-report-Dr-tmp-evil-{}.pdf"),
    ("安娜" * 100, "painease-report-" + "安娜" * 25 + "-{}.pdf"),
    ("../", "painease-report-{}.pdf"),  # nothing left of the name: the plain name
])
def test_the_suggested_report_name_is_one_file_in_the_home_folder(
        qtbot, painease_home, monkeypatch, tmp_path, patient, expected):
    from painease.ui.charts.view import InsightsView

    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    one_session()
    offered = []

    def answer(parent, title, default, *rest, **kw):
        offered.append(default)
        return default, ""  # the person keeps the suggested name

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(answer))
    with SessionStore(paths.database_path()) as store:
        view = InsightsView(store, patient_name=patient)
        qtbot.addWidget(view)
        view.loader.wait()
        qtbot.waitUntil(lambda: view.data is not None)
        view.report_button.setFocus()
        qtbot.keyClick(view.report_button, Qt.Key.Key_Space)
        suggested = Path(offered[0])
        assert suggested.parent == home
        assert suggested.name == expected.format(date.today().isoformat())
        assert view.status.text().startswith(f"Report saved to {suggested}"), \
            view.status.text()
        assert suggested.is_file()
        view.loader.wait()
