"""A value in the database that cannot be read (it was edited or damaged) takes nothing
else down: Home says so where the set card would be, the Library builds and starts a
session as always, and a pack import or a report that needs it says why it stopped."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt

from painease import paths
from painease.storage import SessionStore
from painease.ui.set_card import SET_UNREADABLE
from tests.insights_history import bulk_history
from tests.test_report import needs_poppler, text_of
from tests.ui.insights_view import open_insights
from tests.ui.test_home_set import store_set
from tests.ui.test_library_choice import click_session, open_library
from tests.ui.test_patient_packs import card, choose_file, click, one_rated_session
from tests.ui.test_patient_packs import therapist as therapist  # noqa: F401 - a fixture
from tests.ui.test_session_flow import find, rate, shown


def damage(home, sql: str) -> None:
    conn = sqlite3.connect(home / "painease.sqlite3")
    conn.execute(sql)
    conn.commit()
    conn.close()


def with_sessions(short_script: str) -> None:
    """The set, started a week ago, and two sessions of its first item."""
    program = store_set(short_script, date.today() - timedelta(days=7))
    with SessionStore.open_default() as store:
        for days in (5, 3):
            sid = store.start_session(short_script, 1, 0.1, program_item=(program.id, 1),
                                      started_at=datetime.now(UTC) - timedelta(days=days))
            store.end_session(sid, "completed", 6_000)


@pytest.mark.parametrize(("sql", "said"), [  # for whoever helps: no row id, no stored value
    ("UPDATE sessions SET started_at = 'garbage' WHERE id = 1",
     "the sessions table, column started_at holds a value that is not a time."),
    ("UPDATE program_items SET schedule = '{bad' WHERE position = 2",
     "the program_items table, column schedule holds a value that is not a schedule."),
    ("UPDATE programs SET started_on = 'someday'",
     "the programs table, column started_on holds a value that is not a date."),
])
def test_home_says_the_set_cannot_be_read_and_the_rest_is_there(
        qtbot, make_window, short_script, preset, painease_home, sql, said):
    preset(welcome_seen=True)
    with_sessions(short_script)
    damage(painease_home, sql)
    window = make_window(use_device=False)
    qtbot.waitUntil(lambda: shown(window, "set-unreadable-text"))
    assert find(window, "set-unreadable-text").text() == SET_UNREADABLE
    assert find(window, "set-unreadable-detail").text() == (
        f"For whoever helps you with it: {said}")
    assert not shown(window, "set-card")
    assert shown(window, "home-start") and shown(window, "safety-note")


def test_the_library_builds_and_starts_a_session_when_a_start_cannot_be_read(
        qtbot, make_window, short_script, preset, painease_home):
    preset(welcome_seen=True)
    with_sessions(short_script)
    damage(painease_home, "UPDATE sessions SET started_at = 'garbage' WHERE id = 1")
    window = make_window(use_device=False)
    library = open_library(qtbot, window)
    assert library.count() > 1
    click_session(qtbot, library, short_script)
    qtbot.mouseClick(find(window, "start-session"), Qt.MouseButton.LeftButton)
    rate(qtbot, window, "pre", 5, 6)
    qtbot.mouseClick(find(window, "pre-continue"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shown(window, "stop-session"))
    session_id = window.flow.session.session_id
    pre = window.store.ratings(session_id)["pre"]
    assert (pre.pain, pre.fear) == (5, 6)


def test_a_pack_import_over_a_damaged_pinned_key_is_refused_in_words(
        qtbot, make_window, preset, therapist, painease_home):
    path = therapist.pack("two-weeks.painease")
    preset(welcome_seen=True)
    window = make_window(use_device=False)
    click(qtbot, find(window, "import-pack"))
    choose_file(qtbot, card(window).file_dialog, path)
    qtbot.waitUntil(lambda: shown(window, "set-card"))
    window.store.database.conn.execute("UPDATE pinned_keys SET public_key = 'zz'")
    click(qtbot, find(window, "import-pack"))
    choose_file(qtbot, card(window).file_dialog, path)
    qtbot.waitUntil(lambda: find(window, "import-message").text() == (
        "Not imported: a value in the file that keeps your sessions cannot be read (the "
        "pinned_keys table, row 'Dr. Ana Moreno', column public_key holds 'zz', which is not "
        "a key). Nothing was changed. Please ask for help with it."))
    assert shown(window, "set-card")  # the set already here is as it was


@needs_poppler
def test_a_report_names_the_session_whose_start_it_cannot_read(qtbot, make_window, tmp_path):
    bulk_history(paths.database_path(), days=5, every=1.0)
    view = open_insights(qtbot, make_window(use_device=False))
    view.store.database.conn.execute(
        "UPDATE sessions SET started_at = 'garbage' WHERE id = 2")  # after Insights read it
    report = view.save_report(tmp_path / "r.pdf")
    assert report is not None and report.sessions == 4
    assert ("Not in this report: 1 session, because the time it started cannot be read (row "
            "2 of the sessions table)") in " ".join(text_of(tmp_path / "r.pdf").split())


def test_a_report_that_needs_a_value_it_cannot_read_says_which(qtbot, make_window, tmp_path):
    bulk_history(paths.database_path(), days=5, every=1.0)
    view = open_insights(qtbot, make_window(use_device=False))
    view.notes_choice.setChecked(True)  # the notes: the journal's are read for the report
    with SessionStore(paths.database_path()) as store:
        store.add_journal_entry("A good day.")
    # This year's month 13: read as text it comes after the report's first day, so the
    # report asks for it (last year's would be passed over on a January run).
    garbage = f"{datetime.now(UTC).year}-13-45T00:00:00.000Z"
    view.store.database.conn.execute("UPDATE journal_entries SET written_at = ?", (garbage,))
    assert view.save_report(tmp_path / "r.pdf") is None
    assert view.status.text().startswith(
        "The report was not saved: a value in the database cannot be read: the "
        f"journal_entries table, row 1, column written_at holds '{garbage}'")
    assert not (tmp_path / "r.pdf").exists()


def send_results(qtbot, make_window, tmp_path):
    """Send results… opened and saved to a file; the dialog."""
    window = make_window(use_device=False)
    click(qtbot, find(window, "send-results"))
    dialog = card(window).send_dialog
    qtbot.waitExposed(dialog)
    dialog.name.setText("Sam")
    dialog.save_to(tmp_path / "r.painease-results")
    return dialog


def test_send_results_saves_the_rest_and_says_which_session_it_left_out(
        qtbot, make_window, preset, therapist, painease_home, tmp_path):  # noqa: F811
    one_rated_session(therapist)
    one_rated_session(therapist)
    damage(painease_home, "UPDATE sessions SET started_at = 'garbage' WHERE id = 1")
    preset(welcome_seen=True)
    dialog = send_results(qtbot, make_window, tmp_path)
    said = dialog.message.text()
    assert said.startswith("Saved 1 session to ")
    assert ("Not sent: 1 session, because the time it started cannot be read (row 1 of the "
            "sessions table); a CSV export (painease export --csv) has it.") in said
    assert (tmp_path / "r.painease-results").is_file()

