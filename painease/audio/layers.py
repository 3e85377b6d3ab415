"""Turn a fitted timeline into the session's sound, layer by layer, at any position.

``LayerSource.render(start, frames)`` returns the narration, tones and ambience layers
(stereo each) plus the ducking envelope for frames ``[start, start + frames)`` of the
session. It decodes and resamples clips, so it runs on the reader thread (or directly
when rendering offline), never in the audio callback. Gains are applied later by the
mixer, so a volume change is heard at once rather than after the read-ahead.

A clip that is missing or fails to decode is replaced by silence of the same length and
reported through ``problems``; the session goes on. Samples in a clip that are not numbers
(NaN, infinity: a float file can hold them) play as silence, faded to and from over 5 ms
either side as the clip is decoded so it does not click (``painease.audio.not_numbers``),
and the rest of the clip plays; the clip is said once to be damaged, in ``painease
check``'s words. So is a clip that peaks past full scale (a float WAV can), which the
mixer can only clip, and a WAV clip holding less than its header says, which plays what it
holds, then falls silent. An ambience file louder than the built-in beds plays turned
down to their level (``bed_level``), also said in ``problems``; one whose samples are all
NaN or infinity is said as an empty one is and not played.

Every narration clip fades in over its first ``CLIP_EDGE_SECONDS`` and out over its last
(raised cosine), so a recording that starts or stops mid-waveform does not click; a
clip's DC offset is taken out first (``painease.audio.dc``), or it would step there. The
fades belong to positions in the clip, not to blocks: any block size and any seek give
the same samples. To fade out where a clip ends early (shorter than its segment, or
decoding fails part-way) before that end has been played, each clip is read
``CLIP_EDGE_SECONDS`` ahead of the block being rendered.

``request_ambience(bed)`` (any thread) changes the background sound mid-session: the next
block rendered crossfades from the old bed to the new one over ``AMBIENCE_SWITCH_SECONDS``
(equal power), so the change is heard after the read-ahead, without a click.
"""

from __future__ import annotations

import bisect
from collections import deque
from pathlib import Path

import numpy as np

from painease.audio import synth
from painease.audio.bed_level import file_bed_gain
from painease.audio.clips import (
    ClipError,
    cut_short_problem,
    not_numbers_problem,
    too_loud,
    too_loud_problem,
    wav_shortfall,
)
from painease.audio.dc import clip_offset
from painease.audio.looping import LoopingStream
from painease.audio.streams import FileStream
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
# A change of background sound during a session crossfades over this long.
AMBIENCE_SWITCH_SECONDS = 2.0
# Clip edges fade over this long (raised cosine): long enough that a full-scale jump
# becomes a slope of at most pi / (2 * 240) per sample at 48 kHz, no click; short enough
# that a word starting at once keeps its attack. Clips made by `painease narrate` already
# fade over 10 ms; this is for recordings that start or stop mid-waveform.
CLIP_EDGE_SECONDS = 0.005

_TONE_KINDS = {SegmentKind.INHALE: "inhale", SegmentKind.EXHALE: "exhale"}


