"""Recording narration from the microphone, and turning a take into a clean Ogg Opus clip.

``Recorder`` opens the default (or a chosen) input with ``sounddevice.InputStream``, mono.
Its callback only copies each block into a queue and keeps the newest block for the
meter, whose ``level()`` (peak and RMS) is measured by whoever asks, from any thread.
An optional count-in is measured on the audio clock: the first ``count_in`` seconds of
frames are thrown away, and ``count_in_left()`` says how much of it remains. ``stop()``
returns a ``Take``.

``finish_take`` is the clean-up, pure numpy/soxr: trim leading and trailing silence
(keeping ``KEEP_SECONDS`` of air at each end), normalise the loudness, resample to
48 kHz (``finish_take_raised`` also says by how much the take was raised). ``save_opus``
writes Ogg Opus, 48 kHz mono, atomically (a temporary file in the same folder, then a
rename), so a clip on disk is always whole.

Loudness: painease's dependencies hold no BS.1770 meter (``pyloudnorm`` would bring
SciPy, tens of MB, into every install for one number). A take is one voice in one room,
for which a *gated* RMS level -- the mean power of the 400 ms blocks that hold speech,
the quiet gaps left out -- follows perceived loudness closely. Takes are brought to
``TARGET_RMS_DBFS`` (about -19 LUFS for speech, a common level for spoken word), and the
gain is lowered if that would push a peak past ``PEAK_CEILING_DBFS``.

Threads: ``Recorder``'s methods belong to its owner's thread; ``level()`` and
``count_in_left()`` may be read from anywhere. The audio callback never blocks, logs or
calls back into the owner. Errors are ``RecorderUnavailable`` (no PortAudio, no input
device, a device that will not open) and ``RecordingError`` (a take that cannot be used),
each with a one-line message in plain words.
"""

from __future__ import annotations

import math
import os
import queue
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

CLIP_RATE = 48_000
"""Sample rate of every saved clip (Ogg Opus only takes 8/12/16/24/48 kHz)."""

KEEP_SECONDS = 0.2
"""Silence kept before the first and after the last sound when trimming."""

TARGET_RMS_DBFS = -20.0
"""Gated RMS level a finished take is brought to."""

PEAK_CEILING_DBFS = -1.0
"""No sample of a finished take goes above this."""

SILENCE_FLOOR_DBFS = -55.0
"""Below this a 10 ms window is silence, whatever else is in the take."""

SILENCE_BELOW_LOUDEST_DB = 35.0
"""...and so is a window this much quieter than the take's loudest window (room hum)."""

QUIET_TAKE_RAISED_DB = 20.0
"""A take raised more than this to reach the target was very quiet (a gated level below
-40 dBFS): the room's noise and hiss were raised as much, so saying so lets the therapist
choose to move closer or turn the input up and record again."""

GATE_BLOCK_SECONDS = 0.4
GATE_BELOW_LOUDEST_DB = 20.0

CLIPPED_LEVEL = 0.999
CLIPPED_SAMPLES = 3
"""A take with this many samples at or past ``CLIPPED_LEVEL`` of full scale is clipped."""

MIN_DBFS = -120.0
"""What ``level()`` reports for digital silence (instead of minus infinity)."""


class RecorderUnavailable(Exception):
    """No microphone can be used; the message says why in one line."""


class RecordingError(Exception):
    """A take cannot be turned into a clip (e.g. nothing was heard); says why in one line."""


@dataclass(frozen=True)
class Level:
    """The last block's level, in dB relative to full scale (0 = the loudest possible)."""

    peak_dbfs: float
    rms_dbfs: float

    @property
    def clipping(self) -> bool:
        return self.peak_dbfs > -0.1


@dataclass(frozen=True)
class Take:
    """Recorded mono samples, float32 in [-1, 1], at ``rate`` Hz."""

    samples: np.ndarray
    rate: int

    @property
    def seconds(self) -> float:
        return len(self.samples) / self.rate


def dbfs(value: float) -> float:
    return 20 * math.log10(value) if value > 0 else MIN_DBFS


