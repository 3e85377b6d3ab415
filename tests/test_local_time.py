"""The clock helpers a therapist's view of a patient's results stands on (no Qt)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, available_timezones

import pytest

from painease import local_time
from painease.local_time import (
    OffsetsZone,
    day_end,
    day_start,
    local_zone_name,
    offset_text,
    same_clock,
)

ZONEINFO = Path("/usr/share/zoneinfo")


def test_the_zone_name_comes_from_tz_or_from_where_localtime_links(monkeypatch, tmp_path):
    monkeypatch.setenv("TZ", "America/New_York")
    assert local_zone_name() == "America/New_York"
    monkeypatch.setenv("TZ", "EST5EDT,M3.2.0,M11.1.0")  # a rule: no name to give
    assert local_zone_name() is None
    if not (ZONEINFO / "Europe" / "Berlin").is_file():
        pytest.skip("no system time zone database to link to")
    monkeypatch.delenv("TZ")
    link = tmp_path / "localtime"
    link.symlink_to(ZONEINFO / "posix" / "Europe" / "Berlin"
                    if (ZONEINFO / "posix" / "Europe" / "Berlin").is_file()
                    else ZONEINFO / "Europe" / "Berlin")
    monkeypatch.setattr(local_time, "SYSTEM_ZONE_FILE", str(link))
    assert local_zone_name() == "Europe/Berlin"
    copied = tmp_path / "copied"
    copied.write_bytes((ZONEINFO / "Europe" / "Berlin").read_bytes())
    monkeypatch.setattr(local_time, "SYSTEM_ZONE_FILE", str(copied))
    assert local_zone_name() is None  # a copy does not say which zone it is


def test_a_zone_of_recorded_offsets_puts_each_moment_on_its_own_days_clock():
    summer = datetime(2026, 7, 7, 4, 30, tzinfo=UTC)  # 00:30 in New York's summer time
    winter = datetime(2026, 11, 9, 4, 30, tzinfo=UTC)  # 23:30 the day before, winter time
    zone = OffsetsZone([(winter, -300), (summer, -240)])
    assert summer.astimezone(zone).isoformat() == "2026-07-07T00:30:00-04:00"
    assert winter.astimezone(zone).date() == date(2026, 11, 8)
    before = datetime(2026, 1, 1, tzinfo=UTC).astimezone(zone)  # before the first: its offset
    assert before.utcoffset() == timedelta(hours=-4)
    # Local times go back to the same moments, and a day starts at that day's midnight.
    for moment in (summer, winter, datetime(2026, 9, 1, 12, tzinfo=UTC)):
        assert moment.astimezone(zone).astimezone(UTC) == moment
    assert day_start(date(2026, 11, 10), zone) == datetime(2026, 11, 10, 5, tzinfo=UTC)
    # The clock is known to go back at the first session on the new offset (04:30 UTC),
    # not before: so 00:00 came twice that night, and the day starts at the first.
    start = day_start(date(2026, 11, 9), zone)
    assert start.astimezone(UTC) == datetime(2026, 11, 9, 4, tzinfo=UTC)
    assert zone.offsets == (-240, -300)
    with pytest.raises(ValueError):
        OffsetsZone([])


def test_a_wall_time_shown_three_times_ends_its_day_at_the_last():
    """Berlin, then New York, then Los Angeles in one evening: the clock went back twice,
    so the evening's last hours were shown three times. The day ends at the last midnight
    (the Los Angeles session is on it), and the first and last readings of a wall time go
    back to their own moments; a middle one keeps its day and wall time (see the class)."""
    day = date(2026, 11, 20)
    berlin = datetime(2026, 11, 20, 12, tzinfo=UTC)  # 13:00 in Berlin
    new_york = datetime(2026, 11, 21, 2, tzinfo=UTC)  # 21:00 in New York
    los_angeles = datetime(2026, 11, 21, 7, 45, tzinfo=UTC)  # 23:45 in Los Angeles
    zone = OffsetsZone([(berlin, 60), (new_york, -300), (los_angeles, -480)])
    assert day_start(day + timedelta(days=1), zone).astimezone(UTC) == datetime(
        2026, 11, 20, 23, tzinfo=UTC)  # the first midnight, Berlin's
    assert day_end(day, zone).astimezone(UTC) == datetime(2026, 11, 21, 8, tzinfo=UTC)
    for moment in (berlin, new_york, los_angeles):
        local = moment.astimezone(zone)
        assert local.date() == day and local.astimezone(UTC) == moment
        assert day_start(day, zone) <= moment < day_end(day, zone)
    assert los_angeles.astimezone(zone).strftime("%H:%M %Z") == "23:45 UTC−08:00"
    # 23:50 on New York's clock, shown before (Berlin) and after (Los Angeles) too: its day
    # and wall time are right; as a moment it reads as the first showing.
    middle = datetime(2026, 11, 21, 4, 50, tzinfo=UTC).astimezone(zone)
    assert (middle.date(), middle.strftime("%H:%M")) == (day, "23:50")
    assert middle.astimezone(UTC) == datetime(2026, 11, 20, 22, 50, tzinfo=UTC)


@pytest.mark.parametrize(("minutes", "text"), [(0, "UTC"), (-300, "UTC−05:00"),
                                                (330, "UTC+05:30"), (-570, "UTC−09:30")])
def test_offsets_are_written_as_people_read_them(minutes, text):
    assert offset_text(minutes) == text


def _utc(moment: datetime) -> datetime:
    # Compared in UTC: two datetimes on the same zone compare their wall times only.
    return moment.astimezone(UTC)


@pytest.mark.parametrize(("name", "day"), [
    ("America/Santiago", date(2026, 9, 5)),  # 24:00 on Saturday is 01:00 on Sunday
    ("Atlantic/Azores", date(2026, 3, 28)),
    ("Africa/Cairo", date(2026, 4, 23)),
    ("Asia/Beirut", date(2026, 3, 28)),
    ("America/Havana", date(2026, 3, 7)),
])
def test_a_day_whose_next_midnight_was_skipped_ends_when_the_next_day_starts(name, day):
    """The clock springs forward at midnight: the day runs until 01:00 of the next, its
    first moment, so a session at 23:30 is on it (not on no day at all)."""
    zone = ZoneInfo(name)
    late = datetime.combine(day, time(23, 30), zone)
    assert late.astimezone(UTC).astimezone(zone).date() == day  # a real wall time
    next_start = day_start(day + timedelta(days=1), zone)
    assert _utc(next_start).astimezone(zone).hour == 1  # midnight was skipped
    assert _utc(day_end(day, zone)) == _utc(next_start)
    assert _utc(day_start(day, zone)) <= _utc(late) < _utc(day_end(day, zone))


def test_consecutive_days_leave_no_gap_in_any_zone():
    """Every zone this computer knows, 2020–2030: each day ends when the next starts,
    except where midnight came twice (the clock went back over it): then it ends at the
    second midnight, after the next day's start (see ``day_end``). Only the weeks whose
    clock changed are looked at day by day."""
    checked = 0
    for name in sorted(available_timezones()):
        zone = ZoneInfo(name)
        monday = date(2020, 1, 6)
        noon = datetime.combine(monday, time(12), zone).utcoffset()
        while monday < date(2031, 1, 1):
            following = monday + timedelta(days=7)
            next_noon = datetime.combine(following, time(12), zone).utcoffset()
            if next_noon != noon:
                for day in (monday + timedelta(days=i) for i in range(-1, 8)):
                    end = _utc(day_end(day, zone))
                    start = _utc(day_start(day + timedelta(days=1), zone))
                    # The clock showed the next midnight twice: its last showing is one.
                    second = _utc(datetime.combine(day + timedelta(days=1), time(fold=1),
                                                   zone))
                    twice = second != start and second.astimezone(zone).time() == time.min
                    assert end >= start if twice else end == start, (name, day)
                    checked += 1
            monday, noon = following, next_noon
    assert checked > 1000


def test_two_moments_that_read_the_same_to_the_minute_are_written_with_seconds():
    from painease.local_time import moments_apart

    berlin = ZoneInfo("Europe/Berlin")
    at = datetime(2026, 12, 5, 9, 46, 5, tzinfo=UTC)
    assert moments_apart(at, at + timedelta(minutes=2), berlin) == (
        "5 Dec 2026 at 10:46", "5 Dec 2026 at 10:48")
    assert moments_apart(at, at + timedelta(seconds=40), berlin) == (
        "5 Dec 2026 at 10:46:05", "5 Dec 2026 at 10:46:45")
    # The same second: the texts are the same, for the caller to say so.
    assert moments_apart(at, at + timedelta(milliseconds=300), berlin) == (
        "5 Dec 2026 at 10:46:05", "5 Dec 2026 at 10:46:05")


def test_a_time_in_the_repeated_hour_says_which_showing_it_is():
    """Clocks back in London on 25 Oct 2026: 01:00–01:59 was shown twice. Only those times
    say which showing they are; the hour before, the hour after and other clocks' times
    read as before."""
    from painease.local_time import when_text

    london = ZoneInfo("Europe/London")
    said = [when_text(datetime(2026, 10, 25, hour, minute, tzinfo=UTC), london, weekday=True)
            for hour, minute in ((0, 0), (0, 59), (1, 0), (1, 59), (2, 0), (23, 59))]
    assert said == ["Sun 25 Oct 2026, 01:00 (before the clocks went back)",
                    "Sun 25 Oct 2026, 01:59 (before the clocks went back)",
                    "Sun 25 Oct 2026, 01:00 (after the clocks went back)",
                    "Sun 25 Oct 2026, 01:59 (after the clocks went back)",
                    "Sun 25 Oct 2026, 02:00", "Sun 25 Oct 2026, 23:59"]
    assert when_text(datetime(2026, 10, 24, 23, 59, tzinfo=UTC), london) == "25 Oct 2026, 00:59"
    # Spring's skipped hour repeats nothing; a fixed clock never repeats.
    assert when_text(datetime(2026, 3, 29, 1, 0, tzinfo=UTC), london) == "29 Mar 2026, 02:00"
    assert when_text(datetime(2026, 10, 25, 1, 30, tzinfo=UTC), UTC) == "25 Oct 2026, 01:30"
    skipped = datetime(2026, 3, 29, 1, 30, tzinfo=london)  # never on London's clock
    assert when_text(skipped) == when_text(skipped.replace(fold=1)) == "29 Mar 2026, 01:30"
    # A clock known by its recorded offsets tells the two apart by fold as well.
    marks = [(datetime(2026, 10, 25, 0, 30, tzinfo=UTC), 60),
             (datetime(2026, 10, 25, 1, 30, tzinfo=UTC), 0)]
    zone = OffsetsZone(marks)
    assert [when_text(when, zone) for when, _ in marks] == [
        "25 Oct 2026, 01:30 (before the clocks went back)",
        "25 Oct 2026, 01:30 (after the clocks went back)"]
    # A trip west (Berlin to New York) on such a clock repeats six hours: not "the clocks
    # went back" (tests/ui/test_own_clock.py: a trip session reads as it always did).
    trip = [(datetime(2026, 11, 8, 12, tzinfo=UTC), 60), (datetime(2026, 11, 9, 4, 30,
                                                                  tzinfo=UTC), -300)]
    assert when_text(trip[1][0], OffsetsZone(trip)) == "8 Nov 2026, 23:30"


def test_same_clock_compares_readings_not_zone_objects(monkeypatch):
    berlin, london = ZoneInfo("Europe/Berlin"), ZoneInfo("Europe/London")
    winter = datetime(2026, 1, 15, 12, tzinfo=UTC)
    summer = datetime(2026, 7, 15, 12, tzinfo=UTC)
    # This computer's zone read twice from /etc/localtime: two objects, one clock.
    if not (ZONEINFO / "Europe" / "Berlin").is_file():
        pytest.skip("no system time zone database to read")
    monkeypatch.delenv("TZ", raising=False)
    monkeypatch.setattr(local_time, "SYSTEM_ZONE_FILE", str(ZONEINFO / "Europe" / "Berlin"))
    one, other = local_time.local_zone(), local_time.local_zone()
    assert one != other  # what comparing the objects says
    assert same_clock(one, other, [winter, summer])
    assert not same_clock(berlin, london, [winter, summer])
    assert same_clock(berlin, ZoneInfo("Europe/Paris"), [winter, summer])
    # A zone built anew from the same recorded clocks reads the same.
    marks = [(winter, 60), (summer, -240)]
    assert same_clock(OffsetsZone(marks, home=berlin), OffsetsZone(marks, home=berlin),
                      [winter, summer, summer + timedelta(days=1)])
    assert not same_clock(OffsetsZone(marks, home=berlin), berlin, [summer])
