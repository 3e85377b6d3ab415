"""At 200 % text the patient's pages' combo boxes show a cut entry ending in "…" (Qt's
Fusion style cut a long sound output's name off with no sign), the whole entry in the
tooltip. Real window, offscreen; Qt's own paint is what is checked."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox

from painease.ui import settings_page
from painease.ui.eliding_combo import ElidingCombo
from tests.ui.settled import wait_settled
from tests.ui.test_session_flow import choose_in_library, find
from tests.ui.test_session_flow import shown as on_screen
from tests.ui.test_therapist_combos import shown

# As long as a real one can be (PortAudio joins the card's and the output's names).
LONG_DEVICE = ("Bluetooth headphones, Jabra Evolve2 65 Mono, Hands-Free Audio "
               "Gateway: Built-in Analog Stereo Output (hw:3,0)")


def test_a_long_sound_output_ends_in_an_ellipsis_as_qt_paints_it(
        qtbot, make_window, preset, monkeypatch):
    painted: list[str] = []

    class Watched(ElidingCombo):
        def initStyleOption(self, option) -> None:  # noqa: N802 - Qt override
            super().initStyleOption(option)
            painted.append(option.currentText)

    # The page's combos, built as the page builds them, report what Qt asks them to draw
    # (raising=False: a page of plain QComboBoxes has no ElidingCombo to stand in for).
    monkeypatch.setattr(settings_page, "ElidingCombo", Watched, raising=False)
    preset(text_size=200, welcome_seen=True, audio_device=LONG_DEVICE)
    window = make_window(use_device=False)
    window.resize(800, 600)
    window.show_page("Settings")
    wait_settled(window)
    combo = find(window, "setting-audio-device")
    assert isinstance(combo, QComboBox) and combo.isVisible()
    # This machine has no such output: it is shown as the choice, "(not connected)".
    whole = combo.currentText()
    assert combo.currentData() == LONG_DEVICE and whole.startswith(LONG_DEVICE)
    assert combo.fontMetrics().horizontalAdvance(whole) > combo.width()  # cut
    painted.clear()
    combo.grab()  # Qt's paint (QComboBox.paintEvent, in C++) draws what it is given
    assert painted, "the box was not painted through the eliding override"
    text = painted[-1]
    assert text.endswith("…") and LONG_DEVICE.startswith(text[:-1]) and len(text) > 1
    assert combo.fontMetrics().horizontalAdvance(text) <= shown(combo)[1]
    assert combo.toolTip() == whole


def ends_in_an_ellipsis_when_squeezed(combo) -> bool:
    """Narrowed to a few letters and painted, ``combo`` shows its entry cut with "…" and
    holds it whole in its tooltip (also when it was filled with its signals blocked)."""
    whole = combo.currentText()
    combo.resize(combo.fontMetrics().horizontalAdvance("Abc") + 40, combo.height())
    combo.grab()  # painted as Qt paints it
    if combo.toolTip() != whole:
        return False
    text, room = shown(combo)
    return (text.endswith("…") and whole.startswith(text[:-1])
            and combo.fontMetrics().horizontalAdvance(text) <= room)


def test_every_patient_combo_cuts_with_an_ellipsis(qtbot, make_window, preset,
                                                    short_script):
    preset(text_size=200, welcome_seen=True)
    window = make_window(use_device=False)
    window.resize(800, 600)
    pages = {"Library": ("kind-filter", "length-choice"),
             "Settings": ("setting-audio-device", "setting-ambience", "setting-text-size",
                          "setting-theme")}
    for page, names in pages.items():
        window.show_page(page)
        wait_settled(window)
        for name in names:
            assert ends_in_an_ellipsis_when_squeezed(find(window, name)), name
    choose_in_library(qtbot, window, short_script, length_row=1)
    qtbot.waitUntil(lambda: on_screen(window, "pre-pain"))
    find(window, "pre-pain").setValue(4)
    find(window, "pre-fear").setValue(3)
    find(window, "pre-continue").click()
    qtbot.waitUntil(lambda: on_screen(window, "ambience-choice"))
    assert ends_in_an_ellipsis_when_squeezed(find(window, "ambience-choice"))
    window.close_flow()