def import_sounddevice():
    """Import sounddevice; a missing PortAudio library becomes ``RecorderUnavailable``."""
    try:
        import sounddevice
    except OSError as exc:
        raise RecorderUnavailable(
            f"the PortAudio sound library is not installed ({exc}); "
            "install libportaudio2 to record"
        ) from None
    return sounddevice


def default_input_device() -> int:
    """Index of the input device to record from; ``RecorderUnavailable`` if there is none."""
    sd = import_sounddevice()
    try:
        devices = sd.query_devices()
    except Exception as exc:  # PortAudio errors vary by host API
        raise RecorderUnavailable(f"the audio devices could not be listed ({exc})") from None
    inputs = [i for i, d in enumerate(devices) if d["max_input_channels"] >= 1]
    if not inputs:
        raise RecorderUnavailable("no microphone (audio input device) was found")
    try:
        default = sd.default.device[0]
    except Exception:  # no default set
        default = -1
    return default if default in inputs else inputs[0]


OTHER_RATES = (44_100, 96_000, 88_200, 32_000, 24_000, 22_050, 16_000, 11_025, 8_000)
"""Rates tried, in this order, when a microphone takes neither 48 kHz nor its default."""


def pick_rate(device: int, dtype: str = "int16") -> int:
    """The rate to record ``device`` at, mono, in ``dtype`` samples: 48 kHz when it takes
    it (no resampling later), else its default rate, else the first of ``OTHER_RATES`` it
    takes; each is checked, as a device's default rate may be its output's (a headset's
    earphones at 48 kHz, its microphone at 16 kHz). ``RecorderUnavailable`` if none is."""
    sd = import_sounddevice()
    try:
        default = round(sd.query_devices(device)["default_samplerate"])
    except Exception:  # PortAudio errors vary by host API; the other rates are still tried
        default = 0
    for rate in dict.fromkeys((CLIP_RATE, default, *OTHER_RATES)):
        if rate <= 0:
            continue
        try:
            sd.check_input_settings(device=device, channels=1, samplerate=rate, dtype=dtype)
        except Exception:  # not this rate (PortAudioError, or ValueError for a bad device)
            continue
        return rate
    raise RecorderUnavailable("the microphone takes none of the usual sample rates; check "
                              "it in your system's sound settings")


