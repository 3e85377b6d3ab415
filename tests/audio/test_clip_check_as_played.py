"""``painease check`` judges a clip as it plays: play takes its DC offset out
(``painease.audio.dc``), so check measures peak and clipping around the offset, and warns
of an offset play cannot take out. Once check and the render disagreed three ways: a clip
whose offset began 30 s in was "4% off centre; it plays with the offset taken out" and
rendered with +0.15 DC from there on; a clean float sine lifted by 0.15 was "clipped
12.1%"; a lopsided clip peaking at 0.95 with an offset of 0.14 passed check, and the render
said it peaked past full scale."""

from __future__ import annotations

import numpy as np
import pytest
import soundfile

from painease.audio import clips
from painease.audio.engine import MixSettings
from painease.audio.render import render_session
from painease.domain.timeline import SegmentKind

from .sessions import RATE, clip_session

QUIET = MixSettings(tones=0.0, ambience=0.0)


def sine(amplitude: float, seconds: float, rate: int) -> np.ndarray:
    return amplitude * np.sin(2 * np.pi * 200 * np.arange(round(seconds * rate)) / rate)


def played(tmp_path, name: str) -> tuple[np.ndarray, list[str]]:
    """The clip ``s/name`` as a session renders it, and what the render said."""
    timeline = clip_session(tmp_path, seconds=60, clips={f"s/{name}": f"s/{name}"})
    [segment] = [s for s in timeline.segments if s.kind is SegmentKind.SPEECH]
    audio, problems = render_session(timeline, tmp_path, settings=QUIET)
    return audio[segment.start : segment.end, 0], problems


def test_an_offset_that_starts_part_way_is_said_to_stay_in(tmp_path):
    rate = 44_100
    path = tmp_path / "s" / "joined.wav"
    path.parent.mkdir(parents=True)
    samples = sine(0.1, 40, rate)
    samples[30 * rate :] += 0.15  # a second take, from another chain, joined at 30 s
    soundfile.write(path, samples, rate, subtype="PCM_16")
    audio, problems = played(tmp_path, "joined.wav")
    assert problems == []
    assert abs(audio[32 * RATE : 38 * RATE].mean() - 0.15) < 0.01  # play leaves it in…
    notes = clips.clip_notes("s/joined.wav", clips.checked_clip(path, "s/joined.wav"))
    assert notes == [  # …and check says so, not that it is taken out
        "the clip s/joined.wav has a DC offset that changes part-way (two takes joined?), "
        "so it cannot all be taken out as it plays; remove the offset from each part (a DC "
        "offset or high-pass filter) and export it again"]
    # The same offset all through is taken out, and said as that.
    soundfile.write(path, sine(0.1, 40, rate) + 0.15, rate, subtype="PCM_16")
    audio, _ = played(tmp_path, "joined.wav")
    assert abs(audio[32 * RATE : 38 * RATE].mean()) < 1e-3
    [note] = clips.clip_notes("s/joined.wav", clips.checked_clip(path, "s/joined.wav"))
    assert "sits 15% of full scale off centre); it plays with the offset taken out" in note


def test_a_clean_clip_with_an_offset_is_not_called_clipped(tmp_path):
    path = tmp_path / "s" / "up.wav"
    path.parent.mkdir(parents=True)
    soundfile.write(path, (sine(0.9, 3, RATE) + 0.15).astype("float32"), RATE,
                    subtype="FLOAT")  # raw samples reach 1.05, 12 % of them past 0.99
    audio, problems = played(tmp_path, "up.wav")
    assert problems == [] and np.abs(audio).max() == pytest.approx(0.9, abs=0.01)
    clip = clips.checked_clip(path, "s/up.wav")
    assert clip.peak == pytest.approx(0.9, abs=0.01) and clip.clipped == 0.0
    assert not [n for n in clips.clip_notes("s/up.wav", clip) if " is clipped (" in n]


def test_a_clip_clipped_at_full_scale_with_an_offset_is_still_called_clipped(tmp_path):
    # A recorder that adds 0.1 and then clips at full scale: flat tops at +1 and -1, one
    # of them short of full scale once the offset is out.
    path = tmp_path / "s" / "hard.wav"
    path.parent.mkdir(parents=True)
    soundfile.write(path, np.clip(sine(2.0, 3, RATE) + 0.1, -1, 1), RATE, subtype="PCM_16")
    clip = clips.checked_clip(path, "s/hard.wav")
    raw = soundfile.read(path)[0]
    assert clip.clipped == pytest.approx(np.mean(np.abs(raw) >= 0.99), abs=0.01)
    assert " is clipped (" in clips.clip_notes("s/hard.wav", clip)[0]


def test_a_lopsided_clip_past_full_scale_once_its_offset_is_out_is_refused(tmp_path):
    path = tmp_path / "s" / "lopsided.wav"
    path.parent.mkdir(parents=True)
    wave = np.sin(2 * np.pi * 200 * np.arange(3 * RATE) / RATE)
    wave = np.where(wave > 0, 1.0, 0.25) * wave
    wave = wave - wave.mean() - 0.1
    wave *= 0.95 / wave.max()  # peaks at 0.95 as the file holds it; 1.09 as it plays
    soundfile.write(path, wave.astype("float32"), RATE, subtype="FLOAT")
    audio, problems = played(tmp_path, "lopsided.wav")
    [said] = problems
    with pytest.raises(clips.ClipTooLoud) as refused:
        clips.checked_clip(path, str(path))
    # The same words and the same dB: "would play" as check has not played it.
    assert refused.value.problem.replace("would play", "play") in said
