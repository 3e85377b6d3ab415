"""The damaged-clip note waits for its step, and names it as the patient sees it.

A real session through the real PortAudio stack into the JACK dummy rig, of a script whose
third step speaks a WAV cut after half of what its header says, and whose second step
plays only in the longer session (``from_minutes``): at the shorter length the damaged step
is the script's step 3 but the transcript's line 2. The player's read-ahead opens the clip
while the first step still plays; the page says nothing until the clock reaches it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

from painease.session import Stage
from tests.ui.test_clip_banner import start, write_clip, write_session
from tests.ui.test_session_flow import choose_in_library, find, jack, rate, shown  # noqa: F401

SCRIPT = """\
format = 1
id = "ui-test-clip-moment"
title = "A session with a recording later on"
kind = "somatic-tracking"
summary = "Short lines, the last but one spoken; one more in the longer session."
when_to_use = "In tests."
lengths = [0.1, 0.25]
ambience = "none"
end_chime = false

[[steps]]
phase = "settle"
text = "Settle in."
pause = { min = 0.3, weight = 1 }

[[steps]]
phase = "settle"
text = "Only in the longer session."
from_minutes = 0.25
pause = { min = 0.3, weight = 1 }

[[steps]]
phase = "safety"
text = "This is safe."
clip = "s/third.wav"
pause = { min = 0.3, weight = 1 }

