"""Home's "Suggested for you" is the next session of the patient's set when there is one to
play, else the session used last: the suggestion and the set card's "Next" never disagree,
and starting the suggestion counts for the set as the set card's Start does."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from painease.domain.programs import Program, Schedule
from painease.storage import SessionStore
from painease.storage.programs import ProgramStore
from tests.ui.test_session_flow import find, rate, shown


def used_last(script_id: str, minutes: float) -> None:
    with SessionStore.open_default() as store:
        session = store.start_session(script_id, 1, minutes)
        store.end_session(session, "completed", round(minutes * 60_000))


def save_set(items) -> Program:
    program = Program.create("First two weeks", "Dr. Ana Moreno", items)
    with SessionStore.open_default() as store:
        ProgramStore(store).save_program(program, origin="imported", activate=True,
                                         today=date.today())
    return program


def test_the_suggestion_is_the_sets_next_session_and_counts_for_it(qtbot, make_window,
                                                                  preset, short_script):
    program = save_set([(short_script, 0.1, Schedule(times_per_week=2, weeks=2), None)])
    used_last("paced-breathing", 5)  # once the suggestion, though the set says otherwise
    preset(welcome_seen=True)
    window = make_window(use_device=False)
    qtbot.waitUntil(lambda: shown(window, "set-next") and shown(window, "suggestion-title"))
    assert find(window, "set-next").text() == "A short test session · 0.1 minutes"
    assert find(window, "suggestion-title").text() == find(window, "set-next").text()

    qtbot.mouseClick(find(window, "home-start"), Qt.MouseButton.LeftButton)
    rate(qtbot, window, "pre", 5, 6)
    qtbot.mouseClick(find(window, "pre-continue"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: shown(window, "stop-session"))
    session_id = window.flow.session.session_id
    assert window.store.session(session_id).script_id == short_script
    assert ProgramStore(window.store).session_item(session_id) == (program.id, 1)


def test_a_finished_set_leaves_the_suggestion_to_the_session_used_last(
        qtbot, make_window, preset, short_script):
    program = save_set([(short_script, 0.1, Schedule(dates=(date.today(),)), None)])
    with SessionStore.open_default() as store:
        session = store.start_session(short_script, 1, 0.1, program_item=(program.id, 1))
        store.end_session(session, "completed", 6000)
    used_last("paced-breathing", 5)
    preset(welcome_seen=True)
    window = make_window(use_device=False)
    qtbot.waitUntil(lambda: shown(window, "set-finished"))
    assert find(window, "suggestion-title").text() == "Paced breathing · 5 minutes"


def test_a_next_session_that_is_not_installed_is_not_suggested(qtbot, make_window, preset,
                                                                short_script):
    save_set([("not-installed", 10, Schedule(times_per_week=1, weeks=1), None)])
    used_last(short_script, 0.2)
    preset(welcome_seen=True)
    window = make_window(use_device=False)
    qtbot.waitUntil(lambda: shown(window, "set-missing"))
    assert find(window, "suggestion-title").text() == "A short test session · 0.2 minutes"


def test_the_library_opens_on_the_session_home_suggests(qtbot, make_window, preset,
                                                        short_script):
    """Home suggests the set's next session; the Library opened on the one used last, so
    the two pages named different sessions. It opens on Home's suggestion now."""
    from painease.ui.library_page import ID_ROLE
    from tests.ui.test_library_choice import open_library

    save_set([(short_script, 0.1, Schedule(times_per_week=2, weeks=2), None)])
    used_last("paced-breathing", 5)
    preset(welcome_seen=True)
    window = make_window(use_device=False)
    qtbot.waitUntil(lambda: shown(window, "suggestion-title"))
    assert find(window, "suggestion-title").text() == "A short test session · 0.1 minutes"
    library = open_library(qtbot, window)
    assert library.currentItem().data(ID_ROLE) == short_script
    assert find(window, "length-choice").currentData() == 0.1
