"""The computer's own time zone, with its daylight-saving rules, for counting days and weeks.

``local_zone()`` is a ``zoneinfo.ZoneInfo``: the one ``$TZ`` names when it is a zone name
("Europe/Berlin"), else the system's ``/etc/localtime``. A session at 00:30 summer time
then falls on its own day and week even when it is read in winter. Only where neither
can be read (another system, an odd ``$TZ``) is it today's fixed offset, as before, which
can put sessions from the other half of the year an hour off.

``day_start(day, tz)`` is the first moment of a local day (``datetime.combine`` with a
ZoneInfo gives the right offset for that date); ``day_end(day, tz)`` the moment it is over
for good, the end of a period of whole days: the next day's start, or later where the
clock went back over midnight (a trip west, or a zone's autumn change at midnight), never
earlier (where spring's change skips midnight, the day still ends as the next begins).
No Qt; reads at most one small file.

Days a person types (``--from``/``--to``) are checked with ``typed_day_problem``: only
days from ``EARLIEST_DAY`` to ``LATEST_DAY`` are counted. The bounds are far outside any
session's day, and far inside what ``datetime`` can hold, so a day's start and end exist
in every zone (9999-12-31 has no next midnight; 0001-01-01 00:00 in Berlin is before the
first moment in UTC).

Another person's clock (a therapist reading a patient's results, see
``painease.storage.zones``): ``local_zone_name()`` is this computer's IANA zone name
("America/New_York") when it can be told — ``$TZ``, else where ``/etc/localtime`` links to —
else None; ``utc_offset_minutes(when)`` is the offset this computer's clock had at
``when`` (the C library's rules when no ZoneInfo could be read, so a ``$TZ`` rule string
still gets its summer and winter offsets). ``OffsetsZone`` is a zone known by the
offsets its clock had at some moments, alone or over a named home zone;
``offset_text(minutes)`` writes one ("UTC−05:00"). ``same_clock(a, b, moments)`` tells
whether two zones read alike at some moments (zone objects are not compared: each
``local_zone()`` from ``/etc/localtime`` is a new one, equal to no other).

``day_text`` and ``when_text`` write a day ("3 Dec 2026", "Thu 3 Dec 2026") and a moment
("3 Dec 2026, 09:05", "Thu 3 Dec 2026, 09:05") on a given clock: every day painease shows a
person (its pages, the report, the commands' sentences) is written by them, one way, with
no leading zero, and in English month and weekday names whatever the system's language
(``month_text``). File names, stored and exported data keep their ISO forms.
"""

from __future__ import annotations

import os
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

SYSTEM_ZONE_FILE = "/etc/localtime"
EARLIEST_DAY = date(1900, 1, 1)
LATEST_DAY = date(2999, 12, 31)
MAX_OFFSET_MINUTES = 18 * 60  # no clock is further from UTC (ISO 8601 allows ±18 h)
# Names for ``day_text`` and ``month_text``, never the system language's (see there).
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


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


def day_end(day: date, tz: tzinfo) -> datetime:
    """The last time ``tz`` leaves ``day``: the next midnight, its last reading where the
    clock showed it more than once (a session done at 23:30 after flying west is on
    ``day``). Where the clock skipped that midnight (it sprang forward at 00:00, as in
    Santiago or the Azores), ``fold=1`` would read it on the new clock, an hour before the
    day was over: the day then ends when the next one starts, so days leave no gap."""
    midnight = datetime.combine(day + timedelta(days=1), time.min, tz)
    # Compared in UTC: two datetimes on one zone compare their wall times, not moments.
    return max(midnight, midnight.replace(fold=1), key=lambda m: m.astimezone(UTC))


def typed_day_problem(day: date, option: str) -> str | None:
    """None when ``day``, typed for ``option`` ("--to"), can be counted; else one line
    saying so, for the command to print."""
    if EARLIEST_DAY <= day <= LATEST_DAY:
        return None
    return (f"{option} {day} is out of range; give a day from {EARLIEST_DAY} to "
            f"{LATEST_DAY}, or leave {option} out")


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


def day_text(value: datetime | date, tz: tzinfo | None = None, *, weekday: bool = False,
             year: bool = True) -> str:
    """A day as written for people: "3 Dec 2026" (no leading zero); "Thu 3 Dec 2026" with
    ``weekday``, "3 Dec" without ``year``. A datetime is read on the clock ``tz``, or on its
    own (its wall time as it is) when ``tz`` is None; a date is that day."""
    if isinstance(value, datetime):
        value = (value if tz is None else value.astimezone(tz)).date()
    return (f"{WEEKDAYS[value.weekday()]} " * weekday + f"{value.day} {month_text(value)}"
            + f" {value:%Y}" * year)


