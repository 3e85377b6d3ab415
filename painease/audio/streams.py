"""Streaming decoders for the audio engine's reader thread: decode, mix to stereo, resample.

``FileStream`` plays a file once; ``LoopingStream`` (``painease.audio.looping``) plays one
forever with an equal-power crossfade at every join. Both decode with soundfile (libsndfile:
WAV, FLAC, Ogg Vorbis/Opus, MP3, ...) in blocks and resample with libsoxr
(``soxr.ResampleStream``, quality ``VHQ``), so memory stays flat however long the file is:
a file is never read whole.

Output is always float32 of shape ``(n, 2)`` at the rate asked for. Mono is duplicated to
both channels; more than two channels fold to stereo as a weighted mean (channel 0 left,
channel 1 right, every other channel into both at -3 dB relative to those): never clips.

Threads: neither class is thread-safe. Create one anywhere, then read, seek and close it
from the engine's reader thread only. Never call them from the real-time callback: they do
file I/O and allocate.
"""

from __future__ import annotations

import math
from collections import deque
from pathlib import Path

import numpy as np
import soundfile
import soxr

from painease.audio.clips import ClipError, file_problem
from painease.audio.not_numbers import NotNumberFades

QUALITY = "VHQ"
"""libsoxr quality: flat to 95 % of Nyquist, 175 dB stop band; cheap at two channels."""

PREROLL_SECONDS = 1.0
"""A seek re-enters the source this long before its target and decodes up to it, discarding,
so that the resampler's filter and MP3's bit reservoir (a bare mpg123 seek decodes up to
~0.1 s of silence first) have settled by the target."""

VORBIS_TAIL_SECONDS = 10.0
"""libsndfile 1.2 lands a seek into the last Ogg page of a Vorbis file late by the final
block's trim (libsndfile issue #885; measured 24-920 frames late), so a seek into this last
stretch re-enters the file before it and decodes forward (~20 ms of work)."""

MIN_CYCLE_FRAMES = 4096
"""A file looped from memory is queued this many frames or more at a time."""

_DECODE_ERRORS = (soundfile.LibsndfileError, RuntimeError, OSError)


class _SoundFile(soundfile.SoundFile):
    """A read-only ``SoundFile`` whose reads do not re-seek libsndfile.

    soundfile wraps every read of a seekable file in ``tell()`` plus an absolute ``seek()``.
    For MP3 that seek resets mpg123 and drops its bit reservoir: with libsndfile 1.2.2 every
    4096-frame block then began with up to ~0.08 s of silence (a whole-file read was fine).
    For Ogg it is a page search per block. Claiming "not seekable" skips both; our explicit
    ``seek()`` calls still reach libsndfile.
    """

    def seekable(self) -> bool:
        return False


class _Frames:
    """A FIFO of float32 ``(n, 2)`` chunks that counts its frames."""

    def __init__(self) -> None:
        self._chunks: deque[np.ndarray] = deque()
        self.frames = 0

    def push(self, chunk: np.ndarray) -> None:
        if len(chunk):
            self._chunks.append(chunk)
            self.frames += len(chunk)

    def pop(self, frames: int) -> np.ndarray:
        """The first ``min(frames, self.frames)`` frames, as a new array."""
        out = np.empty((max(0, min(frames, self.frames)), 2), dtype=np.float32)
        filled = 0
        while filled < len(out):
            chunk = self._chunks.popleft()
            n = min(len(chunk), len(out) - filled)
            out[filled : filled + n] = chunk[:n]
            if n < len(chunk):
                self._chunks.appendleft(chunk[n:])
            filled += n
        self.frames -= len(out)
        return out

    def clear(self) -> None:
        self._chunks.clear()
        self.frames = 0


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def _stereo_matrix(channels: int) -> np.ndarray:
    """A ``(channels, 2)`` matrix folding more than two channels to stereo (columns sum to 1)."""
    matrix = np.zeros((channels, 2), dtype=np.float32)
    matrix[0, 0] = matrix[1, 1] = 1.0
    matrix[2:, :] = math.sqrt(0.5)
    return matrix / matrix.sum(axis=0)


