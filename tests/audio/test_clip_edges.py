"""Narration clips that start or stop on a non-zero sample (a therapist's own recording
cut mid-waveform; a DC offset is taken out as a clip plays, ``test_clip_dc``), or stop
early, fade at their edges: no click.
Rendered through ``LayerSource.render`` and the offline mixer, as a patient hears them."""

from __future__ import annotations

import numpy as np
import pytest
import soundfile

from painease.audio import not_numbers
from painease.audio.dc import clip_offset
from painease.audio.engine import MixSettings
from painease.audio.layers import CLIP_EDGE_SECONDS, NARRATION, LayerSource
from painease.audio.render import render_session
from painease.audio.streams import FileStream
from painease.domain.timeline import SegmentKind

from .sessions import RATE, clip_session, tone

LEVEL = 0.4
SINE_HZ = 200
EDGE = round(CLIP_EDGE_SECONDS * RATE)  # 240 frames
# A raised cosine over EDGE frames moves its gain by at most pi / (2 * EDGE) per frame, so
# a clip of peak LEVEL steps by at most LEVEL * pi / (2 * EDGE) (~0.0026) more than the
# clip's own steps: a 200 Hz sine at 0.4 steps by up to ~0.0105. The click was a 0.4 jump.
RAMP_STEP = LEVEL * np.pi / (2 * EDGE)
SINE_STEP = LEVEL * 2 * np.pi * SINE_HZ / RATE


def write(root, name: str, wave: np.ndarray, rate: int = RATE) -> str:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    soundfile.write(path, wave.astype(np.float32), rate)
    return name


def abrupt_session(root):
    """Two clips that jump at both ends: a 1 Hz cosine, near 0.4 at both (a DC offset is
    taken out as a clip plays, ``test_clip_dc``: this is the step one made), and a 200 Hz
    sine that starts and ends at its peak (cut mid-waveform)."""
    frames = RATE  # 1 s: a whole number of 200 Hz periods, so the last sample is near a peak
    dc = write(root, "s/dc.wav", slow(frames))
    sine = write(root, "s/sine.wav", LEVEL * np.cos(2 * np.pi * SINE_HZ * np.arange(frames)
                                                     / RATE))
    timeline = clip_session(root, seconds=10, clips={dc: dc, sine: sine})
    return timeline, [s for s in timeline.segments if s.kind is SegmentKind.SPEECH]


def slow(frames: int) -> np.ndarray:
    """A 1 Hz cosine at LEVEL: at the edges of a clip, much as a DC offset of LEVEL."""
    return LEVEL * np.cos(2 * np.pi * np.arange(frames) / RATE)


def narration(source: LayerSource, spans) -> np.ndarray:
    """Left narration channel of the whole session, rendered span by span (start, stop,
    block); frames not rendered stay zero."""
    out = np.zeros(source.timeline.total_frames, dtype=np.float32)
    for start, stop, block in spans:
        for at in range(start, stop, block):
            frames = min(block, stop - at)
            out[at : at + frames] = source.render(at, frames)[:, NARRATION][:, 0]
    source.close()
    return out


def steps(signal: np.ndarray) -> np.ndarray:
    return np.abs(np.diff(signal))