def month_text(value: date) -> str:
    """The month's short English name: "Dec". painease's words are English, so are its
    dates, whatever the system's language: strftime's %a and %b follow the C locale,
    which Qt sets from the system (``setlocale(LC_ALL, "")``) as the application starts,
    and gave "6 Dez 2026" inside English sentences."""
    return MONTHS[value.month - 1]


def when_text(value: datetime, tz: tzinfo | None = None, *, weekday: bool = False,
              year: bool = True, also: str = "") -> str:
    """A moment as written for people: "3 Dec 2026, 09:05" ("Thu 3 Dec 2026, 09:05" with
    ``weekday``, "3 Dec, 09:05" without ``year``), on the clock ``tz`` (its own when None).
    A wall time the clock showed twice (it went back) says which showing it is: "25 Oct
    2026, 01:30 (before the clocks went back)", or "(after …)"; ``repeated_note``. ``also``
    ("ended early"), when given, shares that bracket rather than following it with
    another: "01:30 (before the clocks went back; ended early)", "09:05 (ended early)"."""
    local = value if tz is None else value.astimezone(tz)
    notes = "; ".join(note for note in (repeated_note(local), also) if note)
    return (f"{day_text(local, weekday=weekday, year=year)}, {local:%H:%M}"
            + (f" ({notes})" if notes else ""))


def repeated_note(local: datetime) -> str:
    """For a local time the clock showed twice because it went back by up to an hour (as
    in autumn's change of summer time): "before the clocks went back" at its first
    showing, "after the clocks went back" at its second (told apart by ``fold``); "" for
    every other time, a skipped one (spring's change, where the two folds' offsets differ
    too) included. A clock that went back further (a person's clock over a trip west,
    ``OffsetsZone``: it changes at the first session away) is not said to: its repeated
    hours were most likely never lived twice, and "the clocks went back" would mislead."""
    zone = local.tzinfo
    if zone is None:
        return ""
    showings = [local.replace(fold=fold) for fold in (0, 1)]
    back = showings[0].utcoffset() - showings[1].utcoffset()
    if not timedelta(0) < back <= timedelta(hours=1):  # a trip across zones is not it
        return ""
    wall = local.replace(tzinfo=None, fold=0)
    if any(shown.astimezone(UTC).astimezone(zone).replace(tzinfo=None, fold=0) != wall
           for shown in showings):  # a time the clock skipped, never shown
        return ""
    return "after the clocks went back" if local.fold else "before the clocks went back"


def moments_apart(first: datetime, second: datetime,
                  tz: tzinfo | None = None) -> tuple[str, str]:
    """Two moments as written for people, "3 Dec 2026 at 10:46", on the clock ``tz`` (this
    computer's when None), with seconds ("at 10:46:05") when to the minute they would read
    the same; equal texts still when they fall in the same second."""
    def text(value: datetime, seconds: bool) -> str:
        local = value.astimezone(tz)
        return f"{day_text(local)} at {local:%H:%M}" + f":{local:%S}" * seconds

    texts = (text(first, False), text(second, False))
    return texts if texts[0] != texts[1] else (text(first, True), text(second, True))


def same_clock(a: tzinfo, b: tzinfo, moments: Iterable[datetime]) -> bool:
    """Whether the clocks ``a`` and ``b`` have the same UTC offset at each of ``moments``
    (aware): a day or a time read at any of them on one is the same on the other."""
    return a is b or all(moment.astimezone(a).utcoffset() == moment.astimezone(b).utcoffset()
                         for moment in moments)


