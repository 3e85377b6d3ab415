"""A key held down never answers a dialog its press opened (``held_dialogs``): Enter held
on "Save chart…" saved the chart at once under the name suggested, in the home folder; on
"Delete set…" the question was answered before it was read; on "Send results to my
therapist…" the dialog closed at once. A fresh press still answers, typing in a dialog's
field (held letters, Backspace, Space) still repeats, and the Enter held that answered a
question does not press the button the focus goes back to (which asked it again).

A held key is sent as the system sends it: the first press to the control, then release
and press pairs marked auto-repeat to whatever has the focus by then (the dialog's), then
the real release. Through the real window, which guards its dialogs once the sessions are
ready, as the app does; Qt's own file dialogs, as painease shows where the platform offers
none (offscreen)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton

from painease.storage.programs import ProgramStore
from tests.ui.insights_view import one_session, open_insights
from tests.ui.script_editing import click
from tests.ui.test_patient_packs import card, one_rated_session
from tests.ui.test_patient_packs import therapist as therapist  # noqa: F401 - a fixture
from tests.ui.test_session_flow import find
from tests.ui.test_therapist_workspace import knee_practice_and_its_set

REPEATS = 4
RETURN = (Qt.Key.Key_Return, "\r")


def press(widget, key: Qt.Key, text: str, *, repeat: bool = False) -> None:
    """One press of ``key`` on ``widget``: a fresh one, or an auto-repeated one (which a
    keyboard sends after the release it also marks auto-repeat)."""
    kinds = (QEvent.Type.KeyRelease, QEvent.Type.KeyPress) if repeat else (QEvent.Type.KeyPress,)
    for kind in kinds:
        QApplication.sendEvent(widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier,
                                                 text, repeat))


def release(widget, key: Qt.Key, text: str) -> None:
    QApplication.sendEvent(widget, QKeyEvent(QEvent.Type.KeyRelease, key,
                                             Qt.KeyboardModifier.NoModifier, text, False))


def repeats_to_the_focus(key: Qt.Key, text: str) -> None:
    """The held key's auto-repeat, each to what has the focus then (none: nothing to send)."""
    for _ in range(REPEATS):
        focus = QApplication.focusWidget()
        if focus is None:
            return
        press(focus, key, text, repeat=True)
        QApplication.processEvents()


def held_in(widget, key: Qt.Key, text: str) -> None:
    """``key`` pressed on ``widget`` and held there: a fresh press, repeats, the release."""
    press(widget, key, text)
    for _ in range(REPEATS):
        press(widget, key, text, repeat=True)
    release(widget, key, text)


def modal():
    return QApplication.activeModalWidget()


def focus_moved_into(qtbot, dialog) -> None:
    """Wait until ``dialog`` has the focus, as it has by the time a keyboard repeats."""
    qtbot.waitUntil(lambda: dialog.isAncestorOf(QApplication.focusWidget()))


def test_enter_held_on_save_chart_saves_nothing_and_a_name_typed_then_saves(
        qtbot, make_window, monkeypatch, tmp_path):
    home = tmp_path / "home"  # where the chart is suggested
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    one_session()
    window = make_window(use_device=False)
    open_insights(qtbot, window)
    seen: dict[str, object] = {}

    def in_the_dialog():  # the file dialog runs its own loop (``getSaveFileName``)
        dialog = modal()
        seen["asked"] = dialog.windowTitle() if dialog is not None else None
        if dialog is None:
            return
        try:  # the focus is the dialog's by the time a keyboard repeats
            focus_moved_into(qtbot, dialog)
        except Exception:
            dialog.reject()  # its loop would wait for ever
            raise
        repeats_to_the_focus(*RETURN)
        seen["open after the repeats"] = dialog is not None and dialog.isVisible()
        seen["files after the repeats"] = sorted(p.name for p in home.iterdir())
        field = QApplication.focusWidget()
        if not seen["open after the repeats"] or not isinstance(field, QLineEdit):
            return
        release(field, *RETURN)
        field.setText("painease-trend.png")
        field.end(False)
        held_in(field, Qt.Key.Key_Backspace, "")  # five: "painease-tren"
        held_in(field, Qt.Key.Key_A, "a")  # five
        held_in(field, Qt.Key.Key_Space, " ")  # five, once Space is pressed here
        held_in(field, Qt.Key.Key_2, "2")
        seen["typed"] = field.text()
        press(field, *RETURN)  # a fresh Enter saves

    save = find(window, "save-trend-chart")
    save.setFocus()
    QTimer.singleShot(100, in_the_dialog)
    press(save, *RETURN)
    qtbot.waitUntil(lambda: "open after the repeats" in seen)
    assert seen["asked"] == "Save chart"
    assert seen["open after the repeats"] is True
    assert seen["files after the repeats"] == []
    assert seen["typed"] == "painease-trenaaaaa     22222"
    qtbot.waitUntil(lambda: modal() is None)
    assert [p.name for p in home.iterdir()] == ["painease-trenaaaaa     22222.png"]


