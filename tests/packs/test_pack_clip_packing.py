"""How a pack's clips go into its zip, and come out of it at the patient's import.

A clip deflates into the pack, except one that deflates so well the patient's import
would take it for a zip bomb (``safezip.MAX_RATIO``), which is stored as it is; a clip
over the per-file limit is refused at build; a refused zip is closed, not left open; a
clip a decoder seeks in (Ogg Vorbis: libsndfile reads its end for the length, then goes
back) is read from the right place in the pack. A mutation probe changed each of these
(the deflated size left uncounted, the size check skipped, the stored margin put at the
limit itself, the zip left open, a seek dropped) and no test failed.

Real packs built from a therapist's home with real clips written by libsndfile, real
zips, imports into a real SQLite file.
"""

from __future__ import annotations

import os
import zipfile
import zlib
from datetime import date
from pathlib import Path

import numpy as np
import pytest
import soundfile

from painease.packs import pack_zip, safezip
from painease.packs.install import import_pack
from painease.packs.pack import PackError, build_pack
from painease.packs.safezip import UnsafeZipError, read_zip
from tests.packs.conftest import make_program
from tests.packs.homes import CUSTOM

CLIP = "audio/calm-corner/hello.wav"
RATE = 22050


def write_clip(home: Path, samples: np.ndarray, name: str = "hello.wav", **kw) -> Path:
    """calm-corner's clip, ``samples`` (mono) written over it; calm-corner's script naming
    ``name`` as its clip."""
    script = home / "scripts" / "calm-corner.toml"
    script.write_text(CUSTOM.format(id="calm-corner").replace("hello.wav", name),
                      encoding="utf-8")
    clip = home / "audio" / "calm-corner" / name
    soundfile.write(clip, samples, RATE, **kw)
    return clip


def tone(seconds: float) -> np.ndarray:
    return (0.1 * np.sin(np.arange(round(seconds * RATE)) * 2 * np.pi * 220 / RATE)
            ).astype("float32")


def entry(pack: Path, name: str = CLIP) -> zipfile.ZipInfo:
    with zipfile.ZipFile(pack) as archive:
        return archive.getinfo(name)


@pytest.mark.parametrize("seconds", [1.6, 2, 4])
def test_a_compressible_clip_is_deflated_in_the_pack(homes, therapist, make_pack, store,
                                                     seconds):
    # 70 to 176 KB of a quiet tone (over the 64 KiB below which any ratio is allowed)
    # deflate 15 to 33 times: well inside the limit, so deflated, and the import takes it.
    write_clip(homes.therapist, tone(seconds), subtype="PCM_16")
    pack = make_pack(make_program())
    clip = entry(pack)
    assert clip.file_size > safezip.RATIO_FLOOR_BYTES
    assert clip.compress_type == zipfile.ZIP_DEFLATED
    assert clip.compress_size * 10 < clip.file_size
    assert import_pack(pack, store, today=date(2026, 11, 2)).status == "new"


def test_a_clip_that_deflates_60_times_is_stored(homes, therapist, make_pack, store):
    # Within the import's limit of 100, but past half of it: stored, so no few bytes more
    # or less in the zip's deflate than in zlib's can take it over the limit.
    data = write_clip(homes.therapist, tone(10), subtype="PCM_16").read_bytes()
    assert 50 < len(data) / len(zlib.compress(data)) < 100
    pack = make_pack(make_program())
    assert entry(pack).compress_type == zipfile.ZIP_STORED
    assert import_pack(pack, store, today=date(2026, 11, 2)).status == "new"


def silence_after_noise(noisy: int) -> np.ndarray:
    """30 s of 16-bit samples: ``noisy`` of noise (always the same), then silence."""
    samples = np.zeros(30 * RATE, dtype="int16")
    samples[:noisy] = np.random.default_rng(7).integers(-20000, 20000, noisy)
    return samples


