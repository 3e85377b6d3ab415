"""A narration clip with a DC offset (its waveform off centre) plays without it. Once the
offset of a therapist's clip (0.15 on a -19 dBFS recording) reached the output, and the
5 ms edge fades made a 0.15 step at the clip's start and end (a thump); ``painease check``
said nothing of it."""

from __future__ import annotations

import numpy as np
import soundfile

from painease.audio.engine import MixSettings
from painease.audio.layers import NARRATION, LayerSource
from painease.audio.render import render_session
from painease.domain.timeline import SegmentKind

from .sessions import RATE, clip_session

OFFSET = 0.15


def words(seconds: float = 2.0, rate: int = 44_100) -> np.ndarray:
    """A 200 Hz sine at 0.1 that starts at 0: any step at its edges is the offset's."""
    return 0.1 * np.sin(2 * np.pi * 200 * np.arange(round(seconds * rate)) / rate)


def test_a_clip_with_a_dc_offset_plays_without_it(tmp_path):
    path = tmp_path / "s" / "dc.wav"
    path.parent.mkdir(parents=True)
    soundfile.write(path, words() + OFFSET, 44_100, subtype="PCM_16")
    timeline = clip_session(tmp_path, seconds=10, clips={"s/dc.wav": "s/dc.wav"})
    [segment] = [s for s in timeline.segments if s.kind is SegmentKind.SPEECH]
    audio, problems = render_session(timeline, tmp_path,
                                     settings=MixSettings(tones=0.0, ambience=0.0))
    assert problems == []
    played = audio[segment.start : segment.end, 0]
    assert abs(played.mean()) < 1e-3
    # Whole periods of the sine just inside each edge average to 0: no step to the offset.
    period = RATE // 200
    for edge in (played[: 4 * period], played[-4 * period :]):
        assert abs(edge.mean()) < 0.01  # the fades tilt it a little; the offset was 0.15
    # The clip's own sound plays as it was recorded, at its level.
    np.testing.assert_allclose(np.abs(played[RATE // 10 : -RATE // 10]).max(), 0.1, atol=2e-3)
    # The same through the live player's reads, in blocks of any size.
    source = LayerSource(timeline, tmp_path)
    live = np.concatenate([source.render(at, 1000)[:, NARRATION][:, 0]
                           for at in range(0, timeline.total_frames, 1000)])
    source.close()
    assert abs(live[segment.start : segment.end].mean()) < 1e-3
