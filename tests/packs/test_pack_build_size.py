"""`pack build` refuses a set whose files add up to more than a patient's import takes
(``safezip.MAX_TOTAL_BYTES``, 256 MiB), at build, with the limit and what to do: each clip
was checked against the 64 MiB per-file limit, the total only at the patient's import.

A real build from a therapist's home with real WAV clips written by libsndfile."""

from __future__ import annotations

import re
import shutil

import numpy as np
import pytest
import soundfile

from painease.packs import safezip
from painease.packs.pack import PackError, build_pack
from painease.packs.safezip import read_zip
from tests.packs.conftest import make_program

STEP = """
[[steps]]
phase = "settle"
text = "Part {n}."
clip = "calm-corner/part{n}.wav"
pause = {{ min = 1, weight = 1 }}
"""


def write_parts(home, count: int, seconds: float) -> list:
    """calm-corner with ``count`` steps, each with its own clip of ``seconds`` of silence,
    8 channels of 32-bit float at 192 kHz (about 5.9 MiB a second); the first clip copied."""
    script = home / "scripts" / "calm-corner.toml"
    head = script.read_text(encoding="utf-8").split("[[steps]]")[0]
    script.write_text(head + "".join(STEP.format(n=n) for n in range(count)), encoding="utf-8")
    clips = [home / "audio" / "calm-corner" / f"part{n}.wav" for n in range(count)]
    rate = 192_000
    soundfile.write(clips[0], np.zeros((round(seconds * rate), 8), dtype="float32"), rate,
                    subtype="FLOAT")
    for clip in clips[1:]:
        shutil.copyfile(clips[0], clip)
    return clips


def test_a_set_larger_in_all_than_a_pack_may_carry_is_refused_at_build(homes, therapist,
                                                                      tmp_path):
    # Five clips of 55 MiB: each under the 64 MiB per-file limit, 275 MiB in all. The pack
    # was built, and only the patient's import refused it ("its files add up to more than
    # 268,435,456 bytes"), with nothing the patient can do.
    homes.use(homes.therapist)
    clips = write_parts(homes.therapist, 5, seconds=55 * (1 << 20) / (192_000 * 8 * 4))
    sizes = [clip.stat().st_size for clip in clips]
    assert max(sizes) < safezip.MAX_FILE_BYTES < safezip.MAX_TOTAL_BYTES < sum(sizes)
    out = tmp_path / "out" / "big.painease"
    with pytest.raises(PackError) as refused:
        build_pack(make_program(), therapist, out)
    said = str(refused.value)
    total = re.match(r"the set's files add up to (\d+) MiB, ", said)
    script = (homes.therapist / "scripts" / "calm-corner.toml").stat().st_size
    assert total and int(total[1]) == -(-(sum(sizes) + script) // (1 << 20))  # rounded up
    assert said.endswith(
        " MiB, more than the 256 MiB a pack may carry in all, so it could not be imported; "
        "export its clips in a compressed format (Ogg Opus or Vorbis, or FLAC), or use fewer "
        "or shorter clips (the largest: audio/calm-corner/part0.wav 55 MiB, "
        "audio/calm-corner/part1.wav 55 MiB, audio/calm-corner/part2.wav 55 MiB)")
    assert not out.exists() and list(out.parent.glob("*")) == []


def test_the_whole_pack_with_its_manifest_is_held_to_the_limit(homes, therapist, tmp_path,
                                                              monkeypatch):
    # The limit lowered (a pack of 256 MiB takes long to build): clips that fit but, with
    # the manifest, signature and key the import counts too, do not are refused; the same
    # set fits under a limit that leaves room for those, and the import takes it.
    homes.use(homes.therapist)
    clips = write_parts(homes.therapist, 2, seconds=0.5)
    on_disk = sum(c.stat().st_size for c in clips) + \
        (homes.therapist / "scripts" / "calm-corner.toml").stat().st_size
    monkeypatch.setattr(safezip, "MAX_TOTAL_BYTES", on_disk + 100)
    out = tmp_path / "out" / "set.painease"
    with pytest.raises(PackError, match=r"^the set's files add up to \d+ MiB, more than the "
                                        r"\d+ MiB a pack may carry in all"):
        build_pack(make_program(), therapist, out)
    assert not out.exists()
    monkeypatch.setattr(safezip, "MAX_TOTAL_BYTES", on_disk + 64 * 1024)
    build_pack(make_program(), therapist, out)
    assert set(read_zip(out)) >= {f"audio/calm-corner/part{n}.wav" for n in range(2)}
