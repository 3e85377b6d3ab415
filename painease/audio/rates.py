"""Playing a session at the sound device's rate: a fitted timeline moved to another rate.

Sessions are fitted at 48 kHz, but some devices run only at their own rate (a JACK server
at 44.1 kHz, an ALSA ``hw:`` device). The player then renders every layer at the
device's rate from ``at_rate(timeline, rate)``: the same segments, their boundaries
rounded to the nearest frame of the new rate, so the words, breaths and chimes fall at
the same milliseconds. The session itself (captions, progress, live ratings, what is
stored) keeps counting in the frames of the timeline it was fitted with; ``convert``
maps a frame between the two.

Pure integer arithmetic, no I/O; safe on any thread.
"""

from __future__ import annotations

from dataclasses import replace

from painease.domain.timeline import Timeline


def convert(frame: int, from_rate: int, to_rate: int) -> int:
    """``frame`` at ``from_rate`` as the nearest frame at ``to_rate`` (halves round up)."""
    if from_rate == to_rate:
        return frame
    return (2 * frame * to_rate + from_rate) // (2 * from_rate)


def at_rate(timeline: Timeline, rate: int) -> Timeline:
    """``timeline`` with every boundary moved to the nearest frame at ``rate``.

    Segments stay contiguous from frame 0 (each one ends where the next begins), and
    the session's length is the same to within half a frame.
    """
    if rate == timeline.samplerate:
        return timeline
    old = timeline.samplerate
    segments = tuple(replace(s, start=convert(s.start, old, rate), end=convert(s.end, old, rate))
                     for s in timeline.segments)
    return replace(timeline, samplerate=rate, segments=segments)
