"""What a slider's value means reaches a screen reader, and the number shown beside a
slider keeps its width. Qt gives assistive tools a slider's value as a bare number ("70":
a volume? a rating?), so each slider's accessible description says it with its meaning
("70 percent", "5 out of 10") and follows it, moved by keys or changed elsewhere. The
numbers beside Settings' volumes and the player's live rating were as wide as their text,
so the slider beside them moved as the value went from 9 to 10 or 100. Real window, real
key presses, offscreen; read through Qt's accessibility interface as a screen reader
reads it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QSlider, QWidget

from tests.ui.test_main_window import start_silent_session
from tests.ui.test_session_flow import find, shown


def heard(slider: QSlider) -> tuple[str, str, str]:
    """Name, value and description, as Qt hands them to a screen reader."""
    said = QAccessible.queryAccessibleInterface(slider)
    return (said.text(QAccessible.Text.Name), said.text(QAccessible.Text.Value),
            said.text(QAccessible.Text.Description))


def places(slider: QSlider, number: QWidget, values) -> set[tuple]:
    """Where the slider and its number are (in the window), and the number's width, at
    each of ``values``; the number's text always fits."""
    seen = set()
    for value in values:
        slider.setValue(value)
        QApplication.processEvents()  # laid out again, as on screen
        metrics = number.fontMetrics()
        assert metrics.horizontalAdvance(number.text()) <= number.contentsRect().width()
        seen.add((slider.mapTo(slider.window(), slider.rect().topLeft()).x(), slider.width(),
                  number.mapTo(number.window(), number.rect().topLeft()).x(),
                  number.width()))
    return seen


def test_settings_volumes_say_their_percent_and_keep_still(qtbot, make_window):
    window = make_window(use_device=False)
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    slider = find(window, "setting-master-volume")
    slider.setFocus()
    for _ in range(3):
        qtbot.keyClick(slider, Qt.Key.Key_Left)
    assert heard(slider) == ("Overall volume", "77", "77 percent (0 to 100)")
    window.settings.set("master_volume", 40)  # as the player's slider does
    assert heard(slider)[2] == "40 percent (0 to 100)"
    for key in ("narration_volume", "tones_volume", "ambience_volume"):
        other = find(window, f"setting-{key.replace('_', '-')}")
        assert heard(other)[2] == f"{other.value()} percent (0 to 100)", key
    number = find(window, "setting-master-volume-value")
    assert len(places(slider, number, (5, 40, 100, 0, 88))) == 1
    narrow = number.width()
    window.settings.set("text_size", 200)  # the width follows the text size
    qtbot.waitUntil(lambda: number.width() > narrow)
    assert len(places(slider, number, (100, 5, 40))) == 1


def test_the_players_sliders_say_their_value_and_the_live_number_keeps_still(
        qtbot, make_window, preset, short_script):
    preset(live_rating=True, welcome_seen=True)
    window = start_silent_session(qtbot, make_window, short_script)  # rated 3 before
    qtbot.waitUntil(lambda: shown(window, "live-rating"))
    play, live = find(window, "play-pause"), find(window, "live-rating")
    qtbot.keyClick(play, Qt.Key.Key_Space)  # paused: nothing moves while we look
    name, value, description = heard(live)
    assert (name, value) == ("Live pain rating", "3")
    assert description.startswith("3 out of 10. Your pain right now")
    qtbot.keyClick(play, Qt.Key.Key_Up)
    assert heard(live)[2].startswith("4 out of 10. ")
    for slider, about in (("master-volume", "Overall volume"),
                          ("ambience-volume", "How loud the background sound is")):
        volume = find(window, slider)
        assert heard(volume)[2] == f"{volume.value()} percent (0 to 100). {about}", slider
    volume = find(window, "master-volume")
    volume.setFocus()
    qtbot.keyClick(volume, Qt.Key.Key_Right)
    assert heard(volume)[2] == f"{volume.value()} percent (0 to 100). Overall volume"
    number = find(window, "live-rating-value")
    assert number.text() == "Pain right now: 4"
    assert len(places(live, number, (9, 10, 0, 1, 5))) == 1
