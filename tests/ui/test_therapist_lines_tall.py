"""The therapist's text boxes and lists are a number of lines tall, not a number of pixels:
at a 20 pt desktop font the script's Summary showed two lines (80 px) and the set's list
two of its three sessions (170 px). They show as many lines of their own font as at the
design's size, on a large desktop font, and again after Settings' text size changes while
the window is open. Real windows, offscreen, after layout."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QAbstractScrollArea, QPlainTextEdit

from painease.ui import theme
from tests.ui.test_therapist_large_text import wait_for

# The design's lines for each (at 11 pt they are about as tall as they were in pixels).
EDITOR_LINES = {"summary": 4, "step_list": 9}
STEP_FORM_LINES = {"text": 5}
BUILDER_LINES = {"item_list": 9, "note": 3}


def lines_shown(widget: QAbstractScrollArea) -> float:
    """How many lines of its font the widget's viewport has room for."""
    room = widget.viewport().height()
    if isinstance(widget, QPlainTextEdit):
        room -= 2 * widget.document().documentMargin()
    return room / widget.fontMetrics().lineSpacing()


def short_of(widgets: dict[str, QAbstractScrollArea], lines: dict[str, int]) -> list[str]:
    return [f"{name} shows {lines_shown(widgets[name]):.2f} of {wanted} lines "
            f"({widgets[name].height()} px at {widgets[name].fontMetrics().lineSpacing()} px "
            "a line)"
            for name, wanted in lines.items()
            if not wanted <= lines_shown(widgets[name]) < wanted + 0.5]


@pytest.fixture
def workspace(qtbot, make_window, preset, monkeypatch):
    monkeypatch.setattr(theme, "_desktop_points", 20.0)
    preset(therapist_mode=True, text_size=100, welcome_seen=True)
    window = make_window(use_device=False)
    window.resize(1000, 720)
    window.show_page("Therapist")
    qtbot.waitUntil(lambda: window.therapist_page is not None
                    and window.therapist_page.isVisible())
    return window, window.therapist_page


def editor_fits(editor) -> None:
    assert editor.step_form.text.isVisible()
    assert (short_of({"summary": editor.summary, "step_list": editor.step_list}, EDITOR_LINES)
            + short_of({"text": editor.step_form.text}, STEP_FORM_LINES)) == []


def builder_fits(builder) -> None:
    assert builder.note.isVisible()
    assert short_of({"item_list": builder.item_list, "note": builder.note}, BUILDER_LINES) == []


def test_the_script_editor_boxes_are_lines_tall_on_a_large_desktop_font(qtbot, workspace):
    window, tabs = workspace
    editor = tabs.show_tab("Scripts")
    editor.load_script("paced-breathing")
    editor.step_list.setCurrentRow(0)
    wait_for(qtbot, window, lambda: editor_fits(editor))
    small = editor.summary.height()
    window.settings.set("text_size", 200)  # while the window is open
    wait_for(qtbot, window, lambda: editor_fits(editor))
    assert editor.summary.height() > 1.8 * small


def test_the_set_builder_boxes_are_lines_tall_on_a_large_desktop_font(qtbot, workspace):
    window, tabs = workspace
    builder = tabs.show_tab("Sets")
    for _ in range(3):
        builder.add_item.click()
    wait_for(qtbot, window, lambda: builder_fits(builder))
    window.settings.set("text_size", 200)
    wait_for(qtbot, window, lambda: builder_fits(builder))