class FileStream:
    """Decode ``path`` once as float32 stereo at ``samplerate``, ``block`` source frames a time.

    ``read(frames)`` returns ``(n, 2)`` with ``n <= frames``; ``n`` is smaller only at the end
    of the audio, and every later read returns an empty ``(0, 2)`` array.

    ``ClipError`` (one-line message) comes from the constructor when the file is missing,
    cannot be decoded or holds no frames, and from ``read``/``seek`` when decoding fails
    mid-file. After that failure the stream is dead: reads return empty arrays and seeks do
    nothing, so the caller substitutes silence without catching again; audio decoded but
    not yet returned (about one block at most) is dropped. Truncated files, per libsndfile's
    decoder: WAV, Ogg Vorbis, Ogg Opus and MP3 just end early (no error; for MP3,
    ``frames_total`` still reports the header's full length and mpg123 warns on stderr);
    FLAC raises at the cut. A Vorbis file cut before its first full page holds no frames.

    ``seek`` yields the samples a linear read would (measured bit-identical for WAV, FLAC,
    Vorbis, Opus and MP3): the source is re-entered ``PREROLL_SECONDS`` early, at a frame
    that maps to a whole output frame, and output is decoded and discarded up to the target.
    Only a Vorbis file whose final Ogg page spans more than ``VORBIS_TAIL_SECONDS`` (near
    silence) can still land up to one Vorbis block late there.

    ``offset`` (a value per channel of the file) is taken from every decoded sample before
    mixing and resampling: a DC offset measured beforehand (``painease.audio.dc``).
    """

    def __init__(self, path: Path, samplerate: int, block: int = 4096,
                 offset: np.ndarray | None = None) -> None:
        if samplerate <= 0 or block <= 0:
            raise ValueError("samplerate and block must be positive")
        self._path, self._samplerate, self._closed = Path(path), int(samplerate), False
        problem = file_problem(self._path, "audio file")
        if problem is not None:
            raise ClipError(problem)
        try:
            self._file = _SoundFile(str(self._path))
        except _DECODE_ERRORS as exc:
            raise ClipError(
                f"the audio file {self._path} cannot be decoded ({_one_line(exc)})"
            ) from None
        if self._file.frames <= 0 or self._file.samplerate <= 0:
            self._file.close()
            raise ClipError(f"the audio file {self._path} holds no audio")
        source_rate, channels = self._file.samplerate, self._file.channels
        common = math.gcd(source_rate, self._samplerate)
        self._up, self._down = self._samplerate // common, source_rate // common
        self._mix = _stereo_matrix(channels) if channels > 2 else None
        self._resampler = None
        if source_rate != self._samplerate:
            self._resampler = soxr.ResampleStream(
                source_rate, self._samplerate, min(channels, 2), "float32", QUALITY
            )
        self._preroll = math.ceil(PREROLL_SECONDS * source_rate)
        self._safe_end = self._file.frames
        if self._file.format == "OGG" and self._file.subtype == "VORBIS":
            self._safe_end -= math.ceil(VORBIS_TAIL_SECONDS * source_rate)
        self._inbuf = np.empty((block, channels), dtype=np.float32)
        self._out = _Frames()
        self._source_pos = 0
        self._eof = self._failed = False
        self._fades = NotNumberFades(source_rate, channels)
        self._peak = 0.0
        self._sum, self._count = np.zeros(channels), 0
        self._offset = None if offset is None else np.asarray(offset, np.float32)[:channels]

    @property
    def mean(self) -> np.ndarray:
        """Each channel's mean over what was decoded so far (seeks included), as the file
        holds it (``offset`` added back): its DC offset (``painease.audio.dc``)."""
        mean = self._sum / max(1, self._count)
        return mean if self._offset is None else mean + self._offset

    @property
    def not_numbers(self) -> int:
        """NaN or infinite samples decoded so far (seeks included), played as silence."""
        return self._fades.count

    @property
    def peak(self) -> float:
        """The largest sample decoded so far (seeks included), 1.0 at full scale, as the
        file holds it less its ``offset`` (before mixing and resampling): a float file can
        go past 1.0."""
        return self._peak

    @property
    def samplerate(self) -> int:
        """The output rate in frames per second."""
        return self._samplerate

    @property
    def frames_total(self) -> int:
        """Output-rate length from libsndfile's frame count: exact for WAV, FLAC, Vorbis and
        Opus; for MP3 from the Xing/LAME header, which a truncated file overstates."""
        # libsoxr emits round(source frames * ratio) frames once flushed (halves round up).
        return (2 * self._file.frames * self._up + self._down) // (2 * self._down)

    def read(self, frames: int) -> np.ndarray:
        """Up to ``frames`` float32 stereo frames; fewer only at the end."""
        self._check_open()
        if frames < 0:
            raise ValueError("frames must be >= 0")
        while self._out.frames < frames and not (self._eof or self._failed):
            self._decode_block()
        return self._out.pop(frames)

    def seek(self, frame: int) -> None:
        """Continue from output frame ``frame`` (clamped to ``[0, frames_total]``)."""
        self._check_open()
        if self._failed:
            return
        frame = min(max(int(frame), 0), self.frames_total)
        start = min(frame * self._down // self._up - self._preroll, self._safe_end)
        start = max(0, start - start % self._down)  # maps to a whole output frame
        try:
            self._file.seek(start)
        except _DECODE_ERRORS as exc:
            raise self._fail(exc) from None
        self._out.clear()
        self._fades.reset()
        self._source_pos, self._eof = start, False
        if self._resampler is not None:
            self._resampler.clear()
        skip = frame - start * self._up // self._down
        while skip > 0 and not (self._eof and self._out.frames == 0):
            if self._out.frames == 0:
                self._decode_block()
            skip -= len(self._out.pop(skip))

    def close(self) -> None:
        """Release the file; idempotent."""
        if not self._closed:
            self._closed = True
            self._file.close()
            self._out.clear()

    def __enter__(self) -> FileStream:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _check_open(self) -> None:
        if self._closed:
            raise ValueError("I/O operation on a closed FileStream")

    def _fail(self, exc: BaseException) -> ClipError:
        """Mark the stream dead; return the ``ClipError`` for the caller to raise."""
        self._failed = True
        self._out.clear()
        seconds = self._source_pos / self._file.samplerate
        return ClipError(
            f"the audio file {self._path} failed to decode after {seconds:.1f} s ({_one_line(exc)})"
        )

    def _decode_block(self) -> None:
        try:
            data = self._file.read(dtype="float32", always_2d=True, out=self._inbuf)
        except _DECODE_ERRORS as exc:
            raise self._fail(exc) from None
        self._source_pos += len(data)
        # A float file may hold NaN or infinity: silence, faded (not_numbers), or they
        # would spread through the resampler and the mix (np.clip keeps NaN) to the output.
        if len(data):
            if self._offset is not None:  # before resampling, which would ring at a step
                data = data - self._offset  # (a sample that is not a number stays one)
            data, last = self._fades.take(data), False
        else:
            self._eof = True
            data, last = self._fades.finish(), True
        if len(data):
            self._peak = max(self._peak, float(np.max(np.abs(data))))
            self._sum += data.sum(axis=0, dtype=np.float64)
            self._count += len(data)
        mixed = data @ self._mix if self._mix is not None else data
        if self._resampler is not None:
            mixed = self._resampler.resample_chunk(np.ascontiguousarray(mixed), last=last)
        self._out.push(np.repeat(mixed, 2, axis=1) if mixed.shape[1] == 1 else mixed)
