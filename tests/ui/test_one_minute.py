"""A one-minute session is "1 minute" wherever a patient sees its length: the Library's
choice, Home's suggestion and the set card. Real window, a real user script."""

from __future__ import annotations

from datetime import date

from painease.domain.programs import Program, Schedule
from painease.storage import SessionStore
from painease.storage.programs import ProgramStore
from tests.ui.conftest import SHORT_SCRIPT
from tests.ui.test_library_choice import click_session, open_library
from tests.ui.test_session_flow import find, shown

ONE = SHORT_SCRIPT.replace('id = "ui-test-short"', 'id = "ui-test-one"').replace(
    "lengths = [0.1, 0.2]", "lengths = [1, 2]")


def test_one_minute_is_said_in_the_singular(qtbot, make_window, preset, painease_home):
    (painease_home / "scripts").mkdir(parents=True, exist_ok=True)
    (painease_home / "scripts" / "ui-test-one.toml").write_text(ONE)
    program = Program.create("Short set", "Dr. B", [
        ("ui-test-one", 1, Schedule(times_per_week=1, weeks=1), None)])
    with SessionStore.open_default() as store:
        ProgramStore(store).save_program(program, origin="imported", activate=True,
                                         today=date.today())
        session = store.start_session("ui-test-one", 1, 1)
        store.end_session(session, "completed", 60_000)
    preset(welcome_seen=True)
    window = make_window(use_device=False)
    qtbot.waitUntil(lambda: shown(window, "set-next"))
    assert find(window, "set-next").text() == "A short test session · 1 minute"
    assert find(window, "set-start").accessibleName() == "Start A short test session, 1 minute"
    assert find(window, "home-start").accessibleName() == ("Start A short test session, "
                                                          "1 minute, suggested for you")
    suggestion = find(window, "suggestion")
    assert any(w.text() == "A short test session · 1 minute"
               for w in suggestion.findChildren(type(find(window, "set-next"))))
    library = open_library(qtbot, window)
    click_session(qtbot, library, "ui-test-one")
    choice = find(window, "length-choice")
    assert [choice.itemText(i) for i in range(choice.count())] == ["1 minute", "2 minutes"]
