"""``painease check`` warns of a clip that plays, but not as meant, or that cannot go in a
pack: each once passed as "ok" without a word (a probe with real field recordings)."""

from __future__ import annotations

import numpy as np
import soundfile

from painease.audio import clip_notes
from painease.catalog import check_files
from painease.packs.safezip import MAX_FILE_BYTES
from tests.test_catalog import write_script

RATE = 48_000


def write_tone(folder, amplitude: float, seconds: float = 2.0, rate: int = RATE,
               channels: int = 1, subtype: str = "FLOAT"):
    """``audio/clipped/hello.wav`` beside ``write_script``'s script: a 220 Hz tone."""
    clip = folder / "audio" / "clipped" / "hello.wav"
    clip.parent.mkdir(parents=True, exist_ok=True)
    with soundfile.SoundFile(clip, "w", rate, channels, subtype=subtype) as out:
        done, block = 0, rate
        while done < round(seconds * rate):
            count = min(block, round(seconds * rate) - done)
            t = (done + np.arange(count)) / rate
            wave = (amplitude * np.sin(2 * np.pi * 220 * t)).astype("float32")
            out.write(np.repeat(wave[:, None], channels, axis=1))
            done += count
    return clip


def warnings_of(path):
    catalog = check_files([path])
    assert catalog.problems == [] and "clipped" in catalog.entries  # it plays: only warned
    return [w.message for w in catalog.warnings]


def test_a_clip_far_louder_or_quieter_than_the_voice_is_warned_of(tmp_path):
    # A sine's RMS is its amplitude less 3 dB. -9.9 dBFS RMS once played 11.5 dB louder
    # than the bundled voice, and a quiet one 14 dB quieter, and check said "ok".
    for name, amplitude, words in (("loud", 0.45, "about 10 dB louder"),
                                   ("quiet", 0.028, "about 14 dB quieter")):
        path = write_script(tmp_path / name)
        clip = write_tone(tmp_path / name, amplitude)
        [warning] = warnings_of(path)
        level = 20 * np.log10(amplitude / np.sqrt(2))
        assert warning == (
            f"step 1, clip: the clip {clip} is {words} than the app's voice (it measures "
            f"{level:.1f} dBFS, the voice -20), and clips play at their own level, so it will "
            f"sound {'loud' if name == 'loud' else 'faint'} next to the other steps; bring it "
            "to about -20 dBFS RMS (or -20 LUFS) and export it again"), warning
    # Within 6 dB either way, nothing is said; nor of quiet gaps between the words (the
    # level is gated, as the app's recorder measures a take).
    for amplitude in (0.2, 0.08):  # -17 and -25 dBFS
        folder = tmp_path / f"fine-{amplitude}"
        path = write_script(folder)
        write_tone(folder, amplitude)
        assert warnings_of(path) == [], amplitude
    folder = tmp_path / "gaps"
    path = write_script(folder)
    t = np.arange(6 * RATE) / RATE
    speech = 0.14 * np.sin(2 * np.pi * 220 * t) * (t % 2 < 1)  # 1 s on, 1 s silent
    (folder / "audio" / "clipped").mkdir(parents=True)
    soundfile.write(folder / "audio" / "clipped" / "hello.wav", speech.astype("float32"), RATE)
    assert warnings_of(path) == []


def test_a_clip_too_short_to_hold_a_word_is_warned_of(tmp_path):
    # 5 ms: once accepted silently; played, it was all fade, almost nothing.
    for ms in (5, 60):
        folder = tmp_path / f"{ms}"
        path = write_script(folder)
        clip = write_tone(folder, 0.14, seconds=ms / 1000)
        assert warnings_of(path) == [
            f"step 1, clip: the clip {clip} lasts only {ms} ms, too short to hold a word "
            "(clips under 0.1 s are mostly the 5 ms fades at each end), so little or nothing "
            "is heard; check that the whole recording was exported"]
    folder = tmp_path / "enough"
    path = write_script(folder)
    write_tone(folder, 0.14, seconds=0.15)
    assert warnings_of(path) == []


