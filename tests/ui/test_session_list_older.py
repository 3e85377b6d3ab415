"""The Insights session list holds the newest 200 sessions of the period at first. With
321 in the period the status said 321 and the list held 200 without a word, and the older
ones could not be reached (a shorter period only shows newer ones). A line under the list
now says how many are listed, and "List older sessions" adds the next 200. Real window,
real store file, offscreen."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt

from painease import paths
from tests.insights_history import bulk_history
from tests.ui.insights_view import open_insights


def test_the_list_says_how_many_it_holds_and_lists_the_older_ones(qtbot, make_window):
    count = bulk_history(paths.database_path(), days=80, every=0.25,
                         end=datetime.now(UTC) - timedelta(days=1))
    assert count == 320
    view = open_insights(qtbot, make_window(use_device=False))
    assert view.status.text().startswith("320 sessions (last 3 months)")
    assert view.session_list.count() == 200
    qtbot.waitUntil(lambda: view.older.isVisible())
    assert view.older.note.text() == (
        "The newest 200 of the 320 sessions in this period are listed.")
    newest = view.session_list.item(0).data(Qt.ItemDataRole.UserRole)
    view.older.button.setFocus()
    qtbot.keyClick(view.older.button, Qt.Key.Key_Space)
    assert view.session_list.count() == 320
    assert not view.older.isVisible()
    listed = [view.session_list.item(i).data(Qt.ItemDataRole.UserRole)
              for i in range(view.session_list.count())]
    assert listed[0] == newest  # still newest first, the older ones after
    assert [p.id for p in listed] == [p.id for p in view.data.points][::-1]
    assert view.session_list.hasFocus()
    # The oldest can be looked at up close.
    view.session_list.setCurrentRow(319)
    assert view.readings["session"].text() != ""


def test_no_word_when_every_session_is_listed(qtbot, make_window):
    bulk_history(paths.database_path(), days=30, every=1.0,
                 end=datetime.now(UTC) - timedelta(days=1))
    view = open_insights(qtbot, make_window(use_device=False))
    assert view.session_list.count() == 30
    assert not view.older.isVisible()
