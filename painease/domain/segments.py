"""A fitted session: its segments, frame by frame (``painease.domain.timeline`` fits them).

``Timeline`` holds contiguous ``Segment``s from frame 0 to its end, each of one
``SegmentKind`` (words, silence, a breath phase, the end chime).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from enum import StrEnum

from painease.domain.script import Phase


class SegmentKind(StrEnum):
    SPEECH = "speech"
    SILENCE = "silence"
    INHALE = "inhale"
    HOLD = "hold"
    EXHALE = "exhale"
    REST = "rest"
    CHIME = "chime"


@dataclass(frozen=True, slots=True)
class Segment:
    """Frames ``[start, end)`` of the session; ``step`` indexes ``Script.steps``."""

    start: int
    end: int
    kind: SegmentKind
    step: int
    phase: Phase
    caption: str
    source: str | None  # narration clip (relative to its script's audio folder), speech, else None

    @property
    def frames(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class Timeline:
    """A fitted session: contiguous segments from frame 0 to ``total_frames``."""

    script_id: str
    script_version: int
    samplerate: int
    segments: tuple[Segment, ...]

    @property
    def total_frames(self) -> int:
        return self.segments[-1].end if self.segments else 0

    @property
    def total_seconds(self) -> float:
        return self.total_frames / self.samplerate

    def segment_at(self, frame: int) -> Segment:
        """The segment playing at ``frame`` (clamped to the session's first/last segment)."""
        starts = [segment.start for segment in self.segments]
        index = max(0, bisect.bisect_right(starts, frame) - 1)
        return self.segments[index]

    def step_starts(self) -> list[int]:
        """First frame of every step, in order (for next/previous and transcript seeking)."""
        firsts: dict[int, int] = {}
        for segment in self.segments:
            if segment.kind is not SegmentKind.CHIME:
                firsts.setdefault(segment.step, segment.start)
        return list(firsts.values())

    def to_dict(self) -> dict:
        rate = self.samplerate
        return {
            "script_id": self.script_id,
            "script_version": self.script_version,
            "samplerate": rate,
            "total_frames": self.total_frames,
            "total_seconds": self.total_seconds,
            "segments": [
                {
                    "start": s.start / rate,
                    "end": s.end / rate,
                    "start_frame": s.start,
                    "end_frame": s.end,
                    "kind": s.kind.value,
                    "step": s.step,
                    "phase": s.phase.value,
                    "caption": s.caption,
                    "source": s.source,
                }
                for s in self.segments
            ],
        }
