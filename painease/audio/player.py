"""The player: one session's sound, its clock, its controls, and its fault handling.

``Player`` puts together the layer source, the reader feed, the engine and an output.
Its methods are called from the owner's thread (the GUI's main thread, or a test); it
reads the engine's clock and counters, which the audio thread writes.

Faults never end a session. If PortAudio is missing, no device exists, or the device
stops mid-session (callback dead or stalled for ``STALL_SECONDS``), a watchdog thread
switches to a silent clock-only output from the same position and records why in
``status()``. ``retry_device()`` tries the real device again. A chosen output (the
patient's Settings → Sound output) that PortAudio does not list now (a headset unplugged)
is passed over for the system's default output, and ``status().missing_output`` names
it; the choice is tried first again at each open, so a headset plugged back in is used.

A device that refuses the session's rate (a JACK server or an ALSA ``hw:`` device at
44.1 kHz, sessions being fitted at 48 kHz) is opened at its own rate instead: the layers
are then rendered from the timeline rescaled to that rate (``rates.at_rate``), from the
same moment of the session. The silent output runs at whatever rate the engine has, so
falling back never changes it. Whatever the rate, the clock (``position_frames``) and
``seek_frame`` speak in frames of the timeline the player was given.

The clock moves to a seek only when the audio thread takes it, at its next block (~43 ms
at 2048 frames). A step skipped before then (→ → pressed quickly, → then ←) counts from
where the seek not yet taken goes, not from the clock: each press from where the last
one went.
"""

from __future__ import annotations

import math
import threading
from collections import deque
from dataclasses import dataclass
from pathlib import Path

from painease.audio import rates
from painease.audio.engine import Engine, Layer, MixSettings, State
from painease.audio.feeds import ReaderFeed
from painease.audio.layers import LayerSource
from painease.audio.outputs import (
    BLOCK_FRAMES,
    AudioOutput,
    DeviceOutput,
    OutputUnavailable,
    SilentOutput,
    default_output_device,
    device_rate,
    output_missing,
)
from painease.domain.timeline import Segment, Timeline
from painease.domain.vocabulary import Phase

STALL_SECONDS = 1.0
WATCH_INTERVAL = 0.2


@dataclass(frozen=True)
class PlayerStatus:
    """A snapshot for the UI: what is happening and anything the patient should know."""

    # starting / playing / paused / stopped / ended. "starting": not begun, before play()
    # or until the audio thread takes it up with the first block; "paused" only when asked.
    state: str
    output: str  # "device" or "silent"
    silent_reason: str | None  # why there is no sound, in plain words
    underruns: int
    problems: tuple[str, ...]  # clips or ambience that could not be played
    # The chosen output, not connected now, while sound plays through the default instead.
    missing_output: str | None = None


