"""The whole session in the window, driven like a person: clicks and keys, waiting for outcomes.

The flow test plays through the real PortAudio library into the JACK dummy rig (real time,
no sound card), so the captions follow a real audio device's clock.
"""

from __future__ import annotations

import os

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QLabel, QListWidget, QWidget

from tests.audio import rigs
from tests.ui.conftest import SHORT_CAPTIONS, SHORT_SCRIPT, labels_hiding_text
from tests.ui.settled import wait_settled
from tests.waits import WORKER_WAIT_MS


def find(window, name: str) -> QWidget:
    widget = window.findChild(QWidget, name)
    assert widget is not None, f"no widget named {name!r} on screen"
    return widget


def shown(window, name: str) -> bool:
    widget = window.findChild(QWidget, name)
    return widget is not None and widget.isVisible()


def require(rig: str) -> None:
    missing = rigs.missing_requirements(rig)
    if missing and os.environ.get("CI"):
        pytest.fail(f"audio rig {rig!r} missing: {missing}", pytrace=False)
    if missing:
        pytest.skip(f"audio rig {rig!r} missing: {missing}")


@pytest.fixture
def jack(tmp_path):
    require("jack")
    with rigs.JackRig(tmp_path / "jack") as rig:
        yield rig


def choose_in_library(qtbot, window, script_id: str, length_row: int = 0) -> None:
    nav = find(window, "nav")
    assert nav.tabText(1) == "Library"
    qtbot.mouseClick(nav, Qt.MouseButton.LeftButton, pos=nav.tabRect(1).center())
    library = find(window, "library-list")
    assert isinstance(library, QListWidget) and library.isVisible()
    for row in range(library.count()):
        if library.item(row).data(Qt.ItemDataRole.UserRole) == script_id:
            item_rect = library.visualItemRect(library.item(row))
            qtbot.mouseClick(library.viewport(), Qt.MouseButton.LeftButton,
                             pos=item_rect.center())
    find(window, "length-choice").setCurrentIndex(length_row)
    qtbot.mouseClick(find(window, "start-session"), Qt.MouseButton.LeftButton)


def start_rated(qtbot, window, script_id: str, pain: int, fear: int,
                length_row: int = 0) -> None:
    """Choose ``script_id`` in the Library, rate before and go on to the player."""
    choose_in_library(qtbot, window, script_id, length_row)
    qtbot.waitUntil(lambda: shown(window, "pre-pain"))
    find(window, "pre-pain").setValue(pain)
    find(window, "pre-fear").setValue(fear)
    qtbot.mouseClick(find(window, "pre-continue"), Qt.MouseButton.LeftButton)


def playing_rated_by_keys(qtbot, make_window, preset, script_id: str):
    """A window, live rating on, playing ``script_id``'s second length from the Library,
    rated 6 and 5 before with the keys."""
    preset(live_rating=True, welcome_seen=True)
    window = make_window(use_device=False)
    choose_in_library(qtbot, window, script_id, length_row=1)
    rate(qtbot, window, "pre", 6, 5)
    qtbot.keyClick(find(window, "pre-continue"), Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: shown(window, "caption"))
    return window


def to_after_page(qtbot, window, script_id: str) -> None:
    """Start ``script_id`` (its second length), rated 4 and 3 before, stop it early and
    wait until the After page is up and laid out."""
    start_rated(qtbot, window, script_id, 4, 3, length_row=1)
    qtbot.waitUntil(lambda: shown(window, "caption"))
    window.flow.session.stop_early()
    qtbot.waitUntil(lambda: shown(window, "post-note"))
    wait_settled(window)


def rate(qtbot, window, moment: str, pain: int, fear: int) -> None:
    qtbot.waitUntil(lambda: shown(window, f"{moment}-pain"))
    for name, value in ((f"{moment}-pain", pain), (f"{moment}-fear", fear)):
        scale = find(window, name)
        scale.setFocus()
        qtbot.keyClick(scale, str(value))
        assert scale.value() == value


