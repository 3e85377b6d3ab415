"""The computer's own time zone, with its daylight-saving rules, for counting days and weeks.

``local_zone()`` is a ``zoneinfo.ZoneInfo``: the one ``$TZ`` names when it is a zone name
("Europe/Berlin"), else the system's ``/etc/localtime``. A session at 00:30 summer time
then falls on its own day and week even when it is read in winter. Only where neither
can be read (another system, an odd ``$TZ``) is it today's fixed offset, as before, which
can put sessions from the other half of the year an hour off.

``day_start(day, tz)`` is the first moment of a local day (``datetime.combine`` with a
ZoneInfo gives the right offset for that date). No Qt; reads at most one small file.

Another person's clock (a therapist reading a patient's results, see
``painease.storage.zones``): ``local_zone_name()`` is this computer's IANA zone name
("America/New_York") when it can be told — ``$TZ``, else where ``/etc/localtime`` links to —
else None; ``utc_offset_minutes(when)`` is the offset this computer's clock had at
``when`` (the C library's rules when no ZoneInfo could be read, so a ``$TZ`` rule string
still gets its summer and winter offsets). ``OffsetsZone`` is a zone known only by the
offsets its clock had at some moments; ``offset_text(minutes)`` writes one ("UTC−05:00").
"""

from __future__ import annotations

import os
from bisect import bisect_right
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

SYSTEM_ZONE_FILE = "/etc/localtime"
MAX_OFFSET_MINUTES = 18 * 60  # no clock is further from UTC (ISO 8601 allows ±18 h)


def local_zone() -> tzinfo:
    name = os.environ.get("TZ", "").lstrip(":")
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):  # a POSIX rule string, or no such zone
            pass
    else:
        try:
            with open(SYSTEM_ZONE_FILE, "rb") as data:
                return ZoneInfo.from_file(data, key="localtime")
        except (OSError, ValueError):
            pass
    return datetime.now().astimezone().tzinfo


def day_start(day: date, tz: tzinfo) -> datetime:
    """Midnight at the start of ``day`` in ``tz``."""
    return datetime.combine(day, time.min, tz)


def zone_named(name: str) -> ZoneInfo | None:
    """The zone with IANA name ``name``, or None when this computer does not know it (or it
    is not a zone name at all)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def local_zone_name() -> str | None:
    """The IANA name of ``local_zone()`` ("Europe/Berlin"), or None when it cannot be told
    (a ``$TZ`` rule string, a copied rather than linked ``/etc/localtime``)."""
    name = os.environ.get("TZ", "").lstrip(":")
    if name:
        return name if zone_named(name) is not None else None
    try:
        target = os.path.realpath(SYSTEM_ZONE_FILE)
    except (OSError, ValueError):
        return None
    _, marker, key = target.rpartition("/zoneinfo/")
    for variant in ("posix/", "right/"):  # the same zone, in the tz database's other trees
        key = key.removeprefix(variant)
    if marker and key and key != "localtime" and zone_named(key) is not None:
        return key
    return None


def utc_offset_minutes(when: datetime) -> int:
    """Minutes east of UTC of this computer's clock at the moment ``when`` (aware)."""
    zone = local_zone()
    # Not a ZoneInfo: the C library's own rules (which read a $TZ rule string) know the
    # offset at ``when``; a fixed offset would give today's for every season.
    moment = when.astimezone(zone if isinstance(zone, ZoneInfo) else None)
    return moment.utcoffset() // timedelta(minutes=1)


def offset_text(minutes: int) -> str:
    """E.g. "UTC−05:00", "UTC+05:30", "UTC"."""
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "−"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{rest:02d}"


class OffsetsZone(tzinfo):
    """A clock known only by its UTC offset at some moments (each session's start).

    At a known moment the offset is the one recorded; between two moments it is the
    earlier one's, before the first the first one's. So every session falls on the day
    its own clock showed, and days between sessions change offset where the sessions did.
    """

    def __init__(self, marks: Iterable[tuple[datetime, int]]) -> None:
        ordered = sorted((when.astimezone(UTC).replace(tzinfo=None), minutes)
                         for when, minutes in marks)
        if not ordered:
            raise ValueError("a zone of recorded offsets needs at least one")
        self._moments = [when for when, _ in ordered]
        self._offsets = [timedelta(minutes=minutes) for _, minutes in ordered]
        self.offsets = tuple(dict.fromkeys(minutes for _, minutes in ordered))  # first seen

    def _at(self, utc: datetime) -> timedelta:
        return self._offsets[max(bisect_right(self._moments, utc) - 1, 0)]

    def _readings(self, wall: datetime) -> list[timedelta]:
        """The offsets under which the wall time ``wall`` (naive) was shown, earliest
        moment first: two where the clock went back (``fold`` tells them apart)."""
        found = [o for o in dict.fromkeys(self._offsets) if self._at(wall - o) == o]
        return sorted(found, key=lambda o: wall - o)

    def fromutc(self, dt: datetime) -> datetime:
        if dt.tzinfo is not self:
            raise ValueError("fromutc: dt.tzinfo is not self")
        offset = self._at(dt.replace(tzinfo=None))
        wall = dt + offset
        readings = self._readings(wall.replace(tzinfo=None))
        return wall.replace(fold=int(len(readings) > 1 and offset == readings[-1]))

    def utcoffset(self, dt: datetime | None) -> timedelta:
        if dt is None:
            return self._offsets[-1]
        wall = dt.replace(tzinfo=None, fold=0)
        readings = self._readings(wall)
        if not readings:  # a wall time the clock skipped: read it as before the change
            return self._at(wall - max(self._offsets))
        return readings[min(dt.fold, len(readings) - 1)]

    def dst(self, dt: datetime | None) -> timedelta | None:
        return None

    def tzname(self, dt: datetime | None) -> str:
        return offset_text(self.utcoffset(dt) // timedelta(minutes=1))

    def __repr__(self) -> str:
        return f"OffsetsZone({', '.join(offset_text(m) for m in self.offsets)})"
