"""Audio engine costs that need no sound device, each against a floor from the same run.

Usage: ``python benchmarks/bench_audio_offline.py`` (or ``make bench BENCH=audio``).

* offline render speed of a 20-minute session (narration clips, breath tones, an
  ambience bed) in x real time. Floor: writing the same number of frames of silence to
  the same WAV format (the cost of the file alone).
* callback CPU: the time ``Engine.fill`` takes per second of audio with the live block
  size (512 frames), fed by ready chunks as the reader thread would leave them. Floor: a
  plain ``out[:] = frames`` copy of the same blocks, the least any callback can do.
* peak memory (tracemalloc) while rendering the 20-minute session: it must not grow with
  the session's length.
* render of a 5-minute session with a one-frame ambience file (``render --ambience``).
  Floor: the same render with a 3-second ambience file; looping a tiny file should cost
  about the same (it once took ~7x as long: the loop was queued one frame at a time).

Prints figures only; the goals are in benchmarks/README.md.
"""

from __future__ import annotations

import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np
import soundfile

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from painease.audio.engine import Engine  # noqa: E402
from painease.audio.feeds import DirectFeed  # noqa: E402
from painease.audio.layers import LayerSource  # noqa: E402
from painease.audio.render import render_to_file  # noqa: E402
from painease.domain.script import (  # noqa: E402
    Breath,
    FlexibleCycles,
    FlexiblePause,
    Phase,
    Script,
    Step,
)
from painease.domain.timeline import fit_to_frames  # noqa: E402

RATE = 48_000
MINUTES = 20


def make_session(folder: Path, minutes: int = MINUTES):
    """A 20-minute session: eight spoken 22.05 kHz clips, paced breathing, long silences."""
    steps, durations = [], {}
    for i in range(8):
        name = f"bench/{i}.ogg"
        seconds = 6 + i
        wave = 0.2 * np.sin(2 * np.pi * (200 + 30 * i) * np.arange(int(seconds * 22050)) / 22050)
        (folder / "bench").mkdir(parents=True, exist_ok=True)
        soundfile.write(folder / name, wave.astype("float32"), 22050, format="OGG",
                        subtype="VORBIS")
        durations[name] = soundfile.info(folder / name).duration
        phase = [Phase.SETTLE, Phase.ATTENTION, Phase.SAFETY, Phase.POSITIVE_AFFECT][i % 4]
        steps.append(Step(phase=phase, text=f"Line {i}.", clip=name,
                          pause=FlexiblePause(min=10, weight=1 + i)))
    steps.insert(2, Step(phase=Phase.BREATHING, text="Breathe.", pause=2,
                         breath=Breath(inhale=4, exhale=6, rest=1,
                                       cycles=FlexibleCycles(min=10, weight=4))))
    script = Script(format=1, id="bench", title="Bench", kind="somatic-tracking", summary="s",
                    when_to_use="w", lengths=[minutes], steps=steps)
    return fit_to_frames(script, minutes * 60 * RATE, RATE, durations)


def traced_render(folder: Path, timeline) -> int:
    """Peak traced memory of a render (tracemalloc slows it, so it is not timed)."""
    tracemalloc.start()
    render_to_file(timeline, folder, folder / "render.wav", ambience="soft-rain")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def render_speed(folder: Path, timeline) -> None:
    short_peak = traced_render(folder, make_session(folder, 5))
    peak = traced_render(folder, timeline)
    start = time.perf_counter()
    render_to_file(timeline, folder, folder / "render.wav", ambience="soft-rain")
    elapsed = time.perf_counter() - start
    start = time.perf_counter()
    block = np.zeros((16384, 2), np.float32)
    with soundfile.SoundFile(folder / "floor.wav", "w", RATE, 2, subtype="FLOAT") as sink:
        for _ in range(0, timeline.total_frames, len(block)):
            sink.write(block)
    floor = time.perf_counter() - start
    speed = timeline.total_seconds / elapsed
    print(f"offline render, {MINUTES} min: {elapsed:.2f} s = {speed:.0f}x real time "
          f"(writing silence alone: {floor:.2f} s; render is x{elapsed / floor:.1f} of that)")
    print(f"peak traced memory while rendering: {peak / 2**20:.1f} MB for {MINUTES} min, "
          f"{short_peak / 2**20:.1f} MB for 5 min (flat if these match)")


def tiny_ambience_cost(folder: Path) -> None:
    timeline = make_session(folder, 5)
    rng = np.random.default_rng(7)
    times = {}
    for name, frames in (("normal", 3 * RATE), ("one-frame", 1)):
        path = folder / f"ambience-{name}.wav"
        soundfile.write(path, rng.uniform(-0.1, 0.1, (frames, 2)).astype("float32"), RATE)
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            render_to_file(timeline, folder, folder / "render.wav", ambience=path)
            best = min(best, time.perf_counter() - start)
        times[name] = best
    print(f"render, 5 min, one-frame ambience file: {times['one-frame']:.2f} s (3-second "
          f"file: {times['normal']:.2f} s; x{times['one-frame'] / times['normal']:.2f}; "
          "best of 3)")


def callback_cost(folder: Path, timeline) -> None:
    seconds = 120
    feed = DirectFeed(LayerSource(timeline, folder, "soft-rain"))
    ready = []
    while len(ready) * 2048 < seconds * RATE:
        ready.append(feed.pop())

    class Ready:  # hands out pre-rendered chunks, as the reader thread leaves them
        def __init__(self):
            self.queue = list(reversed(ready))

        def pop(self):
            return self.queue.pop() if self.queue else None

        def request(self, epoch, position):
            pass

    engine = Engine(timeline, Ready())
    engine.play()
    out = np.zeros((512, 2), np.float32)
    blocks = seconds * RATE // 512
    start = time.perf_counter()
    for _ in range(blocks):
        engine.fill(out)
    mixing = time.perf_counter() - start
    frames = np.concatenate([c.data[:, :2] for c in ready])
    start = time.perf_counter()
    for i in range(blocks):
        out[:] = frames[i * 512 : (i + 1) * 512]
    copying = time.perf_counter() - start
    per_second = mixing / seconds * 1000
    print(f"callback CPU: {per_second:.2f} ms per second of audio "
          f"({per_second / 10:.2f}% of one core; plain copy {copying / seconds * 1000:.3f} ms, "
          f"x{mixing / copying:.0f} of the floor)")


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        timeline = make_session(folder)
        render_speed(folder, timeline)
        callback_cost(folder, timeline)
        tiny_ambience_cost(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
