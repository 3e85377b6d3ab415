"""Buttons are named for screen readers in plain words: no arrows or shapes read out as
"black left-pointing triangle", and no two controls on a page share one name when they do
different things. Real widgets, offscreen."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from painease.domain.programs import Program, Schedule
from painease.storage import SessionStore
from painease.storage.programs import ProgramStore
from painease.ui.player_page import PlayerPage
from painease.ui.widgets import button
from tests.ui.test_session_flow import choose_in_library, find, rate, shown


def symbols(text: str) -> list[str]:
    """Characters from Unicode's arrow, technical, shape, symbol and dingbat blocks."""
    return [c for c in text if 0x2190 <= ord(c) <= 0x2BFF]


def visible_button_names(root) -> list[str]:
    return [b.accessibleName() for b in root.findChildren(QAbstractButton) if b.isVisible()]


def test_a_button_takes_a_plain_name_or_drops_the_symbols_from_its_text(qapp):
    assert button("Next ▶▶", "n", "d").accessibleName() == "Next"
    assert button("◀◀ Previous", "p", "d").accessibleName() == "Previous"
    assert button("&Save results file…", "s", "d").accessibleName() == "Save results file…"
    named = button("▶", "play", "Play", accessible="Play the session")
    assert named.accessibleName() == "Play the session" and named.text() == "▶"


def test_the_players_buttons_are_named_in_words(qtbot, make_window, short_script):
    window = make_window(use_device=False)
    choose_in_library(qtbot, window, short_script, length_row=1)
    rate(qtbot, window, "pre", 5, 5)
    qtbot.mouseClick(find(window, "pre-continue"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shown(window, "caption"))
    assert find(window, "previous-step").accessibleName() == "Previous step"
    assert find(window, "next-step").accessibleName() == "Next step"
    for widget in (find(window, "previous-step"), find(window, "next-step")):
        assert symbols(widget.accessibleDescription()) == []
    names = visible_button_names(window)
    assert names and [n for n in names if symbols(n)] == []


def test_the_two_start_buttons_on_home_say_what_each_starts(qtbot, make_window, preset,
                                                            short_script):
    # Home suggests the set's next session (test_home_suggestion), so both Starts start
    # the same session; a screen reader still tells them apart.
    program = Program.create("First two weeks", "Dr. Ana Moreno", [
        ("paced-breathing", 5, Schedule(times_per_week=2, weeks=2), None)])
    with SessionStore.open_default() as store:
        ProgramStore(store).save_program(program, origin="imported", activate=True,
                                         today=date.today())
        session = store.start_session(short_script, 1, 0.1)  # used last: not suggested
        store.end_session(session, "completed", 6000)
    preset(welcome_seen=True)
    window = make_window(use_device=False)
    qtbot.waitUntil(lambda: shown(window, "set-start") and shown(window, "home-start"))
    assert find(window, "set-start").accessibleName() == "Start Paced breathing, 5 minutes"
    assert find(window, "home-start").accessibleName() == ("Start Paced breathing, "
                                                          "5 minutes, suggested for you")
    names = [n for n in visible_button_names(window) if n]
    assert len(names) == len(set(names)), names


def test_every_player_control_has_a_name_and_description_of_its_own(qtbot, make_window,
                                                                     short_script, preset):
    preset(live_rating=True)
    window = make_window(use_device=False)
    choose_in_library(qtbot, window, short_script, length_row=1)
    rate(qtbot, window, "pre", 5, 5)
    qtbot.mouseClick(find(window, "pre-continue"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shown(window, "caption"))
    player = window.findChild(PlayerPage)
    # Hidden ones too (the banner's button, "Keep going" and "End now"), for when shown.
    # Not a drop-down's own pop-up list (a window of its own): it speaks as the drop-down.
    controls = [w for w in player.findChildren(QWidget)
                if w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.window() is window]
    controls += [find(window, "progress")]
    # A banner's words (a label) are read as its name, as Qt reads a label: no name of
    # its own, which would be read instead of them (conftest.labels_hiding_text).
    unnamed = [w.objectName() or type(w).__name__ for w in controls
               if not (w.accessibleName() or isinstance(w, QLabel))
               or not w.accessibleDescription()]
    assert unnamed == []
    names = [w.accessibleName() for w in controls if not isinstance(w, QLabel)]
    assert len(names) == len(set(names)), names
    assert {"master-volume", "ambience-volume", "ambience-choice", "live-rating",
            "play-pause"} <= {w.objectName() for w in controls}
