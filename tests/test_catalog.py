"""The catalog: clips measured from real audio files, missing ones and duplicates refused."""

from __future__ import annotations

import io
import re
import struct
from pathlib import Path

import numpy as np
import pytest
import soundfile

from painease import catalog as catalog_module
from painease import paths
from painease.audio.clips import ClipError, decoded_seconds, file_problem, wav_shortfall
from painease.catalog import check_files, load_catalog
from painease.domain.timeline import SegmentKind

SCRIPT = """\
format = 1
id = "{id}"
title = "With clips"
kind = "relaxation"
summary = "s"
when_to_use = "w"
lengths = [{length}]

[[steps]]
phase = "settle"
text = "Hello."
clip = "{id}/hello.{ext}"
pause = {{ min = 1, weight = 1 }}
"""


def write_script(folder: Path, script_id="clipped", length=1, ext="wav") -> Path:
    (folder / "scripts").mkdir(parents=True, exist_ok=True)
    path = folder / "scripts" / f"{script_id}.toml"
    path.write_text(SCRIPT.format(id=script_id, length=length, ext=ext), encoding="utf-8")
    return path


def write_clip(folder: Path, script_id="clipped", seconds=2.5, rate=22050, fmt="wav") -> None:
    clip_dir = folder / "audio" / script_id
    clip_dir.mkdir(parents=True, exist_ok=True)
    tone = 0.1 * np.sin(np.arange(int(seconds * rate)) * 2 * np.pi * 220 / rate)
    soundfile.write(clip_dir / f"hello.{fmt}", tone.astype("float32"), rate)


def test_clip_durations_come_from_the_audio_files(tmp_path):
    path = write_script(tmp_path, ext="flac")
    write_clip(tmp_path, seconds=2.5, fmt="flac")
    catalog = check_files([path])
    assert catalog.problems == []
    entry = catalog.get("clipped")
    assert entry.clip_durations == {"clipped/hello.flac": 2.5}
    speech = entry.fit(1).segments[0]
    assert speech.kind is SegmentKind.SPEECH and speech.frames == 2.5 * 48_000


def test_missing_clip_is_reported_on_its_line(tmp_path):
    path = write_script(tmp_path)
    catalog = check_files([path])
    assert catalog.entries == {}
    [problem] = catalog.problems
    assert problem.line == 12 and "does not exist" in problem.message


def test_undecodable_clip_is_reported(tmp_path):
    path = write_script(tmp_path)
    (tmp_path / "audio" / "clipped").mkdir(parents=True)
    (tmp_path / "audio" / "clipped" / "hello.wav").write_bytes(b"RIFF\x00\x00not audio at all")
    [problem] = check_files([path]).problems
    assert problem.line == 12 and "cannot be decoded" in problem.message
    # Once "…; add the file or remove the clip line": the file is there, only broken.
    assert problem.message.endswith("; the file is there but cannot be played: export it "
                                    "again, or remove the clip line"), problem.message


def write_samples(folder: Path, samples: np.ndarray) -> None:
    clip_dir = folder / "audio" / "clipped"
    clip_dir.mkdir(parents=True, exist_ok=True)
    soundfile.write(clip_dir / "hello.wav", samples.astype("float32"), 48_000, subtype="FLOAT")


def test_check_refuses_a_clip_with_samples_that_are_not_numbers(tmp_path):
    # A float WAV can hold NaN and infinity. Once an all-NaN clip passed check (NaN slipped
    # past the peak check) and the session played nothing for its words; one infinity
    # was said to peak "at +inf dBFS".
    tone = 0.1 * np.sin(np.arange(48_000) * 2 * np.pi * 220 / 48_000)
    one_nan, one_inf = tone.copy(), tone.copy()
    one_nan[100], one_inf[200] = np.nan, -np.inf
    for name, samples in (("all-nan", np.full(48_000, np.nan)), ("one-nan", one_nan),
                          ("one-inf", one_inf)):
        path = write_script(tmp_path / name)
        write_samples(tmp_path / name, samples)
        [problem] = check_files([path]).problems
        assert problem.line == 12
        assert re.fullmatch(r"step 1, clip: the clip \S+hello\.wav holds samples that are not "
                            r"numbers \(NaN or infinity\); it is damaged, export it again",
                            problem.message), (name, problem.message)


