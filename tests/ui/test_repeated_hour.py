"""When the clocks go back, an hour of wall time is shown twice: two sessions at 01:30 on
25 Oct 2026 in London (the first on summer time, the second an hour later) were both listed
"Sun 25 Oct 2026, 01:30" on Insights and in the report's table. A time in the repeated
hour now says which showing it is; every other time reads as before, and the CSV's
times (ISO, with their offsets) are as they were."""

from __future__ import annotations

import csv
import re
from datetime import UTC, datetime

from painease import paths
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
