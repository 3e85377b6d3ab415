"""Moving a fitted timeline to a device's rate: same moments, same length, no gaps."""

from __future__ import annotations

from painease.audio.rates import at_rate, convert
from painease.domain.timeline import SegmentKind

from .sessions import clip_session


def test_a_session_at_44k1_keeps_every_moment_and_its_length(tmp_path):
    timeline = clip_session(tmp_path, seconds=20)
    moved = at_rate(timeline, 44_100)
    assert moved.samplerate == 44_100
    assert moved.total_frames == 20 * 44_100
    assert moved.segments[0].start == 0
    segments = moved.segments
    assert all(a.end == b.start for a, b in zip(segments[:-1], segments[1:], strict=True))
    for old, new in zip(timeline.segments, moved.segments, strict=True):
        assert (new.kind, new.caption, new.source, new.step) == \
            (old.kind, old.caption, old.source, old.step)
        assert abs(new.start / 44_100 - old.start / 48_000) <= 0.5 / 44_100
    assert [s.kind for s in moved.segments].count(SegmentKind.SPEECH) == 3
    assert at_rate(timeline, 48_000) is timeline


def test_frames_convert_to_the_nearest_frame_and_back():
    assert convert(48_000, 48_000, 44_100) == 44_100
    assert convert(1, 48_000, 44_100) == 1  # 0.91875 rounds up
    assert convert(44_100 * 7, 44_100, 48_000) == 48_000 * 7
    assert all(abs(convert(convert(f, 48_000, 44_100), 44_100, 48_000) - f) <= 1
               for f in range(0, 100_000, 997))
