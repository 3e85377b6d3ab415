"""Shape synthesised speech into a clip: tight edges, calm sentence gaps, 48 kHz, one level.

Pure functions on mono float32 numpy arrays, so tests drive them with synthetic audio.
"Silence" means 10-ms frames more than ``SILENCE_BELOW_DB`` under the loudest frame of the
same audio (or under an absolute floor). Loudness is ITU-R BS.1770-4 integrated loudness
in LUFS, measured by pyloudnorm (imported when first needed).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from painease.narration import INSTALL_HINT, NarrationError

OUTPUT_RATE = 48_000  # Ogg Opus runs at 48 kHz internally; the player resamples anyway
FRAME_SECONDS = 0.01
SILENCE_BELOW_DB = 40.0
SILENCE_FLOOR_DBFS = -70.0
FADE_SECONDS = 0.01
# BS.1770 gates 400-ms blocks; shorter audio is padded with silence (which the gate drops).
_MIN_METER_SECONDS = 0.4


def frame_levels_db(audio: np.ndarray, rate: int) -> np.ndarray:
    """RMS level in dBFS of each whole or final partial 10-ms frame (-120 for digital zero)."""
    frame = max(1, round(rate * FRAME_SECONDS))
    count = -(-len(audio) // frame)
    padded = np.zeros(count * frame, dtype=np.float64)
    padded[: len(audio)] = audio
    rms = np.sqrt(np.mean(padded.reshape(count, frame) ** 2, axis=1))
    return 20.0 * np.log10(np.maximum(rms, 1e-6))


def speech_bounds(audio: np.ndarray, rate: int) -> tuple[int, int] | None:
    """``(first, end)`` samples spanning every non-silent frame, or None if all is silence."""
    if len(audio) == 0:
        return None
    levels = frame_levels_db(audio, rate)
    threshold = max(levels.max() - SILENCE_BELOW_DB, SILENCE_FLOOR_DBFS)
    loud = np.flatnonzero(levels >= threshold)
    if len(loud) == 0:
        return None
    frame = max(1, round(rate * FRAME_SECONDS))
    return int(loud[0] * frame), min(len(audio), int((loud[-1] + 1) * frame))


def trim(audio: np.ndarray, rate: int, lead: float, tail: float) -> np.ndarray:
    """Cut silence at both ends, keeping ``lead``/``tail`` seconds, with 10-ms fades."""
    bounds = speech_bounds(audio, rate)
    if bounds is None:
        return np.zeros(0, dtype=np.float32)
    start = max(0, bounds[0] - round(lead * rate))
    end = min(len(audio), bounds[1] + round(tail * rate))
    out = np.array(audio[start:end], dtype=np.float32)
    fade = min(round(FADE_SECONDS * rate), len(out) // 2)
    if fade:
        ramp = (0.5 - 0.5 * np.cos(np.linspace(0.0, np.pi, fade))).astype(np.float32)
        out[:fade] *= ramp
        out[-fade:] *= ramp[::-1]
    return out


@dataclass(frozen=True)
class Sentence:
    """One spoken sentence and where its phrases break (commas, colons…), as sample spans."""

    audio: np.ndarray
    breaks: tuple[tuple[int, int], ...] = ()


def quietest_point(audio: np.ndarray, start: int, end: int, rate: int) -> int:
    """The sample in ``[start, end)`` at the centre of its quietest 5-ms stretch."""
    start, end = max(0, start), min(len(audio), end)
    window = max(1, round(0.005 * rate))
    if end - start <= window:
        return (start + end) // 2
    energy = np.convolve(np.asarray(audio[start:end], dtype=np.float64) ** 2,
                         np.ones(window), mode="valid")
    return start + int(np.argmin(energy)) + window // 2


def open_phrase_breaks(sentence: Sentence, rate: int, pause: float) -> np.ndarray:
    """The sentence with ``pause`` s of silence added at the quietest point of each break.

    The voice already falls silent briefly at a comma; widening that silence slows the
    delivery without stretching the words themselves.
    """
    points = sorted(quietest_point(sentence.audio, a, b, rate) for a, b in sentence.breaks)
    if not points or pause <= 0:
        return np.asarray(sentence.audio, dtype=np.float32)
    gap = np.zeros(round(pause * rate), dtype=np.float32)
    pieces, last = [], 0
    for point in points:
        pieces += [sentence.audio[last:point], gap]
        last = point
    pieces.append(sentence.audio[last:])
    return np.concatenate(pieces).astype(np.float32)


def join_sentences(sentences: list[np.ndarray], rate: int, pause: float,
                   lead: float = 0.04, tail: float = 0.1) -> np.ndarray:
    """Each sentence trimmed (keeping short ``lead``/``tail`` breaths), ``pause`` s between."""
    trimmed = [t for t in (trim(s, rate, lead, tail) for s in sentences) if len(t)]
    if not trimmed:
        return np.zeros(0, dtype=np.float32)
    gap = np.zeros(round(pause * rate), dtype=np.float32)
    pieces: list[np.ndarray] = []
    for index, sentence in enumerate(trimmed):
        if index:
            pieces.append(gap)
        pieces.append(sentence)
    return np.concatenate(pieces)


def resample(audio: np.ndarray, rate: int, to: int = OUTPUT_RATE) -> np.ndarray:
    """Resample with libsoxr's very-high-quality filter (the same library the player uses)."""
    if rate == to:
        return np.asarray(audio, dtype=np.float32)
    import soxr

    return soxr.resample(np.asarray(audio, dtype=np.float32), rate, to,
                         quality="VHQ").astype(np.float32)


