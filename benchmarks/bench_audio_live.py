"""The live player in real time, on the JACK dummy server (Rig 2 of AUDIO-TESTING.md).

Usage: ``python benchmarks/bench_audio_live.py [MINUTES]`` (``make bench BENCH=live``);
MINUTES (default 10) is how long the real-time run lasts. Needs jackd (``make test``
installs it). Each figure is printed beside a floor measured in the same run:

* play → first frame: from ``Player.play()`` to the first content frame leaving the
  callback. Floor: opening and starting a bare sounddevice stream to its first callback.
* a 60-minute session played for MINUTES with the other core kept busy: under-runs
  (goal 0), position error against the frames that reached the device at 1, 5 and 10
  minutes (goal: within one output block of its value at the start, not growing), and
  peak RSS above the process's RSS before the player was made. Floor for the error: one
  block.
* the player's CPU (all its threads) against a native player: ALSA's ``aplay`` playing a
  minute to the same device (CPU seconds per second of audio, via rusage).
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from painease.audio.outputs import BLOCK_FRAMES as BLOCK  # noqa: E402
from tests.audio import rigs  # noqa: E402  (the same rig the tests use)
from tests.audio.sessions import RATE, clip_session  # noqa: E402


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def first_frame(folder: Path) -> None:
    import sounddevice as sd

    from painease.audio.player import Player

    started = []
    stream = sd.OutputStream(samplerate=RATE, channels=2, blocksize=BLOCK,
                             callback=lambda out, *_: (out.fill(0), started.append(1)))
    begin = time.perf_counter()
    stream.start()
    while not started:
        time.sleep(0.0002)
    floor = time.perf_counter() - begin
    stream.close()

    player = Player(clip_session(folder, seconds=20), folder)
    begin = time.perf_counter()
    player.play()
    while player.engine.position == 0:
        time.sleep(0.0002)
    ours = time.perf_counter() - begin
    player.close()
    print(f"play -> first frame out: {ours * 1000:.0f} ms "
          f"(bare stream start: {floor * 1000:.0f} ms, x{ours / floor:.1f})")


def long_run(folder: Path, rig: rigs.JackRig, minutes: float) -> None:
    from painease.audio.player import Player

    idle = rss_mb()
    player = Player(clip_session(folder, seconds=3600), folder, ambience="soft-rain",
                    block_frames=int(os.environ.get("BENCH_BLOCK", BLOCK)))  # try others
    busy = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    peak, errors = idle, {}
    marks = [m for m in (1, 5, 10, 30) if m <= minutes]
    cpu_start = resource.getrusage(resource.RUSAGE_SELF)
    try:
        player.play()
        begin = time.monotonic()
        first = None
        while (elapsed := time.monotonic() - begin) < minutes * 60:
            time.sleep(0.5)
            played = rig.capture_path.stat().st_size // 8 if rig.capture_path.exists() else 0
            error = player.engine.position - played
            if first is None and elapsed > 5:
                first = error
            for mark in marks:
                if mark not in errors and elapsed >= mark * 60 - 1:  # the last sample counts
                    errors[mark] = error - first
            peak = max(peak, rss_mb())
        status = player.status()
    finally:
        busy.kill()
        busy.wait()
        cpu_end = resource.getrusage(resource.RUSAGE_SELF)
        player.close()
    cpu = (cpu_end.ru_utime + cpu_end.ru_stime) - (cpu_start.ru_utime + cpu_start.ru_stime)
    print(f"real-time run, {minutes:g} min of a 60-min session, other core busy: "
          f"{status.underruns} under-runs, "
          f"{player.engine.counters.device_underflows} device underflows (goal 0)")
    drift = ", ".join(f"{m} min {errors[m]:+d} frames" for m in marks if m in errors)
    print(f"position error vs frames delivered to the device, relative to 5 s in: {drift} "
          f"(floor: one block = {BLOCK} frames)")
    print(f"RSS: {idle:.0f} MB before the player, peak {peak:.0f} MB "
          f"(+{peak - idle:.0f} MB; goal <= 150 MB and flat)")
    print(f"player CPU: {cpu / (minutes * 60) * 1000:.1f} ms per second of audio "
          "(all threads: callback, reader, watchdog)")
    native_player(folder, rig)


def native_player(folder: Path, rig: rigs.JackRig) -> None:
    """CPU of ALSA's own aplay (alsa-utils) playing a minute to the same device."""
    aplay = shutil.which("aplay")
    if aplay is None:
        print("native player: aplay is not installed; no comparison")
        return
    import numpy as np
    import soundfile

    wav = folder / "native.wav"
    # The rig's ALSA jack plugin takes float samples only (there is no plug in front).
    soundfile.write(wav, np.zeros((60 * RATE, 2), np.float32), RATE, subtype="FLOAT")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run([aplay, "-q", str(wav)], check=False, capture_output=True,
                          text=True, env=dict(os.environ, **rig.env_vars))
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        print(f"native player: aplay failed ({done.stderr.strip()[:120]})")
        return
    used = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    print(f"native player (aplay) CPU: {used / 60 * 1000:.1f} ms per second of audio")


def main(argv: list[str]) -> int:
    minutes = float(argv[0]) if argv else 10.0
    missing = rigs.missing_requirements("jack")
    if missing:
        print("skipped: the JACK rig is unavailable: " + "; ".join(missing))
        return 0
    with tempfile.TemporaryDirectory() as tmp, rigs.JackRig(Path(tmp) / "jack") as rig:
        first_frame(Path(tmp))
        long_run(Path(tmp), rig, minutes)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
