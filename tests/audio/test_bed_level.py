"""An ambience file louder than the built-in beds is turned down as it is opened.

Rendered through the real layers and engine (``render_session``), with the narration and
tones muted so the output is the bed alone.
"""

from __future__ import annotations

import numpy as np
import pytest
import soundfile

from painease.audio.bed_level import FILE_BED_PEAK_DBFS
from painease.audio.engine import MixSettings
from painease.audio.render import render_session
from tests.audio.sessions import RATE, clip_session

BED_ONLY = MixSettings(master=1, narration=0, tones=0, ambience=1, duck_db=0)


def test_a_quiet_file_with_one_loud_moment_at_its_join_stays_under_the_ceiling(tmp_path):
    """Mostly silence, so its RMS is low, but a full-scale burst sits in the middle of
    both crossfades of the loop, in phase: at the join the two add up to sqrt(2) times
    full scale. The peak rule counts that, so the join itself stays at the ceiling."""
    seconds, burst = 20.0, 0.05
    samples = np.zeros(round(seconds * RATE))
    t = np.arange(round(burst * RATE)) / RATE
    wave = np.sin(2 * np.pi * 500 * t)
    head = RATE - len(wave) // 2  # 1 s in: the middle of the loop's 2-s crossfade
    samples[head : head + len(wave)] = wave
    tail = len(samples) - RATE - len(wave) // 2  # 1 s before the end: the same point
    samples[tail : tail + len(wave)] = wave
    bed = tmp_path / "bursts.wav"
    soundfile.write(bed, np.column_stack([samples, samples]).astype("float32"), RATE,
                    subtype="FLOAT")
    timeline = clip_session(tmp_path, seconds=60)
    audio, problems = render_session(timeline, tmp_path, bed, BED_ONLY)
    ceiling = 10 ** (FILE_BED_PEAK_DBFS / 20)
    # The first join plays from 18 s (20 s less the crossfade): the bursts meet at 19 s.
    join = audio[19 * RATE - RATE // 10 : 19 * RATE + RATE // 10]
    assert np.max(np.abs(join)) == pytest.approx(ceiling, rel=0.01)
    assert np.max(np.abs(audio)) <= ceiling * 1.001
    # Lowered by the peak rule: its RMS is far below the beds', so it is not said to be
    # "louder than the built-in background sounds" (once it was, as birdsong was).
    assert problems == [f"ambience: {bed} has peaks louder than the built-in background "
                        "sounds allow; it plays 15 dB quieter, so the voice stays clear and "
                        "nothing distorts"]


def write_float64(path, samples):
    soundfile.write(path, np.column_stack([samples, samples]), RATE, subtype="DOUBLE")
    return path


def test_an_ambience_file_of_nan_is_said_as_an_empty_one_is_and_plays_nothing(tmp_path):
    """A float file whose samples are all NaN (or infinity) once played as silence with
    no word said, while an empty file got "holds no audio; playing without ambience"."""
    bed = write_float64(tmp_path / "nan.wav", np.full(5 * RATE, np.nan))
    worse = np.full(5 * RATE, np.nan)
    worse[::3] = np.inf
    also = write_float64(tmp_path / "inf.wav", worse)
    timeline = clip_session(tmp_path, seconds=20)
    without, none_said = render_session(timeline, tmp_path, "none", BED_ONLY)
    assert none_said == []
    for path in (bed, also):
        audio, problems = render_session(timeline, tmp_path, path, BED_ONLY)
        assert problems == [f"ambience: the audio file {path} holds no audio (its samples "
                            "are not numbers: NaN or infinity); playing without ambience"]
        assert np.array_equal(audio, without)


def test_an_ambience_file_with_some_nan_plays_the_rest_and_says_so(tmp_path):
    t = np.arange(5 * RATE) / RATE
    samples = 0.01 * np.sin(2 * np.pi * 220 * t)
    samples[RATE : RATE + 100] = np.nan
    bed = write_float64(tmp_path / "holes.wav", samples)
    timeline = clip_session(tmp_path, seconds=20)
    audio, problems = render_session(timeline, tmp_path, bed, BED_ONLY)
    assert problems == [f"ambience: the audio file {bed} holds samples that are not numbers "
                        "(NaN or infinity); they play as silence"]
    assert np.isfinite(audio).all() and np.max(np.abs(audio[5 * RATE :])) > 0.005