def integrated_lufs(audio: np.ndarray, rate: int) -> float:
    """BS.1770-4 integrated loudness of mono ``audio`` (``-inf`` when it is silent)."""
    try:
        import pyloudnorm
    except ImportError:
        raise NarrationError(f"pyloudnorm is missing; {INSTALL_HINT}") from None
    minimum = round(_MIN_METER_SECONDS * rate) + 1
    data = np.asarray(audio, dtype=np.float64)
    if len(data) < minimum:
        data = np.concatenate([data, np.zeros(minimum - len(data))])
    return float(pyloudnorm.Meter(rate).integrated_loudness(data))


def peak_dbfs(audio: np.ndarray) -> float:
    peak = float(np.max(np.abs(audio))) if len(audio) else 0.0
    return 20.0 * float(np.log10(peak)) if peak > 0 else -np.inf


def limit_peaks(audio: np.ndarray, rate: int, ceiling_dbfs: float,
                window: float = 0.005) -> np.ndarray:
    """Hold every sample peak at or under ``ceiling_dbfs`` with a short, smooth gain dip.

    The gain each sample needs is spread to ``window`` s around it (a running minimum),
    then smoothed by a running mean over the same span, so the dip begins before a peak
    and ends after it, and never rises above what any sample under it needs. Synthetic
    speech has rare sharp spikes; this touches only those and leaves the rest unchanged.
    """
    data = np.asarray(audio, dtype=np.float64)
    ceiling = 10.0 ** (ceiling_dbfs / 20.0)
    need = np.minimum(1.0, ceiling / np.maximum(np.abs(data), 1e-12))
    if need.min() >= 1.0:
        return data.astype(np.float32)
    span = max(1, round(window * rate)) | 1  # odd, so windows centre on a sample
    half = span // 2
    padded = np.pad(need, half, constant_values=1.0)
    held = np.lib.stride_tricks.sliding_window_view(padded, span).min(axis=1)
    smooth = np.convolve(np.pad(held, half, constant_values=1.0), np.ones(span) / span,
                         mode="valid")
    return (data * np.minimum(smooth, need)).astype(np.float32)


@dataclass(frozen=True)
class Levelled:
    """Audio brought to one loudness; ``limited_db`` is the deepest gain dip at a peak."""

    audio: np.ndarray
    gain_db: float
    lufs: float
    peak_dbfs: float
    limited_db: float


def level(audio: np.ndarray, rate: int, target_lufs: float, ceiling_dbfs: float) -> Levelled:
    """One gain to ``target_lufs``, then ``limit_peaks`` under ``ceiling_dbfs``.

    No compression: speech keeps its dynamics; only rare peaks above the ceiling are held.
    """
    measured = integrated_lufs(audio, rate)
    if not np.isfinite(measured):
        raise NarrationError("the clip is silent, so it has no loudness to level")
    gain = target_lufs - measured
    scaled = np.asarray(audio, dtype=np.float64) * 10.0 ** (gain / 20.0)
    out = limit_peaks(scaled, rate, ceiling_dbfs)
    limited = max(0.0, peak_dbfs(scaled) - ceiling_dbfs)
    return Levelled(out, gain, integrated_lufs(out, rate), peak_dbfs(out), limited)
