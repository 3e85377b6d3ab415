"""A patient's days are the patient's days, wherever the therapist is.

The patient's results file is written by ``painease results export`` in a real subprocess
whose clock is New York's, and read by ``painease results import`` in one whose clock is
Berlin's (``$TZ`` in each process's environment). The sessions sit near midnight, where the
two clocks put them on different days. The therapist's checks then run in this process on
Berlin's clock (``berlin_clock``), on the patient's imported database.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from nacl.public import SealedBox

from painease.domain.insights import table_local_days, table_series
from painease.domain.voice import Voice
from painease.local_time import day_start
from painease.packs.identity import Identity, box_public_key, load_or_create_identity
from painease.packs.install import import_pack
from painease.packs.pack import build_pack
from painease.packs.results import ResultsError, open_patient, read_results
from painease.storage import SessionStore
from painease.storage.programs import ProgramStore
from tests.packs.conftest import make_program, seal_results

REPO = Path(__file__).resolve().parents[2]
NEW_YORK = "America/New_York"
BERLIN = "Europe/Berlin"
# A rule string, not a zone name: New York's clock, without its name.
NEW_YORK_RULE = "EST5EDT,M3.2.0,M11.1.0"

# (UTC start, set item or None, the patient's day in New York, the day on Berlin's clock)
SESSIONS = (
    (datetime(2026, 7, 7, 3, 45, tzinfo=UTC), None, date(2026, 7, 6), date(2026, 7, 7)),
    # 00:30 summer time: on winter time (UTC−5) it would be 23:30 the day before.
    (datetime(2026, 7, 7, 4, 30, tzinfo=UTC), None, date(2026, 7, 7), date(2026, 7, 7)),
    (datetime(2026, 11, 2, 15, 0, tzinfo=UTC), 1, date(2026, 11, 2), date(2026, 11, 2)),
    # 21:00 on the dated item's day in New York; 03:00 the next day in Berlin.
    (datetime(2026, 11, 5, 2, 0, tzinfo=UTC), 2, date(2026, 11, 4), date(2026, 11, 5)),
    # Sunday 23:30, the last day of the set's first week; Monday (week two) in Berlin.
    (datetime(2026, 11, 9, 4, 30, tzinfo=UTC), 1, date(2026, 11, 8), date(2026, 11, 9)),
)
SET_STARTED = date(2026, 11, 2)  # a Monday
TODAY = date(2026, 11, 12)


def run(*args: str, home: Path, zone: str) -> subprocess.CompletedProcess:
    """``painease ARGS`` in a subprocess with data dir ``home`` and clock ``$TZ=zone``."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "PAINEASE_HOME": str(home), "TZ": zone}
    done = subprocess.run([sys.executable, "-m", "painease", *args], capture_output=True,
                          text=True, env=env, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return done


@contextmanager
def clock(zone: str) -> Iterator[None]:
    """This process on the clock ``zone`` (``$TZ`` and the C library's), then as before."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = zone
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = before
        time.tzset()


@pytest.fixture
def berlin_clock():
    with clock(BERLIN):
        yield


# Sessions done, each started, rated and ended, by the store in a process on a clock of its
# own: argv = database path, then JSON [[UTC start, script, minutes, [set id, item] or
# null], ...].
DO_SESSIONS = """
import json, sys
from datetime import datetime
from painease.storage import SessionStore
with SessionStore(sys.argv[1]) as store:
    for started, script, minutes, item in json.loads(sys.argv[2]):
        when = datetime.fromisoformat(started)
        sid = store.start_session(script, 1, minutes, started_at=when,
                                  program_item=tuple(item) if item else None)
        store.save_rating(sid, "pre", 5, 5, rated_at=when)
        store.end_session(sid, "completed", round(minutes * 60_000), ended_at=when)
        store.save_rating(sid, "post", 3, 3, rated_at=when)
"""


def do_sessions(home: Path, zone: str, sessions: list) -> None:
    """The patient does ``sessions`` on the clock ``zone`` (a process with that ``$TZ``)."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "PAINEASE_HOME": str(home), "TZ": zone}
    done = subprocess.run(
        [sys.executable, "-c", DO_SESSIONS, str(home / "painease.sqlite3"),
         json.dumps([[started.isoformat(), *rest] for started, *rest in sessions])],
        capture_output=True, text=True, env=env, timeout=120, check=False)
    assert done.returncode == 0, done.stderr


def send_from(homes, therapist: Identity, out: Path, zone: str = NEW_YORK,
              away: tuple[str, list[datetime]] | None = None) -> Path:
    """The patient follows ``therapist``'s set from ``SET_STARTED``, does ``SESSIONS`` on
    the clock ``zone`` (and, with ``away`` = (zone, UTC starts), a short session at each of
    those on that zone's clock), then sends their results with ``painease results export``
    on the clock ``zone``."""
    program = make_program()
    homes.use(homes.therapist)
    pack = build_pack(program, therapist, out.parent / "set.painease")
    homes.use(homes.patient)
    load_or_create_identity(name="Sam")
    with SessionStore(homes.patient / "painease.sqlite3") as store:
        import_pack(pack, store, today=SET_STARTED)
    do_sessions(homes.patient, zone, [
        (started, *(("paced-breathing", 5) if item == 2 else ("calm-corner", 2)),
         [program.id, item] if item else None) for started, item, _, _ in SESSIONS])
    if away is not None:
        do_sessions(homes.patient, away[0],
                    [(started, "calm-corner", 2, None) for started in away[1]])
    run("results", "export", "--pack", program.id, "--from", "2026-07-01", "--to",
        "2026-11-30", "-o", str(out), home=homes.patient, zone=zone)
    return out


def receive_in_berlin(homes, results: Path) -> str:
    """``painease results import`` on Berlin's clock; the patient's key id."""
    run("results", "import", str(results), home=homes.therapist, zone=BERLIN)
    homes.use(homes.therapist)
    with SessionStore(homes.therapist / "painease.sqlite3") as own:
        from painease.storage.patients import PatientStore

        [patient] = PatientStore(own).patients()
    return patient.key_id


def as_older_painease(results: Path, therapist: Identity, patient: Identity,
                      out: Path) -> Path:
    """The same results as a painease from before time zones writes them: no
    ``time_zone`` in the payload and no ``utc_offset_minutes`` in its sessions, signed by
    the patient and sealed to the therapist as usual."""
    payload = dict(read_results(results, therapist).payload)
    del payload["time_zone"]
    for session in payload["sessions"]:
        del session["utc_offset_minutes"]
    return seal_results(payload, patient, therapist, out)


def patient_zone(store):
    """``painease.storage.zones.patient_zone`` (imported late: the helpers above serve
    tests that only need the files), checked against ``patient_clock`` (Outcomes' read:
    the clock alone), which must place every session on the same day."""
    from painease.storage.zones import patient_clock, patient_zone

    zone = patient_zone(store)
    assert _days(store, patient_clock(store)) == _days(store, zone.tz)
    return zone


def _days(store, tz) -> list[date]:
    return [d.astype(object) for d in table_local_days(store.insight_table(None, None), tz)]


def test_the_file_carries_the_patients_zone_in_the_format_older_versions_read(
        homes, therapist, tmp_path):
    results = send_from(homes, therapist, tmp_path / "sam.painease-results")
    header = json.loads(results.read_bytes().partition(b"\n")[0])
    assert header["version"] == 1  # unchanged: a painease that reads 1 still opens it
    homes.use(homes.therapist)
    payload = read_results(results, therapist).payload
    assert payload["version"] == 1
    assert payload["time_zone"] == NEW_YORK
    # Each session's clock at its start: summer time (UTC−4) in July, winter in November.
    assert [s["utc_offset_minutes"] for s in payload["sessions"]] == [-240, -240, -300,
                                                                      -300, -300]


def test_a_new_york_patients_days_stay_theirs_for_a_therapist_in_berlin(
        homes, therapist, tmp_path, berlin_clock):
    results = send_from(homes, therapist, tmp_path / "sam.painease-results")
    key = receive_in_berlin(homes, results)
    with open_patient(key) as theirs:
        zone = patient_zone(theirs)
        assert zone.tz == ZoneInfo(NEW_YORK) and zone.label == NEW_YORK
        assert zone.sent and zone.differs
        # The day each session lands on is the patient's, not Berlin's.
        assert _days(theirs, zone.tz) == [d for _, _, d, _ in SESSIONS]
        assert _days(theirs, zone.tz) != [d for _, _, _, d in SESSIONS]  # Berlin's differ
        table = theirs.insight_table(None, None)
        daily = table_series(table, zone.tz, weekly=False)
        assert [d.astype(object) for d in daily.start] == [d for _, _, d, _ in SESSIONS]
        weekly = table_series(table, zone.tz, weekly=True)  # sessions per week
        assert [d.astype(object) for d in weekly.start] == [date(2026, 7, 6),
                                                             date(2026, 11, 2)]
        assert np.array_equal(weekly.count, [2, 3])
        # The set's weeks too: the Sunday-night session is in week one, and the dated
        # item was done on its day, so nothing was missed, as the patient's own Home says.
        status = ProgramStore(theirs).status(TODAY, tz=zone.tz)
        assert (status.done, status.missed) == (3, 0)
        assert [i.position for i in status.due_today] == [1]
        # On Berlin's clock (wrong) the Sunday session moves to week two, so week one
        # looks one short; the dated item's, a day late there, still fills its date.
        assert ProgramStore(theirs).status(TODAY, tz=ZoneInfo(BERLIN)).missed == 1
        assert zone.note(Voice.about("Sam")) == (
            f"Days and times are Sam's local time, {NEW_YORK}.")


def test_a_zone_without_a_name_goes_as_each_sessions_offset(
        homes, therapist, tmp_path, berlin_clock):
    """A clock set by a rule, not a zone name: each session still carries the offset it
    had (summer and winter time), and the days land right on the therapist's side."""
    results = send_from(homes, therapist, tmp_path / "sam.painease-results",
                        zone=NEW_YORK_RULE)
    homes.use(homes.therapist)
    payload = read_results(results, therapist).payload
    assert payload["time_zone"] is None
    assert [s["utc_offset_minutes"] for s in payload["sessions"]] == [-240, -240, -300,
                                                                      -300, -300]
    key = receive_in_berlin(homes, results)
    with open_patient(key) as theirs:
        zone = patient_zone(theirs)
        assert zone.label == "UTC−04:00 or UTC−05:00" and zone.differs
        assert _days(theirs, zone.tz) == [d for _, _, d, _ in SESSIONS]
        assert ProgramStore(theirs).status(TODAY, tz=zone.tz).missed == 0
        assert [theirs.sessions()[i].started_at.astimezone(zone.tz).strftime("%H:%M")
                for i in (0, 1, 4)] == ["23:45", "00:30", "23:30"]


def test_an_older_painease_file_is_counted_on_the_therapists_clock_and_says_so(
        homes, therapist, tmp_path, berlin_clock):
    results = send_from(homes, therapist, tmp_path / "sam.painease-results")
    homes.use(homes.patient)
    older = as_older_painease(results, therapist, load_or_create_identity(),
                              tmp_path / "old.painease-results")
    key = receive_in_berlin(homes, older)
    with open_patient(key) as theirs:
        zone = patient_zone(theirs)
        assert not zone.sent and zone.label == BERLIN
        assert _days(theirs, zone.tz) == [d for _, _, _, d in SESSIONS]
        assert zone.note(Voice.about("Sam")) == (
            "Sam's results do not say which time zone they were made in (an older "
            "painease sent them), so their days and times are shown on your clock, "
            "Europe/Berlin.")
    # The same sessions sent again by a newer painease: now they are the patient's days.
    receive_in_berlin(homes, results)
    with open_patient(key) as theirs:
        zone = patient_zone(theirs)
        assert zone.sent and zone.label == NEW_YORK
        assert _days(theirs, zone.tz) == [d for _, _, d, _ in SESSIONS]
    # The older painease's file once more after it takes neither zone nor offsets away.
    receive_in_berlin(homes, older)
    with open_patient(key) as theirs:
        assert patient_zone(theirs).label == NEW_YORK
        offsets = theirs.database.conn.execute(
            "SELECT utc_offset_minutes FROM sessions ORDER BY started_at").fetchall()
        assert [o for (o,) in offsets] == [-240, -240, -300, -300, -300]


def test_a_zone_name_that_is_not_one_is_refused(homes, therapist, tmp_path):
    results = send_from(homes, therapist, tmp_path / "sam.painease-results")
    homes.use(homes.therapist)
    payload = dict(read_results(results, therapist).payload)
    payload["time_zone"] = "../../etc/passwd"
    homes.use(homes.patient)
    patient = load_or_create_identity()
    compressed = zlib.compress(json.dumps(payload).encode())
    inner = bytes.fromhex(patient.public_key) + patient.signing_key.sign(compressed)
    bad = tmp_path / "bad.painease-results"
    bad.write_bytes(json.dumps({"format": "painease-results", "version": 1,
                                "recipient_key_id": therapist.key_id}).encode() + b"\n"
                    + bytes(SealedBox(box_public_key(therapist.public_key)).encrypt(inner)))
    homes.use(homes.therapist)
    with pytest.raises(ResultsError, match="is not a time zone name"):
        read_results(bad, therapist)


# A week away: after SESSIONS the New York patient is in Berlin (UTC+1 in November).
TRIP = (
    # 00:30 on 11 November in Berlin; still 18:30 on the 10th in New York.
    (datetime(2026, 11, 10, 23, 30, tzinfo=UTC), date(2026, 11, 11), "00:30"),
    (datetime(2026, 11, 11, 20, 0, tzinfo=UTC), date(2026, 11, 11), "21:00"),
)


def test_a_session_done_away_is_on_the_day_the_patient_lived_it(
        homes, therapist, tmp_path, berlin_clock):
    """Each session keeps the clock it was started on, and the therapist counts it on
    that clock's day, though the results were made at home and name home's zone."""
    results = send_from(homes, therapist, tmp_path / "sam.painease-results",
                        away=(BERLIN, [started for started, _, _ in TRIP]))
    homes.use(homes.therapist)
    payload = read_results(results, therapist).payload
    assert payload["time_zone"] == NEW_YORK  # where the patient made the file
    assert [s["utc_offset_minutes"] for s in payload["sessions"]] == [
        -240, -240, -300, -300, -300, 60, 60]
    key = receive_in_berlin(homes, results)
    with open_patient(key) as theirs:
        zone = patient_zone(theirs)
        assert zone.label == NEW_YORK and zone.differs
        days = [d for _, _, d, _ in SESSIONS] + [d for _, d, _ in TRIP]
        assert _days(theirs, zone.tz) == days
        assert zone.elsewhere == (60,)
        table = theirs.insight_table(None, None)
        daily = table_series(table, zone.tz, weekly=False)
        assert [d.astype(object) for d in daily.start] == sorted(set(days))
        assert [s.started_at.astimezone(zone.tz).strftime("%d %H:%M")
                for s in theirs.sessions()] == [
            "06 23:45", "07 00:30", "02 10:00", "04 21:00", "08 23:30", "11 00:30",
            "11 21:00"]
        # The day the patient arrived starts when their clock first showed it, so a
        # period from that day holds the session done at 00:30 there.
        assert day_start(date(2026, 11, 11), zone.tz).astimezone(UTC) == TRIP[0][0]
        assert ProgramStore(theirs).status(TODAY, tz=zone.tz).missed == 0
        # Today is on home's clock again: the results were made there.
        now = datetime.now(UTC)
        assert now.astimezone(zone.tz).utcoffset() == now.astimezone(
            ZoneInfo(NEW_YORK)).utcoffset()
        assert zone.note(Voice.about("Sam")) == (
            f"Days and times are Sam's local time, {NEW_YORK}; sessions done in another "
            "time zone are on the clock there (UTC+01:00).")


def test_a_session_from_before_offsets_were_kept_goes_with_the_clock_at_sending(
        homes, therapist, tmp_path):
    """A session started by a painease that did not record its clock (NULL) is sent with
    the offset the patient's computer gives its start when the results are made."""
    first = send_from(homes, therapist, tmp_path / "first.painease-results",
                      away=(BERLIN, [TRIP[0][0]]))
    homes.use(homes.therapist)
    set_id = read_results(first, therapist).payload["sets"][0]["set"]["id"]
    homes.use(homes.patient)
    with SessionStore(homes.patient / "painease.sqlite3") as store, \
            store.database.write("test: as an older painease left them"):
        store.database.conn.execute(
            "UPDATE sessions SET utc_offset_minutes = NULL WHERE started_at >= ?",
            ("2026-11-09",))
    again = tmp_path / "again.painease-results"
    run("results", "export", "--pack", set_id, "--from", "2026-07-01", "--to", "2026-11-30",
        "-o", str(again), home=homes.patient, zone=NEW_YORK)
    homes.use(homes.therapist)
    payload = read_results(again, therapist).payload
    # The last New York session and the one done in Berlin, on New York's clock now.
    assert [s["utc_offset_minutes"] for s in payload["sessions"]] == [
        -240, -240, -300, -300, -300, -300]
