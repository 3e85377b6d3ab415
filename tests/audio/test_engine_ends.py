"""The engine at the very end of a session and after a stop, driven offline block by block.

A seek asked while the last frames fade still happens (a seek back means the session is
not over); a pause or stop at or after the end, even one whose fade ends in the block
where the content runs out, leaves the session ended, and so does a seek to the end
(paused or not); a stopped session stays stopped; and a play and a pause in one block
move no clock."""

from __future__ import annotations

import numpy as np
import pytest

from painease.audio.engine import TRANSPORT_RAMP_SECONDS, Engine, Layer, MixSettings, State
from painease.audio.feeds import DirectFeed
from painease.audio.layers import LayerSource

from .sessions import RATE, clip_session

QUIET = MixSettings(ambience=0.0, tones=0.0)
BLOCK = 512
FADE = round(TRANSPORT_RAMP_SECONDS * RATE)  # 960 frames: longer than the last block


def drive(engine: Engine, frames: int, block: int = BLOCK) -> np.ndarray:
    out, buffer = [], np.zeros((block, 2), np.float32)
    for _ in range(0, frames, block):
        engine.fill(buffer)
        out.append(buffer.copy())
    return np.concatenate(out)


def engine_near_the_end(tmp_path, before_end: int, block: int = BLOCK) -> Engine:
    """Playing (faded in), ``before_end`` frames before the session's end."""
    timeline = clip_session(tmp_path)
    engine = Engine(timeline, DirectFeed(LayerSource(timeline, tmp_path)), QUIET)
    engine.seek(timeline.total_frames - before_end - 4 * block)
    engine.play()
    drive(engine, 4 * block, block)  # longer than the fade in
    assert engine.state is State.PLAYING
    assert engine.position == timeline.total_frames - before_end
    return engine


def engine_ended(tmp_path) -> Engine:
    engine = engine_near_the_end(tmp_path, BLOCK)
    drive(engine, BLOCK)
    assert engine.state is State.ENDED
    return engine


def max_step(signal: np.ndarray) -> float:
    return float(np.max(np.abs(np.diff(signal[:, 0]))))


def first_clip_middle(engine: Engine) -> int:
    first = engine.timeline.segments[0]
    return first.start + 24_027  # half a second into the first clip, near a crest


@pytest.mark.parametrize("before_end", [BLOCK, 300])  # the content ends in the fade
def test_a_seek_back_in_the_last_fade_plays_on_from_there(tmp_path, before_end):
    engine = engine_near_the_end(tmp_path, before_end)
    back = first_clip_middle(engine)
    engine.seek(back)  # "previous step" while the last frames fade out
    heard = drive(engine, 2 * BLOCK)  # the content runs out before the seek's fade ends
    assert engine.state is State.PLAYING
    assert engine.position == back + BLOCK
    heard = np.concatenate([heard, drive(engine, 4 * FADE)])
    assert np.max(np.abs(heard[-BLOCK:])) > 0.1  # the clip sounds again
    assert abs(heard[BLOCK, 0]) < 0.01 and max_step(heard) < 0.05  # faded, no click


def test_a_seek_back_and_a_pause_in_the_last_fade_both_happen(tmp_path):
    engine = engine_near_the_end(tmp_path, BLOCK)
    back = first_clip_middle(engine)
    engine.seek(back)
    engine.pause()
    drive(engine, 4 * BLOCK)
    assert engine.state is State.PAUSED and engine.position == back


@pytest.mark.parametrize("command", ["pause", "stop"])
def test_a_pause_or_stop_in_the_last_fade_leaves_the_session_ended(tmp_path, command):
    engine = engine_near_the_end(tmp_path, BLOCK)
    getattr(engine, command)()
    drive(engine, 2 * BLOCK)
    assert engine.state is State.ENDED and engine.finished
    engine.set_gain(Layer.MASTER, 0.5)  # later commands: the end stays
    engine.seek(engine.timeline.total_frames)
    drive(engine, BLOCK)
    assert engine.state is State.ENDED and engine.finished


# The outputs' blocks (outputs.BLOCK_FRAMES): longer than the fade, so a pause asked in the
# last block can finish fading in the very block where the content runs out.
OUTPUT_BLOCK = 2048


@pytest.mark.parametrize("command", ["pause", "stop"])
@pytest.mark.parametrize("before_end", [1, 300, FADE, 1024, 1500, OUTPUT_BLOCK])
def test_a_pause_or_stop_in_the_last_output_block_leaves_the_session_ended(
        tmp_path, command, before_end):
    engine = engine_near_the_end(tmp_path, before_end, OUTPUT_BLOCK)
    getattr(engine, command)()
    drive(engine, OUTPUT_BLOCK, OUTPUT_BLOCK)  # the rest of the content, and the fade
    assert engine.position == engine.timeline.total_frames
    assert engine.state is State.ENDED and engine.finished
    back = first_clip_middle(engine)
    engine.seek(back)  # the pause or stop is kept for a seek back
    drive(engine, 2 * OUTPUT_BLOCK, OUTPUT_BLOCK)
    assert engine.state is {"pause": State.PAUSED, "stop": State.STOPPED}[command]
    assert engine.position == back


