"""A patient who moved: before the first clock a session recorded, that clock holds.

They lived in New York and moved to Berlin. Every session kept the UTC offset of the
clock it was started on (``SessionStore.start_session``, here on ``$TZ``'s clock). Their
own painease (home: Berlin, ``own_zone``) and their therapist's (the results name Berlin,
``patient_zone``) count the New York sessions on New York's days, and a day's period then
holds only sessions of that day: nothing before the first recorded clock says they were
in Berlin yet, so the hours before it are not read on Berlin's clock either.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from painease.local_time import OffsetsZone, day_end, day_start
from painease.storage import SessionStore
from painease.storage.zones import SentZone, own_zone, patient_zone, save_sent_zone
from tests.packs.test_results_zones import BERLIN, NEW_YORK, clock

# Monday 30 November, 23:30 in New York: Tuesday 05:30 in Berlin.
IN_NEW_YORK = datetime(2026, 12, 1, 4, 30, tzinfo=UTC)
# Tuesday 1 December, 20:00 in Berlin, after the move.
IN_BERLIN = datetime(2026, 12, 1, 19, 0, tzinfo=UTC)
DAY = date(2026, 12, 1)


def _done(store: SessionStore, zone: str, started: datetime) -> None:
    with clock(zone):
        sid = store.start_session("calm-corner", 1, 10, started_at=started)
    store.end_session(sid, "completed", 600_000, played_ms=600_000,
                      ended_at=started + timedelta(minutes=10))


def _one_day(store: SessionStore, tz) -> list[str]:
    """The sessions a period of ``DAY`` alone holds, as their clock shows them."""
    table = store.insight_table(day_start(DAY, tz), day_end(DAY, tz))
    return [point.started_at.astimezone(tz).strftime("%d %b %H:%M") for point in table]


def _own_and_therapists(store: SessionStore) -> tuple:
    """The patient's own clock (home in Berlin) and their therapist's reading of it (in New
    York, from results that name Berlin)."""
    own = own_zone(store, here=ZoneInfo(BERLIN))
    with store.database.write("test: the results name Berlin"):
        save_sent_zone(store.database.conn, SentZone(BERLIN), IN_BERLIN + timedelta(hours=1))
    return own, patient_zone(store, here=ZoneInfo(NEW_YORK)).tz


def test_a_day_after_the_move_holds_only_its_own_sessions(tmp_path):
    store = SessionStore(tmp_path / "p.sqlite3")
    _done(store, NEW_YORK, IN_NEW_YORK)
    _done(store, BERLIN, IN_BERLIN)
    for tz in _own_and_therapists(store):
        assert IN_NEW_YORK.astimezone(tz).strftime("%d %b %H:%M") == "30 Nov 23:30"
        assert _one_day(store, tz) == ["01 Dec 20:00"]
        assert day_start(DAY, tz).astimezone(UTC) == datetime(2026, 12, 1, 5, tzinfo=UTC)


def test_before_the_first_recorded_clock_it_holds_over_a_home_zone():
    zone = OffsetsZone([(IN_NEW_YORK, -300), (IN_BERLIN, 60)], home=ZoneInfo(BERLIN))
    earlier = datetime(2026, 11, 20, 12, tzinfo=UTC)
    assert earlier.astimezone(zone).utcoffset() == timedelta(hours=-5)
    assert IN_BERLIN.astimezone(zone).utcoffset() == timedelta(hours=1)


def test_a_session_from_before_clocks_were_recorded_stays_on_home_s(tmp_path):
    """An older painease kept no clock: that session is on home's (Berlin's), as before;
    home's clock then holds up to the first session that recorded one."""
    store = SessionStore(tmp_path / "p.sqlite3")
    older = datetime(2026, 11, 20, 23, 30, tzinfo=UTC)  # 00:30 in Berlin, 18:30 in New York
    _done(store, BERLIN, older)
    with store.database.write("test: an older painease"):
        store.database.conn.execute("UPDATE sessions SET utc_offset_minutes = NULL")
    _done(store, NEW_YORK, IN_NEW_YORK)
    _done(store, BERLIN, IN_BERLIN)
    for tz in _own_and_therapists(store):
        assert older.astimezone(tz).strftime("%d %b %H:%M") == "21 Nov 00:30"
        assert IN_NEW_YORK.astimezone(tz).strftime("%d %b %H:%M") == "30 Nov 23:30"
