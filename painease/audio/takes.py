"""A recorded take, and turning it into a clean Ogg Opus clip (pure numpy/soxr, no device).

``finish_take`` is the clean-up: take out the DC offset, trim leading and trailing silence (keeping
``KEEP_SECONDS`` of air at each end), normalise the loudness, resample to 48 kHz
(``finish_take_raised`` also says by how much the take was raised). ``save_opus`` writes
Ogg Opus, 48 kHz mono, atomically (a temporary file in the same folder, then a rename), so
a clip on disk is always whole. ``clipped`` says whether a raw take hit full scale.

Loudness: painease's dependencies hold no BS.1770 meter (``pyloudnorm`` would bring
SciPy, tens of MB, into every install for one number). A take is one voice in one room,
for which a *gated* RMS level -- the mean power of the 400 ms blocks that hold speech,
the quiet gaps left out -- follows perceived loudness closely. Takes are brought to
``TARGET_RMS_DBFS`` (about -19 LUFS for speech, a common level for spoken word), and the
gain is lowered if that would push a peak past ``PEAK_CEILING_DBFS``.

Errors are ``RecordingError`` (a take that cannot be used), with a one-line message in
plain words. The microphone itself is ``painease.audio.recorder``.
"""

from __future__ import annotations

import math
import os
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


class RecordingError(Exception):
    """A take cannot be turned into a clip (e.g. nothing was heard); says why in one line."""


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


def clipped(samples: np.ndarray) -> bool:
    """Whether a raw take hit full scale (the microphone or its input was overdriven): the
    loud parts are flattened, which sounds harsh however the take is normalised later."""
    return int(np.count_nonzero(np.abs(samples) >= CLIPPED_LEVEL)) >= CLIPPED_SAMPLES


# --- cleaning a take up ------------------------------------------------------------------


def _window_levels(samples: np.ndarray, window: int, about_own_mean: bool = False
                   ) -> np.ndarray:
    """Each whole ``window``'s power in dB; ``about_own_mean``: about the window's own mean,
    so an offset, or one that drifts or stops part-way, is not counted as sound."""
    count = len(samples) // window
    if count == 0:
        return np.zeros(0)
    framed = samples[: count * window].astype(np.float64).reshape(count, window)
    if about_own_mean:
        framed = framed - framed.mean(axis=1, keepdims=True)
    power = np.mean(framed * framed, axis=1)
    return 10 * np.log10(np.maximum(power, 1e-12))


