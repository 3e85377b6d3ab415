"""Coming back to Insights keeps the patient's place, unless a session ended meanwhile.

Every show of the page reads its period again. It also put the newest session up close
and listed only the newest batch again: a patient who had listed older sessions and
chosen one, looked at Home and came back had lost their place. Now the place stays when
no session was added since; after a session, the newest is up close, as it was (a patient
back from a session wants to see it). The page's other reloads keep it too: script titles
arriving (the catalog loads after the window shows) read the period again, and a theme
change builds the charts again; both went back to the newest session. Real window, real
store file, offscreen.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt

from painease import paths
from painease.storage import SessionStore
from tests.insights_history import SCRIPTS, add_session
from tests.ui.insights_view import choose_period, open_insights
from tests.waits import WORKER_WAIT_MS


def chosen_id(view) -> int:
    return view.session_list.currentItem().data(Qt.ItemDataRole.UserRole).id


def older_one_chosen(qtbot, make_window, monkeypatch, period: str | None = None):
    """Three sessions listed two at a time: the patient chooses ``period`` (if given),
    lists them all and chooses the oldest. Returns the window, the view and the chosen
    session's id."""
    from painease.ui.charts import view_sessions

    monkeypatch.setattr(view_sessions, "RECENT_SESSIONS", 2)
    now = datetime.now(UTC)
    with SessionStore(paths.database_path()) as store:
        oldest = add_session(store, now - timedelta(days=3))
        for back in (2, 1):
            add_session(store, now - timedelta(days=back))
    window = make_window(use_device=False)
    view = open_insights(qtbot, window)
    if period is not None:
        choose_period(qtbot, view, period)
    assert view.session_list.count() == 2
    view.older.button.click()  # "List older sessions"
    view.session_list.setCurrentRow(2)
    assert chosen_id(view) == oldest
    return window, view, oldest


def older_one_chosen_then_home(qtbot, make_window, monkeypatch):
    """``older_one_chosen``, then the patient goes Home."""
    window, view, oldest = older_one_chosen(qtbot, make_window, monkeypatch)
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)  # Home
    return window, view, oldest


def place_kept(view, oldest: int) -> None:
    assert view.session_list.count() == 3
    assert view.session_list.currentRow() == 2 and chosen_id(view) == oldest
    assert view.older.isHidden()  # all listed, as the patient left it
    assert view.readings["session"].text() != ""


def back_to_insights(qtbot, window, view) -> None:
    with qtbot.waitSignal(view.shown_data, timeout=WORKER_WAIT_MS):
        qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)


def test_back_from_home_the_chosen_session_is_still_chosen(qtbot, make_window, monkeypatch):
    # It went back to the newest, with only the newest two listed.
    window, view, oldest = older_one_chosen_then_home(qtbot, make_window, monkeypatch)
    back_to_insights(qtbot, window, view)
    assert view.session_list.count() == 3
    assert view.session_list.currentRow() == 2 and chosen_id(view) == oldest
    assert view.older.isHidden()  # all listed, as the patient left it
    assert view.readings["session"].text() != ""


def test_back_from_a_session_the_new_one_is_up_close(qtbot, make_window, monkeypatch):
    window, view, _ = older_one_chosen_then_home(qtbot, make_window, monkeypatch)
    new = add_session(window.store, datetime.now(UTC) - timedelta(minutes=30))
    back_to_insights(qtbot, window, view)
    assert view.session_list.count() == 2  # the newest batch, as at first
    assert view.session_list.currentRow() == 0 and chosen_id(view) == new
    assert view.older.isVisible()


def test_script_titles_arriving_keep_the_chosen_session(qtbot, make_window, monkeypatch):
    # It went back to the newest, with only the newest two listed.
    window, view, oldest = older_one_chosen(qtbot, make_window, monkeypatch)
    with qtbot.waitSignal(view.shown_data, timeout=WORKER_WAIT_MS):
        window.insights.set_titles({SCRIPTS[0]: "First steps, titled"})
    place_kept(view, oldest)
    assert "First steps, titled" in view.session_list.currentItem().text()


def test_a_theme_change_keeps_the_chosen_period_and_session(qtbot, make_window, monkeypatch):
    # The charts built again in the new colours went back to the newest session.
    window, view, oldest = older_one_chosen(qtbot, make_window, monkeypatch, "All time")
    window.settings.set("theme", "dark")
    view = window.insights.view  # built again (see InsightsPage.drop_view)
    qtbot.waitUntil(lambda: view.data is not None, timeout=WORKER_WAIT_MS)
    assert view.period.currentText() == "All time"
    place_kept(view, oldest)
    # A session done since: the newest is up close, as when coming back to the page.
    new = add_session(window.store, datetime.now(UTC) - timedelta(minutes=30))
    window.settings.set("theme", "light")
    view = window.insights.view
    qtbot.waitUntil(lambda: view.data is not None, timeout=WORKER_WAIT_MS)
    assert view.session_list.currentRow() == 0 and chosen_id(view) == new


def test_a_shorter_period_that_still_holds_the_chosen_session_keeps_it(qtbot, make_window,
                                                                       monkeypatch):
    # "Last 2 weeks" (the period row's first) went back to the newest session; "Last 3
    # months" and "All time" kept it.
    window, view, oldest = older_one_chosen(qtbot, make_window, monkeypatch, "All time")
    choose_period(qtbot, view, "Last 2 weeks")  # the three are 1 to 3 days old
    place_kept(view, oldest)