def test_a_clip_just_under_the_ratio_in_zlib_is_not_refused_at_import(
        homes, therapist, make_pack, store, tmp_path):
    # zlib deflates it 99.9 times; the zip's deflate, 6 bytes shorter (no zlib header
    # and checksum), over 100 times, which the import refuses as a zip bomb. Stored, as
    # every clip past half the limit is, the patient's import takes it.
    probe = tmp_path / "probe.wav"

    def over(noisy: int) -> tuple[int, int]:
        soundfile.write(probe, silence_after_noise(noisy), RATE, subtype="PCM_16")
        data = probe.read_bytes()
        return len(data), len(zlib.compress(data))

    low, high = 0, 30 * RATE  # the fewest noisy samples for zlib's ratio to be <= 100
    while low < high:
        middle = (low + high) // 2
        size, deflated = over(middle)
        low, high = (middle + 1, high) if size > 100 * deflated else (low, middle)
    size, deflated = over(low)
    assert size <= 100 * deflated and size > 100 * (deflated - 6), (size, deflated)
    write_clip(homes.therapist, silence_after_noise(low), subtype="PCM_16")
    pack = make_pack(make_program())
    assert import_pack(pack, store, today=date(2026, 11, 2)).status == "new"
    clip = entry(pack)
    assert clip.file_size == size and clip.compress_type == zipfile.ZIP_STORED


def test_a_clip_over_the_limit_for_one_file_is_refused_at_build(homes, therapist, tmp_path,
                                                                monkeypatch):
    # The limit lowered to 1 MiB (a clip of 64 MiB takes long to write and read): a clip
    # of 1.3 MB is refused with the limit, at build, not by the patient's import.
    monkeypatch.setattr(pack_zip, "MAX_FILE_BYTES", 1 << 20)
    monkeypatch.setattr(safezip, "MAX_FILE_BYTES", 1 << 20)
    clip = write_clip(homes.therapist, tone(30), subtype="PCM_16")
    assert clip.stat().st_size > 1 << 20
    out = tmp_path / "out" / "big.painease"
    homes.use(homes.therapist)
    with pytest.raises(PackError) as refused:
        build_pack(make_program(), therapist, out)
    assert str(refused.value) == (f"cannot read {clip}: it is larger than 1 MiB, far more "
                                  "than a pack may carry in one file")
    assert not out.exists()


def open_on(path: Path) -> list[str]:
    """This process's open file descriptors on ``path``."""
    found = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            if os.readlink(f"/proc/self/fd/{fd}") == str(path):
                found.append(fd)
        except OSError:  # closed meanwhile (the listing's own)
            pass
    return found


@pytest.mark.parametrize(("name", "why"), [("../outside.txt", "points outside the pack"),
                                          ("a\\b.txt", "holds a backslash")])
def test_a_refused_zip_is_closed(tmp_path, name, why):
    hostile = tmp_path / "hostile.zip"
    with zipfile.ZipFile(hostile, "w") as archive:
        archive.writestr(name, b"x")
    with pytest.raises(UnsafeZipError) as refused:
        read_zip(hostile)
    # The error still held, with its traceback (as a caller that says it holds it): the
    # zip must be closed by read_zip, not by the garbage collector later.
    assert why in str(refused.value)
    assert open_on(hostile) == []


def test_an_ogg_clip_decoded_from_the_pack_comes_out_as_it_went_in(homes, therapist,
                                                                   make_pack, store):
    samples = tone(3)
    original = write_clip(homes.therapist, samples, name="hello.ogg", format="OGG",
                          subtype="VORBIS")
    expected, _ = soundfile.read(original, dtype="float32")
    program = make_program()
    pack = make_pack(program)
    member = read_zip(pack)["audio/calm-corner/hello.ogg"]
    # Through the reader the import decodes it with: the length read from the end first.
    with member.open() as handle, soundfile.SoundFile(handle) as clip:
        assert clip.frames == len(expected)
        clip.seek(RATE)  # a second in, and back to the start
        middle = clip.read(RATE, dtype="float32")
        clip.seek(0)
        whole = clip.read(dtype="float32")
    np.testing.assert_array_equal(middle, expected[RATE:2 * RATE])
    np.testing.assert_array_equal(whole, expected)
    assert import_pack(pack, store, today=date(2026, 11, 2)).status == "new"
    installed = homes.patient / "packs" / program.id / "audio" / "calm-corner" / "hello.ogg"
    got, rate = soundfile.read(installed, dtype="float32")
    assert rate == RATE
    np.testing.assert_array_equal(got, expected)
