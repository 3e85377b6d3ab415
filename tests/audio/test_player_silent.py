"""The player on its silent clock-only output: the session runs on, with its clock."""

from __future__ import annotations

import math
import threading
import time

import pytest

from painease.audio.engine import State
from painease.audio.outputs import BLOCK_FRAMES, SilentOutput
from painease.audio.player import Player
from painease.domain.timeline import SegmentKind

from .sessions import RATE, clip_session, wait_for


@pytest.fixture
def player(tmp_path):
    made = []

    def make(**kwargs):
        timeline = clip_session(tmp_path, seconds=kwargs.pop("seconds", 20))
        made.append(Player(timeline, tmp_path, use_device=False, **kwargs))
        return made[-1]

    yield make
    for each in made:
        each.close()


def test_silent_output_keeps_real_time_and_says_why(player):
    """The silent clock keeps real time, bounded by the wall clock read around its readings
    rather than within a fixed tolerance: its thread moves it a block at a time, and a busy
    machine may hold that thread up for a while (it then catches up).

    * Never ahead: it cannot have run longer than the wall time since ``play()`` was
      asked for, plus the one block it moves at a time.
    * Never behind for good: since a first reading, it catches up with the wall time
      between the two readings, less a block. A clock that stops or runs slow never does.
    """
    p = player(seconds=60)  # room for a start that a busy machine made slow
    block = BLOCK_FRAMES / p.engine.rate
    before_play = time.monotonic()
    p.play()
    status = p.status()
    assert status.output == "silent"
    assert status.silent_reason == "this session was started without sound output"
    wait_for(lambda: p.position_seconds > 0.2)
    first = p.position_seconds
    after_first = time.monotonic()
    # Run for at least a second, and long enough after the start that a clock running at
    # twice the pace would be well ahead of the wall time since play().
    long_enough = max(1.0, after_first - before_play + 2 * block)
    readings = []

    def caught_up() -> bool:
        asked = time.monotonic()
        position = p.position_seconds
        readings.append((position, time.monotonic() - before_play))
        since_first = asked - after_first
        return since_first >= long_enough and position - first >= since_first - block

    wait_for(caught_up, timeout=40)
    ahead = [(position, wall) for position, wall in readings if position > wall + block]
    assert not ahead, f"ahead of the wall clock (clock s, wall s): {ahead[:3]}"
    assert p.status().underruns == 0


def test_a_quicker_silent_clock_plays_the_whole_session_with_nothing_skipped(player):
    """The screenshot tool plays a real session to its end this way, in seconds.

    How quick is not asked (a busy machine holds the clock's thread up). That it is
    quicker than real time is: by the end it has played more of the session than the wall
    time since ``play()`` was asked for, read after it finished. A clock at real time
    never does (it is never ahead by more than the one block it moves at a time: the test
    above); the session is long (60 s, ~2.4 s at 25 times) so that only a clock hardly
    quicker than real time, or one stalled for most of a minute, fails."""
    p = player(seconds=60, silent_speed=25)
    block = BLOCK_FRAMES / p.engine.rate
    before_play = time.monotonic()
    p.play()
    wait_for(lambda: p.finished, timeout=120)  # only how long a broken test takes to fail
    wall = time.monotonic() - before_play
    assert p.position_frames == p.timeline.total_frames
    assert p.played_frames >= p.timeline.total_frames  # all of it heard, none jumped over
    assert p.timeline.total_frames / p.engine.rate > wall + block, wall


def test_a_silent_clock_must_move_forward(player):
    p = player()
    for speed in (0, -1, math.nan):
        with pytest.raises(ValueError, match="speed must be above 0"):
            SilentOutput(p.engine, speed=speed)