def trim_silence(samples: np.ndarray, rate: int, keep: float = KEEP_SECONDS) -> np.ndarray:
    """Cut leading and trailing silence, keeping ``keep`` seconds around the sound.

    ``RecordingError`` when nothing but silence was heard. A 10 ms window's sound is how
    its samples move about their mean, not where the mean sits (a DC offset is silence).
    """
    window = max(1, rate // 100)  # 10 ms
    levels = _window_levels(samples, window, about_own_mean=True)
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
    return gated_level(levels)


def gated_level(levels: np.ndarray) -> float:
    """The mean power, in dBFS, of the windows whose ``levels`` (dBFS) lie within
    ``GATE_BELOW_LOUDEST_DB`` of the loudest and above ``SILENCE_FLOOR_DBFS``; ``MIN_DBFS``
    when none does. The gate of ``gated_rms_dbfs`` and of ``painease.audio.clips``' level
    of a clip read block by block."""
    if len(levels) == 0:
        return MIN_DBFS
    kept = levels[(levels > float(levels.max()) - GATE_BELOW_LOUDEST_DB)
                  & (levels > SILENCE_FLOOR_DBFS)]
    if len(kept) == 0:
        return MIN_DBFS
    return float(10 * np.log10(np.mean(10 ** (kept / 10))))


class GatedMeter:
    """Gated RMS level, block by block: the mean power of the 400 ms windows within 20 dB of
    the loudest (and above -55 dBFS), the quiet gaps left out; all of a clip shorter than
    one window. ``gated_rms_dbfs``'s measure, for a clip too long to hold in memory
    (``painease check`` measures clips with it); the power of a frame is its channels'
    mean. Measured without the clip's DC offset (``offset``), which play takes out
    (``painease.audio.dc``): each window keeps its channels' mean and mean square, from
    which its power about any offset follows."""

    def __init__(self, rate: int) -> None:
        self.window = max(1, round(GATE_BLOCK_SECONDS * rate))
        self.windows: list[np.ndarray] = []  # (windows, 2, channels): mean, mean square
        self.rest = np.zeros((0, 0), np.float32)  # the samples of a window not yet whole

    def add(self, block: np.ndarray) -> None:
        # Window by window, never a float64 copy of the block: a pack's clips are checked
        # with little memory (an 8-channel block in float64 moments was 16 times its size).
        block = block.reshape(len(block), -1)
        if len(self.rest):
            block = np.concatenate([self.rest, block])
        whole = len(block) // self.window * self.window
        if whole:
            shaped = block[:whole].reshape(-1, self.window, block.shape[1])
            self.windows.append(np.stack([shaped.mean(axis=1, dtype=np.float64),
                                          np.square(shaped).mean(axis=1, dtype=np.float64)],
                                         axis=1))
        self.rest = block[whole:].copy()

    def _rest_moments(self) -> np.ndarray:
        """The part-window's mean and mean square per channel, (1, 2, channels)."""
        rest = self.rest
        return np.stack([rest.mean(axis=0, dtype=np.float64),
                         np.square(rest).mean(axis=0, dtype=np.float64)])[None]

    def _moments(self) -> np.ndarray:
        if self.windows:
            return np.concatenate(self.windows)
        return self._rest_moments() if len(self.rest) else np.zeros((0, 2, 0))

    def offset(self) -> np.ndarray:
        """Each channel's mean over the whole clip (its DC offset)."""
        whole = [window[:, 0].sum(axis=0) * self.window for window in self.windows]
        rest = [self.rest.sum(axis=0, dtype=np.float64)] if len(self.rest) else []
        frames = len(self.rest) + self.window * sum(len(window) for window in self.windows)
        if not whole and not rest:
            return np.zeros(0)
        return np.sum([*whole, *rest], axis=0) / max(1, frames)

    def level(self, offset: np.ndarray) -> float:
        moments = self._moments()
        power = (moments[:, 1] - 2 * offset * moments[:, 0] + offset**2).mean(axis=1)
        return gated_level(10 * np.log10(np.maximum(power, 1e-12)))


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


def centred(samples: np.ndarray) -> np.ndarray:
    """``samples`` less their mean: a take's DC offset (a microphone or its interface can
    set the waveform off centre) taken out. An offset is not sound, yet counted as such it
    kept a take's silent ends from being trimmed and, counted as loudness, turned the take
    down (Ogg Opus drops the offset, so the saved clip came out far below the target).
    ``finish_take`` centres the trimmed take: the mean of what is kept is its offset, even
    where an offset stopped part-way through the silence cut off."""
    if len(samples) == 0:
        return samples
    return (samples - np.float32(np.mean(samples, dtype=np.float64))).astype(np.float32)


def finish_take(take: Take) -> np.ndarray:
    """Trimmed, loudness-normalised mono float32 at ``CLIP_RATE``: what ``save_opus`` wants."""
    return finish_take_raised(take)[0]


def finish_take_raised(take: Take) -> tuple[np.ndarray, float]:
    """``finish_take``'s clip, and how many dB it was raised by to reach the target level
    (negative: lowered). Past ``QUIET_TAKE_RAISED_DB`` the take was very quiet. A DC
    offset counts neither as sound when trimming nor as loudness: trimmed, the take is
    centred (``centred``), so it is levelled as a centred take would be."""
    clip = resample(centred(trim_silence(take.samples, take.rate)), take.rate)
    gain_db = loudness_gain_db(clip, CLIP_RATE)
    return (clip * np.float32(10 ** (gain_db / 20))).astype(np.float32), gain_db


def save_opus(path: Path, samples: np.ndarray, rate: int = CLIP_RATE, *,
              made: str | None = None) -> Path:
    """Write ``samples`` (mono float32) as Ogg Opus at ``rate``, replacing ``path`` whole
    (what a killed save of it left over a minute ago goes too). ``made`` (``clip_origin``:
    recorded or rendered) is noted in the file, for ``clip_origin.made_by``."""
    import soundfile

    from painease.audio.clip_origin import comment_for
    from painease.temp_files import remove_stale_temps, temp_beside

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with temp_beside(path) as (handle, temporary):  # held till renamed: never swept
        os.close(handle)
        try:
            with soundfile.SoundFile(temporary, "w", rate, 1, format="OGG",
                                     subtype="OPUS") as sound:
                if made is not None:
                    sound.comment = comment_for(made)  # before any sound: in the header
                sound.write(samples)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    remove_stale_temps(path)
    return path
