"""Small real sessions for audio tests: scripts with real clips written to a temp dir."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import soundfile

from painease.domain.script import FlexiblePause, Phase, Script, Step
from painease.domain.timeline import Timeline, fit_to_frames

RATE = 48_000


def tone(freq: float, seconds: float, rate: int, level: float = 0.3) -> np.ndarray:
    """A sine with 10 ms raised-cosine edges (so the clip itself has no click)."""
    frames = int(round(seconds * rate))
    wave = level * np.sin(2 * np.pi * freq * np.arange(frames) / rate)
    edge = min(frames // 2, int(0.01 * rate))
    ramp = 0.5 - 0.5 * np.cos(np.linspace(0, np.pi, edge))
    wave[:edge] *= ramp
    wave[frames - edge :] *= ramp[::-1]
    return wave.astype(np.float32)


def write_clip(root: Path, name: str, freq: float, seconds: float, rate: int = 22_050,
               channels: int = 1, fmt: str | None = None, subtype: str | None = None) -> str:
    wave = tone(freq, seconds, rate)
    data = wave if channels == 1 else np.column_stack([wave] * channels)
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    soundfile.write(path, data, rate, format=fmt, subtype=subtype)
    return name


def clip_session(root: Path, seconds: float = 20.0, clips=None, end_chime: bool = False,
                 rate: int = RATE, breath=None) -> Timeline:
    """A three-step session whose steps speak the given clips (name → duration)."""
    clips = clips or {
        "s/one.wav": write_clip(root, "s/one.wav", 440, 1.5),
        "s/two.wav": write_clip(root, "s/two.wav", 660, 1.0),
        "s/three.wav": write_clip(root, "s/three.wav", 550, 2.0),
    }
    durations = {name: soundfile.info(root / name).duration for name in clips}
    phases = [Phase.SETTLE, Phase.SAFETY, Phase.CLOSING]
    steps = [
        Step(phase=phases[i % 3], text=f"Line {i + 1}.", clip=name,
             pause=FlexiblePause(min=0.5, weight=1 + i))
        for i, name in enumerate(clips)
    ]
    if breath is not None:
        steps.insert(1, Step(phase=Phase.BREATHING, text="Breathe.", breath=breath, pause=1))
    script = Script(format=1, id="test-session", title="Test", kind="relaxation", summary="s",
                    when_to_use="w", lengths=[seconds / 60], end_chime=end_chime, steps=steps)
    return fit_to_frames(script, round(seconds * rate), rate, durations)


def wait_for(condition, timeout: float = 15.0) -> None:
    """Poll ``condition`` every 10 ms until it holds; fail the test after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        time.sleep(0.01)


def onsets(audio: np.ndarray, rate: int = RATE, threshold: float = 0.02) -> list[int]:
    """Frames where sound starts after at least 0.2 s of near-silence (left channel)."""
    loud = np.abs(audio[:, 0]) > threshold
    found, quiet_run = [], -rate
    for frame in np.flatnonzero(loud):
        if frame - quiet_run > rate // 5:
            found.append(int(frame))
        quiet_run = frame
    return found