def delete_set_asked_by_enter(qtbot, make_window, preset):
    """The knee practice's set open in Sets and Enter pressed afresh on Delete set…: its
    question asked, the focus moved into it. Returns the window, the set builder, the set
    and the question."""
    window, _editor, _path, program = knee_practice_and_its_set(qtbot, make_window, preset)
    builder = window.therapist_page.show_tab("Sets")
    builder.load_set(program.id)
    builder.delete_button.setFocus()
    press(builder.delete_button, *RETURN)
    question = builder.delete_question
    assert question is not None and modal() is question
    focus_moved_into(qtbot, question)
    return window, builder, program, question


def test_enter_held_on_delete_set_leaves_the_question_asked_until_enter_is_pressed_again(
        qtbot, make_window, preset):
    window, builder, program, question = delete_set_asked_by_enter(qtbot, make_window, preset)
    repeats_to_the_focus(*RETURN)
    assert question.isVisible()  # asked, not answered "Keep it" unread
    release(QApplication.focusWidget(), *RETURN)

    # A fresh Enter answers it ("Keep it", the default) and, held, does not ask again: the
    # window is active again with the focus back on Delete set…, where the repeats go.
    press(QApplication.focusWidget(), *RETURN)
    qtbot.waitUntil(lambda: not question.isVisible())
    builder.delete_button.setFocus()  # as the system gives it back (offscreen does not)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is builder.delete_button)
    repeats_to_the_focus(*RETURN)
    qtbot.wait(100)
    assert builder.delete_question is question and modal() is None
    assert program.id in [kept.program.id for kept in ProgramStore(window.store).programs()]


def test_enter_held_on_send_results_leaves_the_dialog_open_and_its_own_enter_held_saves_nothing(
        qtbot, make_window, preset, therapist, tmp_path, monkeypatch):  # noqa: F811
    monkeypatch.chdir(tmp_path)  # where a file dialog would save
    one_rated_session(therapist)
    preset(welcome_seen=True)
    window = make_window(use_device=False)
    send = find(window, "send-results")
    send.setFocus()
    press(send, *RETURN)
    dialog = card(window).send_dialog
    assert dialog is not None and modal() is dialog
    focus_moved_into(qtbot, dialog)
    repeats_to_the_focus(*RETURN)
    assert dialog.isVisible() and modal() is dialog
    release(QApplication.focusWidget(), *RETURN)

    # Enter pressed afresh on "Save results file…" opens the file dialog; held, its
    # repeats do not save there under the suggested name.
    dialog.name.clear()
    qtbot.keyClicks(dialog.name, "Sam")
    dialog.save.setFocus()
    press(dialog.save, *RETURN)
    qtbot.waitUntil(lambda: dialog.file_dialog is not None and modal() is dialog.file_dialog)
    focus_moved_into(qtbot, dialog.file_dialog)
    repeats_to_the_focus(*RETURN)
    assert dialog.file_dialog.isVisible()
    assert list(tmp_path.glob("*.painease-results")) == []
    dialog.file_dialog.reject()
    click(qtbot, dialog.close_button)


def test_enter_held_does_not_answer_a_dialog_that_moves_its_focus_after_it_opens(
        qtbot, make_window, preset):
    """A dialog that gives the focus to another of its controls a moment after it shows
    (a file dialog focusing its name field, a focus set from a zero timer): the repeats
    reach that control, and it too takes none until Enter is pressed afresh there."""
    window, _builder, program, question = delete_set_asked_by_enter(qtbot, make_window, preset)
    delete = question.findChild(QPushButton, "set-delete-question-yes")
    QTimer.singleShot(0, delete.setFocus)  # the dialog moves its own focus
    qtbot.waitUntil(lambda: QApplication.focusWidget() is delete)
    repeats_to_the_focus(*RETURN)
    qtbot.wait(50)
    assert question.isVisible()  # not answered "Delete" unread
    assert program.id in [kept.program.id for kept in ProgramStore(window.store).programs()]
    release(delete, *RETURN)
    press(delete, *RETURN)  # a fresh Enter there answers
    qtbot.waitUntil(lambda: not question.isVisible())
    assert program.id not in [kept.program.id for kept in ProgramStore(window.store).programs()]
