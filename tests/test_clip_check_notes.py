"""``painease check`` warns of a clip that plays, but not as meant, or that cannot go in a
pack: each once passed as "ok" without a word (a probe with real field recordings)."""

from __future__ import annotations

import numpy as np
import soundfile

from painease.audio import clips
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
    assert getattr(clips, "PACK_FILE_BYTES", None) == MAX_FILE_BYTES  # one limit, two layers
    assert warnings_of(path) == [
        f"step 1, clip: the clip {clip} is {size / (1 << 20):.0f} MiB, larger than the 64 MiB "
        "a pack may carry in one file, so it cannot go in a pack; export it in a compressed "
        "format (Ogg Opus or Vorbis, or FLAC) or make it shorter"]