class LayerSource:
    """Renders the layers of one session. Use from one thread only (the reader)."""

    def __init__(self, timeline: Timeline, clip_root: Path, ambience: str | Path = "none"):
        self.timeline = timeline
        self.rate = timeline.samplerate
        self.clip_root = clip_root
        self.problems: deque[str] = deque(maxlen=100)  # read by other threads: append-only
        self._starts = [segment.start for segment in timeline.segments]
        # The background ducks under lines that are spoken: a line with no recording is
        # read from the caption, with nothing to make room for.
        self._speech = [s for s in timeline.segments
                        if s.kind is SegmentKind.SPEECH and s.source]
        self._speech_ends = [s.end + DUCK_RELEASE_SECONDS * self.rate for s in self._speech]
        self._clip: _Clip | None = None
        edge = max(1, round(CLIP_EDGE_SECONDS * self.rate))
        self._edge = (0.5 - 0.5 * np.cos(np.pi * (np.arange(edge) + 0.5) / edge)).astype(
            np.float32)  # fade-in gains; reversed, the fade-out
        self._failed: set[int] = set()
        self._not_numbers: set[int] = set()  # clips said to hold NaN or infinity
        self._too_loud: set[int] = set()  # clips said to peak past full scale
        self._cut_checked: set[int] = set()  # clips whose WAV header sizes were checked
        self._tones: dict[tuple[SegmentKind, int], np.ndarray] = {}
        self._bed: _Bed | None = self._open_bed(ambience)
        self._pending: tuple[str | Path] | None = None  # set by request_ambience, any thread
        self._fading: tuple[_Bed | None, int] | None = None  # old bed, switch start frame

    def request_ambience(self, ambience: str | Path) -> None:
        """Change the background sound; taken up by the next ``render`` (thread-safe: one
        attribute assignment)."""
        self._pending = (ambience,)

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
            self._drop_clip()
        for bed in (self._bed, self._fading[0] if self._fading else None):
            if bed is not None:
                bed.close()
        self._bed, self._fading = None, None

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
        clip = self._clip
        if clip is None or clip.index != index:
            if index in self._failed:
                return
            if clip is not None:
                self._drop_clip()
            try:
                path = self.clip_root / segment.source
                stream = FileStream(path, self.rate, offset=clip_offset(path))
            except ClipError as exc:
                self._report(index, segment, exc)
                return
            self._clip = clip = _Clip(index, stream, segment.frames,
                                      self.clip_root / segment.source)
            self._say_cut_short(index, segment, clip)
        offset = lo - segment.start
        try:
            clip.read_ahead(offset, hi - lo + len(self._edge))
        except ClipError as exc:  # the look-ahead still holds what will be played
            self._report(index, segment, exc)
        if clip.stream.not_numbers and index not in self._not_numbers:
            # The stream played them as silence; the rest of the clip plays on.
            self._not_numbers.add(index)  # said once, though a seek may meet them again
            self.problems.append(f"step {segment.step + 1}: "
                                 f"{not_numbers_problem(clip.path)}; played silence in "
                                 "their place")
        if clip.at + len(clip.ahead) >= clip.end:  # all of it decoded: its peak is known
            self._say_too_loud(clip)
        audio = clip.take(hi - lo)
        self._fade_edges(audio, offset, clip.end)
        out[: len(audio)] = audio

    def _drop_clip(self) -> None:
        clip, self._clip = self._clip, None
        self._say_too_loud(clip, whole=False)
        clip.stream.close()

    def _say_too_loud(self, clip: _Clip, whole: bool = True) -> None:
        """Say (once) a clip that peaks past full scale: the mixer can only clip it, heard
        as distortion. Said with its peak once the clip has been read to its end (its
        peak is then the file's, as ``painease check`` says it, not the first sample past
        the limit), or when it stops before (a seek, the session's end) with the peak of
        what was read, as "at least"."""
        if clip.index in self._too_loud or not too_loud(clip.stream.peak):
            return
        self._too_loud.add(clip.index)  # said once, as the NaN above
        step = self.timeline.segments[clip.index].step
        problem = too_loud_problem(clip.path, clip.stream.peak)
        if not whole:
            problem = problem.replace(" peaks at ", " peaks at least at ", 1)
        self.problems.append(f"step {step + 1}: {problem}")

    def _say_cut_short(self, index: int, segment: Segment, clip: _Clip) -> None:
        """Say (once) a WAV clip whose file holds less than its header says: it plays what
        it holds, then falls silent. Found from the header's sizes, not by decoding, as
        ``painease check`` finds it (libsndfile decodes what is there without a word)."""
        if index in self._cut_checked:
            return
        self._cut_checked.add(index)
        seconds = clip.stream.frames_total / self.rate
        problem = cut_short_problem(clip.path, seconds, *wav_shortfall(clip.path))
        if problem is not None:
            self.problems.append(f"step {segment.step + 1}: {problem}; played what it "
                                 "holds, then silence")

    def _report(self, index: int, segment: Segment, exc: ClipError) -> None:
        if index in self._failed:  # said once, though a seek may meet it again
            return
        self._failed.add(index)
        self.problems.append(f"step {segment.step + 1}: {exc}; played silence instead")

    def _fade_edges(self, audio: np.ndarray, first: int, end: int) -> None:
        """Fade ``audio``, clip frames ``[first, first + len(audio))``, in over the clip's
        first edge frames and out over the edge frames before ``end``."""
        edge, last = self._edge, first + len(audio)
        if last == first:
            return
        if first < len(edge):
            audio[: len(edge) - first] *= edge[first:last, None]
        if last > end - len(edge):
            since = max(first, end - len(edge))
            audio[since - first :] *= edge[end - last : end - since][::-1, None]

    def _open_bed(self, ambience: str | Path) -> _Bed | None:
        if isinstance(ambience, Path):
            try:
                gain, notes, offset = file_bed_gain(ambience, self.rate)
                bed = _Bed(self, stream=LoopingStream(ambience, self.rate, offset=offset),
                           gain=gain)
            except ClipError as exc:
                self.problems.append(f"ambience: {exc}; playing without ambience")
                return None
            self.problems.extend(f"ambience: {note}" for note in notes)
            return bed
        if ambience != "none":
            return _Bed(self, loop=synth.ambience_loop(ambience, self.rate))
        return None

    def _render_ambience(self, start: int, out: np.ndarray) -> None:
        frames = len(out)
        pending, self._pending = self._pending, None
        if pending is not None:
            if self._fading is not None and self._fading[0] is not None:
                self._fading[0].close()  # a switch during a switch: drop the oldest bed
            self._fading = (self._bed, start)
            self._bed = self._open_bed(pending[0])
        if self._bed is not None:
            out[:, AMBIENCE] = self._bed.read(start, frames)
        length = AMBIENCE_SWITCH_SECONDS * self.rate
        if self._fading is not None and not 0 <= start - self._fading[1] < length:
            # A seek jumped out of the crossfade: the new bed simply plays from here.
            if self._fading[0] is not None:
                self._fading[0].close()
            self._fading = None
        if self._fading is not None:
            old, since = self._fading
            done = np.clip((np.arange(start, start + frames) - since) / length, 0.0, 1.0)
            out[:, AMBIENCE] *= np.sin(0.5 * np.pi * done).astype(np.float32)[:, None]
            if old is not None:
                out[:, AMBIENCE] += (old.read(start, frames)
                                     * np.cos(0.5 * np.pi * done).astype(np.float32)[:, None])
            if done[-1] >= 1.0:
                if old is not None:
                    old.close()
                self._fading = None
        if self._bed is None and self._fading is None:
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