class Recorder:
    """One microphone stream at a time. ``start()`` → ``level()``… → ``stop()`` → Take.

    ``dtype`` is what is asked of the device ("int16" or "float32"); takes are float32.
    """

    def __init__(self, device: int | None = None, samplerate: int | None = None,
                 dtype: str = "int16", block_frames: int = 1024):
        self.device = device
        self.samplerate = samplerate
        self.dtype = dtype
        self.block_frames = block_frames
        self._stream = None
        self._blocks: queue.SimpleQueue[np.ndarray] = queue.SimpleQueue()
        self._kept: list[np.ndarray] = []
        self._frames_heard = 0
        self._skip_frames = 0
        self._last_block: np.ndarray | None = None  # the newest block, for the meter
        self.overflows = 0

    @property
    def recording(self) -> bool:
        return self._stream is not None

    def start(self, count_in: float = 0.0) -> None:
        """Open the microphone and start listening; the first ``count_in`` s are dropped."""
        if self._stream is not None:
            raise RuntimeError("the recorder is already running")
        sd = import_sounddevice()
        device = self.device if self.device is not None else default_input_device()
        rate = self.samplerate or pick_rate(device, self.dtype)
        self.samplerate = rate
        self._blocks = queue.SimpleQueue()
        self._kept = []
        self._frames_heard = 0
        self._skip_frames = round(max(0.0, count_in) * rate)
        try:
            stream = sd.InputStream(device=device, samplerate=rate, channels=1,
                                    dtype=self.dtype, blocksize=self.block_frames,
                                    callback=self._callback)
            stream.start()
        except (sd.PortAudioError, ValueError) as exc:
            raise RecorderUnavailable(f"the microphone could not be opened ({exc})") from None
        self._stream = stream

    def level(self) -> Level:
        """The latest block's peak and RMS level (any thread; measured here, not in the
        audio callback)."""
        block = self._last_block  # one reference read: the callback swaps whole blocks
        if block is None or len(block) == 0:
            return Level(MIN_DBFS, MIN_DBFS)
        scale = 1.0 / 32768 if self.dtype == "int16" else 1.0
        values = block.astype(np.float64) * scale
        return Level(dbfs(float(np.max(np.abs(values)))),
                     dbfs(float(np.sqrt(np.mean(values * values)))))

    def count_in_left(self) -> float:
        """Seconds of count-in still to come, on the audio clock (any thread)."""
        if not self.samplerate:
            return 0.0
        return max(0, self._skip_frames - self._frames_heard) / self.samplerate

    def seconds_kept(self) -> float:
        """Seconds recorded after the count-in so far (owner's thread)."""
        self._drain()
        return sum(len(b) for b in self._kept) / (self.samplerate or CLIP_RATE)

    def stop(self) -> Take:
        """Close the microphone and return everything heard after the count-in."""
        stream, self._stream = self._stream, None
        if stream is not None:
            try:
                stream.stop()
                stream.close()
            except Exception:  # a vanished device may fail here; the take so far is kept
                pass
        self._drain()
        samples = np.concatenate(self._kept) if self._kept else np.zeros(0, np.float32)
        self._kept = []
        return Take(samples.astype(np.float32, copy=False), int(self.samplerate or CLIP_RATE))

    def cancel(self) -> None:
        """Stop and throw the take away."""
        self.stop()

    def _drain(self) -> None:
        scale = 1.0 / 32768 if self.dtype == "int16" else 1.0
        while True:
            try:
                block = self._blocks.get_nowait()
            except queue.Empty:
                return
            self._kept.append(block.astype(np.float32) * np.float32(scale))

    def _callback(self, indata, frames, time_info, status) -> None:
        # The audio thread only copies: one block to the queue (after the count-in) and a
        # reference for the meter. No measuring, no locks, nothing that can block.
        if status.input_overflow:
            self.overflows += 1
        block = indata[:, 0].copy()
        self._last_block = block
        start = self._frames_heard
        self._frames_heard = start + frames
        skip = self._skip_frames - start
        if skip < frames:
            self._blocks.put(block[max(0, skip):])


def clipped(samples: np.ndarray) -> bool:
    """Whether a raw take hit full scale (the microphone or its input was overdriven): the
    loud parts are flattened, which sounds harsh however the take is normalised later."""
    return int(np.count_nonzero(np.abs(samples) >= CLIPPED_LEVEL)) >= CLIPPED_SAMPLES


# --- cleaning a take up ------------------------------------------------------------------


def _window_levels(samples: np.ndarray, window: int) -> np.ndarray:
    count = len(samples) // window
    if count == 0:
        return np.zeros(0)
    framed = samples[: count * window].astype(np.float64).reshape(count, window)
    power = np.mean(framed * framed, axis=1)
    return 10 * np.log10(np.maximum(power, 1e-12))


