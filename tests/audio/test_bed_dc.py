"""An ambience file is measured and played as it is heard: without a DC offset (its
waveform sitting off centre), and without sound above the output's range. Once wind with
an offset of 0.2 played 12 dB quieter than the same wind without it, and the offset
reached the mix; a 30 kHz tone no one hears turned birdsong down 15 dB, not 3. Rendered
through the real layers and engine (``render_session``), the bed alone."""

from __future__ import annotations

import numpy as np
import pytest
import soundfile
import soxr

from painease.audio.render import render_session
from tests.audio.sessions import RATE, clip_session
from tests.audio.test_bed_level import BED_ONLY

SECONDS = 60


def noise(seconds: float, rate: int = 44_100, channels: int = 1, seed: int = 1) -> np.ndarray:
    """Wind-like noise at -20 dBFS RMS (low-passed white noise), as (frames, channels)."""
    white = np.random.default_rng(seed).standard_normal((round(seconds * rate), channels))
    kernel = np.hanning(9)
    smooth = np.stack([np.convolve(c, kernel / kernel.sum(), "same") for c in white.T], 1)
    return 0.1 * smooth / np.sqrt(np.mean(smooth**2))


def middle(audio: np.ndarray) -> np.ndarray:
    """Past the bed's 3-s fade-in and before its 8-s fade-out."""
    return audio[5 * RATE : (SECONDS - 10) * RATE]


def rms_db(audio: np.ndarray) -> float:
    return 20 * np.log10(np.sqrt(np.mean(np.square(audio, dtype=np.float64))))


@pytest.mark.parametrize("offset, fmt", [((0.2,), "wav"), ((0.05, -0.03), "flac")])
def test_an_ambience_file_with_a_dc_offset_plays_as_the_same_file_without_it(
        tmp_path, offset, fmt):
    wind = noise(20, channels=len(offset))
    clean, shifted = tmp_path / f"clean.{fmt}", tmp_path / f"shifted.{fmt}"
    soundfile.write(clean, wind, 44_100, subtype="PCM_16")
    soundfile.write(shifted, np.clip(wind + np.array(offset), -1, 1), 44_100, subtype="PCM_16")
    timeline = clip_session(tmp_path, seconds=SECONDS)
    plain, said = render_session(timeline, tmp_path, clean, BED_ONLY)
    audio, problems = render_session(timeline, tmp_path, shifted, BED_ONLY)
    assert [p.replace(str(shifted), "x") for p in problems] == [
        p.replace(str(clean), "x") for p in said]  # turned down by as much
    assert rms_db(middle(audio)) == pytest.approx(rms_db(middle(plain)), abs=0.1)
    assert np.all(np.abs(middle(audio).mean(axis=0)) < 2e-4)  # no offset reaches the mix
    assert np.max(np.abs(audio - plain)) < 2e-3  # the same sound, the loop as seamless


def test_sound_above_the_output_range_does_not_turn_an_ambience_file_down(tmp_path):
    heard = soxr.resample(noise(20, rate=RATE, channels=2), RATE, 96_000, "VHQ")
    t = np.arange(len(heard)) / 96_000
    tone = 0.25 * np.sin(2 * np.pi * 30_000 * t)[:, None]  # -15 dBFS RMS, inaudible
    plain, ultra = tmp_path / "plain.wav", tmp_path / "ultra.wav"
    soundfile.write(plain, heard.astype(np.float32), 96_000, subtype="FLOAT")
    soundfile.write(ultra, (heard + tone).astype(np.float32), 96_000, subtype="FLOAT")
    timeline = clip_session(tmp_path, seconds=SECONDS)
    without, said = render_session(timeline, tmp_path, plain, BED_ONLY)
    audio, problems = render_session(timeline, tmp_path, ultra, BED_ONLY)
    assert [p.replace(str(ultra), "x") for p in problems] == [
        p.replace(str(plain), "x") for p in said]
    assert rms_db(middle(audio)) == pytest.approx(rms_db(middle(without)), abs=0.2)


def test_an_ambience_file_too_short_to_loop_is_said_and_not_played(tmp_path):
    # Looped, 10 ms was a 100-Hz buzz and one sample a constant; neither was said.
    timeline = clip_session(tmp_path, seconds=20)
    none, _ = render_session(timeline, tmp_path, "none", BED_ONLY)
    for frames, length in ((1, "less than 1 ms"), (441, "only 10 ms"), (44_100, "only 1.0 s"),
                           (86_436, "only 1.9 s")):  # 1.96 s: once "only 2.0 s"
        path = tmp_path / f"short-{frames}.wav"
        soundfile.write(path, noise(2, channels=2)[:frames], 44_100, subtype="PCM_16")
        audio, problems = render_session(timeline, tmp_path, path, BED_ONLY)
        assert problems == [f"ambience: the audio file {path} lasts {length}, too short "
                            "to loop smoothly as a background sound (it needs 2 s or more); "
                            "playing without ambience"]
        assert np.array_equal(audio, none)
