"""When the clocks go back, an hour of wall time is shown twice: two sessions at 01:30 on
25 Oct 2026 in London (the first on summer time, the second an hour later) were both listed
"Sun 25 Oct 2026, 01:30" on Insights and in the report's table. A time in the repeated
hour now says which showing it is; every other time reads as before, and the CSV's
times (ISO, with their offsets) are as they were."""

from __future__ import annotations

import csv
import re
from datetime import UTC, datetime
from types import SimpleNamespace

from painease import paths
from painease.report_document import _session_table
from painease.storage import SessionStore
from painease.storage.export import export_csv
from tests.insights_history import add_session
from tests.packs.test_results_zones import clock
from tests.ui.clinic import pdf_text
from tests.ui.insights_view import choose_period, open_insights

FIRST, SECOND, LATER = (datetime(2026, 10, 25, 0, 30, tzinfo=UTC),  # 01:30 BST
                        datetime(2026, 10, 25, 1, 30, tzinfo=UTC),  # 01:30 GMT
                        datetime(2026, 10, 25, 9, 0, tzinfo=UTC))  # 09:00 GMT


def test_the_repeated_hour_says_which_of_its_two_showings_a_time_is(qtbot, make_window,
                                                                  tmp_path):
    with clock("Europe/London"):
        with SessionStore(paths.database_path()) as store:
            for when in (FIRST, SECOND, LATER):
                add_session(store, when, pre=(6, 5), post=(4, 3))
        view = open_insights(qtbot, make_window(use_device=False))
        choose_period(qtbot, view, "All time")
        listed = [view.session_list.item(row).text().split(" — ")[0]
                  for row in range(view.session_list.count())]
        assert listed == ["Sun 25 Oct 2026, 09:00",
                          "Sun 25 Oct 2026, 01:30 (after the clocks went back)",
                          "Sun 25 Oct 2026, 01:30 (before the clocks went back)"]
        assert view.save_report(tmp_path / "r.pdf") is not None
        # The table's date column: each time, and under a repeated one which showing it is.
        pattern = re.compile(r"\s*(25 Oct 2026, \d\d:\d\d|\(\w+ the clocks went back\))")
        dates = [found.group(1) for line in pdf_text(tmp_path / "r.pdf").splitlines()
                 if (found := pattern.match(line))]
        assert dates == ["25 Oct 2026, 09:00",
                         "25 Oct 2026, 01:30", "(after the clocks went back)",
                         "25 Oct 2026, 01:30", "(before the clocks went back)"]

        with SessionStore(paths.database_path()) as store:
            written = export_csv(store, tmp_path / "csv")
    sessions_csv = next(path for path in written if path.name == "sessions.csv")
    with open(sessions_csv, encoding="utf-8-sig", newline="") as rows:
        table = list(csv.DictReader(rows))
    assert [(row["started_at"], row["started_at_local"]) for row in table] == [
        ("2026-10-25T00:30:00.000Z", "2026-10-25T01:30:00+01:00"),
        ("2026-10-25T01:30:00.000Z", "2026-10-25T01:30:00+00:00"),
        ("2026-10-25T09:00:00.000Z", "2026-10-25T09:00:00+00:00")]


def test_a_repeated_hour_and_another_note_share_one_bracket(qtbot, tmp_path):
    """"01:30 (before the clocks went back) (stopped early)" read as two asides: now one,
    "(before the clocks went back; ended early)", in the before-and-after chart's words
    and in the session list's for a session dated in the future alike."""
    from zoneinfo import ZoneInfo

    from painease.domain.insights import session_shifts
    from painease.domain.voice import YOU
    from painease.ui.charts.session_list import session_item
    from painease.ui.charts.shift import ShiftChart

    london = ZoneInfo("Europe/London")
    ahead = datetime(2027, 10, 31, 0, 30, tzinfo=UTC)  # 01:30 BST, its clocks went back
    with SessionStore(tmp_path / "s.db") as store:
        add_session(store, FIRST, pre=(6, 6), post=(4, 4), outcome="stopped_early",
                    elapsed_ms=200_000)
        add_session(store, ahead, pre=(6, 6), post=(4, 4))
        points = store.insight_points()
    chart = ShiftChart()
    qtbot.addWidget(chart)
    chart.set_shifts(session_shifts(points), london)
    assert chart._describe(chart._shifts[0]).startswith(
        "Sun 25 Oct 2026, 01:30 (before the clocks went back; ended early): ")
    listed = session_item(points[1], {}, london, YOU).text().split(" — ")[0]
    assert listed == ("Sun 31 Oct 2027, 01:30 (before the clocks went back; dated in the "
                      "future: please check your computer's clock)")
    # The report's date column, which does not wrap: each note on a line, in one bracket.
    table = _session_table(SimpleNamespace(points=points), {}, london)
    assert ("31 Oct 2027, 01:30<br>(before the clocks went back;<br>dated in the future)"
            in table)
    assert "25 Oct 2026, 01:30<br>(before the clocks went back)</td>" in table
