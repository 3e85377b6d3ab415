"""Add session offers a script the set does not use yet: once every new session was the
first script by title, so a therapist adding four sessions got the same one four times and
had to change each by hand."""

from __future__ import annotations

from tests.ui.test_set_builder import builder, choose, click, store  # noqa: F401 (fixtures)


def offered(builder) -> list[str]:  # noqa: F811
    """The Session list's scripts, in its order (by title)."""
    return [builder.script.itemData(i) for i in range(builder.script.count())]


def in_set(builder) -> list[str]:  # noqa: F811
    return [item["script_id"] for item in builder.items]


def test_each_new_session_is_the_next_script_the_set_does_not_use(qtbot, builder):  # noqa: F811
    scripts = offered(builder)
    assert len(scripts) >= 3, scripts  # the bundled library and the test's own script
    for count in range(1, len(scripts) + 1):
        click(qtbot, builder.add_item)
        assert in_set(builder) == scripts[:count]
        # The form shows the new session, and its length is one the script allows.
        assert builder.script.currentData() == scripts[count - 1]
        entry = builder.set_sessions.catalog.entries[scripts[count - 1]]
        assert builder.items[-1]["minutes"] == entry.script.lengths[0]
        title = entry.script.title
        assert builder.item_list.item(count - 1).text().startswith(f"{count}. {title} · ")
    click(qtbot, builder.add_item)  # every script is in the set: the first one again
    assert in_set(builder)[-1] == scripts[0]


def test_a_script_chosen_by_hand_or_taken_out_counts(qtbot, builder):  # noqa: F811
    scripts = offered(builder)
    click(qtbot, builder.add_item)
    choose(builder.script, scripts[1])  # the therapist picked another one for the first
    click(qtbot, builder.add_item)
    assert in_set(builder) == [scripts[1], scripts[0]]
    click(qtbot, builder.add_item)
    assert in_set(builder) == [scripts[1], scripts[0], scripts[2]]
    builder.item_list.setCurrentRow(0)
    click(qtbot, builder.remove_item)  # scripts[1] is free again, and comes first now
    builder.item_list.setCurrentRow(1)
    click(qtbot, builder.add_item)  # added after the chosen (second) session
    assert in_set(builder) == [scripts[0], scripts[2], scripts[1]]
    assert builder.item_list.currentRow() == 2
