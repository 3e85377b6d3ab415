"""A pause's or seek's fade-out that ends part-way through a block, driven offline.

The content is numbered: the voice's left channel is a steady 0.5 (so the output shows the
gain applied) and its right channel says which frame it is. Every content frame must be
heard once, in order, across a pause and Continue (the fade-out and the fade-in included),
and ``position`` and the time played must count exactly the frames heard: the rest of the
block after the fade is silence, not content consumed unheard."""

from __future__ import annotations

import numpy as np
import pytest

from painease.audio.engine import TRANSPORT_RAMP_SECONDS, Chunk, Engine, MixSettings, State
from painease.audio.layers import CHANNELS, NARRATION

from .sessions import RATE, clip_session

QUIET = MixSettings(ambience=0.0, tones=0.0)
FADE = round(TRANSPORT_RAMP_SECONDS * RATE)  # 960 frames
LEVEL = 0.5
CYCLE = 997  # frame numbers are told modulo this (a prime: no block size divides it)


class NumberedFeed:
    """Chunks whose voice says its frame number: left ``LEVEL``, right ``LEVEL * code``."""

    def __init__(self, total: int, chunk_frames: int = 2048):
        self.total, self.chunk_frames = total, chunk_frames
        self._epoch = self._position = 0

    def request(self, epoch: int, position: int) -> None:
        self._epoch, self._position = epoch, position

    def pop(self) -> Chunk | None:
        if self._position >= self.total:
            return None
        frames = min(self.chunk_frames, self.total - self._position)
        data = np.zeros((frames, CHANNELS), np.float32)
        numbers = np.arange(self._position, self._position + frames)
        data[:, NARRATION] = np.column_stack([np.full(frames, LEVEL),
                                              LEVEL * code(numbers)])
        chunk = Chunk(self._epoch, self._position, data)
        self._position += frames
        return chunk


def code(numbers: np.ndarray) -> np.ndarray:
    return ((numbers % CYCLE) + 1) / (CYCLE + 1)


def heard_numbers(out: np.ndarray) -> np.ndarray:
    """The content frame (modulo ``CYCLE``) of every frame heard, in order."""
    heard = out[out[:, 0] > 0]
    return np.rint(heard[:, 1] / heard[:, 0] * (CYCLE + 1)).astype(int) - 1


def gains(out: np.ndarray) -> np.ndarray:
    return out[:, 0] / LEVEL


def drive(engine: Engine, blocks: int, block: int) -> np.ndarray:
    out, buffer = [], np.zeros((block, 2), np.float32)
    for _ in range(blocks):
        engine.fill(buffer)
        out.append(buffer.copy())
    return np.concatenate(out)


def numbered_engine(tmp_path, start: int = 0) -> Engine:
    timeline = clip_session(tmp_path)
    engine = Engine(timeline, NumberedFeed(timeline.total_frames), QUIET, start=start)
    engine.play()
    return engine


def assert_in_order_from(numbers: np.ndarray, first: int) -> None:
    expected = np.arange(first, first + len(numbers)) % CYCLE
    missing = np.flatnonzero(numbers != expected)
    assert missing.size == 0, f"content skipped at heard frame {missing[:1]}"


@pytest.mark.parametrize("block", [2048, 512, 333])
@pytest.mark.parametrize("pause_after", [5, 8])
def test_a_pause_and_continue_skip_no_content(tmp_path, block, pause_after):
    engine = numbered_engine(tmp_path)
    before = drive(engine, pause_after, block)  # faded in, playing
    engine.pause()
    fading = drive(engine, 1 + -(-FADE // block), block)  # the fade ends part-way through
    assert engine.state is State.PAUSED
    paused_at = engine.position
    silent = drive(engine, 3, block)
    assert np.max(np.abs(silent)) == 0.0 and engine.position == paused_at
    engine.play()  # Continue
    after = drive(engine, 4, block)
    heard = np.concatenate([before, fading, silent, after])

    # Every content frame is heard, once and in order: none skipped at the pause.
    assert_in_order_from(heard_numbers(heard), 0)
    # The clock and the time played count exactly the frames heard until the pause
    # (the fade-out's included), and go on from there.
    heard_before_pause = np.count_nonzero(np.concatenate([before, fading])[:, 0])
    assert paused_at == engine.counters.played - block * 4 == heard_before_pause
    assert engine.position == paused_at + 4 * block
    # The fade-out starts at full gain on the block after the pause and glides down over
    # the transport fade; from there the block is silent.
    fade = gains(fading)
    sounding = np.count_nonzero(fade)
    assert sounding == FADE - 1  # the frame where the gain reaches 0 is not heard
    assert fade[0] == pytest.approx(1 - 1 / FADE, abs=1e-6)
    assert np.all(np.diff(fade[:sounding]) < 0) and np.all(fade[sounding:] == 0.0)
    # Continue fades in from the first frame of its block, from where the fade-out ended.
    rise = gains(after)
    assert rise[0] == pytest.approx(1 / FADE, abs=1e-6)
    assert np.all(np.diff(rise[:FADE]) > 0) and np.all(rise[FADE:] == pytest.approx(1.0))
    assert heard_numbers(after[:1])[0] == paused_at % CYCLE


@pytest.mark.parametrize("block", [2048, 512])
def test_a_seek_counts_as_played_only_the_fade_heard(tmp_path, block):
    engine = numbered_engine(tmp_path)
    before = drive(engine, 6, block)
    played, position = engine.counters.played, engine.position
    target = engine.timeline.total_frames // 2 + 17
    engine.seek(target)
    fading = drive(engine, -(-FADE // block), block)  # the block where the fade ends
    assert engine.position == target  # the jump: the block's rest was silence
    assert engine.counters.played == played + FADE - 1
    after = drive(engine, 3, block)  # fades in from the target
    assert_in_order_from(heard_numbers(np.concatenate([before, fading])), 0)
    assert_in_order_from(heard_numbers(after), target)
    assert np.count_nonzero(after[:, 0]) == len(after) == engine.position - target
    assert engine.counters.played == played + FADE - 1 + len(after)
    assert position + FADE - 1 == np.count_nonzero(np.concatenate([before, fading])[:, 0])


@pytest.mark.parametrize("more", [1, FADE])
def test_a_pause_just_before_the_last_block_keeps_the_rest_for_continue(tmp_path, more):
    """A pause in the last block ends the session (test_engine_ends.py); one asked with
    the content running out only after that block is a pause like any other."""
    block = 2048
    total = clip_session(tmp_path).total_frames
    engine = numbered_engine(tmp_path, start=total - 4 * block - block - more)
    drive(engine, 4, block)
    engine.pause()
    drive(engine, 1, block)
    assert engine.state is State.PAUSED and not engine.finished
    left = total - engine.position
    assert left == block + more - (FADE - 1)
    engine.play()
    after = drive(engine, 2, block)
    assert engine.state is State.ENDED and engine.position == total
    assert_in_order_from(heard_numbers(after), total - left)
    assert np.count_nonzero(after[:, 0]) == left