def test_the_whole_session_through_the_audio_rig(qtbot, make_window, short_script, preset,
                                                 jack):
    preset(live_rating=True, welcome_seen=True)
    window = make_window()
    choose_in_library(qtbot, window, short_script)  # row 0 = 0.1 minutes = 6 s

    rate(qtbot, window, "pre", 6, 8)
    assert find(window, "pre-continue").isEnabled()
    qtbot.keyClicks(find(window, "pre-note"), "stiff neck")
    qtbot.mouseClick(find(window, "pre-continue"), Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: shown(window, "caption"))
    store, session = window.store, window.flow.session
    (row,) = store.sessions()
    pre = store.ratings(row.id)["pre"]
    assert (pre.pain, pre.fear, pre.note) == (6, 8, "stiff neck")
    assert session.status().output == "device"  # JACK, not the silent fallback
    assert not shown(window, "audio-banner")

    captions: list[str] = []
    phases: list[str] = []

    def watch(until):
        def check():
            text = find(window, "caption").text() if shown(window, "caption") else None
            if text and (not captions or captions[-1] != text):
                captions.append(text)
                phases.append(find(window, "phase").text())
            return until()
        return check

    player = find(window, "play-pause")
    qtbot.waitUntil(watch(lambda: session.position_ms > 1200), timeout=20000)
    qtbot.keyClick(player, Qt.Key.Key_Up)  # live rating 6 → 7
    qtbot.keyClick(player, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: player.text() == "Continue")
    # The button changes at once; the audio fades out over its last block, then stops.
    qtbot.waitUntil(lambda: session.status().state == "paused", timeout=20000)
    held = session.position_ms
    qtbot.wait(300)
    assert session.position_ms == held  # paused means the audio clock stands still
    qtbot.keyClick(player, Qt.Key.Key_Space)
    qtbot.waitUntil(watch(lambda: session.position_ms > 3500), timeout=20000)
    qtbot.keyClick(player, Qt.Key.Key_Down)  # 7 → 6
    qtbot.keyClick(player, Qt.Key.Key_Down)  # 6 → 5: below where it started (6)
    qtbot.waitUntil(watch(lambda: shown(window, "post-pain")), timeout=10000)

    assert captions == SHORT_CAPTIONS
    assert phases == ["Settling in", "Safety", "Closing"]

    rate(qtbot, window, "post", 3, 2)
    note = find(window, "post-note")
    note.setFocus()
    qtbot.keyClicks(note, "It softened when I stopped fighting it.")
    qtbot.mouseClick(find(window, "post-continue"), Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: shown(window, "summary"))
    summary = find(window, "summary")
    assert isinstance(summary, QLabel)
    assert "Pain: 6 → 3, down 3 points (50% lower)." in summary.text()
    assert "Sense of threat: 8 → 2, down 6 points (75% lower)." in summary.text()
    assert shown(window, "live-curve")
    # Said in words too, the low point placed in a phase of this session's timeline (from
    # its marks; without them it would be a time, "at 0:03").
    words = find(window, "live-reading").text()
    # It runs from where the slider started (the pain before), which is not a rating.
    # Held at 5 to the end: put on one phase only if it came down in the last one.
    head = ("Your live rating started at 6 (your pain before the session) and went to 5 after "
            "3 changes; it ")
    assert words in (f"{head}came down to 5 during the “Safety” part and stayed there to the end.",
                     f"{head}was lowest (5) during the “Closing” part.")

    (row,) = store.sessions()
    assert (row.outcome, row.elapsed_ms, row.script_id) == ("completed", 6000, short_script)
    assert row.audio_note is None
    ratings = store.ratings(row.id)
    assert (ratings["post"].pain, ratings["post"].fear, ratings["post"].note) == (3, 2, None)
    (entry,) = store.journal_entries()
    assert (entry.session_id, entry.text) == (row.id, "It softened when I stopped fighting it.")
    live = store.live_samples(row.id)
    assert [s.value for s in live] == [7.0, 6.0, 5.0]  # the moves only, not the start
    assert 1200 <= live[0].t_ms < live[1].t_ms <= live[2].t_ms <= 6000

    qtbot.mouseClick(find(window, "summary-done"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shown(window, "home-start"))
    assert shown(window, "last-shift")
    jack_capture = jack.capture()
    assert np.abs(jack_capture).max() > 0.001  # the soft rain really went to the device


def test_stopping_early_asks_first_then_allows_skipping_the_after_rating(qtbot, make_window,
                                                                       short_script):
    window = make_window(use_device=False)
    choose_in_library(qtbot, window, short_script, length_row=1)  # 12 s
    rate(qtbot, window, "pre", 5, 5)
    qtbot.mouseClick(find(window, "pre-continue"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shown(window, "caption"))
    session = window.flow.session
    qtbot.waitUntil(lambda: session.position_ms > 500, timeout=WORKER_WAIT_MS)

    page = find(window, "play-pause")
    qtbot.keyClick(page, Qt.Key.Key_Escape)
    assert shown(window, "stop-confirm")
    qtbot.keyClick(page, Qt.Key.Key_Escape)  # Esc again: never mind
    assert not shown(window, "stop-confirm")
    assert window.flow.session.stage.value == "playing"
    qtbot.mouseClick(find(window, "stop-session"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(find(window, "confirm-stop"), Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: shown(window, "post-skip"))
    qtbot.mouseClick(find(window, "post-skip"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shown(window, "summary"))
    assert "chose not to rate afterwards" in find(window, "summary").text()

    (row,) = window.store.sessions()
    assert row.outcome == "stopped_early"
    assert 500 <= row.elapsed_ms < 12000
    assert set(window.store.ratings(row.id)) == {"pre"}


def test_the_player_works_from_the_keyboard_alone(qtbot, make_window, short_script):
    window = make_window(use_device=False)
    choose_in_library(qtbot, window, short_script, length_row=1)  # 12 s
    rate(qtbot, window, "pre", 5, 5)
    qtbot.keyClick(find(window, "pre-continue"), Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: shown(window, "caption"))
    session = window.flow.session
    play = find(window, "play-pause")
    assert play.hasFocus()  # a control of the page, not the page itself
    # A screen reader reads the caption and phase themselves, not a fixed label.
    assert labels_hiding_text(window) == []
    caption = QAccessible.queryAccessibleInterface(find(window, "caption"))
    assert caption.text(QAccessible.Text.Name) == find(window, "caption").text() != ""
    qtbot.keyClick(play, Qt.Key.Key_Space)  # pressed once, not also toggled by the shortcut
    assert session.stage.value == "paused"
    # A focused slider takes the arrows: the volume moves, the step stays.
    volume = find(window, "master-volume")
    volume.setFocus()
    step, level = session.segment.step, volume.value()
    qtbot.keyClick(volume, Qt.Key.Key_Right)
    assert (volume.value(), session.segment.step) == (level + 1, step)
    # Esc asks, with focus on "Keep going"; Esc again gives focus back to the slider.
    qtbot.keyClick(volume, Qt.Key.Key_Escape)
    keep = find(window, "keep-going")
    assert shown(window, "stop-confirm") and keep.hasFocus()
    qtbot.keyClick(keep, Qt.Key.Key_Escape)
    assert not shown(window, "stop-confirm") and volume.hasFocus()
    # Enter presses a focused button too (Qt's own buttons take only Space outside dialogs).
    qtbot.keyClick(volume, Qt.Key.Key_Escape)
    qtbot.keyClick(keep, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not shown(window, "stop-confirm"))
    assert volume.hasFocus() and session.stage.value == "paused"
    # And Space on "End now" ends the session: no mouse needed anywhere.
    qtbot.keyClick(volume, Qt.Key.Key_Escape)
    qtbot.keyClick(keep, Qt.Key.Key_Tab)
    end = find(window, "confirm-stop")
    assert end.hasFocus()
    qtbot.keyClick(end, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: shown(window, "post-skip"))
    (row,) = window.store.sessions()
    assert row.outcome == "stopped_early"
    qtbot.keyClick(find(window, "post-skip"), Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: shown(window, "summary"))
    assert labels_hiding_text(window) == []


def test_at_double_text_the_stop_question_and_live_rating_scroll_into_sight(
        qtbot, make_window, short_script):
    from painease.settings import Settings

    settings = Settings()
    settings.set("text_size", 200)
    settings.set("live_rating", True)
    window = make_window(use_device=False)
    window.resize(1000, 720)
    choose_in_library(qtbot, window, short_script, length_row=1)
    rate(qtbot, window, "pre", 5, 5)
    qtbot.keyClick(find(window, "pre-continue"), Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: shown(window, "caption"))
    play, live = find(window, "play-pause"), find(window, "live-rating")
    qtbot.keyClick(play, Qt.Key.Key_Space)  # paused: nothing moves while we look
    area = window.flow.page.area
    area.verticalScrollBar().setValue(0)
    assert live.visibleRegion().isEmpty()  # below the fold at 200 %
    qtbot.keyClick(play, Qt.Key.Key_Down)
    assert live.value() == 4 and not live.visibleRegion().isEmpty()
    area.verticalScrollBar().setValue(0)
    qtbot.keyClick(play, Qt.Key.Key_Escape)
    keep = find(window, "keep-going")
    assert keep.hasFocus()
    assert keep.visibleRegion().boundingRect().size() == keep.size()  # wholly in sight


def test_without_an_audio_device_a_banner_says_so_and_the_session_runs_on(
        qtbot, make_window, short_script, tmp_path):
    require("portaudio")
    with rigs.no_output_device(tmp_path / "nodev"):
        window = make_window()
        choose_in_library(qtbot, window, short_script)
        rate(qtbot, window, "pre", 4, 3)
        qtbot.mouseClick(find(window, "pre-continue"), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: shown(window, "audio-banner"))
        banner_text = " ".join(label.text() for label in
                               find(window, "audio-banner").findChildren(QLabel))
        assert "no sound" in banner_text.lower()
        assert "captions and the timer" in banner_text
        # Silent, yet the clock and the captions move on.
        qtbot.waitUntil(lambda: find(window, "caption").text() == SHORT_CAPTIONS[1],
                        timeout=20000)
        (row,) = window.store.sessions()
        assert row.audio_note.startswith("played silently:")
        window.close_flow()


def test_a_step_kept_for_longer_sessions_is_not_in_a_shorter_ones_transcript(
        qtbot, make_window, painease_home, tmp_path):
    require("portaudio")
    # The short test script at 0.1 and 0.2 minutes, its middle step only at 0.2.
    text = SHORT_SCRIPT.replace('id = "ui-test-short"', 'id = "ui-test-longer"').replace(
        'phase = "safety"', 'phase = "safety"\nfrom_minutes = 0.2')
    folder = painease_home / "scripts"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "ui-test-longer.toml").write_text(text)
    with rigs.no_output_device(tmp_path / "nodev"):  # silent: the clock still runs
        window = make_window()
        choose_in_library(qtbot, window, "ui-test-longer")  # row 0 = 0.1 minutes
        rate(qtbot, window, "pre", 4, 3)
        qtbot.mouseClick(find(window, "pre-continue"), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: shown(window, "caption"))
        transcript = find(window, "transcript")
        lines = [transcript.item(row).text() for row in range(transcript.count())]
        assert lines == [SHORT_CAPTIONS[0], SHORT_CAPTIONS[2]]
        # Next step goes to the last line, and the transcript follows it.
        qtbot.mouseClick(find(window, "next-step"), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: find(window, "caption").text() == SHORT_CAPTIONS[2],
                        timeout=WORKER_WAIT_MS)
        qtbot.waitUntil(lambda: transcript.currentRow() == 1)
        # A click on the first line goes back to it.
        first = transcript.visualItemRect(transcript.item(0)).center()
        qtbot.mouseClick(transcript.viewport(), Qt.MouseButton.LeftButton, pos=first)
        qtbot.waitUntil(lambda: find(window, "caption").text() == SHORT_CAPTIONS[0],
                        timeout=WORKER_WAIT_MS)
        assert transcript.currentRow() == 0
        window.close_flow()
