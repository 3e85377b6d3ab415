"""The player page says a damaged recording, once, in plain words, and the session goes on.

A real session of a script from the user's folder, whose step 2 speaks a WAV cut after
half of what its header says (as tests/audio/test_damaged_clips.py makes it: the Library
reads only headers, so it starts), played through the real PortAudio stack into the JACK
dummy rig. Once the player meets the clip, the page says so; an intact clip says nothing.
"""

from __future__ import annotations

import numpy as np
import soundfile
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from painease.session import Stage
from tests.ui.test_session_flow import choose_in_library, find, jack, rate, shown  # noqa: F401

RATE = 48_000
SCRIPT = """\
format = 1
id = "ui-test-clip"
title = "A session with a recording"
kind = "somatic-tracking"
summary = "Three short lines, the second spoken."
when_to_use = "In tests."
lengths = [0.1]
ambience = "none"
end_chime = false

[[steps]]
phase = "settle"
text = "Settle in."
pause = { min = 0.3, weight = 1 }

[[steps]]
phase = "safety"
text = "This is safe."
clip = "s/second.wav"
pause = { min = 0.3, weight = 1 }

[[steps]]
phase = "closing"
text = "Come back."
pause = { min = 0.3, weight = 1 }
"""


def write_clip(clip, cut: bool):
    """2 s of a soft tone at ``clip``, its last second cut off if ``cut``; ``clip``."""
    clip.parent.mkdir(parents=True)
    wave = 0.3 * np.sin(2 * np.pi * 200 * np.arange(2 * RATE) / RATE)
    soundfile.write(clip, wave.astype(np.float32), RATE, subtype="PCM_16")
    if cut:
        clip.write_bytes(clip.read_bytes()[: -2 * RATE])  # one second of 16-bit mono gone
    return clip


def write_session(home, cut: bool):
    """The script and its step-2 clip (see ``write_clip``); the clip's path."""
    (home / "scripts").mkdir(parents=True, exist_ok=True)
    (home / "scripts" / "ui-test-clip.toml").write_text(SCRIPT)
    return write_clip(home / "audio" / "s" / "second.wav", cut)


