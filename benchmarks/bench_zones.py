"""A patient's own clock over ten years of sessions: each session's day on an
``OffsetsZone`` (the clock of the offsets recorded with each session, as Insights and the
report use for a patient who has been away) against the same on a plain ``ZoneInfo``.

Usage: ``python benchmarks/bench_zones.py [SESSIONS]`` (or ``make bench BENCH=zones``);
default 11,000 sessions, about ten years of daily practice, every 50th recorded away.

Floor: the same days read on the patient's home ``ZoneInfo`` alone. Until the offsets
were kept once each, every conversion walked the whole list of sessions' offsets, so the
read grew with the square of the sessions (11,000: 10.7 s, ×656 the floor; since, 0.56 s, ×46).
Prints timings only; no thresholds (tests assert behaviour, not speed).
"""

from __future__ import annotations

import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from painease.local_time import OffsetsZone  # noqa: E402

HOME = ZoneInfo("Europe/Berlin")


def marks(count: int) -> list[tuple[datetime, int]]:
    """A session every 19 hours from 2016, at home's offset, every 50th two hours ahead
    (away); offsets in minutes, as the store records them."""
    start = datetime(2016, 1, 1, 8, tzinfo=UTC)
    found = []
    for i in range(count):
        when = start + timedelta(hours=19 * i)
        home = when.astimezone(HOME).utcoffset() // timedelta(minutes=1)
        found.append((when, home + 120 if i % 50 == 0 else home))
    return found


def days(moments: list[datetime], zone) -> float:
    began = time.perf_counter()
    {moment.astimezone(zone).date() for moment in moments}
    return time.perf_counter() - began


def main(argv: list[str]) -> None:
    count = int(argv[0]) if argv else 11_000
    recorded = marks(count)
    moments = [when for when, _ in recorded]
    zone = OffsetsZone(recorded, home=HOME)
    floor, own = [], []
    for _ in range(5):  # interleaved, so a busy spell falls on both
        floor.append(days(moments, HOME))
        own.append(days(moments, zone))
    low, mine = statistics.median(floor), statistics.median(own)
    print(f"{count} sessions' days on the home ZoneInfo (floor): median {low * 1000:.1f} ms of 5")
    print(f"the same on the patient's OffsetsZone:           median {mine * 1000:.1f} ms of 5")
    print(f"ratio: {mine / low:.1f}x")


if __name__ == "__main__":
    main(sys.argv[1:])
