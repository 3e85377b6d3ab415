"""Back on the Before page returns to the control the session was started from, for
keyboard users: from Home too, not only from the Library. Home is built again as a session
ends (it shows what changed), so the Start that had the focus is gone by then and the focus
fell to the page list (now the page tabs); it now goes to the rebuilt Start, which a held
Enter still does not press again (``held_keys.one_press``). Real keys through the real
window; the session runs on the silent clock-only output."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from painease.domain.programs import Program, Schedule
from painease.storage import SessionStore
from painease.storage.programs import ProgramStore
from tests.ui.test_held_keys_pages import held, window_with_script
from tests.ui.test_session_flow import find, shown


def on_screen(qtbot, window, name: str) -> QWidget:
    """The control named ``name`` that is shown (Home's old one waits for its deletion;
    the rebuilt one is shown once the event loop runs)."""
    def found() -> list[QWidget]:
        return [w for w in window.findChildren(QWidget, name) if w.isVisible()]

    qtbot.waitUntil(lambda: len(found()) == 1)
    return found()[0]


def start_by_keys(qtbot, window, name: str) -> None:
    start = on_screen(qtbot, window, name)
    start.setFocus()
    qtbot.keyClick(start, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: shown(window, "pre-pain"))


def test_back_returns_the_focus_to_homes_start(qtbot, make_window, short_script, preset):
    window = window_with_script(make_window, preset)
    qtbot.waitUntil(lambda: shown(window, "home-start"))
    start_by_keys(qtbot, window, "home-start")
    qtbot.keyClick(find(window, "pre-back"), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.running)
    assert window.stack.currentWidget() is window.home
    start = on_screen(qtbot, window, "home-start")
    assert start.hasFocus(), QApplication.focusWidget()
    qtbot.keyClick(start, Qt.Key.Key_Return)  # and Enter starts it again
    qtbot.waitUntil(lambda: window.running and shown(window, "pre-pain"))


def test_enter_held_on_back_leaves_homes_start_focused_and_unpressed(
        qtbot, make_window, short_script, preset):
    window = window_with_script(make_window, preset)
    qtbot.waitUntil(lambda: shown(window, "home-start"))
    start_by_keys(qtbot, window, "home-start")
    held(qtbot, find(window, "pre-back"), Qt.Key.Key_Return, lambda: not window.running)
    assert not window.running and on_screen(qtbot, window, "home-start").hasFocus()
    assert window.store.sessions() == []


def test_back_returns_the_focus_to_the_set_cards_start(qtbot, make_window, short_script,
                                                       preset):
    program = Program.create("First two weeks", "Dr. Ana Moreno", [
        ("paced-breathing", 5, Schedule(times_per_week=2, weeks=2), None)])
    with SessionStore.open_default() as store:
        ProgramStore(store).save_program(program, origin="imported", activate=True,
                                         today=date.today())
    window = window_with_script(make_window, preset)
    qtbot.waitUntil(lambda: shown(window, "set-start") and shown(window, "home-start"))
    start_by_keys(qtbot, window, "set-start")
    qtbot.keyClick(find(window, "pre-back"), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.running)
    assert on_screen(qtbot, window, "set-start").hasFocus(), QApplication.focusWidget()
