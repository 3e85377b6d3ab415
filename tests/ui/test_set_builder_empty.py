"""A new set starts with no sessions (once it held one the therapist never chose) and says
how to add one; a set without sessions is not saved or exported, in plain words."""

from __future__ import annotations

from painease.storage.programs import ProgramStore
from tests.ui.test_set_builder import builder, click, store  # noqa: F401 (fixtures)

EMPTY = "Add a session to the set: press Add session."


def test_a_new_set_starts_empty_and_says_to_add_a_session(qtbot, builder):  # noqa: F811
    assert builder.items == [] and builder.item_list.count() == 0
    assert builder.set_sessions.empty_prompt.isVisible()
    assert builder.set_sessions.empty_prompt.text() == "No sessions yet. Add a session…"
    assert not builder.item_form.isVisible()  # nothing to edit yet
    click(qtbot, builder.add_item)
    assert builder.item_list.count() == 1 and builder.item_form.isVisible()
    assert not builder.set_sessions.empty_prompt.isVisible()


def test_a_set_without_sessions_is_not_saved(qtbot, builder, store):  # noqa: F811
    builder.title.setText("First two weeks")
    builder.therapist.setText("Dr. Ana Moreno")
    assert builder.problems.text() == EMPTY
    assert not builder.save_button.isEnabled() and not builder.export_button.isEnabled()
    assert builder.save() is None
    assert ProgramStore(store).programs(origin="own") == []

    click(qtbot, builder.add_item)  # one added, then taken out again
    assert builder.problems.text() == "No problems: the set is ready."
    assert builder.remove_item.isEnabled()
    click(qtbot, builder.remove_item)
    assert builder.items == [] and builder.problems.text() == EMPTY
    assert builder.save() is None and not builder.save_button.isEnabled()
    assert builder.set_sessions.empty_prompt.isVisible()
