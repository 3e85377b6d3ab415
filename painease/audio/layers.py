"""Turn a fitted timeline into the session's sound, layer by layer, at any position.

``LayerSource.render(start, frames)`` returns the narration, tones and ambience layers
(stereo each) plus the ducking envelope for frames ``[start, start + frames)`` of the
session. It decodes and resamples clips, so it runs on the reader thread (or directly
when rendering offline), never in the audio callback. Gains are applied later by the
mixer, so a volume change is heard at once rather than after the read-ahead.

A clip that is missing or fails to decode is replaced by silence of the same length and
reported through ``problems``; the session goes on.
"""

from __future__ import annotations

import bisect
from collections import deque
from pathlib import Path

import numpy as np

from painease.audio import synth
from painease.audio.clips import ClipError
from painease.audio.streams import FileStream, LoopingStream
from painease.domain.timeline import Segment, SegmentKind, Timeline

# Channel layout of a rendered block: narration L/R, tones L/R, ambience L/R, duck envelope.
NARRATION, TONES, AMBIENCE, DUCK = slice(0, 2), slice(2, 4), slice(4, 6), 6
CHANNELS = 7

# Ducking eases in before the guide speaks and out after, so the bed never jumps.
DUCK_ATTACK_SECONDS = 0.4
DUCK_RELEASE_SECONDS = 0.8
# The bed rises at the start and settles away at the end of the session.
AMBIENCE_FADE_IN_SECONDS = 3.0
AMBIENCE_FADE_OUT_SECONDS = 8.0

_TONE_KINDS = {SegmentKind.INHALE: "inhale", SegmentKind.EXHALE: "exhale"}


