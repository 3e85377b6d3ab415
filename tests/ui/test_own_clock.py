"""A patient's own views count a session done on a trip on the day they lived it.

The patient lives in Berlin. Their sessions are started by the store in real subprocesses
whose clock (``$TZ``) is where they were: Berlin at home, New York on a trip (see
``tests.packs.test_results_zones``). Everything is then read here on Berlin's clock, as
the patient's own painease reads it back home: Insights, the report, Home's set card and
its note about an interrupted session, and the period of the results they send. Each must
put the trip's sessions on New York's day, as their therapist's views do; a session from
before painease recorded its clock stays on this computer's.
"""

from __future__ import annotations

import argparse
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtWidgets import QLabel

from painease.domain.programs import Program, Schedule
from painease.packs.commands import run_results_export
from painease.packs.identity import load_or_create_identity
from painease.packs.results import read_results
from painease.packs.results_export import export_results
from painease.settings import Settings
from painease.storage import SessionStore
from painease.storage.programs import ProgramStore
from painease.storage.stored_values import db_time
from painease.storage.zones import own_zone
from painease.ui.charts.view import InsightsView
from painease.ui.home_page import HomePage
from painease.ui.set_card import set_card
from tests.packs.test_results_zones import BERLIN, NEW_YORK, clock, do_sessions
from tests.ui.clinic import pdf_text
from tests.waits import WORKER_WAIT_MS

SET_STARTED = date(2026, 11, 2)  # a Monday
TODAY = date(2026, 11, 12)
# Sunday 8 November, 23:30 in New York (on the trip): Monday 05:30 in Berlin, week two.
TRIP = datetime(2026, 11, 9, 4, 30, tzinfo=UTC)
# Tuesday 10 November, 11:00 at home in Berlin: week two.
HOME = datetime(2026, 11, 10, 10, 0, tzinfo=UTC)
# Wednesday 4 November, 21:00 in New York, but from a painease that kept no clock: it
# stays on this computer's, Thursday 03:00.
OLDER = datetime(2026, 11, 5, 2, 0, tzinfo=UTC)


@pytest.fixture
def berlin_clock():
    with clock(BERLIN):
        yield


@pytest.fixture
def lived(painease_home, berlin_clock) -> Program:
    """The sessions above, done for a set of one session a week for three weeks."""
    program = Program.create("Three weeks", "Dr. Ana Moreno", [
        ("calm-corner", 2, Schedule(times_per_week=1, weeks=3), None)])
    painease_home.mkdir(parents=True)
    with SessionStore.open_default() as store:
        ProgramStore(store).save_program(program, origin="imported", activate=True,
                                         today=SET_STARTED)
    item = [program.id, 1]
    do_sessions(painease_home, NEW_YORK, [(TRIP, "calm-corner", 2, item),
                                          (OLDER, "calm-corner", 2, None)])
    do_sessions(painease_home, BERLIN, [(HOME, "calm-corner", 2, item)])
    with SessionStore.open_default() as store, store.database.write("test: an older one"):
        store.database.conn.execute("UPDATE sessions SET utc_offset_minutes = NULL"
                                    " WHERE started_at LIKE '2026-11-05%'")
    return program


def test_the_clock_is_the_trips_for_its_session_and_home_for_the_rest(lived):
    with SessionStore.open_default() as store:
        tz = own_zone(store)
        assert [s.started_at.astimezone(tz).strftime("%a %d %H:%M")
                for s in store.sessions()] == ["Thu 05 03:00", "Sun 08 23:30", "Tue 10 11:00"]
        now = datetime.now(UTC)  # today is home's
        assert now.astimezone(tz).utcoffset() == now.astimezone(ZoneInfo(BERLIN)).utcoffset()


def test_without_a_session_done_away_it_is_this_computers_clock(painease_home,
                                                                berlin_clock):
    painease_home.mkdir(parents=True)
    do_sessions(painease_home, BERLIN, [(HOME, "calm-corner", 2, None)])
    with SessionStore.open_default() as store:
        assert own_zone(store) == ZoneInfo(BERLIN)


