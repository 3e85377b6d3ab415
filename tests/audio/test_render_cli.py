"""`painease render`: a whole bundled session to a file, as a user would run it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import soundfile

REPO = Path(__file__).resolve().parents[2]


def painease(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.run([sys.executable, "-m", "painease", *args], capture_output=True,
                          text=True, env=env, timeout=120, check=False)


def test_render_writes_the_whole_session(tmp_path):
    out = tmp_path / "walk.flac"
    done = painease("render", "paced-breathing", "--minutes", "5", "-o", str(out),
                    "--samplerate", "44100")
    assert done.returncode == 0, done.stderr
    audio, rate = soundfile.read(out, dtype="float32")
    assert rate == 44100 and audio.shape == (5 * 60 * 44100, 2)
    assert np.sqrt(np.mean(audio**2)) > 0.01 and np.max(np.abs(audio)) < 1.0
    assert not list(tmp_path.glob(".*partial"))  # written through a temp name, then renamed


def test_render_loops_a_user_ambience_file(tmp_path):
    bed = tmp_path / "bed.ogg"
    noise = np.random.default_rng(1).normal(0, 0.05, (3 * 44100, 2)).astype("float32")
    soundfile.write(bed, noise, 44100, format="OGG", subtype="VORBIS")
    out = tmp_path / "with-bed.wav"
    done = painease("render", "paced-breathing", "--minutes", "5", "--ambience", str(bed),
                    "-o", str(out))
    assert done.returncode == 0, done.stderr
    audio, _ = soundfile.read(out, dtype="float32")
    # Within the first breathing silence the only sound is the looped bed.
    assert np.sqrt(np.mean(audio[60 * 48000 : 61 * 48000] ** 2)) > 0.005


def test_render_refuses_bad_requests_in_one_line(tmp_path):
    cases = [
        (["render", "paced-breathing", "--minutes", "5", "-o", str(tmp_path / "x.mp4")],
         "cannot write .mp4"),
        (["render", "paced-breathing", "--minutes", "7", "-o", str(tmp_path / "x.wav")],
         "can be played at 5, 10 minutes"),
        (["render", "paced-breathing", "--minutes", "5", "--ambience", "ocean", "-o",
          str(tmp_path / "x.wav")], "not a known bed"),
        (["render", "paced-breathing", "--minutes", "5", "-o",
          str(tmp_path / "missing-dir" / "x.wav")], "could not write"),
    ]
    for args, words in cases:
        done = painease(*args)
        assert done.returncode == 1, args
        assert words in done.stderr and done.stderr.count("\n") == 1, done.stderr


def test_a_render_the_disk_cannot_hold_says_so_and_keeps_the_earlier_file(tmp_path):
    """libsndfile reports a failed write as a bare "System error"; the person is told the
    likely reason, and the file they had stays as it was."""
    from tests.test_report import limit_file_size

    out = tmp_path / "session.wav"
    out.write_bytes(b"the earlier render")
    env = dict(os.environ, PYTHONPATH=str(REPO))
    done = subprocess.run([sys.executable, "-m", "painease", "render", "paced-breathing",
                           "--minutes", "5", "-o", str(out)], capture_output=True, text=True,
                          env=env, timeout=120, preexec_fn=limit_file_size(256 * 1024))
    assert done.returncode == 1
    assert done.stderr.startswith(f"painease: could not write {out}: a write to the disk "
                                  "failed part-way (is the disk full?)"), done.stderr
    assert "MB free there" in done.stderr and done.stderr.count("\n") == 1
    assert out.read_bytes() == b"the earlier render"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["session.wav"]
    # A folder that is not there is said as such, not as a full disk.
    missing = tmp_path / "missing" / "x.wav"
    done = painease("render", "paced-breathing", "--minutes", "5", "-o", str(missing))
    assert done.stderr == f"painease: could not write {missing}: No such file or directory\n"