class LayerSource:
    """Renders the layers of one session. Use from one thread only (the reader)."""

    def __init__(self, timeline: Timeline, clip_root: Path, ambience: str | Path = "none"):
        self.timeline = timeline
        self.rate = timeline.samplerate
        self.clip_root = clip_root
        self.problems: deque[str] = deque(maxlen=100)  # read by other threads: append-only
        self._starts = [segment.start for segment in timeline.segments]
        self._speech = [s for s in timeline.segments if s.kind is SegmentKind.SPEECH]
        self._speech_ends = [s.end + DUCK_RELEASE_SECONDS * self.rate for s in self._speech]
        self._clip: tuple[int, FileStream, int] | None = None  # segment index, stream, offset
        self._failed: set[int] = set()
        self._tones: dict[tuple[SegmentKind, int], np.ndarray] = {}
        self._loop: np.ndarray | None = None
        self._looping: LoopingStream | None = None
        self._ambience_failed = False
        self._open_ambience(ambience)

    def render(self, start: int, frames: int) -> np.ndarray:
        """Layers for ``[start, start + frames)``, float32 shaped ``(frames, CHANNELS)``."""
        block = np.zeros((frames, CHANNELS), dtype=np.float32)
        end = min(start + frames, self.timeline.total_frames)
        if end <= start:
            return block
        index = max(0, bisect.bisect_right(self._starts, start) - 1)
        segments = self.timeline.segments
        while index < len(segments) and segments[index].start < end:
            segment = segments[index]
            lo, hi = max(start, segment.start), min(end, segment.end)
            if hi > lo:
                self._render_segment(index, segment, lo, hi, block[lo - start : hi - start])
            index += 1
        self._render_ambience(start, block[: end - start])
        block[: end - start, DUCK] = self._duck(start, end)
        return block

    def close(self) -> None:
        if self._clip is not None:
            self._clip[1].close()
            self._clip = None
        if self._looping is not None:
            self._looping.close()
            self._looping = None

    # --- layers ---------------------------------------------------------------------------

    def _render_segment(self, index: int, segment: Segment, lo: int, hi: int,
                        out: np.ndarray) -> None:
        if segment.kind is SegmentKind.SPEECH and segment.source:
            self._render_clip(index, segment, lo, hi, out[:, NARRATION])
        elif segment.kind in _TONE_KINDS or segment.kind is SegmentKind.CHIME:
            key = (segment.kind, segment.frames)
            sound = self._tones.get(key)
            if sound is None:  # every breath of a step has the same length: make it once
                if len(self._tones) > 16:
                    self._tones.clear()
                if segment.kind is SegmentKind.CHIME:
                    sound = synth.chime(segment.frames, self.rate)
                else:
                    sound = synth.breath_tone(_TONE_KINDS[segment.kind], segment.frames, self.rate)
                self._tones[key] = sound
            out[:, TONES] = sound[lo - segment.start : hi - segment.start]

    def _render_clip(self, index: int, segment: Segment, lo: int, hi: int,
                     out: np.ndarray) -> None:
        if index in self._failed:
            return
        offset = lo - segment.start
        try:
            if self._clip is None or self._clip[0] != index:
                if self._clip is not None:
                    self._clip[1].close()
                self._clip = (index, FileStream(self.clip_root / segment.source, self.rate), 0)
            _, stream, at = self._clip
            if at != offset:
                stream.seek(offset)
            audio = stream.read(hi - lo)
            out[: len(audio)] = audio
            self._clip = (index, stream, offset + len(audio))
        except ClipError as exc:
            self._failed.add(index)
            self.problems.append(f"step {segment.step + 1}: {exc}; played silence instead")

    def _open_ambience(self, ambience: str | Path) -> None:
        if isinstance(ambience, Path):
            try:
                self._looping = LoopingStream(ambience, self.rate)
            except ClipError as exc:
                self.problems.append(f"ambience: {exc}; playing without ambience")
        elif ambience != "none":
            self._loop = synth.ambience_loop(ambience, self.rate)

    def _render_ambience(self, start: int, out: np.ndarray) -> None:
        frames = len(out)
        if self._loop is not None:
            loop = self._loop
            at, done = start % len(loop), 0
            while done < frames:  # copy slices, wrapping at the loop's end
                count = min(frames - done, len(loop) - at)
                out[done : done + count, AMBIENCE] = loop[at : at + count]
                done, at = done + count, 0
        elif self._looping is not None:
            out[:, AMBIENCE] = self._looping.read(frames)
            error = self._looping.error  # it fades itself out on a decode failure
            if error is not None and not self._ambience_failed:
                self._ambience_failed = True
                self.problems.append(f"ambience: {error}; playing without it")
        else:
            return
        fade_in = AMBIENCE_FADE_IN_SECONDS * self.rate
        fade_out_from = self.timeline.total_frames - AMBIENCE_FADE_OUT_SECONDS * self.rate
        if start < fade_in or start + frames > fade_out_from:
            out[:, AMBIENCE] *= self._ambience_envelope(start, frames)[:, None]

    def _ambience_envelope(self, start: int, frames: int) -> np.ndarray:
        position = np.arange(start, start + frames, dtype=np.float64)
        rise = position / (AMBIENCE_FADE_IN_SECONDS * self.rate)
        fall = (self.timeline.total_frames - position) / (AMBIENCE_FADE_OUT_SECONDS * self.rate)
        linear = np.clip(np.minimum(rise, fall), 0.0, 1.0)
        return (0.5 - 0.5 * np.cos(np.pi * linear)).astype(np.float32)  # raised cosine

    def _duck(self, start: int, end: int) -> np.ndarray:
        """1 while the guide speaks, easing in and out; a pure function of position."""
        attack = DUCK_ATTACK_SECONDS * self.rate
        release = DUCK_RELEASE_SECONDS * self.rate
        envelope = np.zeros(end - start, dtype=np.float32)
        position = np.arange(start, end, dtype=np.float64)
        first = bisect.bisect_left(self._speech_ends, start)
        for segment in self._speech[first:]:
            if segment.start - attack > end:
                break
            rise = (position - (segment.start - attack)) / attack
            fall = ((segment.end + release) - position) / release
            shape = np.clip(np.minimum(rise, fall), 0.0, 1.0)
            np.maximum(envelope, shape, out=envelope)
        return envelope
