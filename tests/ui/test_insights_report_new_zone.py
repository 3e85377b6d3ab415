"""A report saved after the computer's zone changed is on the new clock, as the page.

Insights on "All time" reads its sessions again at a new day when this computer's zone
changed meanwhile (``test_new_day_insights``), but a report saved before the day turned
was still made on the old clock: the patient back from a trip, or the computer's zone
put right, got a report whose times were the old zone's. Now saving the report reads the
page again on the new clock when the clock moved, as it does when the day moved, and the
report is made on it: the two agree. Real window and store file, ``$TZ`` moved
(``tests.ui.day_clock``); the report is the real PDF, read back with pdftotext.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from painease import paths
from painease.local_time import when_text
from painease.storage import SessionStore
from tests.insights_history import add_session
from tests.packs.test_results_zones import clock
from tests.ui.clinic import pdf_text
from tests.ui.day_clock import chosen_day, zone_where_now_is
from tests.ui.insights_view import choose_period, open_insights
from tests.waits import WORKER_WAIT_MS


def rows(view) -> list[str]:
    return [view.session_list.item(i).text() for i in range(view.session_list.count())]


def test_a_report_saved_after_the_zone_changed_uses_the_new_clock(qtbot, make_window, preset,
                                                                  tmp_path):
    day = chosen_day()
    with clock(zone_where_now_is(day, time(22, 0))):
        preset(welcome_seen=True)
        zone = datetime.now().astimezone().tzinfo
        started = datetime.combine(day - timedelta(days=1), time(12, 0), zone)
        with SessionStore(paths.database_path()) as store:
            add_session(store, started)
            with store.database.write("test: a session that kept no clock"):
                store.database.conn.execute("UPDATE sessions SET utc_offset_minutes = NULL")
        window = make_window(use_device=False)
        view = open_insights(qtbot, window)
        choose_period(qtbot, view, "All time")
        before = when_text(started, zone)
        assert before in rows(view)[0]
    # 1 h 50 min east, the same day: the day watch has nothing to say.
    with clock(zone_where_now_is(day, time(23, 50))):
        there = datetime.now().astimezone().tzinfo
        after = when_text(started, there)  # 13:50 there
        assert after != before
        report = view.save_report(tmp_path / "report.pdf")
        assert report is not None and report.sessions == 1
        text = " ".join(pdf_text(tmp_path / "report.pdf").split())
        assert after in text and before not in text
        qtbot.waitUntil(lambda: after in rows(view)[0], timeout=WORKER_WAIT_MS)