def trim_silence(samples: np.ndarray, rate: int, keep: float = KEEP_SECONDS) -> np.ndarray:
    """Cut leading and trailing silence, keeping ``keep`` seconds around the sound.

    ``RecordingError`` when nothing but silence was heard.
    """
    window = max(1, rate // 100)  # 10 ms
    levels = _window_levels(samples, window)
    if len(levels) == 0:
        raise RecordingError("the take is empty; record again")
    threshold = max(SILENCE_FLOOR_DBFS, float(levels.max()) - SILENCE_BELOW_LOUDEST_DB)
    loud = np.flatnonzero(levels > threshold)
    if len(loud) == 0 or levels.max() <= SILENCE_FLOOR_DBFS:
        raise RecordingError("nothing was heard; check that the microphone is on and record again")
    margin = round(keep * rate)
    first = max(0, loud[0] * window - margin)
    last = min(len(samples), (loud[-1] + 1) * window + margin)
    return samples[first:last]


def gated_rms_dbfs(samples: np.ndarray, rate: int) -> float:
    """Mean power of the 400 ms blocks within 20 dB of the loudest one, in dBFS."""
    window = max(1, round(GATE_BLOCK_SECONDS * rate))
    levels = _window_levels(samples, window)
    if len(levels) == 0:  # shorter than one block: use all of it
        levels = _window_levels(samples, len(samples)) if len(samples) else np.array([MIN_DBFS])
    kept = levels[(levels > float(levels.max()) - GATE_BELOW_LOUDEST_DB)
                  & (levels > SILENCE_FLOOR_DBFS)]
    if len(kept) == 0:
        return MIN_DBFS
    return float(10 * np.log10(np.mean(10 ** (kept / 10))))


def loudness_gain_db(samples: np.ndarray, rate: int,
                     target_dbfs: float = TARGET_RMS_DBFS,
                     ceiling_dbfs: float = PEAK_CEILING_DBFS) -> float:
    """The gain (dB) that brings ``samples`` to ``target_dbfs`` gated RMS, less if a peak
    would pass ``ceiling_dbfs``; ``RecordingError`` for a take too quiet to use."""
    level = gated_rms_dbfs(samples, rate)
    if level <= SILENCE_FLOOR_DBFS:
        raise RecordingError("the take is too quiet to use; move closer to the microphone")
    gain_db = target_dbfs - level
    peak = float(np.max(np.abs(samples)))
    if peak > 0:
        gain_db = min(gain_db, ceiling_dbfs - dbfs(peak))
    return gain_db


def normalise_loudness(samples: np.ndarray, rate: int,
                       target_dbfs: float = TARGET_RMS_DBFS,
                       ceiling_dbfs: float = PEAK_CEILING_DBFS) -> np.ndarray:
    """Scale to ``target_dbfs`` gated RMS, less if a peak would pass ``ceiling_dbfs``."""
    gain_db = loudness_gain_db(samples, rate, target_dbfs, ceiling_dbfs)
    return (samples * np.float32(10 ** (gain_db / 20))).astype(np.float32)


def resample(samples: np.ndarray, rate: int, to_rate: int = CLIP_RATE) -> np.ndarray:
    if rate == to_rate:
        return samples
    import soxr

    return soxr.resample(samples, rate, to_rate, quality="VHQ").astype(np.float32)


def finish_take(take: Take) -> np.ndarray:
    """Trimmed, loudness-normalised mono float32 at ``CLIP_RATE``: what ``save_opus`` wants."""
    return finish_take_raised(take)[0]


def finish_take_raised(take: Take) -> tuple[np.ndarray, float]:
    """``finish_take``'s clip, and how many dB it was raised by to reach the target level
    (negative: lowered). Past ``QUIET_TAKE_RAISED_DB`` the take was very quiet."""
    clip = resample(trim_silence(take.samples, take.rate), take.rate)
    gain_db = loudness_gain_db(clip, CLIP_RATE)
    return (clip * np.float32(10 ** (gain_db / 20))).astype(np.float32), gain_db


def save_opus(path: Path, samples: np.ndarray, rate: int = CLIP_RATE) -> Path:
    """Write ``samples`` (mono float32) as Ogg Opus at ``rate``, replacing ``path`` whole."""
    import soundfile

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".ogg",
                                         dir=path.parent)
    os.close(handle)
    try:
        soundfile.write(temporary, samples, rate, format="OGG", subtype="OPUS")
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def play_samples(samples: np.ndarray, rate: int = CLIP_RATE) -> None:
    """Play a take or clip on the default output, without waiting; ``stop_playback`` ends it.

    ``RecorderUnavailable`` if no output can be opened.
    """
    sd = import_sounddevice()
    try:
        sd.play(samples, rate)
    except (sd.PortAudioError, ValueError) as exc:
        raise RecorderUnavailable(f"the take could not be played ({exc})") from None


def stop_playback() -> None:
    try:
        sd = import_sounddevice()
    except RecorderUnavailable:
        return
    sd.stop()
