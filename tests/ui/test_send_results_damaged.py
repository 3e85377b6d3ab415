"""Send results… when a value the file needs cannot be read (the database was edited or
damaged after the dialog opened): the dialog says so in its message line, naming what is
damaged, and writes no file; nothing is raised out of the button's slot.

Real dialog (offscreen), real file dialog, a real SQLite file damaged with sqlite3."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from painease.ui.send_results import SETS_UNREADABLE
from painease.ui.set_card import SET_UNREADABLE
from tests.ui.test_patient_packs import card, choose_file, click, one_rated_session
from tests.ui.test_patient_packs import therapist as therapist  # noqa: F401 - a fixture
from tests.ui.test_session_flow import find, shown
from tests.ui.test_unreadable_in_app import damage


def saved_after_damage(qtbot, make_window, preset, therapist, painease_home,  # noqa: F811
                       out, sql: str):
    """Send results… opened on Home over one rated session of ``therapist``'s set, the
    database then damaged with ``sql``, and Save clicked with ``out`` chosen: the dialog."""
    one_rated_session(therapist)
    preset(welcome_seen=True)
    window = make_window(use_device=False)
    click(qtbot, find(window, "send-results"))
    dialog = card(window).send_dialog
    qtbot.waitExposed(dialog)
    dialog.name.setText("Sam")
    damage(painease_home, sql)
    click(qtbot, dialog.save)
    choose_file(qtbot, dialog.file_dialog, out)
    return dialog


def test_a_set_value_that_cannot_be_read_is_said_and_nothing_is_saved(
        qtbot, make_window, preset, therapist, painease_home, tmp_path):  # noqa: F811
    dialog = saved_after_damage(qtbot, make_window, preset, therapist, painease_home,
                                tmp_path / "r.painease-results",
                                "UPDATE programs SET started_on = 'someday'")
    said = dialog.message.text()
    assert said.startswith("Not saved: a value in the database cannot be read: the programs "
                           "table, row ")
    assert said.endswith("column started_on holds 'someday', which is not a date.")
    assert dialog.message.accessibleDescription() == said
    assert dialog.saved_to is None
    assert not (tmp_path / "r.painease-results").exists()


def test_a_set_title_that_is_not_text_is_said_and_nothing_is_saved(
        qtbot, make_window, preset, therapist, painease_home, tmp_path):  # noqa: F811
    """A title damaged to bytes (a BLOB) was a ``ProgramError`` out of the store's read,
    which the dialog did not catch: raised out of the button's slot, and no word."""
    dialog = saved_after_damage(qtbot, make_window, preset, therapist, painease_home,
                                tmp_path / "r.painease-results",
                                "UPDATE programs SET title = x'00ff'")
    said = dialog.message.text()
    assert said.startswith("Not saved: a value in the database cannot be read: the programs "
                           "table, row ")
    assert said.endswith("column title holds b'\\x00\\xff', which is not a title.")
    assert dialog.saved_to is None
    assert not (tmp_path / "r.painease-results").exists()


def test_home_says_a_title_that_is_not_text_cannot_be_read(
        qtbot, make_window, preset, therapist, painease_home):  # noqa: F811
    """Home, rebuilt on a store whose set title is bytes, says where its set card would be
    that the set cannot be read, naming the column (it was a ``ProgramError`` raised out
    of Home's rebuild); with the sets unreadable it offers no Send results. The muted
    line for whoever helps says it as Send results… does: the table and column, not the
    row's id or the stored bytes (it once showed "b'\\x00\\xff'" to the patient)."""
    one_rated_session(therapist)
    damage(painease_home, "UPDATE programs SET title = x'00ff'")
    preset(welcome_seen=True)
    window = make_window(use_device=False)
    qtbot.waitUntil(lambda: shown(window, "set-unreadable-text"))
    assert find(window, "set-unreadable-text").text() == SET_UNREADABLE
    assert find(window, "set-unreadable-detail").text() == (
        "For whoever helps you with it: the programs table, column title holds a value "
        "that is not a title.")


def test_a_dialog_opened_on_a_damaged_set_says_so_and_saves_nothing(
        qtbot, therapist, painease_home):  # noqa: F811
    """Damaged between Home's rebuild and the click: the dialog still opens (nothing is
    raised out of Home's button), says first, in plain words, that no results can be
    saved (focus starts there, and the dialog's description says it), and offers no Save.
    What cannot be read is said in a muted line for whoever helps, without the row's id
    or the stored bytes."""
    from PySide6.QtWidgets import QApplication

    from painease.storage import SessionStore
    from painease.ui.send_results import SendResultsDialog

    one_rated_session(therapist)
    damage(painease_home, "UPDATE programs SET title = x'00ff'")
    with SessionStore.open_default() as store:
        dialog = SendResultsDialog(store)
        qtbot.addWidget(dialog)
        dialog.open()
        qtbot.waitExposed(dialog)

        reason = dialog.unreadable
        assert reason.text() == SETS_UNREADABLE
        qtbot.waitUntil(lambda: QApplication.focusWidget() is reason)
        assert reason.accessibleName() == "" and reason.accessibleDescription()
        assert dialog.accessibleDescription() == SETS_UNREADABLE
        assert dialog.unreadable_detail.text() == (
            "For whoever helps you with it: the programs table, column title holds a "
            "value that is not a title.")
        assert dialog.unreadable_detail.property("role") == "muted"
        words = " ".join(widget.text() for widget in dialog.findChildren(QLabel)
                         if widget.isVisible())
        assert "\\x" not in words and "b'" not in words
        assert "row" not in words.split("For whoever")[1]
        assert not dialog.save.isEnabled()
        dialog.close()
