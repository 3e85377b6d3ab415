"""What Home says about a set that cannot go on, and its notices, are reached from the
keyboard and heard: a disabled Start is passed by Tab, so the reason next to it is a Tab
stop that says its words (and Start's own description says it too); the card in the set
card's place when the set cannot be read, and a notice under the title, are Tab stops as
well. Real windows, offscreen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication

from painease.packs.install import import_pack
from painease.storage import SessionStore
from tests.ui.conftest import labels_hiding_text
from tests.ui.settled import wait_settled
from tests.ui.test_main_window import unnamed_controls
from tests.ui.test_patient_packs import one_rated_session
from tests.ui.test_patient_packs import therapist as therapist  # noqa: F401 - a fixture
from tests.ui.test_session_flow import find, shown
from tests.ui.test_unreadable_in_app import damage


def tab_stops(qtbot, window, limit: int = 60) -> list[str]:
    """The object names Tab reaches on Home, from the page tabs, once round."""
    start = window.nav
    start.setFocus()
    seen = []
    for _ in range(limit):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        focused = QApplication.focusWidget()
        if focused is start:
            break
        seen.append(focused.objectName())
    return seen


def heard(widget) -> tuple[str, str]:
    face = QAccessible.queryAccessibleInterface(widget)
    return face.text(QAccessible.Text.Name), face.text(QAccessible.Text.Description)


def test_the_reason_a_set_session_cannot_start_is_reached_and_heard(
        qtbot, make_window, preset, therapist, painease_home):  # noqa: F811
    path = therapist.pack("two-weeks.painease")
    with SessionStore(painease_home / "painease.sqlite3") as store:
        program = import_pack(path, store).program
    (painease_home / "packs" / program.id / "scripts" / "calm-corner.toml").unlink()
    preset(welcome_seen=True, text_size=200, theme="dark")
    window = make_window(use_device=False)
    window.resize(800, 600)
    qtbot.waitUntil(lambda: shown(window, "set-missing"))
    wait_settled(window)
    reason, start = find(window, "set-missing"), find(window, "set-start")
    assert not start.isEnabled()
    assert "importing the pack" in reason.text().lower()
    assert reason.text() in start.accessibleDescription()
    assert "The next session of your set" not in start.accessibleDescription()
    assert "set-missing" in tab_stops(qtbot, window)
    name, description = heard(reason)
    assert name == reason.text() and description
    assert labels_hiding_text(window) == [] and unnamed_controls(window) == []


def test_a_set_that_cannot_be_read_and_a_notice_are_reached(
        qtbot, make_window, preset, therapist, painease_home):  # noqa: F811
    one_rated_session(therapist)
    damage(painease_home, "UPDATE programs SET title = x'00ff'")
    preset(welcome_seen=True)
    window = make_window(use_device=False)
    qtbot.waitUntil(lambda: shown(window, "set-unreadable-text"))
    window.home.add_notice("lock-note", "painease could not check for another window.")
    wait_settled(window)
    box = find(window, "set-unreadable")
    assert box.accessibleName() and box.accessibleDescription()
    stops = tab_stops(qtbot, window)
    assert {"set-unreadable-text", "lock-note-text"} <= set(stops), stops
    for name in ("set-unreadable-text", "lock-note-text"):
        said, description = heard(find(window, name))
        assert said == find(window, name).text() and description
    assert labels_hiding_text(window) == [] and unnamed_controls(window) == []
