"""Generated sounds, measured: shapes, seamless loops, spectral character, levels, no clicks."""

from __future__ import annotations

import functools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from painease.audio.synth import AMBIENCE_BEDS, TONE_KINDS, ambience_loop, breath_tone, chime
from painease.domain.script import AMBIENCES

RATES = (22_050, 44_100, 48_000)


@functools.cache
def bed(name: str, rate: int, seconds: float = 40.0, seed: int = 7) -> np.ndarray:
    """Each default 40-s loop is made once per test run (read-only, so tests can't alter it)."""
    loop = ambience_loop(name, rate, seconds, seed)
    loop.flags.writeable = False
    return loop


def dbfs(value: float) -> float:
    return 20.0 * np.log10(value)


def rms(x: np.ndarray) -> float:
    return float(np.sqrt(np.mean(np.square(x, dtype=np.float64))))


def band_fraction(x: np.ndarray, rate: int, low: float, high: float) -> float:
    """Share of the energy between ``low`` and ``high`` Hz (a loop is periodic: no window)."""
    power = np.abs(np.fft.rfft(x, axis=0)) ** 2
    f = np.fft.rfftfreq(len(x), 1.0 / rate)
    return float(power[(f >= low) & (f < high)].sum() / power.sum())


def window_energies(x: np.ndarray, width: int, highpass: bool = True) -> np.ndarray:
    """Energy of every ``width``-frame window, of the first difference ("high-pass") or of x."""
    x = x.astype(np.float64)
    energy = np.sum((np.diff(x, axis=0) if highpass else x) ** 2, axis=1)
    running = np.concatenate([[0.0], np.cumsum(energy)])
    return running[width:] - running[:-width]


def bandpass(x: np.ndarray, rate: int, low: float, high: float) -> np.ndarray:
    spectrum = np.fft.rfft(x, axis=0)
    f = np.fft.rfftfreq(len(x), 1.0 / rate)
    spectrum[(f < low) | (f >= high)] = 0
    return np.fft.irfft(spectrum, n=len(x), axis=0)


def dominant_hz(x: np.ndarray, rate: int) -> float:
    """Frequency from rising zero crossings (the quiet 2nd harmonic adds none)."""
    rising = np.flatnonzero((x[:-1] < 0) & (x[1:] >= 0))
    return (len(rising) - 1) * rate / (rising[-1] - rising[0])


# --- names --------------------------------------------------------------------------------


def test_bed_names_match_the_script_format():
    assert ("none", *AMBIENCE_BEDS) == AMBIENCES
    assert TONE_KINDS == ("inhale", "hold", "exhale", "rest")


# --- ambience beds ------------------------------------------------------------------------


@pytest.mark.parametrize("rate", RATES)
@pytest.mark.parametrize("name", AMBIENCE_BEDS)
def test_bed_shape_level_and_headroom(name, rate):
    loop = bed(name, rate)
    assert loop.shape == (40 * rate, 2)
    assert loop.dtype == np.float32
    assert np.all(np.isfinite(loop))
    assert -33.0 <= dbfs(rms(loop)) <= -27.0  # measured: -30.0 for every bed and rate
    assert dbfs(float(np.max(np.abs(loop)))) < -6.0  # measured: -13.7 (rain) to -20.2 (drone)


@pytest.mark.parametrize("rate", RATES)
@pytest.mark.parametrize("name", AMBIENCE_BEDS)
def test_bed_is_deterministic_per_seed(name, rate):
    first = ambience_loop(name, rate, seconds=3.0, seed=3)
    np.testing.assert_array_equal(first, ambience_loop(name, rate, seconds=3.0, seed=3))
    other = ambience_loop(name, rate, seconds=3.0, seed=4)
    assert np.mean(np.isclose(first, other, atol=1e-6)) < 0.01


@pytest.mark.parametrize("rate", RATES)
@pytest.mark.parametrize("name", AMBIENCE_BEDS)
def test_loop_join_is_an_ordinary_step(name, rate):
    loop = bed(name, rate)
    join = np.abs(loop[0].astype(np.float64) - loop[-1])
    ordinary = np.percentile(np.abs(np.diff(loop.astype(np.float64), axis=0)), 99.9, axis=0)
    assert np.all(join <= ordinary), (join, ordinary)