[[steps]]
phase = "closing"
text = "Come back."
pause = { min = 0.3, weight = 1 }
"""


def test_the_note_waits_for_the_damaged_step_and_names_its_line(
        qtbot, make_window, preset, painease_home, jack):  # noqa: F811
    (painease_home / "scripts").mkdir(parents=True, exist_ok=True)
    (painease_home / "scripts" / "ui-test-clip-moment.toml").write_text(SCRIPT)
    clip = write_clip(painease_home / "audio" / "s" / "third.wav", cut=True)
    preset(welcome_seen=True)
    window = make_window()
    choose_in_library(qtbot, window, "ui-test-clip-moment")  # the shorter length
    rate(qtbot, window, "pre", 4, 3)
    qtbot.mouseClick(find(window, "pre-continue"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shown(window, "caption"))
    session = window.flow.session
    assert session.status().output == "device"  # JACK, not the silent fallback
    transcript = find(window, "transcript")
    assert [transcript.item(r).text() for r in range(transcript.count())] == [
        "Settle in.", "This is safe.", "Come back."]

    seen: list[tuple[int, bool, bool]] = []  # (step on the clock, clip said, note shown)

    def noted() -> bool:
        shown_now = shown(window, "clip-banner")
        said = any("third.wav" in p for p in session.status().problems)
        seen.append((session.segment.step, said, shown_now))
        return shown_now

    qtbot.waitUntil(noted, timeout=20000)
    # The player knew of the clip while the first step played (its read-ahead)...
    assert any(step == 0 and said for step, said, _ in seen), seen
    # ...and the note came only once the clock had reached the damaged step (script step 3,
    # 0 up 2): it is shown when the page saw the clock there, so never before.
    assert all(step >= 2 for step, _, note in seen if note), seen
    assert session.stage is Stage.PLAYING

    words = find(window, "clip-banner-text").text()
    assert words == ("One recording in this session is damaged: line 2 (“This is safe.”). "
                     "It was cut short, so the words are shown but not all are heard. The "
                     "session goes on.")
    detail = find(window, "clip-banner-detail").text()
    assert "Script step 3: the clip" in detail and str(clip) in detail  # for whoever helps
    banner = find(window, "clip-banner")
    assert banner.accessibleName() == "One recording in this session is damaged"
    qtbot.waitUntil(lambda: shown(window, "post-pain"), timeout=20000)
    window.close_flow()


def test_a_line_is_named_by_its_first_words_and_a_step_not_reached_is_not_said(qtbot):
    from painease.ui.clip_notice import ClipNotice

    long = "Notice where the sensation is strongest right now, and how big it is."
    notice = ClipNotice({0: "Settle in.", 2: long})  # script step 2 (1 up) left out
    qtbot.addWidget(notice.card)
    problems = ("step 3: the clip s/x.wav peaks at 1.40 (3 dB past full scale)",)
    notice.show_problems(problems, 0)  # read ahead, not played yet
    assert notice.card.isHidden()
    notice.show_problems(problems, 2)
    assert not notice.card.isHidden()
    assert notice.text.text() == (
        "One recording in this session is damaged: line 2 (“Notice where the sensation is "
        "strongest…”). It was recorded too loud, so parts of it may sound rough; the words "
        "are shown. The session goes on.")
    assert notice.detail.text() == ("For whoever helps you: Script step 3: the clip s/x.wav "
                                    "peaks at 1.40 (3 dB past full scale).")
    notice.show_problems(problems, 0)  # back to the start: what was said stays said
    assert not notice.card.isHidden()


def _paused_in_the_first_step(qtbot, window):
    """The page looks at the clock only when told (its timer stopped; a click that calls
    ``refresh`` is a look too), the session paused while the clock is in the first step
    (script step 1, 0 up 0), its damaged step 2 already read ahead and said by the player.
    """
    page, session = window.flow.page, window.flow.session
    page.timer.stop()
    qtbot.mouseClick(find(window, "play-pause"), Qt.MouseButton.LeftButton)  # a look too
    qtbot.waitUntil(lambda: session.status().state == "paused")
    page.refresh()
    assert session.segment.step == 0 and page.transcript.currentRow() == 0
    qtbot.waitUntil(lambda: any("second.wav" in p for p in session.status().problems),
                    timeout=20000)
    page.refresh()
    assert not shown(window, "clip-banner")  # said by the player, not played yet
    return page, session


def test_a_damaged_step_played_through_between_two_looks_is_said(
        qtbot, make_window, preset, painease_home, jack):  # noqa: F811
    # However short a step is, the page may not look while the clock is in it (it looks
    # ~30 times a second, and less often when the computer is busy); played is played.
    write_session(painease_home, cut=True)
    window = start(qtbot, make_window, preset)
    page, session = _paused_in_the_first_step(qtbot, window)
    qtbot.mouseClick(find(window, "play-pause"), Qt.MouseButton.LeftButton)  # a look, in step 0
    qtbot.waitUntil(lambda: session.segment.step == 2, timeout=20000)  # no look meanwhile
    page.refresh()
    assert shown(window, "clip-banner")
    assert find(window, "clip-banner-text").text().startswith(
        "One recording in this session is damaged: line 2 (“This is safe.”).")
    page.timer.start()
    qtbot.waitUntil(lambda: shown(window, "post-pain"), timeout=20000)
    window.close_flow()


def test_a_damaged_step_jumped_over_is_not_said_until_it_plays(
        qtbot, make_window, preset, painease_home, jack):  # noqa: F811
    write_session(painease_home, cut=True)
    window = start(qtbot, make_window, preset)
    page, session = _paused_in_the_first_step(qtbot, window)
    transcript = find(window, "transcript")

    def click_line(row: int) -> None:
        rect = transcript.visualItemRect(transcript.item(row))
        qtbot.mouseClick(transcript.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())

    click_line(2)  # "Come back.": over the damaged line 2
    qtbot.waitUntil(lambda: session.segment.step == 2, timeout=20000)
    qtbot.mouseClick(find(window, "play-pause"), Qt.MouseButton.LeftButton)  # a look
    qtbot.waitUntil(lambda: session.status().state == "playing")
    qtbot.wait(300)  # it plays on from there: the next look sees a jump and some playing
    page.refresh()
    assert session.segment.step == 2
    assert not shown(window, "clip-banner")

    click_line(0)  # back to the start, a jump too; from there it plays through line 2
    page.timer.start()
    qtbot.waitUntil(lambda: session.segment.step == 0, timeout=20000)
    qtbot.waitUntil(lambda: shown(window, "clip-banner"), timeout=20000)
    assert session.segment.step >= 1  # said once it played, not at the jump back
    qtbot.waitUntil(lambda: shown(window, "post-pain"), timeout=20000)
    window.close_flow()


def test_played_steps_tell_playing_from_jumping():
    # The fitted timeline of tests/ui/test_clip_banner.py's script, at 48 kHz: step 1 (0 up
    # 0) to 1.70 s, step 2 (0 up 1) to 4.30 s, step 3 (0 up 2) to the end, 6 s.
    from painease.domain.script_loader import parse_script
    from painease.domain.timeline import fit_timeline
    from painease.ui.clip_notice import PlayedSteps
    from tests.ui.test_clip_banner import SCRIPT

    timeline = fit_timeline(parse_script(SCRIPT, "test"), 0.1,
                            clip_durations={"s/second.wav": 2.0})
    s = 48_000
    steps = PlayedSteps()
    tenth = s // 10
    assert steps.since_last(timeline, 5 * tenth, 5 * tenth) == [0]  # from the start, played
    assert steps.since_last(timeline, 50 * tenth, 50 * tenth) == [0, 1, 2]  # straight through
    assert steps.since_last(timeline, 50 * tenth, 50 * tenth) == [2]  # paused
    assert steps.since_last(timeline, 10 * tenth, 51 * tenth) == [0]  # back (Previous, a line)
    assert steps.since_last(timeline, 50 * tenth, 53 * tenth) == [2]  # on, further than played
    # The audio thread counts a block between the two reads: a little short is still played.
    assert steps.since_last(timeline, 10 * tenth, 54 * tenth) == [0]  # (back again)
    assert steps.since_last(timeline, 20 * tenth, 54 * tenth + 19 * tenth // 2) == [0, 1]