def test_check_warns_of_a_clip_that_is_silent_all_through(tmp_path):
    # Once "ok" without a word: the session then played nothing for the step's words.
    from tests.test_cli import painease

    path = write_script(tmp_path)
    write_samples(tmp_path, np.zeros(48_000))
    catalog = check_files([path])
    assert catalog.problems == [] and "clipped" in catalog.entries
    [warning] = catalog.warnings
    assert str(warning) == (f"{path}:12: step 1, clip: the clip "
                            f"{tmp_path / 'audio' / 'clipped' / 'hello.wav'} is silent all "
                            "through, so nothing is heard for this step's words; record "
                            "or export it again")
    done = painease("check", str(path))
    assert done.returncode == 0
    assert done.stdout.splitlines() == [f"{path}:12: warning: {warning.message}",
                                        f"{path}: ok (clipped, fits 1 min)"]


def test_length_the_script_cannot_reach_is_reported_on_lengths(tmp_path):
    path = write_script(tmp_path, length=0.05)  # 3 s: shorter than words + chime
    write_clip(tmp_path)
    [problem] = check_files([path]).problems
    assert problem.line == 7
    assert "cannot be played at 0.05 minutes" in problem.message


def test_duplicate_ids_are_refused(tmp_path):
    first = write_script(tmp_path / "a")
    second = write_script(tmp_path / "b")
    write_clip(tmp_path / "a")
    write_clip(tmp_path / "b")
    catalog = check_files([first, second])
    assert list(catalog.entries) == ["clipped"]
    [problem] = catalog.problems
    assert problem.file == str(second) and problem.line == 2
    assert "already used by" in problem.message


def test_user_scripts_join_the_bundled_ones_and_bad_ones_are_skipped():
    home = paths.data_dir()
    write_script(home, script_id="my-own")
    write_clip(home, script_id="my-own")
    (home / "scripts" / "broken.toml").write_text("format = 1\n", encoding="utf-8")
    # Nested past the recursion limit: once a RecursionError that lost every session.
    (home / "scripts" / "nested.toml").write_text("a = " + "[" * 100_000, encoding="utf-8")
    catalog = load_catalog()
    assert catalog.get("my-own").origin == "user"
    assert catalog.get("paced-breathing").origin == "bundled"
    assert any(p.file.endswith("broken.toml") for p in catalog.problems)
    assert any(p.file.endswith("nested.toml") and "nested far too deeply" in p.message
               for p in catalog.problems)


def test_a_bad_user_script_costs_only_itself():
    home = paths.data_dir()
    write_script(home, script_id="my-own")
    write_clip(home, script_id="my-own")
    folder = home / "scripts"
    tiny = SCRIPT.format(id="tiny-breath", length=1, ext="wav").replace(
        'phase = "settle"', 'phase = "breathing"').replace(
        'clip = "tiny-breath/hello.wav"',
        "breath = { inhale = 1e-9, exhale = 1e-9, cycles = { min = 1 } }")
    (folder / "tiny-breath.toml").write_text(tiny, encoding="utf-8")
    nul = SCRIPT.format(id="nul-clip", length=1, ext="wav").replace("hello.wav", "a\\u0000.wav")
    (folder / "nul-clip.toml").write_text(nul, encoding="utf-8")
    catalog = load_catalog()
    assert {"paced-breathing", "my-own"} <= set(catalog.entries)
    assert "tiny-breath" not in catalog.entries and "nul-clip" not in catalog.entries
    said = [f"{Path(p.file).name}: {p.message}" for p in catalog.problems]
    assert "tiny-breath.toml: step 1, breath, inhale: 1e-09 is out of range: it must be at " \
           "least 0.5 (seconds breathing in)" in said
    assert "nul-clip.toml: step 1, clip: clip holds characters that do not show (U+0000); " \
           "name the file with visible characters only" in said


def test_an_error_no_check_foresaw_skips_only_its_file(monkeypatch):
    # The checks above stop every error found so far; this stands in for the next one.
    home = paths.data_dir()
    write_script(home, script_id="my-own")
    write_clip(home, script_id="my-own")
    real_fit = catalog_module.fit_timeline

    def fit(script, *args, **kwargs):
        if script.id == "my-own":
            raise ZeroDivisionError("integer division or modulo by zero")
        return real_fit(script, *args, **kwargs)

    monkeypatch.setattr(catalog_module, "fit_timeline", fit)
    catalog = load_catalog()
    assert "paced-breathing" in catalog.entries and "my-own" not in catalog.entries
    [problem] = [p for p in catalog.problems if p.file.endswith("my-own.toml")]
    assert problem.line == 1 and "cannot be used: an unexpected error while checking it " \
        "(ZeroDivisionError: integer division or modulo by zero)" in problem.message


