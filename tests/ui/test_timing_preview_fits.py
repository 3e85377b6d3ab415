"""The script editor's timing preview fits its column at normal text size: in a 1000×720
window, side by side with the form, the table does not scroll sideways (it once did by a
pixel, the captions' column cut at the edge), and the captions get more room than the
phases, whose names wrap at their spaces ("Curiosity and / ease") instead.

A real window, offscreen, after layout (``tests.ui.settled``), as ``make screenshots``
shows it (docs/screenshots/therapist-scripts-light.png)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt

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


def short_rows(table) -> list[str]:
    """Rows shorter than their words wrapped to their columns: the cut ones end in "…".
    Each cell's words are measured as the item delegate lays them out (the column's width
    less the style's text margin either side), and by the view's own size hint."""
    metrics = table.fontMetrics()
    style = table.style()
    margin = style.pixelMetric(style.PixelMetric.PM_FocusFrameHMargin, None, table) + 1
    wrap = Qt.TextFlag.TextWordWrap.value
    short = []
    for row in range(table.rowCount()):
        needed = max(metrics.boundingRect(QRect(0, 0, table.columnWidth(column) - 2 * margin,
                                                 100_000), wrap,
                                           table.item(row, column).text()).height()
                     for column in range(table.columnCount()))
        needed = max(needed, table.sizeHintForRow(row))
        if table.rowHeight(row) < needed:
            short.append(f"row {row}: {table.rowHeight(row)} px of {needed} "
                         f"({table.item(row, 2).text()[:30]!r})")
    return short


@pytest.mark.parametrize("script_id", ["somatic-tracking-first-steps", "paced-breathing"])
def test_at_200_percent_every_row_is_as_tall_as_its_words_after_a_resize(
        qtbot, make_window, preset, script_id):
    """The rows once kept the heights they had before the captions' column last changed
    width (it stretches to the view, which narrows when the vertical scroll bar appears):
    captions cut with "…" at 1024×768 (paced-breathing's first row 137 px of 170), and
    other rows after the window was made 1000×720."""
    preset(therapist_mode=True, text_size=200, welcome_seen=True)
    window = make_window(use_device=False)
    window.resize(1024, 768)
    window.show_page("Therapist")
    editor = window.therapist().show_tab("Scripts")
    editor.load_script(script_id)
    table = editor.preview
    for size in ((1024, 768), (1000, 720), (1024, 768)):
        window.resize(*size)
        wait_settled(window)
        assert table.isVisible() and table.rowCount() > 0
        assert short_rows(table) == [], size


@pytest.mark.parametrize("size", [(1000, 720), (1024, 768)])
def test_the_empty_timing_preview_does_not_scroll_sideways(qtbot, make_window, preset, size):
    """Before a script is loaded the columns once kept Qt's default 100 px each: 300 px in
    a 288 px view at 1024×768, scrolling sideways with "What" cut at its edge."""
    preset(therapist_mode=True, text_size=100, welcome_seen=True)
    window = make_window(use_device=False)
    window.resize(*size)
    window.show_page("Therapist")
    editor = window.therapist().show_tab("Scripts")
    table = editor.preview
    wait_settled(window)
    assert table.isVisible() and table.rowCount() == 0
    assert table.horizontalScrollBar().maximum() == 0
    assert sum(table.columnWidth(column) for column in range(3)) <= table.viewport().width()
    header = table.horizontalHeader()
    for column in range(3):
        assert header.sectionSizeFromContents(column).width() <= header.sectionSize(column)
