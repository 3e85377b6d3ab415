"""A hand-edited settings.json, as the window starts: what was clearly meant is used (the
look too), and Home says once, plainly, which settings could not be used. Real window."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from tests.ui.test_session_flow import find


def test_home_says_which_settings_were_not_used_and_the_rest_apply(
        qtbot, make_window, preset):
    preset(welcome_seen=True, theme="Dark", text_size=175, master_volume=150,
           live_rating=1)
    window = make_window(use_device=False)
    settings = window.settings
    assert (settings.get("theme"), settings.get("text_size")) == ("dark", 100)
    assert (settings.get("master_volume"), settings.get("live_rating")) == (100, True)
    assert find(window, "settings-values-note-text").text() == (
        "One of your saved settings could not be used, so painease uses the usual value "
        "for it instead: Text size (%), saved as 175. You can choose it again in Settings.")
    window.show_page("Settings")
    assert find(window, "setting-theme").currentText() == "Dark"
    assert find(window, "setting-master-volume").value() == 100


def test_settings_that_all_fit_bring_no_note(qtbot, make_window, preset):
    preset(welcome_seen=True, theme="dark", text_size=150)
    window = make_window(use_device=False)
    assert window.findChild(QWidget, "settings-values-note") is None


def test_the_window_starts_with_numbers_too_big_for_a_float_in_the_file(
        qtbot, make_window, preset):
    """``1`` and 400 zeros (and its negative) stopped the start with OverflowError."""
    preset(welcome_seen=True, theme="dark", master_volume=10**400, text_size=-10**400)
    window = make_window(use_device=False)
    settings = window.settings
    assert (settings.get("master_volume"), settings.get("text_size")) == (80, 100)
    assert settings.get("theme") == "dark"
    assert find(window, "settings-values-note-text").text().startswith(
        "Some of your saved settings could not be used, so painease uses the usual value "
        "for each instead: Overall volume, saved as 10000000")


def test_home_stops_naming_a_setting_another_process_mended(qtbot, make_window, preset):
    """Home's note stayed up, naming "Text size (%), saved as 175", after another process
    saved a text size that is used (``Settings.not_used`` was not read again)."""
    from painease.settings import Settings
    from tests.ui.test_outside_changes import elsewhere_and_back

    preset(welcome_seen=True, text_size=175, theme="purple")
    window = make_window(use_device=False)
    assert "Text size (%), saved as 175" in find(window, "settings-values-note-text").text()
    Settings().set("text_size", 150)  # another process's save (the theme left as it was)
    elsewhere_and_back(qtbot, window)
    qtbot.waitUntil(lambda: window.settings.get("text_size") == 150)
    assert find(window, "settings-values-note-text").text() == (
        "One of your saved settings could not be used, so painease uses the usual value "
        "for it instead: Appearance, saved as \"purple\". You can choose it again in "
        "Settings.")
    Settings().set("theme", "dark")
    elsewhere_and_back(qtbot, window)
    qtbot.waitUntil(lambda: window.findChild(QWidget, "settings-values-note") is None)