def start(qtbot, make_window, preset):
    preset(welcome_seen=True)
    window = make_window()
    choose_in_library(qtbot, window, "ui-test-clip")
    rate(qtbot, window, "pre", 4, 3)
    qtbot.mouseClick(find(window, "pre-continue"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shown(window, "caption"))
    assert window.flow.session.status().output == "device"  # JACK, not the silent fallback
    return window


def test_a_clip_cut_short_is_said_on_the_page_and_the_session_goes_on(
        qtbot, make_window, preset, painease_home, jack):  # noqa: F811
    clip = write_session(painease_home, cut=True)
    window = start(qtbot, make_window, preset)
    session = window.flow.session
    # Said once its step plays (the read-ahead opens the clip seconds early: see
    # test_clip_banner_moment.py).
    qtbot.waitUntil(lambda: shown(window, "clip-banner"), timeout=20000)
    words = find(window, "clip-banner-text").text()
    assert words == ("One recording in this session is damaged: line 2 (“This is safe.”). "
                     "It was cut short, so the words are shown but not all are heard. The "
                     "session goes on.")
    detail = find(window, "clip-banner-detail").text()
    assert str(clip) in detail and "cut short" in detail  # for whoever helps
    banner = find(window, "clip-banner")
    assert banner.accessibleName() == "One recording in this session is damaged"
    assert words in banner.accessibleDescription()
    assert str(clip) in banner.accessibleDescription()
    # The silent-device banner is not the one that speaks: there is sound.
    assert not shown(window, "audio-banner")

    # The session plays on, its captions with it, and the note is said once.
    assert session.stage is Stage.PLAYING
    qtbot.waitUntil(lambda: find(window, "caption").text() == "Come back.", timeout=20000)
    assert shown(window, "clip-banner")
    texts = [label.text() for label in banner.findChildren(QLabel)]
    assert sum(text.count("damaged: line 2") for text in texts) == 1
    qtbot.waitUntil(lambda: shown(window, "post-pain"), timeout=20000)
    window.close_flow()


def test_an_intact_clip_says_nothing(qtbot, make_window, preset, painease_home,
                                     jack):  # noqa: F811
    write_session(painease_home, cut=False)
    window = start(qtbot, make_window, preset)
    seen: list[bool] = []

    def ended() -> bool:
        seen.append(shown(window, "clip-banner"))
        return shown(window, "post-pain")

    qtbot.waitUntil(ended, timeout=20000)
    assert seen and not any(seen)
    window.close_flow()


def test_several_damaged_clips_one_line_each_and_other_problems_left_to_their_banners(
        qtbot, tmp_path):
    # The player's own words, from the real layer source reading the damaged clips of
    # tests/audio/test_damaged_clips.py (a clip too loud at step 1, one cut short at 2).
    from painease.audio.layers import LayerSource
    from painease.ui.clip_notice import ClipNotice
    from tests.audio.sessions import clip_session
    from tests.audio.test_damaged_clips import damaged_clips

    said = damaged_clips(tmp_path)
    timeline = clip_session(tmp_path, seconds=8, clips={"s/loud.wav": 0, "s/cut.wav": 0})
    source = LayerSource(timeline, tmp_path)
    for at in range(0, timeline.total_frames, 2048):
        source.render(at, min(2048, timeline.total_frames - at))
    source.close()
    assert list(source.problems) == said
    notice = ClipNotice({s.step: s.caption for s in timeline.segments if s.caption})
    qtbot.addWidget(notice.card)
    problems = ("playing silently: no device", *source.problems,
                "ambience: the file x.wav holds no audio; playing without it")
    for step in (0, 1):  # the clock in each step in turn
        notice.show_problems(problems, step)
    assert not notice.card.isHidden()
    assert notice.text.text() == (
        "Some recordings in this session are damaged. The session goes on.\n"
        "Line 1 (“Line 1.”): it was recorded too loud, so parts of it may sound rough; the "
        "words are shown.\n"
        "Line 2 (“Line 2.”): it was cut short, so the words are shown but not all are heard.")
    detail = notice.detail.text()
    assert "Script step 1: the clip" in detail and "loud.wav" in detail
    assert "Script step 2: the clip" in detail and "cut.wav" in detail
    assert "ambience" not in detail and "silently" not in detail  # other banners say those
    assert notice.card.accessibleName() == "Some recordings in this session are damaged"
    notice.show_problems(("playing silently: no device",), 1)
    assert notice.card.isHidden()


def test_a_clip_problem_worded_otherwise_is_still_said_plainly(qtbot):
    # The technical line is built from the parsed problem (the step, what is wrong), not
    # cut from the player's text at a fixed place: a capital, other spacing or a full stop
    # of its own still gives one plain line, and the patient's words are the same.
    from painease.ui.clip_notice import ClipNotice

    notice = ClipNotice({0: "Settle in.", 1: "This is safe."})
    qtbot.addWidget(notice.card)
    problems = ("Step  2 : the clip s/x.wav holds 1.00 s but its header says 2.00 s; it is "
                "damaged or cut short; played what it holds, then silence.",
                "ambience: the file step 2: y.wav holds no audio; playing without it")
    notice.show_problems(problems, 1)  # the clock in script step 2
    assert not notice.card.isHidden()
    assert notice.text.text() == (
        "One recording in this session is damaged: line 2 (“This is safe.”). It was cut "
        "short, so the words are shown but not all are heard. The session goes on.")
    assert notice.detail.text() == (
        "For whoever helps you: Script step 2: the clip s/x.wav holds 1.00 s but its header "
        "says 2.00 s; it is damaged or cut short; played what it holds, then silence.")