def test_insights_and_the_report_show_the_trip_on_its_day(qtbot, lived, tmp_path):
    with SessionStore.open_default() as store:
        view = InsightsView(store, period="all")
        qtbot.addWidget(view)
        qtbot.waitUntil(lambda: view.data is not None, timeout=WORKER_WAIT_MS)
        shown = [view.session_list.item(i).text().split(" — ")[0]
                 for i in range(view.session_list.count())]
        assert shown == ["Tue 10 Nov 2026, 11:00", "Sun 8 Nov 2026, 23:30",
                         "Thu 5 Nov 2026, 03:00"]
        assert [d.astype(object) for d in view.data.series.start] == [
            date(2026, 11, 5), date(2026, 11, 8), date(2026, 11, 10)]
        assert view.save_report(tmp_path / "view.pdf") is not None
        view.loader.wait()
    text = " ".join(pdf_text(tmp_path / "view.pdf").split())
    assert "8 Nov 2026, 23:30" in text and "9 Nov 2026" not in text
    assert "5 Nov 2026, 03:00" in text


def test_homes_set_card_counts_the_trip_in_its_week(qtbot, lived):
    with SessionStore.open_default() as store:
        card = set_card(None, store, today=TODAY)
        qtbot.addWidget(card)
        # One in week one (Sunday night in New York) and one in week two: none missed.
        assert card.findChild(QLabel, "set-progress-text").text() == "2 of 3 done"
        assert card.findChild(QLabel, "set-missed") is None


def test_homes_note_on_an_interrupted_session_gives_its_own_time(qtbot, lived):
    with SessionStore.open_default() as store:
        home = HomePage(None, Settings())
        qtbot.addWidget(home)
        trip = next(s.id for s in store.sessions() if s.started_at == TRIP)
        home.set_store(store, [trip])
        note = home.findChild(QLabel, "interrupted-text").text()
        assert "from 8 Nov, 23:30 was interrupted" in note


def test_results_sent_for_a_period_hold_the_sessions_of_its_days(lived, painease_home,
                                                                tmp_path, monkeypatch):
    monkeypatch.setenv("PAINEASE_HOME", str(tmp_path / "therapist"))
    therapist = load_or_create_identity(name="Dr. Ana Moreno")
    monkeypatch.setenv("PAINEASE_HOME", str(painease_home))
    patient = load_or_create_identity(name="Sam")
    out = tmp_path / "sam.painease-results"
    with SessionStore.open_default() as store:
        # Up to Sunday: the trip's Sunday-night session is in it (Monday in Berlin).
        summary = export_results(store, therapist.public_key, patient, out,
                                 date(2026, 11, 2), date(2026, 11, 8))
    assert summary.sessions == 2
    started = [s["started_at"] for s in read_results(out, therapist).payload["sessions"]]
    assert started == ["2026-11-05T02:00:00.000Z", "2026-11-09T04:30:00.000Z"]


def test_results_sent_from_the_first_pack_start_on_the_day_it_arrived_there(
        lived, painease_home, tmp_path, monkeypatch, capsys):
    """With no --from, the period starts on the day the therapist's first pack arrived, on
    the clock the period's sessions are counted on: it came in New York on Sunday night,
    after the trip's session there (Monday morning in Berlin)."""
    monkeypatch.setenv("PAINEASE_HOME", str(tmp_path / "therapist"))
    therapist = load_or_create_identity(name="Dr. Ana Moreno")
    monkeypatch.setenv("PAINEASE_HOME", str(painease_home))
    load_or_create_identity(name="Sam")
    arrived = datetime(2026, 11, 9, 4, 45, tzinfo=UTC)  # Sunday 23:45 in New York
    with SessionStore.open_default() as store:
        ProgramStore(store).pin_key("Dr. Ana Moreno", therapist.public_key)
        with store.database.write("test: the pack arrived on the trip"):
            store.database.conn.execute("UPDATE pinned_keys SET pinned_at = ?",
                                        (db_time(arrived),))
    out = tmp_path / "sam.painease-results"
    args = argparse.Namespace(since=None, until="2026-11-10", pack=None, therapist=None,
                              journal=False, name=None, out=out)
    assert run_results_export(args) == 0
    assert "from 2026-11-08 to 2026-11-10" in capsys.readouterr().out
    payload = read_results(out, therapist).payload
    assert payload["period"] == {"from": "2026-11-08", "to": "2026-11-10"}
    assert [s["started_at"] for s in payload["sessions"]] == [
        "2026-11-09T04:30:00.000Z", "2026-11-10T10:00:00.000Z"]
