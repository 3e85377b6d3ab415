"""A file played forever for the audio engine's reader thread, crossfaded at every join.

Built on ``painease.audio.streams.FileStream`` (decode, mix to stereo, resample), whose
output it shares: float32 of shape ``(n, 2)`` at the rate asked for. Not thread-safe:
create it anywhere, then read and close it from the engine's reader thread only.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from painease.audio.clips import ClipError
from painease.audio.streams import MIN_CYCLE_FRAMES, FileStream, _Frames


class LoopingStream:
    """Play ``path`` forever at ``samplerate``, crossfading its end into its beginning.

    At each join the file's last ``C`` frames and its first ``C`` frames are mixed with an
    equal-power crossfade (cos/sin gains) and play continues from frame ``C``: the first
    pass and every later loop last ``N - C`` frames (``N``: the file's length). ``C`` is
    ``crossfade_seconds`` at the output rate but at most ``N // 2``: a file shorter than
    twice the crossfade gets a crossfade of half its length, and is held in memory whole
    (it is at most ``2 * crossfade_seconds`` long, or 4096 frames), its passes queued
    ``MIN_CYCLE_FRAMES`` or more at a time however short it is. Otherwise only the first
    ``C`` frames and a ``C``-frame look-ahead are kept, so memory stays flat; each loop
    re-decodes from the start (``seek(0)``), which reproduces the first pass exactly.
    Uncorrelated material keeps its loudness through a join; material that is in phase
    there can peak up to 3 dB higher.

    ``read(frames)`` always returns exactly ``frames`` float32 stereo frames. A missing,
    undecodable or empty file raises ``ClipError`` at construction. A decode failure later
    (a truncated file) never raises: the audio already decoded fades out over at most ``C``
    frames, silence follows, and ``error`` holds the one-line reason for the caller to
    report. Not thread-safe: reader thread only.
    """

    def __init__(self, path: Path, samplerate: int, crossfade_seconds: float = 2.0,
                 offset: np.ndarray | None = None) -> None:
        if not crossfade_seconds >= 0:
            raise ValueError("crossfade_seconds must be >= 0")
        self.error: str | None = None
        self._source: FileStream | None = FileStream(path, samplerate, offset=offset)
        self._ready, self._ahead = _Frames(), _Frames()
        self._head: np.ndarray | None = None  # set when streaming (not looping from memory)
        want = round(crossfade_seconds * samplerate)
        probe = max(2 * want, 4096)
        try:
            first = self._source.read(probe)
        except ClipError:
            self.close()
            raise
        if len(first) == 0:
            self.close()
            raise ClipError(f"the audio file {Path(path)} holds no audio")
        if len(first) < probe:  # ``first`` is the whole file: loop it from memory
            self.close()
            n = len(first)
            self._crossfade = c = min(want, n // 2)
            cycle = np.concatenate([self._join(first[n - c :], first[:c]), first[c : n - c]])
            # Queued a whole number of passes at a time, at least MIN_CYCLE_FRAMES: a
            # one-frame file queued one pass at a time cost a Python step per frame (render
            # took ~7x as long).
            self._cycle = np.tile(cycle, (-(-MIN_CYCLE_FRAMES // len(cycle)), 1))
            self._ready.push(first[: n - c])
        else:
            self._crossfade = want
            self._head = first[:want].copy()
            self._fresh = True  # audio was read since the last rewind (see _produce)
            self._ahead.push(first)
            self._release()

    @property
    def crossfade_frames(self) -> int:
        """The crossfade length actually used, in output frames."""
        return self._crossfade

    def read(self, frames: int) -> np.ndarray:
        """Exactly ``frames`` float32 stereo frames."""
        if frames < 0:
            raise ValueError("frames must be >= 0")
        while self._ready.frames < frames:
            self._produce()
        return self._ready.pop(frames)

    def close(self) -> None:
        """Release the file; idempotent. A closed stream that was streaming plays silence."""
        if self._source is not None:
            self._source.close()
            self._source = None

    def __enter__(self) -> LoopingStream:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @staticmethod
    def _gains(frames: int) -> tuple[np.ndarray, np.ndarray]:
        angle = (np.arange(frames, dtype=np.float64) + 0.5) * (np.pi / 2 / max(frames, 1))
        return np.cos(angle)[:, None], np.sin(angle)[:, None]

    def _join(self, tail: np.ndarray, head: np.ndarray) -> np.ndarray:
        fade_out, fade_in = self._gains(len(tail))
        return (tail * fade_out + head[: len(tail)] * fade_in).astype(np.float32)

    def _produce(self) -> None:
        """Queue the next piece of output (nothing only at a zero-length join)."""
        if self._head is None:  # looping from memory
            self._ready.push(self._cycle)
            return
        if self._source is None:  # failed or closed: silence
            self._ready.push(np.zeros((4096, 2), dtype=np.float32))
            return
        try:
            chunk = self._source.read(4096)
            if len(chunk):
                self._fresh = True
                self._ahead.push(chunk)
                self._release()
                return
            # End of file: the look-ahead holds the last C frames. Rewind, and skip the
            # first C frames, which the join plays from memory. A file cut short or
            # replaced while it plays may no longer hold them, or nothing after them: a
            # pass with no new audio would then repeat for ever (read() never returned).
            if not self._fresh:
                raise ClipError("the audio file became shorter while it played")
            self._source.seek(0)
            if len(self._source.read(self._crossfade)) < self._crossfade:
                raise ClipError("the audio file became shorter while it played")
            self._fresh = False
        except ClipError as exc:
            self.error = str(exc)
            self.close()
            tail = self._ahead.pop(self._ahead.frames)
            self._ready.push((tail * self._gains(len(tail))[0]).astype(np.float32))
            return
        self._ready.push(self._join(self._ahead.pop(self._ahead.frames), self._head))

    def _release(self) -> None:
        """Move look-ahead frames beyond the last ``C`` to the output queue."""
        if self._ahead.frames > self._crossfade:
            self._ready.push(self._ahead.pop(self._ahead.frames - self._crossfade))
