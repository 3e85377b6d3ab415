"""Generated sounds: ambience beds, breath-pacing tones and the end chime.

Everything here is pure numpy and deterministic: the same arguments give the same samples,
so what a test renders is what a patient hears. Every function returns float32 stereo,
shaped ``(frames, 2)``, with values well inside [-1, 1]. No I/O, no Qt.

The sounds are meant to sit quietly under a calm voice: beds around -30 dBFS RMS, breath
tones around -24 dBFS RMS, the chime peaking near -12 dBFS. Nothing starts or ends with a
jump, so nothing clicks.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

AMBIENCE_BEDS = ("brown-noise", "soft-rain", "warm-drone")
TONE_KINDS = ("inhale", "hold", "exhale", "rest")

BED_RMS_DBFS = -30.0
TONE_RMS_DBFS = -24.0
CHIME_PEAK_DBFS = -12.0

# Breath glides (Hz): inhale rises A3 -> E4, exhale falls E4 -> G3 (a settling, lower rest).
_GLIDES = {"inhale": (220.0, 330.0), "exhale": (330.0, 196.0)}
_TONE_HARMONIC = 0.15  # relative level of the one 2nd harmonic: enough to soften, not buzz
_TONE_RAMP_SECONDS = (0.05, 0.8)  # raised-cosine attack/release: at least 50 ms, at most 0.8 s


def _db(dbfs: float) -> float:
    return float(10.0 ** (dbfs / 20.0))


def _stereo(mono: np.ndarray) -> np.ndarray:
    return np.stack([mono, mono], axis=1).astype(np.float32)


def _check_rate(samplerate: int) -> None:
    if samplerate <= 0:
        raise ValueError(f"the sample rate must be positive (got {samplerate})")


def _check_frames(frames: int) -> None:
    if frames < 0:
        raise ValueError(f"frames must be zero or more (got {frames})")


# --- ambience beds --------------------------------------------------------------------


def _lowpass(f: np.ndarray, corner: float, order: int) -> np.ndarray:
    """Butterworth-like magnitude response (no phase: it shapes a random spectrum)."""
    return 1.0 / np.sqrt(1.0 + (f / corner) ** (2 * order))


def _highpass(f: np.ndarray, corner: float, order: int) -> np.ndarray:
    ratio = np.divide(corner, f, out=np.full_like(f, np.inf), where=f > 0)
    return 1.0 / np.sqrt(1.0 + ratio ** (2 * order))


def _periodic_noise(
    rng: np.random.Generator,
    n: int,
    samplerate: int,
    magnitude: Callable[[np.ndarray], np.ndarray],
    correlation: float,
) -> np.ndarray:
    """Stereo noise of exactly ``n`` frames with the given magnitude response.

    Random complex spectra through an inverse real FFT of length ``n`` are periodic in ``n``
    by construction, so the last frame flows into the first like any other pair: no seam,
    and no crossfade that would dip or thicken the sound at the join. The channels share a
    common spectrum in the proportion that makes them correlate by ``correlation``.
    (float32 throughout: twice as fast, and far more precise than any speaker.)
    """
    f = np.fft.rfftfreq(n, 1.0 / samplerate)
    shape = magnitude(f).astype(np.float32)
    shape[0] = 0.0  # no DC: a bed must not push the mix off-centre
    parts = rng.standard_normal((2, 3, f.size), dtype=np.float32)
    common, left, right = parts[0] + 1j * parts[1]
    shared, own = math.sqrt(correlation), math.sqrt(1.0 - correlation)  # keep complex64
    spectra = np.stack([shared * common + own * left, shared * common + own * right])
    return np.fft.irfft(spectra * shape, n=n, axis=1).T


def _brown(rng: np.random.Generator, n: int, samplerate: int) -> np.ndarray:
    def magnitude(f: np.ndarray) -> np.ndarray:
        # 1/f amplitude = 1/f^2 power = -6 dB/octave. The 25 Hz high-pass keeps the loop's
        # energy out of the subsonic range (speakers can't play it, it only wastes headroom);
        # the 4 kHz low-pass takes the last edge off the top.
        safe = np.maximum(f, 1e-9)
        return _highpass(f, 25.0, 2) * _lowpass(f, 4000.0, 1) / safe

    return _periodic_noise(rng, n, samplerate, magnitude, 0.8)


def _droplets(rng: np.random.Generator, n: int, samplerate: int) -> np.ndarray:
    """Sparse, quiet water droplets (stereo, before level scaling), wrapped into the loop.

    Each droplet is a short rising sine burst (a bubble's ring) under a 1.5 ms raised-cosine
    attack, an exponential decay and a cosine tail ending at exactly zero, so it has no edge
    to click. Positions are taken modulo ``n``: a droplet crossing the end continues at the
    start, keeping the loop periodic.
    """
    count = max(1, round(3.0 * n / samplerate))  # about three a second
    length = max(8, round(0.02 * samplerate))
    t = np.arange(length) / samplerate
    top = min(4500.0, 0.3 * samplerate)  # the 30% rise stays below Nyquist
    f0 = rng.uniform(0.35 * top, top, count)[:, None]
    phase = 2 * np.pi * (f0 * t + 0.5 * (0.3 * f0 / t[-1]) * t**2)  # rises ~30% as it rings
    decay = np.exp(-t / rng.uniform(0.002, 0.005, count)[:, None])
    attack = max(2, round(0.0015 * samplerate))
    envelope = np.ones(length)
    envelope[:attack] = 0.5 - 0.5 * np.cos(np.pi * np.arange(attack) / attack)
    tail = length // 3
    envelope[-tail:] *= 0.5 + 0.5 * np.cos(np.pi * np.arange(1, tail + 1) / tail)
    bursts = envelope * decay * np.sin(phase)
    # Each droplet peaks at its own gain: around 1, a few louder, none more than 2.5.
    gain = np.clip(rng.lognormal(0.0, 0.4, count), 0.3, 2.5)[:, None]
    bursts *= gain / np.max(np.abs(bursts), axis=1, keepdims=True)
    pan = rng.uniform(0.15, 0.85, count)[:, None] * (np.pi / 2)  # equal-power, never hard
    where = (rng.integers(0, n, count)[:, None] + np.arange(length)) % n
    out = np.zeros((n, 2))
    np.add.at(out[:, 0], where, bursts * np.cos(pan))
    np.add.at(out[:, 1], where, bursts * np.sin(pan))
    return out


# A typical droplet peaks at twice the hiss RMS: well above the hiss in its own narrow band
# for a few ms, so it is heard as a tiny drop, yet the busiest 10 ms of a loop carries only
# about twice the typical high-frequency energy (measured 1.8-2.2x): texture, not ticks.
_DROPLET_LEVEL = 2.0


def _rain(rng: np.random.Generator, n: int, samplerate: int) -> np.ndarray:
    def magnitude(f: np.ndarray) -> np.ndarray:
        # A hiss centred on the mids and highs, rounded off above 7 kHz so it stays soft.
        return _highpass(f, 500.0, 2) * _lowpass(f, 7000.0, 2)

    hiss = _periodic_noise(rng, n, samplerate, magnitude, 0.3).astype(np.float64)
    hiss /= np.sqrt(np.mean(hiss**2))
    return hiss + _DROPLET_LEVEL * _droplets(rng, n, samplerate)


# Warm drone: an F-major chord (F2, C3, F3, A3) with soft 2nd and 3rd harmonics.
_DRONE_NOTES = (87.31, 130.81, 174.61, 220.0)
_DRONE_LEVELS = (1.0, 0.7, 0.55, 0.35)
_DRONE_HARMONICS = ((1, 1.0), (2, 0.22), (3, 0.07))
_MOD_POINTS = 2048  # far wider than the modulations' bandwidth, so sidebands don't alias


def _drone(rng: np.random.Generator, n: int, samplerate: int) -> np.ndarray:
    """Additive chord whose every partial and movement repeats a whole number of times per loop.

    Frequencies are rounded to ``k * samplerate / n`` for integer ``k``; the slow swell and
    the few-cent pitch drift also run a whole number of cycles per loop, so the loop is
    periodic in ``n``. Movements slower than one cycle per loop are left out rather than sped
    up, so short loops are steadier, never wobblier.

    Built in the frequency domain (one inverse FFT per channel instead of dozens of
    full-length sines): each partial's slow modulation ``swell(t) * exp(i * drift(t))`` is
    sampled at ``_MOD_POINTS`` points over the loop; its FFT gives the partial's sidebands,
    which are added around the partial's bin.
    """
    seconds = n / samplerate
    bins = n // 2 + 1
    swell_k = round(seconds / 20.0)  # one swell about every 20 s
    drift_k = round(seconds / 13.0)  # pitch drift on a different, unrelated period
    theta = 2 * np.pi * np.arange(_MOD_POINTS) / _MOD_POINTS
    sideband = np.fft.fftfreq(_MOD_POINTS, 1.0 / _MOD_POINTS).astype(np.int64)
    out = np.zeros((2, bins), dtype=np.complex128)
    for channel, detune in enumerate((0.0, 0.12)):  # a slow beat between ears adds width
        for note, level in zip(_DRONE_NOTES, _DRONE_LEVELS, strict=True):
            k = max(1, round((note + detune) * seconds))
            swell = 1.0 + 0.2 * np.sin(swell_k * theta + rng.uniform(0, 2 * np.pi))
            # Phase modulation with index beta moves pitch by beta * drift rate: ~3 cents.
            beta = 0.0017 * note * seconds / drift_k if drift_k else 0.0
            drift = beta * np.sin(drift_k * theta + rng.uniform(0, 2 * np.pi))
            for harmonic, weight in _DRONE_HARMONICS:
                start = rng.uniform(0, 2 * np.pi)
                envelope = level * weight * swell * np.exp(1j * (harmonic * drift + start))
                where = harmonic * k + sideband
                keep = (where > 0) & (where < n / 2)  # nothing folds around DC or Nyquist
                # A real sine's positive-frequency coefficient is n * c / (2i) in irfft terms.
                coeffs = np.fft.fft(envelope) / _MOD_POINTS * (n / 2j)
                np.add.at(out[channel], where[keep], coeffs[keep])
    return np.fft.irfft(out, n=n, axis=1).T


_BEDS = {"brown-noise": _brown, "soft-rain": _rain, "warm-drone": _drone}


def ambience_loop(name: str, samplerate: int, seconds: float = 40.0, seed: int = 7) -> np.ndarray:
    """A seamless ambience loop of ``round(seconds * samplerate)`` stereo frames.

    Played end-to-start, the join is as smooth as any other point: every bed is exactly
    periodic in its length. Same ``(name, samplerate, seconds, seed)`` -> identical samples.
    Level: RMS -30 dBFS over both channels, peaks far below -6 dBFS.

    ``name`` must be one of ``AMBIENCE_BEDS`` (``ValueError`` otherwise); the loop must be at
    least one second long; ``seed`` is any non-negative integer.
    """
    if name not in _BEDS:
        raise ValueError(f"unknown ambience {name!r}; known beds: {', '.join(AMBIENCE_BEDS)}")
    _check_rate(samplerate)
    n = round(seconds * samplerate)
    if n < samplerate:
        raise ValueError(f"an ambience loop must last at least 1 s (got {seconds} s)")
    rng = np.random.default_rng([seed, AMBIENCE_BEDS.index(name)])
    bed = _BEDS[name](rng, n, samplerate)
    bed *= _db(BED_RMS_DBFS) / np.sqrt(np.mean(bed**2))
    # Guard the headroom promise even for an unlucky seed (never reached with these shapes).
    bed *= min(1.0, _db(-7.0) / float(np.max(np.abs(bed))))
    return bed.astype(np.float32)


# --- breath tones and chime -------------------------------------------------------------


def _raised_cosine_edges(frames: int, ramp: int) -> np.ndarray:
    """An envelope of ones with raised-cosine ends, exactly 0 at the first and last frame."""
    envelope = np.ones(frames)
    ramp = min(ramp, frames // 2)
    if ramp > 0:
        rise = 0.5 - 0.5 * np.cos(np.pi * np.arange(ramp) / ramp)
        envelope[:ramp] = rise
        envelope[frames - ramp :] = rise[::-1]
    if frames:
        envelope[0] = envelope[-1] = 0.0  # also covers 1- and 2-frame tones
    return envelope


def breath_tone(kind: str, frames: int, samplerate: int) -> np.ndarray:
    """A gentle guide tone filling exactly ``frames`` stereo frames.

    ``"inhale"`` glides up (220 -> 330 Hz), ``"exhale"`` down (330 -> 196 Hz), along a smooth
    curve in log-frequency; a soft sine plus one quiet 2nd harmonic, steady-part RMS -24 dBFS.
    Raised-cosine attack and release of a quarter of the tone, clamped to 50 ms-0.8 s (half
    the tone each if it is shorter than 100 ms); the first and last frames are exactly 0.
    ``"hold"`` and ``"rest"`` are silence. Unknown ``kind`` -> ``ValueError``.
    """
    if kind not in TONE_KINDS:
        raise ValueError(f"unknown breath tone {kind!r}; known kinds: {', '.join(TONE_KINDS)}")
    _check_frames(frames)
    _check_rate(samplerate)
    if kind not in _GLIDES or frames == 0:
        return np.zeros((frames, 2), dtype=np.float32)
    start, end = _GLIDES[kind]
    progress = np.arange(frames) / max(frames - 1, 1)
    ease = 0.5 - 0.5 * np.cos(np.pi * progress)  # glide starts and ends gently
    freq = start * (end / start) ** ease
    phase = 2 * np.pi * (np.cumsum(freq) - freq[0]) / samplerate
    wave = np.sin(phase) + _TONE_HARMONIC * np.sin(2 * phase)
    amplitude = _db(TONE_RMS_DBFS) * np.sqrt(2.0 / (1.0 + _TONE_HARMONIC**2))
    low, high = _TONE_RAMP_SECONDS
    ramp = round(min(max(0.25 * frames / samplerate, low), high) * samplerate)
    return _stereo(amplitude * wave * _raised_cosine_edges(frames, ramp))


# A singing-bowl-like set of inharmonic partials (ratios to the 392 Hz G4 fundamental).
_CHIME_PARTIALS = ((1.0, 1.0), (2.71, 0.42), (5.13, 0.16), (8.3, 0.05))


def chime(frames: int, samplerate: int) -> np.ndarray:
    """A soft bell-like end chime of exactly ``frames`` stereo frames, peaking at -12 dBFS.

    Inharmonic partials with exponential decays (higher ones die sooner) under a ~5 ms
    raised-cosine attack; the fundamental's time constant is a sixth of the length (at most
    1.2 s), and a raised-cosine release over the last fifth brings it to exactly 0 at the
    last frame. The right channel is detuned by 0.1% for a slow shimmer between the ears.
    """
    _check_frames(frames)
    _check_rate(samplerate)
    if frames == 0:
        return np.zeros((0, 2), dtype=np.float32)
    t = np.arange(frames) / samplerate
    tau = min(frames / samplerate / 6.0, 1.2)
    channels = []
    for detune in (0.0, 0.4):
        ring = np.zeros(frames)
        for ratio, level in _CHIME_PARTIALS:
            f = ratio * 392.0 + detune * ratio
            if f >= 0.45 * samplerate:
                continue
            ring += level * np.exp(-t * ratio**0.7 / tau) * np.sin(2 * np.pi * f * t)
        channels.append(ring)
    attack = max(1, round(0.005 * samplerate))
    envelope = np.ones(frames)
    envelope[:attack] = (0.5 - 0.5 * np.cos(np.pi * np.arange(attack) / attack))[:frames]
    release = frames // 5
    if release:
        envelope[-release:] *= 0.5 + 0.5 * np.cos(np.pi * np.arange(1, release + 1) / release)
    envelope[-1] = 0.0
    out = np.stack(channels, axis=1) * envelope[:, None]
    peak = float(np.max(np.abs(out)))
    if peak > 0:
        out *= _db(CHIME_PEAK_DBFS) / peak
    return out.astype(np.float32)