@pytest.mark.parametrize("rate", RATES)
@pytest.mark.parametrize("name", AMBIENCE_BEDS)
def test_loop_played_twice_has_no_burst_at_the_join(name, rate):
    loop = bed(name, rate)
    width = round(0.01 * rate)
    around_join = np.concatenate([loop[-width // 2 :], loop[: width - width // 2 + 1]])
    at_join = window_energies(around_join, width)[0]  # the step last->first sits mid-window
    everywhere = window_energies(loop, width)
    # Measured at the join: 0.9-1.2x the median; the loudest window anywhere is 1.5-2.3x.
    assert at_join <= 2.0 * np.median(everywhere)


def test_the_join_checks_catch_a_real_seam():
    # Cut the brown-noise loop short at an arbitrary frame: played end-to-start, that join is
    # a jump between unrelated samples, and both checks above must notice it.
    cut = bed("brown-noise", 48_000)[:1_234_567].astype(np.float64)
    join = np.abs(cut[0] - cut[-1])
    assert np.any(join > np.percentile(np.abs(np.diff(cut, axis=0)), 99.9, axis=0))
    around_join = np.concatenate([cut[-240:], cut[:241]])
    assert window_energies(around_join, 480)[0] > 2.0 * np.median(window_energies(cut, 480))


def test_brown_noise_falls_about_6_db_per_octave():
    loop = bed("brown-noise", 48_000)
    power = np.sum(np.abs(np.fft.rfft(loop, axis=0)) ** 2, axis=1)
    f = np.fft.rfftfreq(len(loop), 1.0 / 48_000)
    centres = 100.0 * 2.0 ** (np.arange(14) / 3)  # third-octave bands, 100 Hz to ~2 kHz
    density = [power[(f >= c * 2 ** -(1 / 6)) & (f < c * 2 ** (1 / 6))].mean() for c in centres]
    slope = np.polyfit(np.log2(centres), 10 * np.log10(density), 1)[0]
    assert -8.0 <= slope <= -4.0  # measured: -6.2 dB/octave


def test_brown_noise_channels_are_related_but_not_identical():
    loop = bed("brown-noise", 48_000)
    assert 0.6 <= np.corrcoef(loop.T)[0, 1] <= 0.95  # measured: 0.80


def test_soft_rain_leans_toward_mids_and_highs_and_is_wide():
    rain, brown = bed("soft-rain", 48_000), bed("brown-noise", 48_000)
    rain_share = band_fraction(rain, 48_000, 1000, 8000)
    assert rain_share > 0.5  # measured: 0.77
    assert rain_share > band_fraction(brown, 48_000, 1000, 8000)  # measured: 0.015
    assert np.corrcoef(rain.T)[0, 1] < 0.6  # measured: 0.30


def test_soft_rain_droplets_are_there_but_soft():
    # In the droplets' band (1.5-6 kHz) they stand out of the hiss for a few ms (hiss alone
    # measured 2.5x the median 2 ms energy at most), yet no 10 ms stretch of the whole sound
    # gets even 2.5x the typical high-frequency energy: texture, not ticks.
    rain = bed("soft-rain", 48_000)
    drops = window_energies(bandpass(rain, 48_000, 1500, 6000), 96, highpass=False)
    assert drops.max() > 5.0 * np.median(drops)  # measured: 10x
    energies = window_energies(rain, 480)
    assert energies.max() < 2.5 * np.median(energies)  # measured: 1.9x


def test_warm_drone_is_low_and_moves_slowly():
    drone = bed("warm-drone", 48_000)
    assert band_fraction(drone, 48_000, 0, 400) >= 0.8  # measured: 0.996
    seconds = drone.astype(np.float64).reshape(40, 48_000, 2)
    level = np.sqrt(np.mean(seconds**2, axis=(1, 2)))
    assert level.max() / level.min() > 1.15  # it swells (measured: 1.3x)...
    assert np.max(np.abs(np.diff(dbfs(level)))) < 1.5  # ...gently (measured: <= 0.7 dB/s)


@pytest.mark.parametrize("name", AMBIENCE_BEDS)
def test_short_loops_are_still_seamless(name):
    loop = ambience_loop(name, 22_050, seconds=1.5)
    assert loop.shape == (33_075, 2)
    join = np.abs(loop[0].astype(np.float64) - loop[-1])
    assert np.all(join <= np.percentile(np.abs(np.diff(loop, axis=0)), 99.9, axis=0))


# --- breath tones -------------------------------------------------------------------------


@pytest.mark.parametrize("frames", [0, 1, 7, 48_001])
@pytest.mark.parametrize("kind", TONE_KINDS)
def test_tone_fills_exactly_the_frames(kind, frames):
    tone = breath_tone(kind, frames, 48_000)
    assert tone.shape == (frames, 2)
    assert tone.dtype == np.float32
    if frames:
        assert np.all(tone[0] == 0) and np.all(tone[-1] == 0)


@pytest.mark.parametrize("kind", ["hold", "rest"])
def test_hold_and_rest_are_silent(kind):
    assert not np.any(breath_tone(kind, 96_000, 48_000))


@pytest.mark.parametrize("rate", RATES)
def test_inhale_rises_and_exhale_falls(rate):
    quarter = rate  # four-second tones
    inhale = breath_tone("inhale", 4 * quarter, rate)[:, 0]
    exhale = breath_tone("exhale", 4 * quarter, rate)[:, 0]
    # Measured: inhale 225 -> 324 Hz, exhale 322 -> 202 Hz.
    assert dominant_hz(inhale[-quarter:], rate) > 1.2 * dominant_hz(inhale[:quarter], rate)
    assert dominant_hz(exhale[-quarter:], rate) < 0.8 * dominant_hz(exhale[:quarter], rate)


@pytest.mark.parametrize("rate", RATES)
@pytest.mark.parametrize("kind", ["inhale", "exhale"])
def test_tone_level_and_smoothness(kind, rate):
    tone = breath_tone(kind, 4 * rate, rate).astype(np.float64)
    assert np.array_equal(tone[:, 0], tone[:, 1])
    assert -25.5 <= dbfs(rms(tone[rate : 3 * rate])) <= -22.5  # steady part; measured: -24.0
    # No step larger than a pure sine with the tone's peak at its highest partial (2 x 330 Hz).
    peak = np.max(np.abs(tone))
    sine_step = 2 * peak * np.sin(np.pi * 660 / rate)
    assert np.max(np.abs(np.diff(tone, axis=0))) <= sine_step  # measured: 0.60x that bound


def test_short_tone_still_ramps_over_at_least_50_ms():
    tone = breath_tone("inhale", 9_600, 48_000)[:, 0]  # 0.2 s: the ramps are the 50 ms floor
    full = np.max(np.abs(tone))
    assert np.max(np.abs(tone[:1_200])) < 0.55 * full  # half-way up at 25 ms at the earliest
    assert np.max(np.abs(tone[-1_200:])) < 0.55 * full


@settings(max_examples=60, deadline=None)
@given(
    kind=st.sampled_from(TONE_KINDS),
    frames=st.integers(0, 40_000),
    rate=st.sampled_from((8_000, *RATES, 96_000)),
)
def test_any_tone_is_exact_bounded_and_silent_at_both_ends(kind, frames, rate):
    tone = breath_tone(kind, frames, rate)
    assert tone.shape == (frames, 2)
    assert np.max(np.abs(tone), initial=0.0) < 0.1  # measured peak: 0.092 (-20.7 dBFS)
    if frames:
        assert not np.any(tone[[0, -1]])


# --- chime --------------------------------------------------------------------------------


@pytest.mark.parametrize("rate", RATES)
def test_chime_strikes_softly_and_fades_to_exactly_zero(rate):
    ring = chime(6 * rate, rate).astype(np.float64)
    assert ring.shape == (6 * rate, 2)
    assert not np.any(ring[0]) and not np.any(ring[-1])
    assert -13.0 <= dbfs(np.max(np.abs(ring))) <= -11.0  # measured: -12.0
    quarter = len(ring) // 4
    first, last = np.sum(ring[:quarter] ** 2), np.sum(ring[-quarter:] ** 2)
    assert last < 0.05 * first  # measured: 9e-5
    peak = np.max(np.abs(ring))
    assert np.max(np.abs(ring[: round(0.001 * rate)])) < 0.2 * peak  # 5 ms swell, not a hit
    assert np.argmax(np.abs(ring[:, 0])) < 0.1 * rate  # the strike is the loudest moment


@pytest.mark.parametrize("frames", [0, 1, 7, 48_001])
def test_chime_fills_exactly_the_frames(frames):
    ring = chime(frames, 48_000)
    assert ring.shape == (frames, 2) and ring.dtype == np.float32
    if frames:
        assert not np.any(ring[[0, -1]])


# --- refusals -----------------------------------------------------------------------------


def test_unknown_bed_names_the_known_ones():
    with pytest.raises(ValueError) as caught:
        ambience_loop("ocean-waves", 48_000)
    assert all(name in str(caught.value) for name in AMBIENCE_BEDS)


def test_unknown_tone_names_the_known_ones():
    with pytest.raises(ValueError) as caught:
        breath_tone("sigh", 100, 48_000)
    assert all(kind in str(caught.value) for kind in TONE_KINDS)


@pytest.mark.parametrize(
    "call",
    [
        lambda: breath_tone("inhale", -1, 48_000),
        lambda: chime(-1, 48_000),
        lambda: breath_tone("inhale", 100, 0),
        lambda: chime(100, 0),
        lambda: ambience_loop("soft-rain", 0),
        lambda: ambience_loop("soft-rain", 48_000, seconds=0.5),
    ],
)
def test_impossible_lengths_and_rates_are_refused(call):
    with pytest.raises(ValueError):
        call()
