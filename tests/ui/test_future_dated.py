"""A session dated in the future (the computer's clock ran ahead once), in the real window
and in the report: kept and counted everywhere, never taken as "the last session" while a
later-lived one exists, and flagged plainly wherever it shows (painease.domain.wrong_clock).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtWidgets import QLabel

from painease import paths
from painease.storage import SessionStore
from tests.ui.insights_view import open_insights
from tests.ui.test_session_flow import find, shown

AHEAD_WORDS = "dated in the future: please check your computer's clock"


def _session(store, start, pre, post, end=None) -> int:
    sid = store.start_session("paced-breathing", 2, 5, started_at=start)
    store.save_rating(sid, "pre", *pre, rated_at=start)
    store.end_session(sid, "completed", 300_000, ended_at=end or start + timedelta(minutes=5),
                      played_ms=300_000)
    store.save_rating(sid, "post", *post, rated_at=start + timedelta(minutes=5))
    return sid


def clock_history(now: datetime) -> tuple[int, int]:
    """The probe's history: eight sessions over the last ten days, one saved while the
    clock ran 40 days ahead, then yesterday's, ended (says the clock) 2 h before it began.
    Returns (the future one's id, yesterday's id)."""
    with SessionStore(paths.database_path()) as store:
        for days in range(10, 2, -1):
            _session(store, now - timedelta(days=days), (6, 6), (4, 3))
        ahead = _session(store, now + timedelta(days=40), (8, 8), (1, 1))
        yesterday = now - timedelta(days=1)
        last = _session(store, yesterday, (5, 5), (3, 2),
                        end=yesterday - timedelta(hours=2))
    return ahead, last


def test_home_shows_yesterdays_session_not_the_one_dated_next_month(qtbot, make_window,
                                                                      preset):
    preset(welcome_seen=True)
    clock_history(datetime.now(UTC))
    window = make_window(use_device=False)
    qtbot.waitUntil(lambda: shown(window, "last-shift"))
    texts = [w.text() for w in find(window, "last-shift").findChildren(QLabel)]
    assert any("5 → 3" in t and "5 → 2" in t for t in texts), texts
    assert window.findChild(QLabel, "last-shift-ahead") is None
    # The Library's "last used" follows the same rule.
    assert window.store.latest_session().started_at.date() == (
        datetime.now(UTC) - timedelta(days=1)).date()


def test_when_the_only_rated_session_is_dated_ahead_home_says_so(qtbot, make_window, preset):
    preset(welcome_seen=True)
    with SessionStore(paths.database_path()) as store:
        _session(store, datetime.now(UTC) + timedelta(days=40), (8, 8), (1, 1))
    window = make_window(use_device=False)
    qtbot.waitUntil(lambda: shown(window, "last-shift-ahead"))
    assert find(window, "last-shift-ahead").text() == f"This session is {AHEAD_WORDS}."


def test_insights_lists_it_flagged_and_opens_on_the_last_lived_session(qtbot, make_window,
                                                                       preset):
    preset(welcome_seen=True)
    ahead, last = clock_history(datetime.now(UTC))
    window = make_window(use_device=False)
    view = open_insights(qtbot, window)
    items = [view.session_list.item(i) for i in range(view.session_list.count())]
    assert len(items) == 10  # all of them, the one dated ahead too
    flagged = [i.text() for i in items if AHEAD_WORDS in i.text()]
    assert len(flagged) == 1 and "pain 8 → 1" in flagged[0]
    chosen = view.session_list.currentItem().data(0x0100)  # Qt.UserRole: the point
    assert chosen.id == last


def test_the_report_counts_it_and_says_why_its_date_is_odd(qapp, painease_home, tmp_path):
    from painease.report import report_command

    clock_history(datetime.now(UTC))
    report = report_command(tmp_path / "r.pdf", None, None)
    assert (report.sessions, report.ahead) == (10, 1)  # as Insights counts: 10
    # A --to in the past leaves later days out, as asked: nothing is said then.
    yesterday = (datetime.now(UTC) - timedelta(days=1)).date()
    earlier = report_command(tmp_path / "e.pdf", None, yesterday)
    assert (earlier.sessions, earlier.ahead) == (9, 0)


def test_the_csv_export_carries_it_and_says_so(painease_home, tmp_path, capsys):
    from painease.cli import main

    clock_history(datetime.now(UTC))
    assert main(["export", "--csv", str(tmp_path / "out")]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[-1] == ("1 session is dated in the future: please check your "
                           "computer's clock. It is counted here.")
    rows = (tmp_path / "out" / "sessions.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(rows) == 11  # the header and all ten sessions
