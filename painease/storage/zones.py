"""A patient's clock on the therapist's side: their days are counted where they live.

Times are stored in UTC; days and weeks are counted on a clock. A patient's own painease
counts them on their computer's clock; a therapist reading the patient's imported results
(``painease.packs.results``) must count them on the patient's clock too, or a session done
at 23:30 in New York lands on the next day in Berlin.

Contract
--------
* Results files carry the patient's zone: its IANA name when their computer can tell it
  (``SentZone.name``), and each session's UTC offset at its start (the session record's
  ``utc_offset_minutes``). ``save_sent_zone(conn, zone, sent_at)`` keeps the name in the
  patient's own database (table ``sent_zone``, one row), inside the caller's transaction.
* ``patient_zone(store, here=None)`` reads a patient's database and returns the
  ``PatientZone`` to show it in: the named zone when this computer knows that name, else
  the recorded offsets (``painease.local_time.OffsetsZone``), else — results from a
  painease that sent no zone — ``here`` (default: this computer's ``local_zone()``), with
  ``sent`` False. A session's own offset wins over the name: the name is the patient's
  zone when they made the results, and a session done elsewhere (a trip, before a move)
  was lived on the day its own clock showed, so it is counted there (``elsewhere`` lists
  those clocks) and everything else on the named zone. Before the first session that
  recorded a clock, that clock holds (a patient who moved had their old one), unless a
  session from before painease recorded clocks came earlier: that one is on the named
  zone's clock, which then holds up to the first recorded one.
  ``PatientZone.note(voice)`` is the one sentence a view shows about it ("Days and times
  are Sam's local time, America/New_York."), empty when the patient's clock is the
  reader's.
  ``patient_clock(store)`` is its ``tz`` alone, for a reader that counts days only
  (Outcomes): it skips comparing that clock with the reader's at every session.
* ``own_zone(store, here=None)`` is the same rule for a person's own sessions, on their own
  computer: the clock their Insights, Home and report count days on. Home is ``here``
  (default: this computer's ``local_zone()``, wherever it is now); a session whose
  recorded offset is not home's at its start was done on another clock and is counted on
  it, as the therapist counts it; everything else, today included, is on home's clock.
  Without such a session (the usual case, and sessions from before offsets were recorded)
  it is ``here`` itself. It reads the sessions as they are when called: ask again after a
  session is added. Both leave out a session whose start cannot be read (the file was
  edited): it places no clock, and what reads that session says so.

Same thread rules as the store whose connection it reads. No Qt.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from sqlite3 import Connection

from painease.domain.voice import YOU, Voice, capital
from painease.local_time import (
    OffsetsZone,
    local_zone,
    local_zone_name,
    offset_text,
    same_clock,
    zone_named,
)
from painease.storage.stored_values import UnreadableValue, db_time, parse_db_time

SENT_ZONE_TABLE = "sent_zone"


@dataclass(frozen=True)
class SentZone:
    """What a results file says about the patient's zone: its IANA name, or None when
    their computer could not tell it (each session then still carries its offset)."""

    name: str | None


@dataclass(frozen=True)
class PatientZone:
    tz: tzinfo  # count the patient's days and show their times in this
    label: str  # "America/New_York", "UTC−05:00", or (not sent) the reader's own zone
    sent: bool  # False: the results did not say; ``tz`` is the reader's own zone
    differs: bool  # the patient's clock is not the reader's (at their sessions' times)
    # UTC offsets of sessions done away from the zone ``label`` names (minutes, first seen
    # first): each of those is on the clock it was done on.
    elsewhere: tuple[int, ...] = ()

    def note(self, voice: Voice = YOU) -> str:
        """The one plain sentence a view of the patient's results shows about their clock;
        empty when there is nothing to say (it is the reader's clock too)."""
        if not self.sent:
            return (f"{capital(voice.whose())} results do not say which time zone they were "
                    "made in (an older painease sent them), so their days and times are "
                    f"shown on your clock, {self.label}.")
        if not self.differs:
            return ""
        if self.elsewhere:
            clocks = " or ".join(offset_text(m) for m in self.elsewhere)
            return (f"Days and times are {voice.whose()} local time, {self.label}; sessions "
                    f"done in another time zone are on the clock there ({clocks}).")
        return f"Days and times are {voice.whose()} local time, {self.label}."


def save_sent_zone(conn: Connection, zone: SentZone, sent_at: datetime) -> None:
    """Keep the zone the results made at ``sent_at`` named (caller's transaction)."""
    conn.execute(
        f"INSERT INTO {SENT_ZONE_TABLE} (id, name, sent_at) VALUES (1, ?, ?)"
        " ON CONFLICT (id) DO UPDATE SET name = excluded.name, sent_at = excluded.sent_at",
        (zone.name, db_time(sent_at)))


def sent_zone(conn: Connection) -> tuple[SentZone, datetime] | None:
    """The zone the newest results that gave one named, and when they were made."""
    row = conn.execute(f"SELECT name, sent_at FROM {SENT_ZONE_TABLE} WHERE id = 1").fetchone()
    if row is None:
        return None
    return SentZone(row[0]), parse_db_time(row[1], (SENT_ZONE_TABLE, 1, "sent_at"))


def patient_zone(store, here: tzinfo | None = None) -> PatientZone:
    """The clock to show a patient's imported sessions on (see the module's contract).
    ``here``: the reader's own zone (default: this computer's)."""
    return _patient_zone(store, here, compare=True)


def patient_clock(store) -> tzinfo:
    """``patient_zone(store).tz`` alone: the clock a patient's days are counted on, for a
    reader that needs only that (Outcomes). It does not compare that clock with this
    computer's at every session's start (``PatientZone.differs``, for the note a view
    shows): two conversions per session, half of those an Outcomes read made."""
    return _patient_zone(store, None, compare=False).tz


def _patient_zone(store, here: tzinfo | None, compare: bool) -> PatientZone:
    """``patient_zone``; without ``compare`` only its ``tz`` holds (``differs`` is not
    worked out, nor, when the results sent no zone, ``sent``)."""
    own_name = local_zone_name() if here is None else None
    here = here or local_zone()
    conn = store.database.conn
    with store.database.guard("read the patient's time zone"):
        found = sent_zone(conn)
        name = found[0].name if found else None
        named = zone_named(name) if name else None
        marks = _home_marks(conn, named) if named is not None else _offset_marks(conn)
        starts = [t for (t,) in _readable(conn.execute("SELECT started_at FROM sessions"))
                  ] if compare else []

    def differs(theirs: tzinfo) -> bool:
        return compare and not _same_clock(theirs, here, starts)

    if named is not None:
        zone = OffsetsZone(marks, home=named, until=found[1]) if marks else None
        if zone is None or not zone.away:
            return PatientZone(named, name, True, differs(named))
        # Some sessions were done on another clock (travel, or before a move): each is on
        # the day the patient lived it, the rest on the clock the results name.
        return PatientZone(zone, name, True, True, zone.away)
    if marks:
        zone = OffsetsZone(marks)
        label = " or ".join(offset_text(m) for m in zone.offsets)
        return PatientZone(zone, label, True, differs(zone))
    # Nothing sent (an older painease), or nothing to place (no sessions yet).
    key = getattr(here, "key", None)
    label = (key if key and key != "localtime" else own_name) or offset_text(
        datetime.now(here).utcoffset() // timedelta(minutes=1))
    return PatientZone(here, label, found is not None or not starts, False)


def own_zone(store, here: tzinfo | None = None) -> tzinfo:
    """The clock a person's own sessions are shown on (see the module's contract)."""
    here = here or local_zone()
    with store.database.guard("read the time zones of your sessions"):
        marks = _home_marks(store.database.conn, here)
    if not marks:
        return here
    # Until now: a session done away holds its clock until the next one, but not past
    # this moment, so today is always home's.
    zone = OffsetsZone(marks, home=here, until=datetime.now(UTC))
    return zone if zone.away else here


def _offset_marks(conn: Connection) -> list[tuple[datetime, int]]:
    """(start, UTC offset in minutes) of each session that recorded its clock."""
    return _readable(conn.execute(
        "SELECT started_at, utc_offset_minutes FROM sessions"
        " WHERE utc_offset_minutes IS NOT NULL ORDER BY started_at, id"))


def _readable(rows: Iterable[tuple]) -> list[tuple]:
    """``rows`` (a stored start first) with the start read. One that cannot be read (the
    file was edited) places no clock: the others keep theirs, and whatever reads that
    session itself says what is wrong (``UnreadableValue``)."""
    read = ((parse_db_time(t, keep=True), *rest) for t, *rest in rows)
    return [row for row in read if not isinstance(row[0], UnreadableValue)]


def _home_marks(conn: Connection, home: tzinfo) -> list[tuple[datetime, int]]:
    """``_offset_marks`` over the clock ``home``: before the first recorded clock an
    ``OffsetsZone`` keeps that first clock (a patient who moved had their old one), so the
    last session from before painease recorded clocks, which is on home's (see the module
    doc), is marked with home's offset: home's rules hold up to the first recorded one."""
    marks = _offset_marks(conn)
    (older,) = conn.execute(
        "SELECT max(started_at) FROM sessions WHERE utc_offset_minutes IS NULL AND started_at"
        " < (SELECT min(started_at) FROM sessions WHERE utc_offset_minutes IS NOT NULL)"
    ).fetchone()
    when = parse_db_time(older, keep=True) if older is not None else None
    if not marks or when is None or isinstance(when, UnreadableValue):
        return marks
    return [(when, when.astimezone(home).utcoffset() // timedelta(minutes=1)), *marks]


def _same_clock(theirs: tzinfo, ours: tzinfo, moments: list[datetime]) -> bool:
    """Whether two clocks agree at every one of ``moments`` and now (``same_clock``): then
    every day and time shown is the same on both."""
    return same_clock(theirs, ours, [*moments, datetime.now(UTC)])
