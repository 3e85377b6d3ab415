"""A long report made from the app keeps what follows its table. Once a long PDF ended
with its table: the Definitions after it were left to Qt's timed step-by-step layout and
never painted (fixed in ``painease.report_pages``). The Insights page's report button (and
the therapist's PDF of a patient, the same ``ChartsView.save_report``) turns the event
loop between the report's steps (``report_row.make_report``), unlike ``painease report``:
this makes one that way, over a real store, and reads the PDF back with poppler."""

from __future__ import annotations

import re

from painease import paths
from tests.insights_history import bulk_history
from tests.test_report import needs_poppler
from tests.test_report_layout import ROW, page_texts
from tests.ui.insights_view import choose_period, open_insights


@needs_poppler
def test_a_long_report_made_from_the_insights_page_ends_with_its_definitions(
        qtbot, make_window, tmp_path):
    count = bulk_history(paths.database_path(), days=420, every=1.0)
    view = open_insights(qtbot, make_window(use_device=False))
    choose_period(qtbot, view, "All time")
    report = view.save_report(tmp_path / "long.pdf")  # what the button's dialog calls
    assert report is not None and report.sessions == count == 420
    pages = page_texts(tmp_path / "long.pdf")
    assert len(pages) == report.pages > 10
    assert sum(len(ROW.findall(page)) for page in pages) == count
    assert re.search(r"De(ﬁ|fi)nitions", pages[-1])
    assert "Change: after minus before" in " ".join(pages[-1].split())
