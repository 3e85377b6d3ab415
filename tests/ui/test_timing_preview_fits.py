"""The script editor's timing preview fits its column at normal text size: in a 1000×720
window, side by side with the form, the table does not scroll sideways (it once did by a
pixel, the captions' column cut at the edge), and the captions get more room than the
phases, whose names wrap at their spaces ("Curiosity and / ease") instead.

A real window, offscreen, after layout (``tests.ui.settled``), as ``make screenshots``
shows it (docs/screenshots/therapist-scripts-light.png)."""

from __future__ import annotations

import pytest

from tests.ui.settled import wait_settled

SIZE = (1000, 720)


@pytest.mark.parametrize("script_id", ["somatic-tracking-first-steps", "paced-breathing"])
def test_the_timing_preview_does_not_scroll_sideways(qtbot, make_window, preset, script_id):
    preset(therapist_mode=True, text_size=100, welcome_seen=True)
    window = make_window(use_device=False)
    window.resize(*SIZE)
    window.show_page("Therapist")
    editor = window.therapist().show_tab("Scripts")
    editor.load_script(script_id)
    table = editor.preview
    wait_settled(window)

    def fits() -> None:
        assert not editor.columns.stacked and table.isVisible()
        assert table.rowCount() > 0
        assert table.horizontalScrollBar().maximum() == 0
        assert table.columnWidth(2) > table.columnWidth(1)
        width = sum(table.columnWidth(column) for column in range(3))
        assert width <= table.viewport().width()

    qtbot.waitUntil(fits)
    # Every phase's longest word still fits its column: it wraps at spaces, never inside.
    metrics = table.fontMetrics()
    longest = max((word for row in range(table.rowCount())
                   for word in table.item(row, 1).text().split()), key=metrics.horizontalAdvance)
    assert metrics.horizontalAdvance(longest) < table.columnWidth(1)