def test_a_clip_larger_than_a_pack_may_carry_is_warned_of_with_the_fix(tmp_path):
    # A 110 MiB clip once passed check ("ok"); pack build then refused it, with no advice.
    path = write_script(tmp_path)
    clip = write_tone(tmp_path, 0.14, seconds=11.5, rate=192_000, channels=8)  # 67 MiB
    size = clip.stat().st_size
    assert size > MAX_FILE_BYTES
    assert getattr(clip_notes, "PACK_FILE_BYTES", None) == MAX_FILE_BYTES  # one limit, two layers
    assert warnings_of(path) == [
        f"step 1, clip: the clip {clip} is {size / (1 << 20):.0f} MiB, larger than the 64 MiB "
        "a pack may carry in one file, so it cannot go in a pack; export it in a compressed "
        "format (Ogg Opus or Vorbis, or FLAC) or make it shorter"]


def test_a_clip_with_a_dc_offset_is_warned_of_and_measured_without_it(tmp_path):
    # A -23 dBFS tone sitting 0.3 off centre once measured -10 dBFS ("10 dB louder than the
    # app's voice"), and nothing was said of the offset, which once reached the output.
    path = write_script(tmp_path)
    clip = write_tone(tmp_path, 0.1)
    samples, rate = soundfile.read(clip)
    soundfile.write(clip, samples + 0.3, rate, subtype="PCM_16")
    assert warnings_of(path) == [
        f"step 1, clip: the clip {clip} has a DC offset (its waveform sits 30% of full scale "
        "off centre); it plays with the offset taken out, but a recording chain that adds "
        "one can add hum or noise too: remove it at the source (a DC offset or high-pass "
        "filter) and export it again"]
    soundfile.write(clip, samples + 0.015, rate, subtype="PCM_16")  # 1.5 %: not worth a word
    assert warnings_of(path) == []


def test_a_hard_clipped_clip_is_warned_of(tmp_path):
    # A clip clipped 24 dB past full scale into a 16-bit WAV (it peaks at full scale, not
    # past it, so it is not refused) once passed check without a word.
    path = write_script(tmp_path)
    clip = write_tone(tmp_path, 0.14)
    samples, rate = soundfile.read(clip)
    soundfile.write(clip, np.clip(samples * 16, -1, 1), rate, subtype="PCM_16")
    [warning] = warnings_of(path)
    share = np.mean(np.abs(soundfile.read(clip)[0]) >= 0.99)
    assert share > 0.5
    assert warning == (
        f"step 1, clip: the clip {clip} is clipped ({share:.1%} of its samples are at full "
        "scale), so it sounds distorted; record or export it again from the original at a "
        "lower level")
    # A clean recording normalised to full scale touches it only at a few peaks.
    noisy = np.random.default_rng(1).standard_normal(len(samples)) * 0.05
    soundfile.write(clip, noisy / np.abs(noisy).max(), rate, subtype="PCM_16")
    assert [w for w in warnings_of(path) if " is clipped (" in w] == []


def test_a_clip_of_one_sample_is_said_to_be_too_short_not_silent(tmp_path):
    path = write_script(tmp_path)
    clip = write_tone(tmp_path, 0.14)
    samples, rate = soundfile.read(clip)
    # One sample, as small as a recording's first often is: once "silent all through... record
    # or export it again", as if the recording were empty rather than cut.
    soundfile.write(clip, [0.0005], rate, subtype="PCM_16")
    assert warnings_of(path) == [
        f"step 1, clip: the clip {clip} lasts less than 1 ms, too short to hold a word "
        "(clips under 0.1 s are mostly the 5 ms fades at each end), so little or nothing "
        "is heard; check that the whole recording was exported"]


def test_a_flac_clip_too_large_for_a_pack_is_told_of_a_smaller_format(tmp_path):
    # "export it in a compressed format (…, or FLAC)" once told of a FLAC clip.
    path = write_script(tmp_path, ext="flac")
    clip = tmp_path / "audio" / "clipped" / "hello.flac"
    clip.parent.mkdir(parents=True)
    rng = np.random.default_rng(1)
    with soundfile.SoundFile(clip, "w", 192_000, 8, subtype="PCM_24") as out:
        for _ in range(17):  # 17 s of noise: FLAC cannot make it much smaller
            out.write((0.1 * rng.standard_normal((192_000, 8))).astype("float32"))
    size = clip.stat().st_size
    assert size > MAX_FILE_BYTES
    assert warnings_of(path) == [
        f"step 1, clip: the clip {clip} is {size / (1 << 20):.0f} MiB, larger than the 64 MiB "
        "a pack may carry in one file, so it cannot go in a pack; export it as Ogg Opus or "
        "Vorbis, which are far smaller than FLAC, or make it shorter"]
