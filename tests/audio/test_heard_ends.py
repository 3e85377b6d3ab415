"""What the ear gets at a session's ends, through the real PortAudio stack (JACK rigs).

At its natural end the session's last frames are heard before the device is closed (the
player reports the session finished only once they have played out), and a session
stopped early while paused keeps the time it was paused at: by then everything it fed
the device has been heard. While the device plays out the end the clock goes on to the
session's total, and a Stop then (the patient pressing Esc as the chime ends) ends it as
completed: all of it was played -- unless a seek back waits, which the audio thread has
not taken yet. A Stop while playing moves the clock only as far as the sound went, not on
by the device's latency (only a pause does: its fade is all heard before it is resumed).
"""

from __future__ import annotations

import time

import numpy as np
import pytest
import soundfile as sf

from painease.audio.engine import MixSettings, State
from painease.audio.outputs import DeviceOutput
from painease.audio.player import Player
from painease.audio.render import render_session
from painease.domain.script import FlexiblePause, Phase, Script, Step
from painease.domain.timeline import fit_to_frames
from painease.session import GuidedSession
from painease.storage import SessionStore

from . import rigs
from .conftest import require
from .heard_rig import HeardRig
from .sessions import RATE, clip_session, wait_for

VOICE_ONLY = MixSettings(ambience=0.0, tones=0.0)


