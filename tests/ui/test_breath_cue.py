"""Paced breathing can be followed without sound: while the audio clock is in a breath,
the player shows "Breathe in", "Hold", "Breathe out" or "Rest" and a bar that fills as the
breath comes in and empties as it goes out; outside the breaths the cue is hidden. It
takes no keyboard focus, and a screen reader hears of it once per part of the breath, not
at every poll. Real player pages on the silent output (no sound device)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QWidget

from painease.domain.timeline import SegmentKind
from tests.audio import rigs
from tests.ui.test_session_flow import (
    choose_in_library,
    find,
    rate,
    require,
    shown,
    start_rated,
)
from tests.waits import WORKER_WAIT_MS

BREATH_SCRIPT = """\
format = 1
id = "ui-test-breath"
title = "A short breathing test"
kind = "breathing"
summary = "A few words and one paced breath, for tests."
when_to_use = "In tests."
lengths = [0.2]
end_chime = false

[[steps]]
phase = "settle"
text = "Settle in."
pause = { min = 0.3, weight = 1 }

[[steps]]
phase = "breathing"
text = "Follow the breath."
breath = { inhale = 2, hold = 1, exhale = 2, rest = 1, cycles = 1 }

[[steps]]
phase = "closing"
text = "Come back."
pause = { min = 0.3, weight = 1 }
"""


def breath_script(painease_home) -> str:
    folder = painease_home / "scripts"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "ui-test-breath.toml").write_text(BREATH_SCRIPT)
    return "ui-test-breath"


def paused_at_start(qtbot, window, script_id):
    start_rated(qtbot, window, script_id, 5, 5)
    qtbot.waitUntil(lambda: shown(window, "caption"), timeout=WORKER_WAIT_MS)
    page, session = window.flow.page, window.flow.session
    qtbot.keyClick(find(window, "play-pause"), Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: session.status().state == "paused", timeout=WORKER_WAIT_MS)
    page.timer.stop()  # shown by hand below, at chosen moments
    return page, session


def show_at(qtbot, page, session, frame: int) -> None:
    session.seek_frame(frame)
    qtbot.waitUntil(lambda: session.position_frames == frame, timeout=WORKER_WAIT_MS)
    page.refresh()


def first(session, kind: SegmentKind):
    return next(s for s in session.timeline.segments if s.kind is kind)


def test_the_cue_follows_the_breath_and_hides_in_speech(qtbot, make_window, painease_home):
    window = make_window(use_device=False)  # silent: the captions and the timer go on
    page, session = paused_at_start(qtbot, window, breath_script(painease_home))
    cue, word, bar = find(window, "breath-cue"), find(window, "breath-word"), page.breath_cue.bar
    assert session.segment.kind is SegmentKind.SPEECH and not cue.isVisible()

    def at(kind: SegmentKind, share: float) -> tuple[str, float, int]:
        part = first(session, kind)
        show_at(qtbot, page, session, part.start + round(part.frames * share))
        assert cue.isVisible(), kind
        return word.text(), bar.fullness, bar.seconds_left

    assert at(SegmentKind.INHALE, 0.25) == ("Breathe in", 0.25, 2)
    assert at(SegmentKind.INHALE, 0.75) == ("Breathe in", 0.75, 1)  # fuller, nearly in
    assert at(SegmentKind.HOLD, 0.5) == ("Hold", 1.0, 1)
    assert at(SegmentKind.EXHALE, 0.25) == ("Breathe out", 0.75, 2)
    assert at(SegmentKind.EXHALE, 0.75) == ("Breathe out", 0.25, 1)  # emptying
    assert at(SegmentKind.REST, 0.5) == ("Rest", 0.0, 1)
    closing = [s for s in session.timeline.segments if s.kind is SegmentKind.SPEECH][-1]
    show_at(qtbot, page, session, closing.start + 10)
    assert find(window, "caption").text() == "Come back."
    assert not cue.isVisible()
    window.close_flow()


def test_the_cue_takes_no_focus_and_speaks_once_a_part(qtbot, make_window, painease_home):
    window = make_window(use_device=False)
    page, session = paused_at_start(qtbot, window, breath_script(painease_home))
    cue = page.breath_cue
    inhale = first(session, SegmentKind.INHALE)
    show_at(qtbot, page, session, inhale.start + 100)
    assert cue.accessibleName() == "Breathing guide"
    said = cue.accessibleDescription()
    assert said == "Breathe in for 2 seconds, as the bar fills"
    # Poll after poll inside the same part: the words and the description stay as they are.
    for offset in range(200, inhale.frames, inhale.frames // 10):
        show_at(qtbot, page, session, inhale.start + offset)
        assert (cue.word.text(), cue.accessibleDescription()) == ("Breathe in", said)
    show_at(qtbot, page, session, first(session, SegmentKind.HOLD).start + 100)
    assert cue.accessibleDescription() == "Hold for 1 second, while the bar stays full"
    # The bar is drawn, not a control with a value: the polls send screen readers no
    # value changes (a progress bar would, about 30 times a second).
    assert QAccessible.queryAccessibleInterface(cue.bar).valueInterface() is None
    for widget in [cue, *cue.findChildren(QWidget)]:
        assert widget.focusPolicy() == Qt.FocusPolicy.NoFocus, widget.objectName()
    window.close_flow()


def test_without_a_sound_device_the_breath_is_shown_as_it_plays(qtbot, make_window,
                                                                 painease_home, tmp_path):
    require("portaudio")
    script = breath_script(painease_home)
    with rigs.no_output_device(tmp_path / "nodev"):  # silent: the clock still runs
        window = make_window()
        choose_in_library(qtbot, window, script)
        rate(qtbot, window, "pre", 4, 3)
        qtbot.mouseClick(find(window, "pre-continue"), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: shown(window, "audio-banner"), timeout=WORKER_WAIT_MS)
        assert not shown(window, "breath-cue")  # "Settle in.": words, no breath yet

        def showing(words: str) -> bool:
            return shown(window, "breath-cue") and find(window, "breath-word").text() == words

        qtbot.waitUntil(lambda: showing("Breathe in"), timeout=20000)
        qtbot.waitUntil(lambda: showing("Breathe out"), timeout=20000)
        qtbot.waitUntil(lambda: find(window, "caption").text() == "Come back.",
                        timeout=20000)
        assert not shown(window, "breath-cue")
        window.close_flow()
