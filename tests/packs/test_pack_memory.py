"""Building and importing a pack hold it a piece at a time, never whole: a pack may carry
256 MiB, and a patient's or therapist's computer may be small. Both held a pack of 37 MiB
in memory, the build about 2.6 times over (every clip, then the zip made in memory), the
import 1.7 times (every entry read whole to be checked, then written).

A real build from a therapist's home with real WAV clips of noise written by libsndfile,
imported into a real patient's home; memory is what Python allocates (``tracemalloc``,
numpy's arrays included), at its highest while each runs."""

from __future__ import annotations

import tracemalloc

import numpy as np
import soundfile

from painease.packs.install import import_pack
from painease.packs.pack import build_pack
from tests.packs.conftest import make_program

STEP = """
[[steps]]
phase = "settle"
text = "Part {n}."
clip = "calm-corner/part{n}.wav"
pause = {{ min = 1, weight = 1 }}
"""
CLIPS, CLIP_BYTES = 5, 8 << 20  # 40 MiB of clips; noise, so the zip keeps their size


def write_noise_parts(home) -> None:
    """calm-corner with ``CLIPS`` steps, each with its own clip of quiet noise, stereo
    32-bit float at 192 kHz (about 5.5 s each: the script's 1-minute length still fits)."""
    script = home / "scripts" / "calm-corner.toml"
    head = script.read_text(encoding="utf-8").split("[[steps]]")[0]
    script.write_text(head + "".join(STEP.format(n=n) for n in range(CLIPS)), encoding="utf-8")
    noise = np.random.default_rng(7)
    for n in range(CLIPS):
        frames = CLIP_BYTES // (2 * 4)
        soundfile.write(home / "audio" / "calm-corner" / f"part{n}.wav",
                        (0.05 * noise.standard_normal((frames, 2))).astype("float32"),
                        192_000, subtype="FLOAT")


def peak_of(work):
    """What ``work()`` returns, and the most memory Python held for it at once."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        result = work()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_pack_is_built_and_imported_without_holding_it_in_memory(homes, therapist, store,
                                                                 make_pack, tmp_path):
    # A small pack first: the modules both load late are loaded before memory is counted.
    assert import_pack(make_pack(make_program(), "small.painease"), store).status == "new"
    homes.use(homes.therapist)
    write_noise_parts(homes.therapist)
    out = tmp_path / "out" / "big.painease"
    built, build_peak = peak_of(lambda: build_pack(make_program(version=2), therapist, out))
    size = built.stat().st_size
    assert size > 36 << 20
    homes.use(homes.patient)
    result, import_peak = peak_of(lambda: import_pack(out, store))
    assert result.status == "new"
    installed = homes.patient / "packs" / result.program.id / "audio" / "calm-corner"
    assert sorted(p.stat().st_size for p in installed.iterdir()) == \
        sorted((homes.therapist / "audio" / "calm-corner" / f"part{n}.wav").stat().st_size
               for n in range(CLIPS))
    mib = 1 << 20
    said = (f"pack {size / mib:.1f} MiB; at most {build_peak / mib:.1f} MiB held building "
            f"it, {import_peak / mib:.1f} MiB importing it")
    assert build_peak < size / 4 and import_peak < size / 4, said