def test_a_name_no_file_can_have_is_said_not_raised():
    # os.stat raises ValueError ("embedded null byte") rather than an OSError.
    assert file_problem(Path("odd/a\x00b.ogg"), "clip file") == (
        "the clip file name 'odd/a\\x00b.ogg' holds characters no file name can have")


def test_many_missing_clips_are_each_on_their_line_from_one_index(tmp_path, monkeypatch):
    from painease.domain import script_locator

    indexed = []
    real_blocks = script_locator._blocks
    monkeypatch.setattr(script_locator, "_blocks",
                        lambda lines: indexed.append(1) or real_blocks(lines))
    path = write_script(tmp_path)
    extra = '[[steps]]\nphase = "settle"\ntext = "Hi."\nclip = "gone/{}.wav"\n'
    with path.open("a", encoding="utf-8") as file:
        file.write("".join(extra.format(n) for n in range(300)))
    problems = check_files([path]).problems
    assert [(p.line, p.message.split(":")[0]) for p in problems] == [
        (12, "step 1, clip"), *((17 + 4 * n, f"step {n + 2}, clip") for n in range(300))]
    assert len(indexed) == 1


def test_check_compares_ids_with_the_whole_library_but_not_a_files_own_copy(tmp_path):
    home = paths.data_dir()
    installed = write_script(home, script_id="my-own")
    write_clip(home, script_id="my-own")
    draft = write_script(tmp_path / "drafts", script_id="paced-breathing")
    write_clip(tmp_path / "drafts", script_id="paced-breathing")
    [problem] = check_files([draft]).problems
    bundled = load_catalog().get("paced-breathing").path
    assert (problem.file, problem.line) == (str(draft), 2)
    assert problem.message == ("id: 'paced-breathing' is already used by “Paced breathing”, "
                               f"a bundled script ({bundled}); give this script a different id")
    # The installed file itself, and a new version of it under the same name, are fine...
    new_version = write_script(tmp_path / "edits", script_id="my-own")
    write_clip(tmp_path / "edits", script_id="my-own")
    assert check_files([installed, new_version]).problems[0].file == str(new_version)
    assert check_files([installed]).problems == []
    assert check_files([new_version]).problems == []
    # ... but another file that takes the id is not.
    other = new_version.rename(new_version.with_name("copy.toml"))
    [problem] = check_files([other]).problems
    assert problem.message.startswith(
        f"id: 'my-own' is already used by “With clips”, one of your scripts ({installed})")


