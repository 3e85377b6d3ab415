"""The mixing state machine that the audio callback runs; also drives offline renders.

``Engine.fill(out)`` is the whole body of the real-time callback: it takes layer chunks
that a feed has already rendered, applies ramped gains, ducking and transport fades, and
advances the session clock by the content frames it used. The background ducks under the
voice only while the voice can be heard: with the voice's volume at 0 there is nothing to
make room for, so the bed stays steady (turning the voice up or down to 0 glides the
ducking in or out over ``GAIN_RAMP_SECONDS``, no jump). It does no I/O, takes no
locks, logs nothing and never calls Qt. Other threads talk to it only through
``Engine``'s control methods, which append to a deque (atomic in CPython) that ``fill``
drains at the start of each block.

The session clock is ``position``: the timeline frame of the next content frame. It
moves only when content is delivered, so captions, progress and live ratings follow the
audio, never the wall clock. A fade-out that reaches silence part-way through a block takes
no content past it (the rest of the block is silence): Continue goes on from there.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

import numpy as np

from painease.audio import rates
from painease.audio.layers import AMBIENCE, CHANNELS, DUCK, NARRATION, TONES
from painease.domain.timeline import Timeline

TRANSPORT_RAMP_SECONDS = 0.02  # pause, resume, seek and stop fade this fast: no clicks
GAIN_RAMP_SECONDS = 0.08  # a full-scale volume change glides over this long


class Layer(StrEnum):
    MASTER = "master"
    NARRATION = "narration"
    TONES = "tones"
    AMBIENCE = "ambience"


@dataclass
class MixSettings:
    """Linear gains 0–1 per layer, and how far the ambience ducks under the voice (dB)."""

    master: float = 1.0
    narration: float = 1.0
    tones: float = 0.7
    ambience: float = 0.6
    duck_db: float = 10.0

    def gain(self, layer: Layer) -> float:
        return getattr(self, layer.value)


class State(StrEnum):
    # Not begun: no block has played since it was made. ``play`` makes it PLAYING when
    # the audio thread takes it up (the next block); only a pause makes it PAUSED.
    STARTING = "starting"
    PLAYING = "playing"
    PAUSED = "paused"
    # Final: nothing plays again. A seek still moves the clock.
    STOPPED = "stopped"
    # The content ran out, or a seek went to the end. Pause, stop and play leave it so (the
    # session is over); only a seek back before the end brings it back, playing (or paused
    # or stopped, if asked, or paused if it was paused when it ended).
    ENDED = "ended"


@dataclass(frozen=True)
class Chunk:
    """Rendered layers for frames ``[start, start + len(data))`` of seek generation ``epoch``."""

    epoch: int
    start: int
    data: np.ndarray


class Feed(Protocol):
    """Where the engine gets rendered layers. ``pop`` is called from the audio callback."""

    def pop(self) -> Chunk | None:
        """The next chunk, or None if none is ready (an under-run unless just seeked)."""

    def request(self, epoch: int, position: int) -> None:
        """From now on, render generation ``epoch`` from ``position``."""


class _Ramp:
    """A value that glides toward its target at a fixed slope per frame."""

    def __init__(self, value: float, frames_for_full_scale: float):
        self.value = self.target = float(value)
        self.step = 1.0 / max(1.0, frames_for_full_scale)

    def block(self, frames: int) -> np.ndarray | float:
        if self.value == self.target:
            return self.value
        distance = self.target - self.value
        steps = np.minimum(np.arange(1, frames + 1) * self.step, abs(distance))
        values = self.value + np.copysign(steps, distance)
        self.value = float(values[-1])
        return values.astype(np.float32)


@dataclass
class EngineCounters:
    """Read from any thread; written only by ``fill``."""

    underruns: int = 0  # blocks short of content mid-session (the reader fell behind)
    device_underflows: int = 0  # PortAudio's own output-underflow flags
    # Content frames delivered while playing, at the engine's rate: the time that actually
    # played. A seek moves ``position`` but adds nothing here; paused adds nothing.
    played: int = 0


class Engine:
    """Mixes one session. Control methods: any thread. ``fill``: the audio thread only."""

    def __init__(self, timeline: Timeline, feed: Feed, settings: MixSettings | None = None,
                 start: int = 0):
        self.timeline = timeline
        self.rate = timeline.samplerate
        self.feed = feed
        settings = settings or MixSettings()
        gain_frames = GAIN_RAMP_SECONDS * self.rate
        self._gains = {layer: _Ramp(settings.gain(layer), gain_frames) for layer in Layer}
        self._duck_floor = 10 ** (-settings.duck_db / 20)
        # 1 while the voice can be heard (its volume above 0), else 0: how far to duck.
        self._voiced = _Ramp(1.0 if settings.narration > 0 else 0.0, gain_frames)
        self._transport = _Ramp(0.0, TRANSPORT_RAMP_SECONDS * self.rate)
        self._commands: deque[tuple] = deque()
        # What to do once the transport has faded out: a seek and a pause (or stop) are
        # kept apart, so one asked during the other's fade is not lost.
        self._seek_to: int | None = None
        self._halt: State | None = None  # PAUSED or STOPPED
        self._after_end = State.PLAYING  # what a seek back from ENDED becomes
        # Seeks asked (control thread) and taken (audio thread): an ENDED engine with a
        # seek not yet taken is not finished, it may be a seek back.
        self._seeks_asked = self._seeks_taken = 0
        self._chunk: Chunk | None = None
        self._offset = 0
        self._epoch = 0
        self._priming = True  # under-runs right after a start or seek are expected
        self.position = start
        self.seek_base = start  # heard position: never before the last seek, output, pause
        self.state = State.STARTING
        self.counters = EngineCounters()
        self._scratch = np.zeros((8192, CHANNELS), dtype=np.float32)
        self._duck = np.zeros(8192, dtype=np.float32)
        self._matrix = np.zeros((4, 2), dtype=np.float32)
        # How many places the feed was asked to render from (the start, then each seek
        # carried out) and the last: a seek asked has been taken once it is here
        # (``Player``'s quick steps). Replaced whole, so any thread may read it.
        self.placed = (1, start)
        feed.request(0, start)

    # --- control (any thread) -----------------------------------------------------------

    def play(self) -> None:
        self._commands.append(("play",))

    def pause(self) -> None:
        self._commands.append(("pause",))

    def stop(self) -> None:
        self._commands.append(("stop",))

    def seek(self, frame: int) -> None:
        self._seeks_asked += 1  # before the command: never seen taken before asked
        self._commands.append(("seek", max(0, min(int(frame), self.timeline.total_frames))))

    def set_gain(self, layer: Layer, value: float) -> None:
        self._commands.append(("gain", Layer(layer), min(1.0, max(0.0, float(value)))))

    def set_duck_db(self, decibels: float) -> None:
        self._commands.append(("duck", max(0.0, min(40.0, float(decibels)))))

    @property
    def finished(self) -> bool:
        """Stopped, or ended with no seek waiting for the audio thread (a seek back right
        after the end, not yet taken, means the session goes on)."""
        waiting = self._seeks_taken != self._seeks_asked  # first: see _apply
        state = self.state
        return state is State.STOPPED or (state is State.ENDED and not waiting)

    def hold_heard_position(self) -> None:
        """A new output is about to run this engine (owner's thread, while none does):
        the heard position stays here while its buffer fills, rather than stepping back
        by the new output's latency (the frames the old one took are not heard again)."""
        self.seek_base = self.position

    def continued_at(self, timeline: Timeline, feed: Feed) -> Engine:
        """A new engine for this session rescaled to another rate (``timeline``, see
        ``rates.at_rate``), going on from where this one is: same position in time, same
        transport state and gains, the same counters.

        Owner's thread, and only while no output runs this engine (it is about to be
        dropped): the controls still queued are applied at once, a fade under way ends
        at once (nothing is listening), and the new engine fades in if it is playing.
        """
        while self._commands:
            self._apply(self._commands.popleft())
        self._after_fade_out()
        settings = MixSettings(**{layer.value: ramp.target for layer, ramp in
                                  self._gains.items()},
                               duck_db=-20 * math.log10(self._duck_floor))
        to_rate = timeline.samplerate
        engine = Engine(timeline, feed, settings,
                        start=rates.convert(self.position, self.rate, to_rate))
        engine.seek_base = rates.convert(self.seek_base, self.rate, to_rate)
        engine.counters = self.counters
        self.counters.played = rates.convert(self.counters.played, self.rate, to_rate)
        engine.state, engine._after_end = self.state, self._after_end
        if self.state is State.PLAYING:
            engine._transport.target = 1.0
        return engine

    # --- the audio thread ---------------------------------------------------------------

    def fill(self, out: np.ndarray) -> None:
        """Write ``len(out)`` stereo frames into ``out`` (float32, shape (n, 2))."""
        while self._commands:
            self._apply(self._commands.popleft())
        if self.state is State.PLAYING and self._transport.value == 0.0 \
                and self._transport.target == 0.0:
            # Silent already (a play and a pause in one block): act now, take no content,
            # so the clock does not move over a block nobody heard.
            self._after_fade_out()
        frames = len(out)
        if self.state is not State.PLAYING:
            out.fill(0.0)
            return
        if frames > len(self._scratch):
            self._scratch = np.zeros((frames, CHANNELS), dtype=np.float32)
            self._duck = np.zeros(frames, dtype=np.float32)
        layers = self._scratch[:frames]
        transport = self._transport.block(frames)
        wanted = self._sounding(transport, frames)
        got = self._take(layers[:wanted])
        if got < frames:
            layers[got:] = 0.0
            # Short of content before the session's end is an under-run; at the end it is not.
            if got < wanted and not self._priming \
                    and self.position + got < self.timeline.total_frames:
                self.counters.underruns += 1
        self._mix(layers, out, transport)
        self.position += got
        self.counters.played += got
        # The end first: a pause or stop whose fade also ended in this block (a block
        # longer than the fade) must not leave the played-out session waiting, paused.
        if self.position >= self.timeline.total_frames:
            self._content_ended()
        elif self._transport.value == 0.0 and self._transport.target == 0.0:
            self._after_fade_out()

    def _sounding(self, transport: np.ndarray | float, frames: int) -> int:
        """How many content frames this block plays: all of them, unless a fade-out (a
        pause, stop or seek) reaches silence part-way through. Then only the frames heard
        (at a gain above 0) are taken: the rest of the block is silence, and the content
        after the fade is where Continue (or the time played) goes on from, not skipped.
        In the block where the content runs out the fade plays it all: the session ends."""
        if self._transport.target != 0.0 or not isinstance(transport, np.ndarray) \
                or self.position + frames >= self.timeline.total_frames:
            return frames
        return int(np.count_nonzero(transport))  # it falls to 0 and stays there

    def _content_ended(self) -> None:
        """The content ran out while playing: the fade under way ends with it. A seek back
        asked during it is carried out now (the session is not over), with a pause or stop
        asked with it; else the session has ENDED, and a pause or stop that was fading is
        kept only for a later seek back."""
        self._transport.value = self._transport.target = 0.0  # silent from here
        if self._seek_to is not None and self._seek_to < self.timeline.total_frames:
            self._after_fade_out()  # plays on (fading in), unless a pause or stop came too
            return
        self._seek_to = None
        halt, self._halt = self._halt, None
        self._end(halt)

    def _end(self, halt: State | None) -> None:
        """The session is over (ENDED); a pause or stop asked (or a pause in force) is
        kept only for a later seek back."""
        self._transport.value = self._transport.target = 0.0
        self._after_end = halt or (State.PAUSED if self.state is State.PAUSED
                                   else State.PLAYING)
        self.state = State.ENDED

    def _take(self, layers: np.ndarray) -> int:
        """Copy ready content into ``layers``; return how many frames were available."""
        got, frames = 0, len(layers)
        while got < frames:
            chunk = self._chunk
            if chunk is None:
                chunk = self.feed.pop()
                if chunk is None:
                    break
                if chunk.epoch != self._epoch or chunk.start + len(chunk.data) <= self.position:
                    continue  # from before a seek, or already played
                self._chunk, self._offset = chunk, max(0, self.position + got - chunk.start)
                self._priming = False
            count = min(frames - got, len(chunk.data) - self._offset)
            layers[got : got + count] = chunk.data[self._offset : self._offset + count]
            got += count
            self._offset += count
            if self._offset >= len(chunk.data):
                self._chunk = None
        return got

    def _mix(self, layers: np.ndarray, out: np.ndarray,
             transport: np.ndarray | float) -> None:
        g, frames = self._gains, len(out)
        narration, tones = g[Layer.NARRATION].block(frames), g[Layer.TONES].block(frames)
        master = g[Layer.MASTER].block(frames) * transport
        ambience = g[Layer.AMBIENCE].block(frames) * master
        duck = self._duck[:frames]  # ambience gain per frame: lowered while the guide speaks
        np.multiply(layers[:, DUCK], self._duck_floor - 1.0, out=duck)
        duck *= self._voiced.block(frames)  # not at all while the voice is at 0
        duck += 1.0
        duck *= ambience
        if isinstance(narration, float) and isinstance(tones, float) \
                and isinstance(master, float):
            # Steady gains (the usual case): voice and tones in one small matrix product.
            self._matrix[0, 0] = self._matrix[1, 1] = narration * master
            self._matrix[2, 0] = self._matrix[3, 1] = tones * master
            np.matmul(layers[:, :4], self._matrix, out=out)
        else:
            np.multiply(layers[:, NARRATION], _column(narration * master), out=out)
            out += layers[:, TONES] * _column(tones * master)
        out += layers[:, AMBIENCE] * duck[:, None]
        np.clip(out, -1.0, 1.0, out=out)

    def _apply(self, command: tuple) -> None:
        name = command[0]
        if name == "gain":
            self._gains[command[1]].target = command[2]
            if command[1] is Layer.NARRATION:
                self._voiced.target = 1.0 if command[2] > 0 else 0.0
        elif name == "duck":
            self._duck_floor = 10 ** (-command[1] / 20)
        elif name == "play":
            if self.state is State.ENDED:
                if self._after_end is State.PAUSED:
                    self._after_end = State.PLAYING
                return
            if self.state is State.STOPPED or self._halt is State.STOPPED:
                return  # a stop is final, even while it fades
            self._halt = None  # a pause still fading out is called off
            self.state = State.PLAYING
            if self._seek_to is None:  # else the seek fades back in once it is done
                self._transport.target = 1.0
        else:
            if name == "seek":
                self._seek_to = command[1]
            elif self.state is State.ENDED:  # over: kept only for a later seek back
                if self._after_end is not State.STOPPED:
                    self._after_end = State.PAUSED if name == "pause" else State.STOPPED
                return
            elif self.state is State.STOPPED or self._halt is State.STOPPED:
                return  # a stop is final: a pause does not undo it
            else:
                self._halt = State.PAUSED if name == "pause" else State.STOPPED
            if self.state is State.PLAYING:
                self._transport.target = 0.0
            else:  # not sounding: no fade needed, act at once
                self._after_fade_out()
            if name == "seek":  # counted once its state is set, so ``finished`` (which
                self._seeks_taken += 1  # reads this count first) never sees a stale ENDED

    def _after_fade_out(self) -> None:
        """Carry out what waited for the fade: the seek first, then the pause or stop. A
        seek made while playing fades back in, unless a pause or stop came with it."""
        seek_to, self._seek_to = self._seek_to, None
        halt, self._halt = self._halt, None
        if seek_to is not None:
            self._epoch += 1
            self.position = self.seek_base = seek_to
            self._chunk, self._priming = None, True
            self.feed.request(self._epoch, self.position)
            self.placed = (self.placed[0] + 1, self.position)
            if self.state is State.ENDED and self.position < self.timeline.total_frames:
                self.state = self._after_end  # a seek back: the session is not over
            elif self.position >= self.timeline.total_frames \
                    and self.state in (State.PLAYING, State.PAUSED):
                self._end(halt)  # to the end (or past it), paused or not: the session ends
                return
        if halt is not None:
            self.state = halt
            if halt is State.PAUSED:  # all that was fed is heard (the device plays it
                self.seek_base = self.position  # out); resumed, no step back by its latency
        elif seek_to is not None and self.state is State.PLAYING:
            self._transport.target = 1.0


def _column(gain: np.ndarray | float) -> np.ndarray | float:
    return gain[:, None] if isinstance(gain, np.ndarray) else gain
