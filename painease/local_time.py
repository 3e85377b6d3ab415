"""The computer's own time zone, with its daylight-saving rules, for counting days and weeks.

``local_zone()`` is a ``zoneinfo.ZoneInfo``: the one ``$TZ`` names when it is a zone name
("Europe/Berlin"), else the system's ``/etc/localtime``. A session at 00:30 summer time
then falls on its own day and week even when it is read in winter. Only where neither
can be read (another system, an odd ``$TZ``) is it today's fixed offset, as before, which
can put sessions from the other half of the year an hour off.

``day_start(day, tz)`` is the first moment of a local day (``datetime.combine`` with a
ZoneInfo gives the right offset for that date). No Qt; reads at most one small file.
"""

from __future__ import annotations

import os
from datetime import date, datetime, time, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

SYSTEM_ZONE_FILE = "/etc/localtime"


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
