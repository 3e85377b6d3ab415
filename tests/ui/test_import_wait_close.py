"""Closing painease while a results import waits asks first ("Close without importing" /
"Keep waiting"). When the wait ends while that question is open (the other import
finished and this one merged, or it gave up), the question no longer says what is so:
it is taken down unanswered and what is true now is asked instead, so no answer acts on
an import that no longer waits.

The other import is a real second process holding the real lock (``OtherImport``); the
therapist and patient are real data dirs with real SQLite files (``Clinic``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from painease.storage.patients import PatientStore
from tests.packs.conftest import make_program
from tests.ui.clinic import Clinic
from tests.ui.script_editing import fill_metadata
from tests.ui.test_patients_import_wait import other_import  # noqa: F401 - a fixture
from tests.waits import WORKER_WAIT_MS


def therapist_window(tmp_path, monkeypatch, make_window):
    clinic = Clinic(tmp_path, monkeypatch)
    results = clinic.patient("Sam", make_program(), [(2, (6, 7), (4, 3))])
    clinic.own_store().close()  # the therapist's data dir is the window's from here on
    (clinic.homes.therapist / "settings.json").write_text('{"therapist_mode": true}')
    return clinic, results, make_window(use_device=False)


def closing_while_waiting(tmp_path, monkeypatch, make_window, start_other):
    """The therapist's window, its Patients page importing a results file while another
    import holds the lock (so it waits), and the window told to close: (clinic, window,
    page, the other import)."""
    clinic, results, window = therapist_window(tmp_path, monkeypatch, make_window)
    page = window.therapist().show_tab("Patients")
    other = start_other()
    assert page.import_file(results) is False
    window.close()
    return clinic, window, page, other


def test_an_import_done_while_the_close_question_is_open_replaces_the_question(
        qtbot, tmp_path, monkeypatch, other_import, make_window):  # noqa: F811
    clinic, window, page, other = closing_while_waiting(tmp_path, monkeypatch, make_window,
                                                        other_import)
    stale = window.close_question
    qtbot.waitUntil(stale.isVisible)
    assert stale.button(QMessageBox.StandardButton.Discard).text() == "Close without importing"
    other.finish()  # the lock is free: the waiting import merges while it is asked
    qtbot.waitUntil(lambda: page.message.text().startswith("Imported "),
                    timeout=WORKER_WAIT_MS)
    qtbot.waitUntil(lambda: not stale.isVisible())  # "is not imported yet" is not so
    now = window.close_question
    assert now is not stale
    qtbot.waitUntil(now.isVisible)
    assert now.text() == (f"The results file is no longer waiting. {page.message.text()} "
                          "Close painease now?")
    assert window.isVisible()  # the stale question's answer did nothing
    with clinic.own_store() as own:
        assert [p.name for p in PatientStore(own).patients()] == ["Sam"]
    keep = now.button(QMessageBox.StandardButton.Cancel)
    assert keep.text() == "Keep painease open"
    qtbot.mouseClick(keep, Qt.MouseButton.LeftButton)
    assert window.isVisible()
    window.close()  # nothing waits and nothing is unsaved: it closes without a question
    qtbot.waitUntil(lambda: not window.isVisible())


def test_an_import_that_gives_up_while_asked_leaves_only_the_unsaved_question(
        qtbot, tmp_path, monkeypatch, other_import, make_window):  # noqa: F811
    monkeypatch.setattr("painease.packs.import_lock.WAIT_SECONDS", 1.5)
    clinic, results, window = therapist_window(tmp_path, monkeypatch, make_window)
    fill_metadata(qtbot, window.therapist().show_tab("Scripts"))  # unsaved
    page = window.therapist().show_tab("Patients")
    other_import()  # never finishes within the limit
    assert page.import_file(results) is False
    window.close()
    stale = window.close_question
    qtbot.waitUntil(stale.isVisible)
    assert "waiting for another import" in stale.text()
    qtbot.waitUntil(lambda: page.message.text().startswith("Not imported"), timeout=10_000)
    qtbot.waitUntil(lambda: not stale.isVisible())
    now = window.close_question
    qtbot.waitUntil(now.isVisible)
    assert now.text() == (
        f"The results file is no longer waiting. {page.message.text()} Your changes to the "
        "script “Knee practice” are not saved. Close painease anyway?")
    drop = now.button(QMessageBox.StandardButton.Discard)
    assert drop.text() == "Close without saving"
    qtbot.mouseClick(drop, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.isVisible())
    with clinic.own_store() as own:
        assert PatientStore(own).patients() == []


def test_keep_waiting_then_the_import_ends_asks_nothing(
        qtbot, tmp_path, monkeypatch, other_import, make_window):  # noqa: F811
    clinic, window, page, other = closing_while_waiting(tmp_path, monkeypatch, make_window,
                                                        other_import)
    asked = window.close_question
    qtbot.waitUntil(asked.isVisible)
    qtbot.mouseClick(asked.button(QMessageBox.StandardButton.Cancel),
                     Qt.MouseButton.LeftButton)  # Keep waiting
    other.finish()
    qtbot.waitUntil(lambda: page.message.text().startswith("Imported "),
                    timeout=WORKER_WAIT_MS)
    qtbot.wait(200)
    assert window.close_question is asked and not asked.isVisible()  # nothing asked again
    assert window.isVisible()
