"""A day listed twice in a session's Days is a problem the set builder's check names, in
the app's date words, and the set is not saved or exported until it is mended. Once the
repeats were dropped without a word ("No problems: the set is ready", and a set of fewer
sessions than the therapist typed saved), while ``painease pack build`` refuses such a
set file. Days out of order are still put in order (that loses nothing). Real widgets
offscreen, a real SQLite file."""

from __future__ import annotations

from datetime import timedelta

from painease.storage.programs import ProgramStore
from tests.ui.test_set_builder import (  # noqa: F401 (fixtures)
    FIRST,
    SECOND,
    builder,
    fill_set,
    on,
    store,
)


def days(qtbot, form, text: str) -> None:
    """Type ``text`` in the chosen session's Days, in place of what it held."""
    form.dates.clear()
    qtbot.keyClicks(form.dates, text)


def test_a_day_listed_twice_is_a_problem_until_mended(
        qtbot, builder, short_script, store):  # noqa: F811
    fill_set(qtbot, builder, short_script)  # session 2 is on dates
    days(qtbot, builder, f"{FIRST}, {FIRST}, {SECOND}, {SECOND}")
    assert builder.problems.text() == \
        f"Session 2: {on(FIRST)} is listed twice; list each day only once."
    assert not builder.save_button.isEnabled() and not builder.export_button.isEnabled()
    assert not builder.save_file_button.isEnabled()
    assert "is listed twice; list each day only once" in \
        builder.save_button.accessibleDescription()
    assert builder.save() is None
    assert ProgramStore(store).programs() == []  # nothing saved

    days(qtbot, builder, f"{SECOND}, {FIRST}, {SECOND}, {SECOND}")  # the first repeated
    assert builder.problems.text() == \
        f"Session 2: {on(SECOND)} is listed 3 times; list each day only once."

    later = SECOND + timedelta(days=1)
    days(qtbot, builder, f"{later}, {SECOND}, {FIRST}")  # mended (order is no problem)
    assert builder.problems.text() == "No problems: the set is ready."
    program = builder.save()
    assert program is not None
    saved = ProgramStore(store).program(program.id).program.items[1].schedule.dates
    assert saved == (FIRST, SECOND, later)