class OffsetsZone(tzinfo):
    """A clock known by its UTC offset at some moments (each session's start).

    Alone (``home`` None): at a known moment the offset is the one recorded; between two
    moments it is the earlier one's, before the first the first one's. So every session
    falls on the day its own clock showed, and days between sessions change offset where
    the sessions did.

    With a ``home`` zone (the patient's zone by name): the home zone's rules hold, except
    where a moment's recorded offset is not home's (the patient was away, travelling or
    not yet moved): from that moment until the next one, or until ``until`` (aware; when
    the home clock was last seen, the results' making), the recorded offset holds, and
    before the first moment too when that one was away (nothing says they were home
    yet: a patient who moved has their old clock before it). So a session done away
    still falls on the day the patient lived it on, and the rest (summer time, today) is
    counted on their home clock. (A session with no offset of its own, from before
    painease recorded them, is on home's clock: ``painease.storage.zones`` marks it so.)

    A wall time the clock showed more than once (it went back: a trip west, autumn's
    change) is told apart by ``fold``, which has two values: 0 is its first showing, 1 its
    last. So ``day_start`` is when a day was first shown and ``day_end`` when it was left
    for good, however often the clock went back over it, and every moment converts to the
    right date and wall time. Where a wall time was shown three times or more (the clock
    went back twice over it, e.g. flying west twice in one evening), a moment at one of
    its middle showings has no ``fold`` of its own: ``astimezone(zone)`` gives its right
    date, wall time and day, but that local time's ``utcoffset()``, ``tzname()`` and
    ``astimezone(UTC)`` are the first showing's (hours earlier). Days counted, periods
    and times shown are right; do arithmetic on such a moment in UTC, not on its local
    time.
    """

    def __init__(self, marks: Iterable[tuple[datetime, int]], home: tzinfo | None = None,
                 until: datetime | None = None) -> None:
        ordered = sorted((when.astimezone(UTC).replace(tzinfo=None), minutes)
                         for when, minutes in marks)
        if not ordered:
            raise ValueError("a zone of recorded offsets needs at least one")
        self._home = home
        self._until = None if until is None else until.astimezone(UTC).replace(tzinfo=None)
        self._moments = [when for when, _ in ordered]
        self._offsets = [timedelta(minutes=minutes) for _, minutes in ordered]
        # Each offset once, first seen first: what every wall time is tried under (a list
        # as long as the sessions, walked at each conversion, made a year's all-time read
        # take seconds).
        self._distinct = tuple(dict.fromkeys(self._offsets))
        # Whether each moment's offset is its own (away from home) rather than home's.
        self._away = [home is None or self._home_at(when) != offset
                      for when, offset in zip(self._moments, self._offsets, strict=True)]
        self.offsets = tuple(dict.fromkeys(minutes for _, minutes in ordered))  # first seen
        # The offsets recorded away from home, first seen first (all of them without one).
        self.away = tuple(dict.fromkeys(
            minutes for (_, minutes), away in zip(ordered, self._away, strict=True) if away))

    def _home_at(self, utc: datetime) -> timedelta:
        return utc.replace(tzinfo=UTC).astimezone(self._home).utcoffset()

    def _at(self, utc: datetime) -> timedelta:
        """The offset at the moment ``utc`` (naive UTC)."""
        # Before the first moment, the first one's: nothing says the clock was another.
        index = max(bisect_right(self._moments, utc) - 1, 0)
        if self._home is None:
            return self._offsets[index]
        if self._away[index] and (self._until is None or utc < self._until):
            return self._offsets[index]
        return self._home_at(utc)

    def _readings(self, wall: datetime) -> list[timedelta]:
        """The offsets under which the wall time ``wall`` (naive) was shown, earliest
        moment first: more than one where the clock went back (see the class on ``fold``)."""
        found = [o for o in self._candidates(wall) if self._at(wall - o) == o]
        return sorted(found, key=lambda o: wall - o)

    def _candidates(self, wall: datetime) -> dict[timedelta, None]:
        """Every offset the clock may have shown ``wall`` under (ordered, no repeats)."""
        found = dict.fromkeys(self._distinct)
        if self._home is not None:
            for fold in (0, 1):
                found[wall.replace(tzinfo=self._home, fold=fold).utcoffset()] = None
        return found

    def fromutc(self, dt: datetime) -> datetime:
        if dt.tzinfo is not self:
            raise ValueError("fromutc: dt.tzinfo is not self")
        offset = self._at(dt.replace(tzinfo=None))
        wall = dt + offset
        readings = self._readings(wall.replace(tzinfo=None))
        return wall.replace(fold=int(len(readings) > 1 and offset == readings[-1]))

    def utcoffset(self, dt: datetime | None) -> timedelta:
        if dt is None:
            return self._offsets[-1] if self._home is None else self._home.utcoffset(None)
        wall = dt.replace(tzinfo=None, fold=0)
        readings = self._readings(wall)
        if not readings:  # a wall time the clock skipped
            return self._skipped(wall)
        return readings[-1] if dt.fold else readings[0]

    def _skipped(self, wall: datetime) -> timedelta:
        """The offset for a wall time the clock jumped over. Jumped at a recorded moment
        (or at ``until``): the offset that reads it as that moment, so a day that starts
        in the jump starts when its clock first showed it (with the sessions it holds).
        Any other jump (home's summer time) as Python's zones do: the offset before it."""
        candidates = self._candidates(wall)
        low, high = wall - max(candidates), wall - min(candidates)
        changes = self._moments if self._until is None else sorted(
            [*self._moments, self._until])
        for moment in changes[bisect_left(changes, low):bisect_right(changes, high)]:
            before = self._at(moment - timedelta(microseconds=1))
            if moment + before <= wall < moment + self._at(moment):
                return wall - moment
        return self._at(low)

    def dst(self, dt: datetime | None) -> timedelta | None:
        return None

    def tzname(self, dt: datetime | None) -> str:
        return offset_text(self.utcoffset(dt) // timedelta(minutes=1))

    def __repr__(self) -> str:
        home = f", home={self._home}" if self._home is not None else ""
        return f"OffsetsZone({', '.join(offset_text(m) for m in self.offsets)}{home})"