def test_pause_holds_the_clock_and_resume_continues(player):
    p = player()
    p.play()
    wait_for(lambda: p.position_seconds > 0.5)
    p.pause()
    wait_for(lambda: p.engine.state is State.PAUSED)
    held = p.position_frames
    time.sleep(0.3)
    assert p.position_frames == held
    p.play()
    wait_for(lambda: p.position_frames > held + RATE // 10)


def test_pause_then_seek_holds_the_clock_at_the_seek_while_another_thread_is_busy(player):
    """Pause, then seek while paused, over and over, with another thread keeping the
    interpreter busy (so the silent clock's thread often has not run between the calls):
    each time the clock waits at the seek's frame and stays there. The pause used to be
    lost when both reached the engine before its next block: the clock ran on while the
    session said "paused" (a patient would hear the guide while "Continue" shows)."""
    p = player()
    busy = threading.Event()

    def keep_busy():
        while not busy.is_set():
            sum(range(2000))

    worker = threading.Thread(target=keep_busy, daemon=True)
    worker.start()
    try:
        p.play()
        for round_ in range(15):
            target = RATE * (1 + round_ % 5) + 37 * round_
            p.pause()
            p.seek_frame(target)
            wait_for(lambda: p.engine.state is State.PAUSED, timeout=5)
            wait_for(lambda t=target: p.position_frames == t, timeout=5)
            time.sleep(0.05)
            assert (p.status().state, p.position_frames) == ("paused", target), round_
            p.play()
            wait_for(lambda t=target: p.position_frames > t, timeout=5)  # it plays on
    finally:
        busy.set()
        worker.join()


def test_next_and_previous_step_seek_to_step_starts(player):
    p = player()
    starts = p.timeline.step_starts()
    p.play()
    p.next_step()
    wait_for(lambda: p.position_frames >= starts[1])
    assert p.segment.step == 1 and p.segment.kind is SegmentKind.SPEECH
    p.next_step()
    wait_for(lambda: p.position_frames >= starts[2])
    assert p.segment.step == 2
    p.previous_step(grace_seconds=5)  # just past a step's start: back to the one before
    wait_for(lambda: p.position_frames < starts[2])
    assert p.segment.step == 1


def test_next_step_in_the_last_step_does_not_skip_to_the_end(player):
    p = player()
    last = p.timeline.step_starts()[-1]
    p.play()
    p.seek_frame(last)
    wait_for(lambda: p.position_frames >= last + RATE // 10)
    p.next_step()
    time.sleep(0.2)
    assert last < p.position_frames < p.timeline.total_frames - RATE
    assert p.engine.state is State.PLAYING


def test_session_runs_to_its_end_and_stops_by_itself(player):
    p = player(seconds=7)
    p.play()
    wait_for(lambda: p.finished, timeout=10)
    assert p.engine.state is State.ENDED
    assert p.position_frames == p.timeline.total_frames


def test_stop_ends_the_session_early(player):
    p = player()
    p.play()
    wait_for(lambda: p.position_seconds > 0.3)
    p.stop()
    wait_for(lambda: p.finished)
    assert p.engine.state is State.STOPPED
    assert p.position_frames < p.timeline.total_frames


def test_seeking_past_either_end_stops_at_that_end(player):
    p = player()
    p.play()
    wait_for(lambda: p.position_seconds > 0.3)
    p.seek(-math.inf)  # before the start: the start
    wait_for(lambda: p.position_frames < RATE // 10)
    assert p.engine.state is State.PLAYING
    for beyond in (math.inf, 1e300, p.timeline.total_seconds + 60):
        p.seek(beyond)  # past the end: the end, which ends the session as heard through
    wait_for(lambda: p.finished)
    assert p.engine.state is State.ENDED
    assert p.position_frames == p.timeline.total_frames
    p.seek_frame(10**30)  # a frame far past the end, too
    assert p.position_frames == p.timeline.total_frames


def test_seeking_to_nan_is_refused_and_playing_goes_on(player):
    p = player()
    p.play()
    wait_for(lambda: p.position_seconds > 0.3)
    with pytest.raises(ValueError, match="not a number"):
        p.seek(math.nan)
    with pytest.raises(ValueError, match="not a number"):
        p.seek_frame(math.nan)
    here = p.position_frames
    wait_for(lambda: p.position_frames > here + RATE // 10)
    assert p.engine.state is State.PLAYING


def test_an_ambience_file_of_nan_is_said_and_the_session_plays_on(player, tmp_path):
    """At the start and when chosen mid-session, as render says it (test_bed_level)."""
    import numpy as np
    import soundfile

    bed = tmp_path / "nan.wav"
    soundfile.write(bed, np.full((RATE, 2), np.nan), RATE, subtype="DOUBLE")
    said = (f"ambience: the audio file {bed} holds no audio (its samples are not numbers: "
            "NaN or infinity); playing without ambience")
    first = player(ambience=bed, silent_speed=8.0)
    assert said in first.status().problems
    first.play()
    wait_for(lambda: first.finished)
    later = player(silent_speed=8.0)
    later.play()
    later.set_ambience(bed)
    wait_for(lambda: said in later.status().problems)
    wait_for(lambda: later.finished)


def test_closing_the_player_ends_its_watchdog_thread(player):
    """``close()`` wakes the watchdog from its wait and the thread is gone once close
    returns: none is left running (one per session) after the session ends."""
    others = {t for t in threading.enumerate() if t.name == "painease-watchdog"}
    p = player()
    p.play()
    mine = [t for t in threading.enumerate()
            if t.name == "painease-watchdog" and t not in others]
    assert len(mine) == 1 and mine[0].is_alive()
    p.close()
    assert not mine[0].is_alive()