def test_a_clip_that_starts_and_ends_mid_waveform_fades_at_its_edges(tmp_path):
    timeline, speech = abrupt_session(tmp_path)
    total = timeline.total_frames
    whole = narration(LayerSource(timeline, tmp_path), [(0, total, total)])
    for segment, own_step in zip(speech, (0.0, SINE_STEP), strict=True):
        path = tmp_path / segment.source
        source = FileStream(path, RATE, offset=clip_offset(path))
        clip = source.read(segment.frames)[:, 0]
        source.close()
        played = whole[segment.start : segment.end]
        # Each edge: from silence to the clip, and from the clip back to silence.
        for edge in (whole[max(0, segment.start - 100) : segment.start + 2 * EDGE],
                     whole[segment.end - 2 * EDGE : segment.end + 100]):
            assert steps(edge).max() < RAMP_STEP + own_step + 1e-4
        assert abs(played[0]) < 1e-3 and abs(played[-1]) < 1e-3
        # Away from the edges the clip is exactly its samples, on time.
        np.testing.assert_array_equal(played[EDGE:-EDGE], clip[EDGE:-EDGE])
        np.testing.assert_allclose(np.abs(played[EDGE // 2]), LEVEL / 2, atol=0.01)


def test_the_edge_fades_do_not_depend_on_blocks_or_seeks(tmp_path):
    timeline, speech = abrupt_session(tmp_path)
    total = timeline.total_frames
    whole = narration(LayerSource(timeline, tmp_path), [(0, total, total)])
    assert abs(whole[speech[1].start]) < 1e-3  # faded (the clip itself starts at 0.4)
    assert abs(whole[speech[1].end - 1]) < 1e-3
    odd = narration(LayerSource(timeline, tmp_path), [(0, total, 257)])
    np.testing.assert_array_equal(odd, whole)  # fades straddle blocks, same samples
    tiny = narration(LayerSource(timeline, tmp_path), [(0, total, 97)])  # blocks < the fade
    np.testing.assert_array_equal(tiny, whole)
    # Seeks into the middle of a clip, and into its fade-out: no new fade there (the
    # engine fades seeks itself), and the fade-out is the one a straight play gives.
    sine = speech[1]
    middle, late = sine.start + sine.frames // 2, sine.end - EDGE // 2
    spans = [(0, sine.start + 1000, 2048), (middle, middle + 3000, 1000),
             (late, total, 300)]
    seeked = narration(LayerSource(timeline, tmp_path), spans)
    for start, stop, _ in spans:
        np.testing.assert_array_equal(seeked[start:stop], whole[start:stop])


def test_the_offline_render_has_no_click_at_clip_edges(tmp_path):
    timeline, speech = abrupt_session(tmp_path)
    audio, problems = render_session(timeline, tmp_path,
                                     settings=MixSettings(tones=0.0, ambience=0.0))
    assert problems == []
    assert steps(audio[:, 0]).max() < RAMP_STEP + SINE_STEP + 1e-4


def test_a_clip_that_ends_early_fades_out_where_it_stops(tmp_path):
    dc = write(tmp_path, "s/dc.wav", slow(RATE))
    timeline = clip_session(tmp_path, seconds=8, clips={dc: dc})
    segment = next(s for s in timeline.segments if s.kind is SegmentKind.SPEECH)
    path = tmp_path / dc
    path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])  # WAV just ends early
    with FileStream(path, RATE) as stream:
        stops = segment.start + len(stream.read(segment.frames))
    assert segment.start + EDGE < stops < segment.end - RATE // 4
    total = timeline.total_frames
    for block in (total, 2048, 257):
        played = narration(LayerSource(timeline, tmp_path), [(0, total, block)])
        assert steps(played).max() < RAMP_STEP + 1e-4, block
        assert played[stops - EDGE - 1] < -(LEVEL - 2e-3)  # full level until the fade-out
        assert -1e-3 < played[stops - 1] < 0 and np.all(played[stops:] == 0.0)


def test_a_clip_that_fails_to_decode_part_way_fades_out_where_it_stops(tmp_path):
    frames = 2 * RATE
    wave = 0.3 * np.cos(np.pi * np.arange(frames) / RATE) + 0.1 * np.sin(
        2 * np.pi * SINE_HZ * np.arange(frames) / RATE)  # 0.3 at the start, -0.3 at its end
    flac = tmp_path / "s" / "cut.flac"
    flac.parent.mkdir(parents=True)
    soundfile.write(flac, wave[:, None].astype(np.float32), RATE, subtype="PCM_24")
    timeline = clip_session(tmp_path, seconds=8, clips={"s/cut.flac": "s/cut.flac"})
    segment = next(s for s in timeline.segments if s.kind is SegmentKind.SPEECH)
    flac.write_bytes(flac.read_bytes()[: len(flac.read_bytes()) // 2])  # FLAC raises at the cut
    total = timeline.total_frames
    for block in (16384, 2048, 257):
        source = LayerSource(timeline, tmp_path)
        played = narration(source, [(0, total, block)])
        assert len(source.problems) == 1 and "silence" in source.problems[0]
        heard = np.flatnonzero(played)
        stops = heard[-1] + 1
        assert segment.start + RATE // 4 < stops < segment.end - RATE // 4, block
        # No jump where decoding stopped: the look-ahead still held the last 5 ms.
        assert steps(played).max() < 0.4 * np.pi / (2 * EDGE) + SINE_STEP / 4 + 1e-4, block
        assert played[stops - EDGE - 1] < -0.19 and abs(played[stops - 1]) < 1e-3


def test_a_clip_of_samples_that_are_not_numbers_is_reported_as_damaged(tmp_path):
    # Once an all-NaN clip played as silence without a word (FileStream makes NaN silence),
    # while check refused it and an all-NaN ambience file was said. Now render and the
    # player say it as they say any clip they cannot play.
    half = RATE // 2
    tone = 0.3 * np.sin(2 * np.pi * SINE_HZ * np.arange(2 * half) / RATE)
    tone[half:] = np.inf  # plays for half a second, then is not numbers
    clips = {"s/nan.wav": np.full(RATE, np.nan), "s/half.wav": tone}
    for name, samples in clips.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        soundfile.write(path, samples.astype(np.float32), RATE, subtype="FLOAT")
    timeline = clip_session(tmp_path, seconds=10, clips={name: name for name in clips})
    audio, problems = render_session(timeline, tmp_path,
                                     settings=MixSettings(tones=0.0, ambience=0.0))
    assert problems == [
        f"step {step}: the clip {tmp_path / name} holds samples that are not numbers (NaN "
        "or infinity); it is damaged; played silence in their place"
        for step, name in ((1, "s/nan.wav"), (2, "s/half.wav"))]
    first, second = (s for s in timeline.segments if s.kind is SegmentKind.SPEECH)
    assert not np.any(audio[first.start : first.end])
    heard = np.flatnonzero(audio[second.start : second.end, 0])
    assert half // 2 < len(heard) and heard[-1] < half  # its numbers play, then silence
    for block in (2048, 257):  # as the live player reads it: said once, whatever the blocks
        source = LayerSource(timeline, tmp_path)
        narration(source, [(0, timeline.total_frames, block)])
        assert len(source.problems) == 2, (block, source.problems)
    source = LayerSource(timeline, tmp_path)  # a seek back into the clip meets it again
    again = narration(source, [(0, second.start + 2 * half, 1000),
                               (second.start + 100, second.start + 2 * half, 1000)])
    assert len(source.problems) == 2, source.problems
    assert np.any(again[second.start + 100 : second.start + half])  # its numbers play again


@pytest.mark.parametrize("rate", [RATE, 22_050])  # as recorded, and resampled on the way
def test_a_clip_with_a_few_samples_that_are_not_numbers_plays_on_after_them(tmp_path, rate):
    # Once the first block holding NaN ended the clip: the rest of the step's words were
    # silence. Now only those samples are silence, the clip plays on, and it is said once.
    wave = tone(300, 1.5, rate)
    bad = {round(0.4013 * rate): np.nan, round(0.4013 * rate) + 1: np.nan,
           round(0.7021 * rate): np.inf, round(1.0037 * rate): -np.inf}  # not at a crossing
    damaged = wave.copy()
    damaged[list(bad)] = list(bad.values())
    renders = {}
    for name, samples in (("clean", wave), ("damaged", damaged)):
        path = tmp_path / name / "s" / "words.wav"
        path.parent.mkdir(parents=True)
        soundfile.write(path, samples, rate, subtype="FLOAT")
        timeline = clip_session(tmp_path / name, seconds=8, clips={"s/words.wav": 1.5})
        renders[name] = render_session(timeline, tmp_path / name,
                                       settings=MixSettings(tones=0.0, ambience=0.0))
    (clean, none), (audio, problems) = renders["clean"], renders["damaged"]
    assert none == []
    assert np.isfinite(audio).all() and audio.shape == clean.shape
    segment = next(s for s in timeline.segments if s.kind is SegmentKind.SPEECH)
    # Where the bad samples were: silence there (and near them once resampled), never a
    # burst. Everywhere else the clip plays exactly as the clean one.
    near = np.zeros(len(audio), dtype=bool)
    for frame in bad:
        at = segment.start + frame * RATE // rate
        near[at - RATE // 100 : at + RATE // 100] = True
        if rate == RATE:
            assert np.all(audio[at] == 0.0) and np.all(np.abs(clean[at]) > 0.01)
    assert np.abs(audio[near]).max() < 1.05 * np.abs(clean).max()  # the resampler rings
    np.testing.assert_allclose(audio[~near], clean[~near], atol=1e-6)
    after = audio[segment.start + round(1.05 * RATE) : segment.start + round(1.4 * RATE)]
    assert np.sqrt(np.mean(after**2)) > 0.05  # the words after the last bad sample play
    assert problems == [  # said once, though three blocks held some
        f"step 1: the clip {tmp_path / 'damaged' / 's' / 'words.wav'} holds samples that are "
        "not numbers (NaN or infinity); it is damaged; played silence in their place"]


@pytest.mark.parametrize("rate", [RATE, 22_050])
def test_the_silence_in_place_of_samples_that_are_not_numbers_does_not_click(tmp_path, rate):
    # Once the silenced samples cut the sound to zero and back in one frame: a click (a
    # step of ~0.19 here). Now the sound fades to them and back over 5 ms (as at a clip's
    # edges), before resampling. Bound: the most a 300 Hz sine at 0.3 moves in one frame,
    # plus the most a 5 ms raised cosine can add to that (0.3 * pi / (2 * 240) at 48 kHz;
    # resampled from 22.05 kHz, the same slope in time), plus 0.001 for the resampler.
    level, hz = 0.3, 300
    fade = round(not_numbers.FADE_SECONDS * rate) * RATE / rate  # in output frames
    bound = level * (np.pi / (2 * fade) + 2 * np.pi * hz / RATE) + 0.001
    wave = tone(hz, 1.5, rate, level=level)
    bad = [round(0.4013 * rate), round(0.4013 * rate) + 1, round(0.7021 * rate),
           round(1.0037 * rate)]
    wave[bad] = [np.nan, np.nan, np.inf, -np.inf]
    path = tmp_path / "s" / "words.wav"
    path.parent.mkdir(parents=True)
    soundfile.write(path, wave, rate, subtype="FLOAT")
    timeline = clip_session(tmp_path, seconds=8, clips={"s/words.wav": 1.5})
    audio, problems = render_session(timeline, tmp_path,
                                     settings=MixSettings(tones=0.0, ambience=0.0))
    assert len(problems) == 1 and "not numbers" in problems[0], problems
    segment = next(s for s in timeline.segments if s.kind is SegmentKind.SPEECH)
    for frame in bad:
        at = segment.start + frame * RATE // rate
        around = audio[at - RATE // 50 : at + RATE // 50]  # 20 ms either side
        assert steps(around[:, 0]).max() < bound, (frame, steps(around[:, 0]).max(), bound)
        assert np.abs(around).max() > 0.1  # the words play up to and after it
        if rate == RATE:
            assert np.all(audio[at] == 0.0)
