"""The set builder's session form: the weekly schedule's rows (times a week, for how many
weeks, from week) and the Dates row line up with the form's other rows, their labels under
"Session" and their fields under the Session box. Once they sat in a form of their own in
the Schedule row's field column: their labels started where the other fields did and their
fields further in still. Real window, offscreen, at 100 % and 200 % text (where labels go
above their fields)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QWidget

from tests.ui.test_set_builder import choose


def left(widget: QWidget, form: QWidget) -> int:
    return widget.mapTo(form, widget.rect().topLeft()).x()


def misaligned(form_widget: QWidget, fields: list[QWidget]) -> list[str]:
    """The shown ``fields`` whose label or box does not start where the Session row's do."""
    form = form_widget.layout()
    assert isinstance(form, QFormLayout)
    script = form_widget.script
    label_x, field_x = left(form.labelForField(script), form_widget), left(script, form_widget)
    found = []
    for field in fields:
        assert field.isVisible(), f"{field.objectName()} is not shown"
        title = form.labelForField(field)
        if title is None or not title.isVisible():
            found.append(f"{field.objectName()} has no label of the form's own")
        elif left(title, form_widget) != label_x:
            found.append(f"{field.objectName()}'s label at x={left(title, form_widget)}, "
                         f"not {label_x}")
        if left(field, form_widget) != field_x:
            found.append(f"{field.objectName()} at x={left(field, form_widget)}, not {field_x}")
    return found


@pytest.mark.parametrize("text_size", [100, 200])
def test_the_schedule_rows_line_up_with_the_other_rows(qtbot, make_window, preset, text_size):
    preset(therapist_mode=True, text_size=text_size, theme="light", welcome_seen=True)
    window = make_window(use_device=False)
    window.resize(1000, 720)
    qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.therapist_page is not None
                    and window.therapist_page.isVisible())
    builder = window.therapist_page.show_tab("Sets")
    qtbot.mouseClick(builder.add_item, Qt.MouseButton.LeftButton)
    form = builder.item_form
    weekly = [form.times, form.weeks, form.start_week]
    qtbot.waitUntil(lambda: form.times.isVisible())
    try:
        qtbot.waitUntil(lambda: not misaligned(form, weekly), timeout=2000)
    except qtbot.TimeoutError:
        raise AssertionError("; ".join(misaligned(form, weekly))) from None
    choose(form.schedule_kind, "dates")
    qtbot.waitUntil(lambda: form.dates.isVisible() and not form.times.isVisible())
    try:
        qtbot.waitUntil(lambda: not misaligned(form, [form.dates]), timeout=2000)
    except qtbot.TimeoutError:
        raise AssertionError("; ".join(misaligned(form, [form.dates]))) from None