@pytest.mark.parametrize("then", ["seek past the end", "seek to the end and pause"])
def test_a_seek_to_the_end_ends_the_session_even_paused(tmp_path, then):
    """``Player.seek_frame``: past the end is the end, where the session ends."""
    timeline = clip_session(tmp_path)
    engine = Engine(timeline, DirectFeed(LayerSource(timeline, tmp_path)), QUIET)
    engine.play()
    drive(engine, 24_000)
    if then == "seek past the end":
        engine.pause()
        drive(engine, 4 * FADE)
        assert engine.state is State.PAUSED
        engine.seek(10**9)
    else:
        engine.seek(timeline.total_frames)
        engine.pause()  # in the same block
    drive(engine, 4 * FADE)
    assert engine.position == timeline.total_frames
    assert engine.state is State.ENDED and engine.finished
    back = first_clip_middle(engine)
    engine.seek(back)  # paused before the end: a seek back comes back paused
    heard = drive(engine, 2 * BLOCK)
    assert engine.state is State.PAUSED and engine.position == back
    assert np.max(np.abs(heard)) == 0.0


@pytest.mark.parametrize("command", ["pause", "stop", "play"])
def test_pause_stop_or_play_after_the_end_leave_the_session_ended(tmp_path, command):
    engine = engine_ended(tmp_path)
    getattr(engine, command)()  # before the page's timer notices the end
    drive(engine, 2 * BLOCK)
    assert engine.state is State.ENDED and engine.finished
    assert engine.position == engine.timeline.total_frames


def test_a_seek_back_after_the_end_plays_on_from_there(tmp_path):
    engine = engine_ended(tmp_path)
    back = first_clip_middle(engine)
    engine.seek(back)
    assert not engine.finished  # not even before the audio thread takes the seek
    heard = drive(engine, 4 * FADE)
    assert engine.state is State.PLAYING and engine.position > back
    assert abs(heard[0, 0]) < 0.01 and max_step(heard) < 0.05  # faded in, no click
    assert np.max(np.abs(heard[-BLOCK:])) > 0.1


@pytest.mark.parametrize(("command", "then"), [("pause", State.PAUSED),
                                               ("stop", State.STOPPED)])
def test_a_seek_back_after_a_pause_or_stop_at_the_end_keeps_it(tmp_path, command, then):
    engine = engine_ended(tmp_path)
    getattr(engine, command)()
    drive(engine, BLOCK)
    back = first_clip_middle(engine)
    engine.seek(back)
    heard = drive(engine, 2 * BLOCK)
    assert engine.state is then and engine.position == back
    assert np.max(np.abs(heard)) == 0.0


def test_play_after_a_stop_does_nothing(tmp_path):
    timeline = clip_session(tmp_path)
    engine = Engine(timeline, DirectFeed(LayerSource(timeline, tmp_path)), QUIET)
    engine.play()
    drive(engine, 24_000)
    engine.stop()
    drive(engine, 4 * FADE)
    assert engine.state is State.STOPPED
    stopped_at, played = engine.position, engine.counters.played
    for command in ("play", "pause", "play"):
        getattr(engine, command)()
        heard = drive(engine, 2 * BLOCK)
        assert engine.state is State.STOPPED and engine.finished, command
        assert np.max(np.abs(heard)) == 0.0
    assert (engine.position, engine.counters.played) == (stopped_at, played)


@pytest.mark.parametrize("then", ["play", "pause"])
def test_a_stop_still_fading_is_not_called_off(tmp_path, then):
    timeline = clip_session(tmp_path)
    engine = Engine(timeline, DirectFeed(LayerSource(timeline, tmp_path)), QUIET)
    engine.play()
    drive(engine, 24_000)
    engine.stop()
    drive(engine, BLOCK)  # half way through the stop's fade
    getattr(engine, then)()
    heard = drive(engine, 4 * FADE)
    assert engine.state is State.STOPPED and engine.finished
    assert np.max(np.abs(heard[-BLOCK:])) == 0.0


@pytest.mark.parametrize("before", ["starting", "paused"])
def test_a_play_and_a_pause_in_one_block_move_no_clock(tmp_path, before):
    timeline = clip_session(tmp_path)
    engine = Engine(timeline, DirectFeed(LayerSource(timeline, tmp_path)), QUIET)
    if before == "paused":
        engine.play()
        drive(engine, 24_000)
        engine.pause()
        drive(engine, 4 * FADE)
        assert engine.state is State.PAUSED
    here, played = engine.position, engine.counters.played
    engine.play()
    engine.pause()  # in the same block: nothing is heard
    heard = drive(engine, 2 * BLOCK)
    assert engine.state is State.PAUSED
    assert (engine.position, engine.counters.played) == (here, played)
    assert np.max(np.abs(heard)) == 0.0