def tone_to_the_end(root, seconds: float = 2.0):
    """A line, a silence, then a tone whose clip lasts to the session's very last frame
    (no pause after it, no end chime). The tone glides (300 to 900 Hz), so every stretch
    of it is unlike every other: what was heard lines up with what was played."""
    t = np.arange(RATE) / RATE
    (root / "s").mkdir(parents=True, exist_ok=True)
    sf.write(root / "s/a.wav", 0.3 * np.sin(2 * np.pi * 440 * t[: RATE // 2]), RATE,
             subtype="FLOAT")
    sf.write(root / "s/z.wav", 0.3 * np.sin(2 * np.pi * (300 * t + 300 * t * t)), RATE,
             subtype="FLOAT")
    steps = [Step(phase=Phase.SETTLE, text="A.", clip="s/a.wav", pause=FlexiblePause(min=0.2)),
             Step(phase=Phase.CLOSING, text="Z.", clip="s/z.wav", pause=0)]
    script = Script(format=1, id="tail", title="Tail", kind="relaxation", summary="s",
                    when_to_use="w", lengths=[seconds / 60], end_chime=False, steps=steps)
    timeline = fit_to_frames(script, round(seconds * RATE), RATE,
                             {"s/a.wav": 0.5, "s/z.wav": 1.0})
    assert timeline.segments[-1].end == timeline.total_frames  # the tone ends the session
    return timeline


def where(heard: np.ndarray, stretch: np.ndarray) -> int:
    """Where ``stretch`` (of the gliding tone) starts in ``heard``, which holds it as int32
    (within 2**-31)."""
    starts = np.flatnonzero(np.abs(heard[: len(heard) - len(stretch), 0] - stretch[0, 0]) <= 1e-6)
    for at in starts:
        if np.abs(heard[at : at + len(stretch)] - stretch).max() <= 1e-6:
            return int(at)
    raise AssertionError("the tone was not heard at all")


def play_to_the_end(timeline, root, rig_name: str):
    """(what PortAudio was handed, what was heard, the device's under-run flags) for the
    session played to its end, its player closed as soon as it said finished."""
    with HeardRig(root / rig_name, seconds=4.0) as rig:
        player = Player(timeline, root, settings=VOICE_ONLY)
        player.play()
        wait_for(lambda: player.finished)
        player.close()  # what the session does as soon as it sees the end
        return rig.capture(), rig.heard(), player.engine.counters.device_underflows


ATTEMPTS = 3  # sessions played, for one the device kept real time through


def test_a_sessions_last_frames_are_heard_before_its_device_closes(tmp_path):
    """Judged on a run in which the device never ran dry. Seen on a busy CI machine, and
    made here by holding the GIL 0.1-0.4 s in the tail: the callback comes late, PortAudio
    flags an output under-run, and what was heard holds a gap of silence (or, PortAudio's
    recovery dropping the late block, lacks it): not the device closed too early, which
    this test is about. So a run with an under-run is played again; if every run has one,
    the machine missed real time and the test says so rather than judging."""
    require("jack")
    timeline = tone_to_the_end(tmp_path)
    rendered, _ = render_session(timeline, tmp_path, settings=VOICE_ONLY)
    for attempt in range(ATTEMPTS):
        handed, heard, underflows = play_to_the_end(timeline, tmp_path, f"jack{attempt}")
        if underflows == 0:
            break
    else:
        pytest.skip(f"the device ran dry in each of {ATTEMPTS} runs (the machine missed "
                    "real time): what was heard at the end is not judged")
    rigs.assert_capture_matches(handed, rendered)  # PortAudio was given all of it
    # The last half second as heard, lined up by its first 10 ms (surely heard): an
    # under-run of the JACK client earlier on, on a busy machine, cannot shift it.
    last = rendered[-RATE // 2 :]
    at = where(heard, last[: RATE // 100])
    got = heard[at : at + len(last)]
    assert len(got) == len(last), "the recording stopped before the session's end: lengthen it"
    wrong = np.flatnonzero(np.abs(got - last).max(axis=1) > 1e-6)
    cut = len(last) - (int(wrong[0]) if len(wrong) else len(got))
    assert cut == 0, f"the session's last {cut} frames ({cut / RATE * 1000:.0f} ms) were not heard"


def test_a_session_stopped_while_paused_keeps_the_time_it_was_paused_at(jack, tmp_path):
    timeline = clip_session(tmp_path, seconds=6)
    with SessionStore(tmp_path / "db.sqlite3") as store:
        session = GuidedSession(store, timeline, tmp_path, 6 / 60, settings=VOICE_ONLY)
        try:
            session.begin()
            sid = session.submit_pre(4, 5)
            player = session.player
            assert session.status().output == "device"  # a buffer between fed and heard
            paused = []
            for _ in range(2):  # paused, played on, paused again
                wait_for(lambda: player.position_seconds >= 1.0 + len(paused))
                session.toggle()
                wait_for(lambda: player.engine.state is State.PAUSED)
                time.sleep(0.3)  # the device plays out what it held
                fed = player.engine.position
                assert player.position_frames == fed  # all of it heard
                paused.append(fed)
                if len(paused) == 1:
                    session.toggle()  # on again: the clock waits for the sound, no step back
                    seen, deadline = [player.position_frames], time.monotonic() + 5
                    while seen[-1] < fed + RATE // 4 and time.monotonic() < deadline:
                        time.sleep(0.005)
                        seen.append(player.position_frames)
                    assert min(seen) == fed and seen == sorted(seen)
            session.stop_early()
            session.skip_post()
            row = store.session(sid)
            assert (row.outcome, row.elapsed_ms) == ("stopped_early",
                                                     paused[-1] * 1000 // RATE)
        finally:
            session.close()


def test_the_clock_reaches_the_end_while_the_device_plays_it_out(jack, tmp_path):
    """Once the player says finished (its end heard), its clock says so too: the device
    was given the latency's worth of silence after the end, so nothing is left to hear
    (it read the total less the latency, 43 ms short, until the player was closed)."""
    timeline = tone_to_the_end(tmp_path)
    player = Player(timeline, tmp_path, settings=VOICE_ONLY)
    try:
        player.play()
        wait_for(lambda: player.engine.state is State.ENDED)
        assert player.status().output == "device"
        wait_for(lambda: player.finished)
        assert player.position_frames == timeline.total_frames
    finally:
        player.close()


def test_a_stop_while_the_device_plays_out_the_end_completes_the_session(jack, tmp_path):
    """The engine has played the whole session, the device still holds its last moments:
    a stop then is no early stop. Kept as completed, its whole length reached and all
    the time it played counted (it was "stopped_early" at the total less the latency)."""
    timeline = tone_to_the_end(tmp_path)
    with SessionStore(tmp_path / "db.sqlite3") as store:
        session = GuidedSession(store, timeline, tmp_path, 2 / 60, settings=VOICE_ONLY)
        try:
            session.begin()
            sid = session.submit_pre(4, 5)
            player = session.player
            assert session.status().output == "device"
            wait_for(lambda: player.engine.state is State.ENDED)  # no tick(): not noticed
            assert session.played_to_end
            played = player.played_frames
            session.stop_early()
            session.skip_post()
            row = store.session(sid)
            assert (row.outcome, row.elapsed_ms, row.played_ms) == (
                "completed", 2000, played * 1000 // RATE)
        finally:
            session.close()


def test_the_block_the_session_ends_in_is_not_counted_as_silence_after_it(
        jack, tmp_path, monkeypatch):
    """The end is heard once the device has been given the latency and two blocks more of
    silence (``tail_heard``) after the block in which the session ended: that block holds
    the session's last frames, so it is no silence played out after them (counted, the
    player said finished a block early, eating the margin measured on the rig)."""
    blocks = []  # per callback: (frames, ended before, ended after, tail heard after)
    own_callback = DeviceOutput._callback

    def noting(self, outdata, frames, time_info, status):
        before = self.engine.state is State.ENDED
        own_callback(self, outdata, frames, time_info, status)
        blocks.append((frames, before, self.engine.state is State.ENDED, self.tail_heard()))

    monkeypatch.setattr(DeviceOutput, "_callback", noting)
    timeline = tone_to_the_end(tmp_path)
    player = Player(timeline, tmp_path, settings=VOICE_ONLY)
    try:
        player.play()
        assert player.status().output == "device"
        wait_for(lambda: player.finished)
        latency, block = player._output.latency_frames, player._output.block_frames
    finally:
        player.close()
    ending = next(i for i, (_, before, after, _) in enumerate(blocks) if after and not before)
    heard = next(i for i, (*_, tail) in enumerate(blocks) if i > ending and tail)
    given = sum(frames for frames, *_ in blocks[ending + 1 : heard + 1])
    assert given >= latency + 2 * block, (given, latency, block)


def test_a_seek_back_waiting_at_the_end_means_the_session_is_not_played_to_end(jack,
                                                                                tmp_path):
    """Ended, then a seek back asked (Previous, just after the chime) that the audio
    thread has not taken yet (the device is held): the session goes on, so it has not
    played to its end (Esc asks before ending it, rather than keeping it as completed)."""
    timeline = tone_to_the_end(tmp_path)
    player = Player(timeline, tmp_path, settings=VOICE_ONLY)
    try:
        player.play()
        assert player.status().output == "device"
        wait_for(lambda: player.engine.state is State.ENDED)
        assert player.played_to_end
        jack.freeze_server()  # no callback now: the seek waits for the audio thread
        try:
            time.sleep(0.1)  # a callback under way when frozen has returned
            player.seek_frame(0)
            assert player.engine.state is State.ENDED  # not taken yet
            assert not player.played_to_end
        finally:
            jack.thaw_server()
        wait_for(lambda: player.engine.state is State.PLAYING)
        assert not player.played_to_end
    finally:
        player.close()


def test_a_stop_moves_the_clock_only_as_far_as_the_sound_went(jack, tmp_path):
    """A Stop while playing: the clock goes on by what its fade-out played, not on by the
    device's latency as well (that is for a pause: see the test above). Read before the
    stop and after the audio thread took it, clock and content fed move alike."""
    timeline = clip_session(tmp_path, seconds=6)
    player = Player(timeline, tmp_path, settings=VOICE_ONLY)
    try:
        player.play()
        assert player.status().output == "device"
        assert player._output.latency_frames > 0  # a buffer between fed and heard
        wait_for(lambda: player.position_seconds >= 1.0)
        while True:  # a clock and a position of the same block
            fed = player.engine.position
            clock = player.position_frames
            if player.engine.position == fed:
                break
        player.stop()
        wait_for(lambda: player.engine.state is State.STOPPED)
        time.sleep(0.1)  # the device plays on (silence): nothing more is fed or heard
        assert player.position_frames - clock == player.engine.position - fed
    finally:
        player.close()