class Player:
    """Plays a fitted timeline. Methods: owner's thread. Clock: safe to read any time.

    ``silent_speed`` runs the silent output that many times faster than real time (1 for
    every patient; the screenshot tool plays a whole session in seconds)."""

    def __init__(self, timeline: Timeline, clip_root: Path, *, ambience: str | Path = "none",
                 settings: MixSettings | None = None, use_device: bool = True,
                 device: int | str | None = None, block_frames: int = BLOCK_FRAMES,
                 read_ahead_seconds: float = 3.0, silent_speed: float = 1.0):
        self.timeline = timeline  # the session's: the clock is in its frames at any rate
        self._clip_root = clip_root
        self._ambience = ambience
        self._read_ahead = read_ahead_seconds
        self._earlier_problems: list[str] = []  # reported before a change of rate
        self._source = LayerSource(timeline, clip_root, ambience)
        self._feed = ReaderFeed(self._source, ahead_seconds=read_ahead_seconds)
        self.engine = Engine(timeline, self._feed, settings)
        # The last seek asked, until the engine has moved the clock there: (engine,
        # places taken when asked, engine frame, player frame). See ``_heading``.
        self._asked: tuple[Engine, int, int, int] | None = None
        self._use_device = use_device
        self._device = device
        self._block_frames = block_frames
        self._silent_speed = silent_speed  # see SilentOutput: 1 for every patient
        self._output: AudioOutput | None = None
        self._silent_reason: str | None = None
        self._missing: str | None = None  # the chosen output, not found at the last open
        self._notices: deque[str] = deque(maxlen=50)
        self._unwatch = threading.Event()  # set: the watchdog ends now, not after its wait
        self._watchdog: threading.Thread | None = None
        self._lock = threading.Lock()  # guards output switching (watchdog vs owner), never audio

    # --- controls -----------------------------------------------------------------------

    def play(self) -> None:
        """Start (or resume) playback; falls back to silence if no device can be used."""
        if self._output is None:
            self._feed.start()
            self._feed.prime()
            with self._lock:
                self._output = self._open_output()
            self._start_watchdog()
        self.engine.play()

    def pause(self) -> None:
        self.engine.pause()

    def toggle(self) -> None:
        """Pause if playing, or asked to play (its first block not yet taken); else play."""
        state = self.engine.state
        if state is State.PLAYING or (state is State.STARTING and self._output is not None):
            self.pause()
        else:
            self.play()

    def stop(self) -> None:
        self.engine.stop()

    def seek(self, seconds: float) -> None:
        """Go to ``seconds`` into the session; see ``seek_frame`` for the ends and NaN."""
        self.seek_frame(seconds * self.timeline.samplerate)

    def seek_frame(self, frame: float) -> None:
        """Go to ``frame`` of the player's timeline (whatever rate the device runs at).
        Before the start is the start; past the end (infinity too) is the end, where the
        session ends (state "ended"). NaN is no place at all: ``ValueError``."""
        if math.isnan(frame):
            raise ValueError("cannot seek to NaN: it is not a number, so not a place in "
                             "the session")
        frame = round(min(max(frame, 0), self.timeline.total_frames))
        engine = self.engine
        target = rates.convert(frame, self.timeline.samplerate, engine.rate)
        self._asked = (engine, engine.placed[0], target, frame)  # before it can be taken
        engine.seek(target)

    def next_step(self) -> None:
        """To the next step's start. In the last step nothing happens: skipping past the
        end would count as the whole session heard (End session ends it early)."""
        starts = self.timeline.step_starts()
        here = self._heading()
        later = [s for s in starts if s > here]
        if later:
            self.seek_frame(later[0])

    def previous_step(self, grace_seconds: float = 2.0) -> None:
        """Back to the start of this step, or the one before if just past its start."""
        starts = self.timeline.step_starts()
        here = self._heading() - round(grace_seconds * self.timeline.samplerate)
        earlier = [s for s in starts if s <= here]
        self.seek_frame(earlier[-1] if earlier else 0)

    def _heading(self) -> int:
        """Where the session is going: a seek asked and not yet taken by the audio thread
        (the clock still reads the old place), else the clock. A seek counts as taken
        once the engine has moved the clock to its place after it was asked, or once
        another engine (a change of rate) took over, queued seeks applied first."""
        asked = self._asked
        if asked is not None:
            engine, before, target, frame = asked
            count, place = engine.placed
            if engine is self.engine and not (count > before and place == target):
                return frame
            self._asked = None
        return self.position_frames

    def set_volume(self, layer: Layer | str, value: float) -> None:
        self.engine.set_gain(Layer(layer), value)

    def set_duck_db(self, decibels: float) -> None:
        self.engine.set_duck_db(decibels)

    def set_ambience(self, ambience: str | Path) -> None:
        """Change the background sound (a bed name or a file); it crossfades in once the
        read-ahead reaches it (within ~3 s), and a file that cannot play is reported in
        ``status().problems`` like any other."""
        self._ambience = ambience
        self._source.request_ambience(ambience)

    def retry_device(self) -> bool:
        """Try the real device again (after a fault); True if sound is back."""
        with self._lock:
            if self._output is not None and self._output.kind == "device":
                return True
            previous = self._output
            self._use_device = True
            output = self._open_output(stop_first=previous)
            self._output = output
            return output.kind == "device"

    def close(self) -> None:
        """Stop everything and release the device; safe to call twice."""
        self._unwatch.set()
        if self._watchdog is not None:
            self._watchdog.join(timeout=2)
            self._watchdog = None
        with self._lock:
            if self._output is not None:
                self._output.stop()
                self._output = None
        self._feed.close()

    # --- the clock and status (any thread) ------------------------------------------------

    @property
    def position_frames(self) -> int:
        """The frame being heard now: delivered frames less the output's latency (paused:
        all delivered, see ``Engine.seek_base``; ended: less what the device has played
        out since, so it reaches the end), as a frame of the player's timeline (the
        engine may run at the device's rate)."""
        output = self._output
        engine = output.engine if output is not None else self.engine  # one rate: a pair
        latency = output.unheard_frames() if output is not None else 0
        total = engine.timeline.total_frames
        frame = max(engine.seek_base, min(engine.position - latency, total))
        if frame >= total:
            return self.timeline.total_frames
        return rates.convert(frame, engine.rate, self.timeline.samplerate)

    @property
    def played_frames(self) -> int:
        """How much of the session actually played, in frames of the player's timeline:
        content delivered while playing. Pauses add nothing, nor does what a seek (or a
        step skipped) jumped over; a part played twice counts twice."""
        output = self._output
        engine = output.engine if output is not None else self.engine
        return rates.convert(engine.counters.played, engine.rate, self.timeline.samplerate)

    @property
    def position_seconds(self) -> float:
        return self.position_frames / self.timeline.samplerate

    @property
    def segment(self) -> Segment:
        return self.timeline.segment_at(self.position_frames)

    @property
    def phase(self) -> Phase:
        return self.segment.phase

    @property
    def finished(self) -> bool:
        """Stopped (at once: a stop may cut), or ended and its last frames heard: the
        device holds the end for a while after the engine has played it, and closing
        the player before they play out would cut them (``AudioOutput.tail_heard``)."""
        if not self.engine.finished:
            return False
        output = self._output
        return output is None or output.tail_heard()

    @property
    def played_to_end(self) -> bool:
        """The whole session has been played: the engine ran out of content (or a seek
        went to the end) and no seek back waits. Its last moments may still be in the
        device (``finished`` once they are heard); a stop then cuts at most those."""
        return self.engine.finished and self.engine.state is State.ENDED

    def status(self) -> PlayerStatus:
        output = self._output
        current = tuple(self._source.problems)
        earlier = tuple(p for p in self._earlier_problems if p not in current)
        problems = earlier + current + tuple(self._notices)
        return PlayerStatus(
            state=self.engine.state.value,
            output=output.kind if output is not None else "silent",
            silent_reason=self._silent_reason if output is None or output.kind == "silent"
            else None,
            underruns=self.engine.counters.underruns,
            problems=problems,
            missing_output=self._missing if output is not None and output.kind == "device"
            else None,
        )

    # --- outputs and the watchdog --------------------------------------------------------

    def _open_output(self, stop_first: AudioOutput | None = None) -> AudioOutput:
        if stop_first is not None:
            stop_first.stop()
        reason = "this session was started without sound output"
        if self._use_device:
            device, reason = self._device_to_open()
            if reason is None:
                rate = device_rate(device, self.engine.rate)
                if rate != self.engine.rate:
                    self._continue_at(rate)
                self.engine.hold_heard_position()
                output = DeviceOutput(self.engine, device, self._block_frames)
                try:
                    output.start()
                    self._silent_reason = None
                    return output
                except OutputUnavailable as exc:
                    reason = str(exc)
        silent = SilentOutput(self.engine, self._block_frames, self._silent_speed)
        silent.start()
        self._silent_reason = reason
        self._notices.append(f"playing silently: {reason}")
        return silent

    def _device_to_open(self) -> tuple[int | str | None, str | None]:
        """The chosen device, or the system's default when the chosen one is not connected
        (``_missing`` then names it): (device, None), or (None, why there is none)."""
        if self._device is not None:
            self._missing = str(self._device) if output_missing(self._device) else None
            if self._missing is None:
                return self._device, None
        return default_output_device()

    def _continue_at(self, rate: int) -> None:
        """Render from now on at ``rate``: a new source, feed and engine from the same
        moment. Called with the lock held and no output running the old engine."""
        self._earlier_problems.extend(self._source.problems)
        self._feed.close()
        timeline = rates.at_rate(self.timeline, rate)
        self._source = LayerSource(timeline, self._clip_root, self._ambience)
        self._feed = ReaderFeed(self._source, ahead_seconds=self._read_ahead)
        self.engine = self.engine.continued_at(timeline, self._feed)
        self._feed.start()
        self._feed.prime()

    def _start_watchdog(self) -> None:
        self._unwatch.clear()
        self._watchdog = threading.Thread(target=self._watch, name="painease-watchdog",
                                          daemon=True)
        self._watchdog.start()

    def _watch(self) -> None:
        last_count, still_for = -1, 0.0
        while not self._unwatch.wait(WATCH_INTERVAL):
            with self._lock:
                output = self._output
                if output is None or output.kind != "device":
                    last_count, still_for = -1, 0.0
                    continue
                count = output.callbacks()
                still_for = still_for + WATCH_INTERVAL if count == last_count else 0.0
                last_count = count
                failure = output.failure()
                if failure is None and still_for >= STALL_SECONDS:
                    # Measured: when the audio server dies, PortAudio just stops calling
                    # back; the stream still reports itself active and no error arrives.
                    failure = "the audio device stopped responding"
                    output.mark_failed(failure)
                if failure is not None:
                    self._output = self._open_silent_after(output, failure)
                    last_count, still_for = -1, 0.0

    def _open_silent_after(self, dead: AudioOutput, reason: str) -> AudioOutput:
        dead.stop()
        silent = SilentOutput(self.engine, self._block_frames, self._silent_speed)
        silent.start()
        self._silent_reason = reason
        self._notices.append(f"playing silently: {reason}")
        return silent