class _Clip:
    """The narration clip being played: its stream, and the frames already read from it
    (the look-ahead) for clip frames ``[at, at + len(ahead))``."""

    def __init__(self, index: int, stream: FileStream, frames: int, path: Path):
        self.index, self.stream, self.frames, self.path = index, stream, frames, path
        self.at, self.ahead = 0, np.zeros((0, 2), dtype=np.float32)
        self.end = frames  # where the clip's audio stops: its segment's end, or sooner

    def read_ahead(self, offset: int, frames: int) -> None:
        """Hold clip frames ``[offset, offset + frames)`` (fewer at the clip's end); on a
        ``ClipError`` the clip ends after what is already held. Samples that are not
        numbers (NaN, infinity: a float file can hold them) the stream makes silence, faded,
        and counts (``FileStream.not_numbers``); the clip plays on after them."""
        try:
            if offset != self.at:  # a seek (or a skipped block): start again there
                self.at, self.ahead, self.end = offset, self.ahead[:0], self.frames
                self.stream.seek(offset)  # the engine fades seeks: no edge fade here
            have = self.at + len(self.ahead)
            want = min(offset + frames, self.end)
            if want <= have:
                return
            audio = self.stream.read(want - have)
        except ClipError:
            self.end = self.at + len(self.ahead)
            raise
        if len(audio) < want - have:
            self.end = have + len(audio)
        self.ahead = np.concatenate([self.ahead, audio]) if len(self.ahead) else audio

    def take(self, frames: int) -> np.ndarray:
        """The next ``frames`` held frames (fewer at the clip's end)."""
        audio, self.ahead = self.ahead[:frames], self.ahead[frames:]
        self.at += frames
        return audio


class _Bed:
    """One background sound: a generated loop held in memory, or a looping file played at
    ``gain`` (see ``bed_level``)."""

    def __init__(self, owner: LayerSource, *, loop: np.ndarray | None = None,
                 stream: LoopingStream | None = None, gain: float = 1.0):
        self._owner, self._loop, self._stream = owner, loop, stream
        self._gain = np.float32(gain)
        self._reported = False

    def read(self, start: int, frames: int) -> np.ndarray:
        if self._stream is not None:
            audio = self._stream.read(frames)
            error = self._stream.error  # it fades itself out on a decode failure
            if error is not None and not self._reported:
                self._reported = True
                self._owner.problems.append(f"ambience: {error}; playing without it")
            if self._gain != 1.0:
                audio *= self._gain
            return audio
        loop = self._loop
        out = np.empty((frames, 2), dtype=np.float32)
        at, done = start % len(loop), 0
        while done < frames:  # copy slices, wrapping at the loop's end
            count = min(frames - done, len(loop) - at)
            out[done : done + count] = loop[at : at + count]
            done, at = done + count, 0
        return out

    def close(self) -> None:
        if self._stream is not None:
            self._stream.close()
            self._stream = None
