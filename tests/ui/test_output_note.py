"""The sound output chosen in Settings is not connected (a headset unplugged): the session
plays through the usual output, and the player says so plainly, without PortAudio's own
words; the choice is kept. Real window, real PortAudio into the JACK dummy rig."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt

from tests.ui.test_session_flow import choose_in_library, find, jack, rate, shown  # noqa: F401


def test_a_missing_chosen_output_plays_through_the_usual_one_and_says_so(
        qtbot, make_window, short_script, preset, painease_home, jack):  # noqa: F811
    preset(welcome_seen=True, audio_device="USB Headset")
    window = make_window()
    choose_in_library(qtbot, window, short_script)
    rate(qtbot, window, "pre", 4, 3)
    qtbot.mouseClick(find(window, "pre-continue"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shown(window, "caption"))
    status = window.flow.session.status()
    assert status.output == "device"  # sound, through JACK's default
    qtbot.waitUntil(lambda: shown(window, "output-note"))
    words = find(window, "output-note-text").text()
    assert words == ("Your chosen sound output, USB Headset, is not connected, so sound "
                     "plays through the usual output. You can choose another in Settings, "
                     "under Sound output.")
    assert find(window, "output-note").accessibleName() == words
    assert not shown(window, "audio-banner")
    settings = json.loads((painease_home / "settings.json").read_text())
    assert settings["audio_device"] == "USB Headset"  # kept for when it is back
    window.close_flow()


def test_nothing_is_said_with_the_systems_default(qtbot, make_window, short_script, preset,
                                                  jack):  # noqa: F811
    preset(welcome_seen=True)
    window = make_window()
    choose_in_library(qtbot, window, short_script)
    rate(qtbot, window, "pre", 4, 3)
    qtbot.mouseClick(find(window, "pre-continue"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shown(window, "caption"))
    assert window.flow.session.status().output == "device"
    qtbot.wait(200)  # a few of the page's looks at the status
    assert not shown(window, "output-note")
    window.close_flow()
