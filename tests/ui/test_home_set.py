"""Home's card for the current set: progress, next item and note, due today, missed days
said gently, and a one-click start that links the session to the set item."""

from __future__ import annotations

from datetime import UTC, date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from painease.domain.programs import Program, Schedule
from painease.storage import SessionStore
from painease.storage.programs import ProgramStore
from tests.ui.test_main_window import unnamed_controls
from tests.ui.test_session_flow import find, rate, shown

NOTE = "Go slowly; whatever you notice is fine."


def store_set(short_script: str, started: date) -> Program:
    program = Program.create("First two weeks", "Dr. Ana Moreno", [
        (short_script, 0.1, Schedule(times_per_week=2, weeks=2), NOTE),
        ("paced-breathing", 5, Schedule(times_per_week=1, weeks=2), None),
    ])
    with SessionStore.open_default() as store:
        ProgramStore(store).save_program(program, origin="imported", activate=True,
                                         today=started)
    return program


def text(window, name: str) -> str:
    return find(window, name).text()


def start_rated_from(qtbot, window, start: str) -> None:
    """Press the ``start`` button, rate 5 and 6 before and go on: the session plays."""
    qtbot.mouseClick(find(window, start), Qt.MouseButton.LeftButton)
    rate(qtbot, window, "pre", 5, 6)
    qtbot.mouseClick(find(window, "pre-continue"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shown(window, "stop-session"))


def stop_and_skip_after(qtbot, window, played_ms: int = 0) -> None:
    """Stop the playing session, once more than ``played_ms`` of it played, and skip the
    After rating: the Summary is up."""
    if played_ms:
        session = window.flow.session
        qtbot.waitUntil(lambda: session._played_ms() > played_ms, timeout=20_000)
    qtbot.mouseClick(find(window, "stop-session"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(find(window, "confirm-stop"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shown(window, "post-skip"))
    qtbot.mouseClick(find(window, "post-skip"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shown(window, "summary-done"))


def test_the_set_card_starts_the_next_item_and_counts_it_when_done(qtbot, make_window,
                                                                   short_script, preset):
    preset(welcome_seen=True)
    program = store_set(short_script, date.today())
    window = make_window(use_device=False)
    assert text(window, "set-title") == "First two weeks"
    assert text(window, "set-progress-text") == "0 of 6 done"
    assert text(window, "set-next") == "A short test session · 0.1 minutes"
    assert text(window, "set-note") == f"A note from Dr. Ana Moreno: {NOTE}"
    assert text(window, "set-due").startswith("Planned for today: A short test session")
    assert not shown(window, "set-missed")
    assert unnamed_controls(window) == []

    start_rated_from(qtbot, window, "set-start")
    session_id = window.flow.session.session_id
    # Linked in the same transaction as the session row, before the audio started.
    assert ProgramStore(window.store).session_item(session_id) == (program.id, 1)
    # Stopped once more than half of its 6 seconds played: it counts (test_set_counting).
    stop_and_skip_after(qtbot, window, played_ms=3_300)
    qtbot.mouseClick(find(window, "summary-done"), Qt.MouseButton.LeftButton)
    # Home is rebuilt (the old card is deleted on the next event-loop turn).
    qtbot.waitUntil(lambda: shown(window, "set-card")
                    and text(window, "set-progress-text") == "1 of 6 done")
    assert find(window, "set-progress").value() == 1
    # Today's planned session of item 1 is done; item 2 (once a week) is due today too.
    assert text(window, "set-next") == "Paced breathing · 5 minutes"
    assert text(window, "set-due") == "Planned for today: Paced breathing · 5 minutes"
    assert not shown(window, "set-note")


def test_missed_days_are_mentioned_gently(qtbot, make_window, short_script, preset):
    preset(welcome_seen=True)
    store_set(short_script, date.today() - timedelta(days=8))
    window = make_window(use_device=False)
    missed = text(window, "set-missed")
    assert "completely fine" in missed and "nothing to catch up on" in missed
    for pressure in ("streak", "behind", "failed", "!"):
        assert pressure not in missed.lower()
    assert text(window, "set-progress-text") == "0 of 6 done"


def test_an_item_whose_script_is_missing_cannot_be_started(qtbot, make_window, preset):
    preset(welcome_seen=True)
    program = Program.create("Set", "Dr. B", [
        ("not-installed", 10, Schedule(times_per_week=1, weeks=1), None)])
    with SessionStore.open_default() as store:
        ProgramStore(store).save_program(program, activate=True)
    window = make_window(use_device=False)
    assert not find(window, "set-start").isEnabled()
    assert "damaged or missing" in text(window, "set-missing")


def test_without_a_set_home_has_no_set_card(qtbot, make_window):
    window = make_window(use_device=False)
    assert window.findChild(QWidget, "set-card") is None
    assert shown(window, "home-start")  # the usual suggestion is still there


def test_a_finished_set_says_so_plainly(qtbot, make_window, short_script, preset):
    preset(welcome_seen=True)
    program = Program.create("One session", "Dr. B", [
        (short_script, 0.1, Schedule(dates=(date.today(),)), None)])
    with SessionStore.open_default() as store:
        ProgramStore(store).save_program(program, activate=True)
        session = store.start_session(short_script, 1, 0.1, program_item=(program.id, 1))
        store.end_session(session, "completed", 6000)
    window = make_window(use_device=False)
    assert text(window, "set-progress-text") == "1 of 1 done"
    assert "Every session of this set is done" in text(window, "set-finished")
    assert window.findChild(QWidget, "set-start") is None
    assert not shown(window, "set-missed")


def test_a_refreshed_home_shows_only_its_new_cards(qtbot, make_window, short_script, preset):
    preset(welcome_seen=True)
    store_set(short_script, date.today())
    window = make_window(use_device=False)
    body = window.home.body
    window.home.refresh()
    QApplication.processEvents()  # shows the new cards; the old wait for a deferred delete
    laid_out = {body.itemAt(i).widget() for i in range(body.count())} - {None}
    visible = {w for w in body.parentWidget().findChildren(
        QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly) if w.isVisible()}
    assert visible == laid_out
    assert len(window.findChildren(QWidget, "set-card")) == 2  # the old one is not deleted yet


@pytest.mark.parametrize("text_size", [100, 200])
def test_the_progress_is_said_once_in_whole_words(qtbot, make_window, short_script, preset,
                                                  text_size):
    # The bar is a thin line (theme.py): text drawn in it was cut in half, and the label
    # under it says the same.
    preset(welcome_seen=True, text_size=text_size)
    store_set(short_script, date.today())
    window = make_window(use_device=False)
    bar = find(window, "set-progress")
    assert not bar.isTextVisible() or bar.height() >= bar.fontMetrics().height()
    assert text(window, "set-progress-text") == "0 of 6 done"
    assert bar.accessibleName() == "Progress through the set"
    assert bar.accessibleDescription() == "0 of 6 done"


def test_a_session_stopped_at_once_does_not_count_and_the_card_says_the_rule(
        qtbot, make_window, short_script, preset):
    preset(welcome_seen=True)
    store_set(short_script, date.today())
    window = make_window(use_device=False)
    assert text(window, "set-rule") == ("A session counts for your set once you have heard "
                                        "at least half of it.")
    start_rated_from(qtbot, window, "set-start")
    stop_and_skip_after(qtbot, window)  # at once
    qtbot.mouseClick(find(window, "summary-done"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shown(window, "set-card") and shown(window, "set-rule"))
    assert text(window, "set-progress-text") == "0 of 6 done"
    assert find(window, "set-progress-text").accessibleDescription() == text(window,
                                                                             "set-rule")


def test_a_session_the_app_died_in_near_its_end_counts(qtbot, make_window, short_script,
                                                       preset):
    """Cut off at 9:58 of 10:00 (the app was killed): most of it was heard, so it counts,
    on Home as in a therapist's view of the same file."""
    preset(welcome_seen=True)
    program = store_set(short_script, date.today())
    with SessionStore.open_default() as store:
        late = store.start_session("paced-breathing", 1, 5, program_item=(program.id, 2))
        store.save_progress(late, 298_000, 297_000)  # saved while it ran; then the kill
    window = make_window(use_device=False)  # its start marks the session interrupted
    assert window.store.session(late).outcome == "interrupted"
    assert text(window, "set-progress-text") == "1 of 6 done"
    from painease.ui.therapist.patient_progress import set_line

    assert set_line(window.store, date.today(), UTC).endswith(": 1 of 6 done.")


def test_the_set_cards_days_keep_their_capitals(qtbot, make_window, short_script, preset):
    # Once "On fri 4 dec, sat 5 dec." (str.capitalize lowercases all but the first letter);
    # the set builder says "on Fri 4 Dec, Sat 5 Dec".
    import re

    preset(welcome_seen=True)
    today = date.today()
    program = Program.create("Two days", "Dr. Ana Moreno", [
        (short_script, 0.1, Schedule(dates=(today, today + timedelta(days=1))), None)])
    with SessionStore.open_default() as store:
        ProgramStore(store).save_program(program, origin="imported", activate=True,
                                         today=today)
    window = make_window(use_device=False)
    said = text(window, "set-schedule")
    assert re.fullmatch(r"On [A-Z][a-z]{2} \d{1,2} [A-Z][a-z]{2}, [A-Z][a-z]{2} \d{1,2} "
                        r"[A-Z][a-z]{2}( \d{4})?\.", said), said
