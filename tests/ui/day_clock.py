"""Moving the patient's day in a test: ``$TZ`` set to a clock on which it is now a chosen
time (``tests.packs.test_results_zones.clock`` sets it). painease reads today on this
computer's clock (``local_time.local_zone``), so a test moves "now" to just before or
after a midnight without touching the real time: a POSIX rule ("PEA-7:12:05", seven hours
east), which ``local_zone`` reads as a fixed offset, to the second."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta


def chosen_day() -> date:
    """A day whose evening and the next morning the tests can reach from this UTC moment:
    now lies from its 10:00 to the next day's 10:00. A session saved on its evening (18:00
    to midnight) is then saved at an offset within 16 hours of UTC, inside the store's
    limit of 18 (``utc_offset_minutes``); the next day's 01:00 is within 15 hours, and its
    08:00 (only looked at) within 22, under the 24 a rule may have. (It was the day from
    whose 13:00 now lay: run from 12:00 to 13:00 UTC, a session saved at its 18:00 was
    18-19 hours west and refused by the store; before that, the day from whose 06:00 now
    lay, and a test going to 08:00 the next morning failed from 06:00 to 08:00 UTC.)"""
    return (datetime.now(UTC) - timedelta(hours=10)).date()


def zone_where_now_is(day: date, wall: time, *, seconds: bool = False) -> str:
    """A ``$TZ`` rule on whose clock it is now ``wall`` on ``day`` (to the minute, or to
    the second with ``seconds``)."""
    east = datetime.combine(day, wall) - datetime.now(UTC).replace(tzinfo=None)
    unit = 1 if seconds else 60
    offset = round(east.total_seconds() / unit) * unit
    assert abs(offset) < 24 * 3600, (day, wall)
    sign = "-" if offset >= 0 else "+"  # POSIX counts hours west of Greenwich
    hours, rest = divmod(abs(offset), 3600)
    return f"PEA{sign}{hours}:{rest // 60:02d}:{rest % 60:02d}"