def test_check_decodes_clips_to_the_end(tmp_path):
    # Both once passed: their headers are intact, and only the header was read.
    flac = write_script(tmp_path / "flac", ext="flac")
    write_clip(tmp_path / "flac", seconds=3, rate=48_000, fmt="flac")
    mp3 = write_script(tmp_path / "mp3", ext="mp3")
    write_clip(tmp_path / "mp3", seconds=3, rate=44_100, fmt="mp3")
    for folder, ext in ((tmp_path / "flac", "flac"), (tmp_path / "mp3", "mp3")):
        clip = folder / "audio" / "clipped" / f"hello.{ext}"
        data = clip.read_bytes()
        clip.write_bytes(data[: len(data) // 2])
    [cut_flac] = check_files([flac]).problems
    assert cut_flac.line == 12
    assert re.search(r"hello\.flac stops decoding after 1\.\d\d s \(.*\); it is damaged or "
                     "cut short, export it again", cut_flac.message), cut_flac.message
    [cut_mp3] = check_files([mp3]).problems
    assert re.search(r"hello\.mp3 decodes to 1\.\d\d s but its header says 3\.00 s; it is "
                     "damaged or cut short", cut_mp3.message), cut_mp3.message


@pytest.mark.parametrize("subtype", ["PCM_16", "FLOAT"])
def test_check_refuses_a_wav_cut_short_though_it_decodes(tmp_path, subtype):
    """libsndfile decodes the part of a cut WAV that is there and says nothing; its RIFF
    header still gives the whole length. An intact WAV, with a chunk before its audio and
    one after, passes."""
    script = write_script(tmp_path, ext="wav")
    write_clip(tmp_path, seconds=2, rate=48_000, fmt="wav")
    clip = tmp_path / "audio" / "clipped" / "hello.wav"
    tone = 0.5 * np.sin(np.arange(2 * 48_000) * 2 * np.pi * 220 / 48_000)
    soundfile.write(clip, tone.astype("float32"), 48_000, subtype=subtype)
    assert check_files([script]).problems == []
    data = clip.read_bytes()
    clip.write_bytes(data[: len(data) // 2])
    [cut] = check_files([script]).problems
    assert cut.line == 12
    assert re.search(r"hello\.wav holds (0\.9\d|1\.00) s but its header says 2\.00 s; it is "
                     "damaged or cut short, export it again", cut.message), cut.message
    with pytest.raises(ClipError, match="cut short"):  # a pack's clip, decoded from memory
        decoded_seconds(io.BytesIO(clip.read_bytes()), "audio/hello.wav")


def test_a_wav_with_chunks_around_its_audio_is_whole(tmp_path):
    clip = tmp_path / "tone.wav"
    soundfile.write(clip, np.zeros(48_000, dtype="float32") + 0.1, 48_000, subtype="PCM_16")
    riff = bytearray(clip.read_bytes())
    fmt_end = 12 + 8 + struct.unpack("<I", riff[16:20])[0]
    odd = b"LIST" + struct.pack("<I", 5) + b"abcde" + b"\0"  # odd size: one pad byte
    riff[fmt_end:fmt_end] = odd
    riff += b"junk" + struct.pack("<I", 4) + b"1234"
    riff[4:8] = struct.pack("<I", len(riff) - 8)
    clip.write_bytes(bytes(riff))
    assert wav_shortfall(clip) == (96_000, 96_000)
    assert decoded_seconds(clip, "tone.wav") == pytest.approx(1.0)
    assert wav_shortfall(tmp_path / "missing.wav") == (0, 0)


def write_hot_clip(folder: Path, peak: float, fmt: str, subtype: str) -> None:
    """A clip in a float format whose samples reach ``peak`` (1.0 is full scale)."""
    rate = 48_000
    clip_dir = folder / "audio" / "clipped"
    clip_dir.mkdir(parents=True, exist_ok=True)
    tone = peak * np.sin(np.arange(2 * rate) * 2 * np.pi * 220 / rate)
    soundfile.write(clip_dir / f"hello.{fmt}", tone.astype("float32"), rate, subtype=subtype)


def test_check_refuses_a_float_clip_that_peaks_past_full_scale(tmp_path):
    # A float WAV and an Ogg Vorbis clip keep samples past ±1.0; the mixer could only clip
    # them, which is heard as distortion. Once check said nothing ("ok").
    for fmt, subtype in (("wav", "FLOAT"), ("ogg", "VORBIS")):
        folder = tmp_path / fmt
        path = write_script(folder, ext=fmt)
        write_hot_clip(folder, 1.5, fmt, subtype)  # +3.5 dBFS
        [problem] = check_files([path]).problems
        assert (problem.file, problem.line) == (str(path), 12)
        assert re.fullmatch(
            rf"step 1, clip: the clip \S+hello\.{fmt} peaks at \+3\.\d dBFS, past full scale, "
            r"so its loudest parts would play distorted; lower its level until it peaks "
            r"below 0 dBFS \(normalise it to -1 dBFS\) and export it again",
            problem.message), problem.message
    # Full scale itself, or a lossy codec's overshoot of a few tenths of a dB, is fine.
    for peak, fmt, subtype in ((1.0, "wav", "FLOAT"), (1.04, "wav", "FLOAT")):
        folder = tmp_path / f"fine-{peak}"
        path = write_script(folder, ext=fmt)
        write_hot_clip(folder, peak, fmt, subtype)
        assert check_files([path]).problems == [], peak


def test_the_library_reads_only_a_hot_clips_header():
    # Loading the library decodes nothing (it runs at every start): a hot clip is check's
    # and import's to find, and the script stays listed.
    home = paths.data_dir()
    write_script(home)
    write_hot_clip(home, 1.5, "wav", "FLOAT")
    assert "clipped" in load_catalog().entries
