"""At 200 % text the patient's pages' combo boxes show a cut entry ending in "…" (Qt's
Fusion style cut a long sound output's name off with no sign), the whole entry in the
tooltip; Settings' lists first put it on up to three lines. Real window, offscreen; what
is painted is what is checked."""

from __future__ import annotations

from painease.ui import settings_page
from painease.ui.wrapping_combo import MOST_LINES, WrappingCombo
from tests.ui.settled import wait_settled
from tests.ui.test_session_flow import choose_in_library, find
from tests.ui.test_session_flow import shown as on_screen
from tests.ui.test_therapist_combos import shown

# As long as a real one can be (PortAudio joins the card's and the output's names).
LONG_DEVICE = ("Bluetooth headphones, Jabra Evolve2 65 Mono, Hands-Free Audio "
               "Gateway: Built-in Analog Stereo Output (hw:3,0)")


def test_a_long_sound_output_wraps_then_ends_in_an_ellipsis_as_painted(
        qtbot, make_window, preset, monkeypatch):
    painted: list[list[str]] = []

    class Watched(WrappingCombo):
        def paintEvent(self, event) -> None:  # noqa: N802 - Qt override
            super().paintEvent(event)
            painted.append(self.shown_lines())

    # The page's combos, built as the page builds them, report what they painted.
    monkeypatch.setattr(settings_page, "WrappingCombo", Watched)
    preset(text_size=200, welcome_seen=True, audio_device=LONG_DEVICE)
    window = make_window(use_device=False)
    window.resize(610, 600)  # as an 800 px window left it beside the page list of before
    window.show_page("Settings")
    wait_settled(window)
    combo = find(window, "setting-audio-device")
    assert isinstance(combo, Watched) and combo.isVisible()
    # This machine has no such output: it is shown as the choice, "(not connected)".
    whole = combo.currentText()
    assert combo.currentData() == LONG_DEVICE and whole.startswith(LONG_DEVICE)
    assert combo.fontMetrics().horizontalAdvance(whole) > 3 * combo.width()  # cut
    painted.clear()
    combo.grab()
    assert painted, "the box was not painted through its own paintEvent"
    lines = painted[-1]
    assert len(lines) == MOST_LINES and lines[-1].endswith("…")
    assert whole.startswith(" ".join(lines)[:-1])
    room = shown(combo)[1] - 2
    assert all(combo.fontMetrics().horizontalAdvance(line) <= room for line in lines)
    assert combo.height() >= MOST_LINES * combo.fontMetrics().lineSpacing()
    assert combo.toolTip() == whole


def ends_in_an_ellipsis_when_squeezed(combo) -> bool:
    """Narrowed to a few letters and painted, ``combo`` shows its entry cut with "…" (or
    whole, on lines of a ``WrappingCombo``) and holds it whole in its tooltip (also when
    it was filled with its signals blocked)."""
    whole = combo.currentText()
    combo.resize(combo.fontMetrics().horizontalAdvance("Abc") + 40, combo.height())
    combo.grab()  # painted as Qt paints it
    if combo.toolTip() != whole:
        return False
    text, room = shown(combo)
    lines = [text]
    if isinstance(combo, WrappingCombo):  # on lines of its own first: whole, if they hold it
        lines, room = combo.shown_lines(), room - 2
        text = "".join(lines)
        if text.replace(" ", "") == whole.replace(" ", ""):
            text += "…"  # as good as the ellipsis: nothing is hidden
    return (text.endswith("…") and whole.replace(" ", "").startswith(text[:-1].replace(" ", ""))
            and all(combo.fontMetrics().horizontalAdvance(line) <= room for line in lines))


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
