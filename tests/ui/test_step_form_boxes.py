"""At 200 % text on a 20 pt desktop (as tests/ui/test_no_sideways_scroll.py), and at 100 %,
every number box of a step in the script editor is as tall as it asks to be, and the
silence section leaves no empty band under its boxes: for a flexible silence, a fixed one
and a breathing step.

Found by an accessibility probe: at 200 % the flexible silence's three boxes ("at least",
"share of spare time", "at most") were 36 px tall for the 78 px their numbers need, with
an empty band of about 200 px under them. The silence's two kinds were pages of a stacked
widget held to its size hint's height (policy Maximum): that hint was the pages' one line
high hint, while at 200 % their labels go above the boxes and need twice that; the form
kept room for the wrapped height under it. A fixed silence had the flexible one's height.

And on choosing a breathing step at 200 % (the step form about 930 px wide), the breath
form got 1254 px for the 1378 it needs, its boxes 61 px for 78, until the next resize: the
step form shared its height among its rows as at its size hint's width (Qt's QFormLayout
keeps one set of row heights for two cached widths; see ``forms.RowsForTheirWidth``).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QAbstractSpinBox, QWidget

from painease.ui import theme
from tests.ui.settled import wait_settled


@pytest.fixture(params=[200, 100])
def script_editor(request, qtbot, make_window, preset, monkeypatch):
    monkeypatch.setattr(theme, "_desktop_points", 20.0)  # as test_big_desktop_font
    preset(text_size=request.param, therapist_mode=True, welcome_seen=True)
    window = make_window(use_device=False)
    window.resize(1000, 720)
    window.show_page("Therapist")
    qtbot.waitUntil(lambda: window.therapist_page is not None
                    and window.therapist_page.isVisible())
    editor = window.therapist_page.show_tab("Scripts")
    editor.load_script("paced-breathing")
    return window, editor


def squeezed_boxes(form: QWidget) -> list[str]:
    """The form's visible number boxes shorter than their size hint."""
    return [f"{box.objectName()}: {box.height()} px tall for {box.sizeHint().height()} px"
            for box in form.findChildren(QAbstractSpinBox)
            if box.isVisible() and box.height() < box.sizeHint().height()]


def band_under(form, box: QWidget, below: QWidget) -> int:
    """Empty pixels between the bottom of ``box`` and the top of ``below`` (the next row),
    beyond the form's spacing between rows."""
    bottom = box.mapTo(form, QPoint(0, box.height())).y()
    return below.mapTo(form, QPoint(0, 0)).y() - bottom - form.layout().verticalSpacing()


def band_under_silence(form) -> int:
    """How much more empty room is under the silence section's lowest box than under the
    next row's box ("Played from"; a form with height to spare shares it among its rows)."""
    lowest = max((box for box in form.pause_stack.findChildren(QAbstractSpinBox)
                  if box.isVisible()), key=lambda box: box.mapTo(form, QPoint(0, 0)).y())
    played_from = form.from_minutes.parentWidget()
    return (band_under(form, lowest, form.layout().labelForField(played_from))
            - band_under(form, form.from_minutes, form.breath))


@pytest.mark.parametrize(("row", "flexible", "breathing"),
                         [(0, True, False), (1, False, True), (2, True, True)],
                         ids=["flexible-silence", "fixed-silence-breathing",
                              "flexible-silence-breathing"])
def test_every_number_box_of_a_step_is_whole(qtbot, script_editor, row, flexible, breathing):
    window, editor = script_editor
    form = editor.step_form
    editor.step_list.setCurrentRow(row)  # paced-breathing's steps
    assert form.pause_kind.currentData() == ("flexible" if flexible else "fixed")
    wait_settled(window)

    def whole() -> None:
        assert form.pause_max.isVisible() == flexible
        assert form.pause_seconds.isVisible() != flexible
        assert form.breath.fields.isVisible() == breathing
        assert squeezed_boxes(form) == []
        assert band_under_silence(form) <= 4

    qtbot.waitUntil(whole)


def test_the_silence_section_follows_its_kind_when_changed(qtbot, script_editor):
    """Switched from flexible to fixed and back on a shown step: the section takes the
    chosen kind's height each time, with its boxes whole."""
    window, editor = script_editor
    form = editor.step_form
    editor.step_list.setCurrentRow(0)
    for kind in ("fixed", "flexible"):
        form.pause_kind.setCurrentIndex(form.pause_kind.findData(kind))
        assert isinstance(editor.steps[0]["pause"], dict) == (kind == "flexible")
        wait_settled(window)

        def whole(fixed: bool = kind == "fixed") -> None:
            assert form.pause_seconds.isVisible() == fixed
            assert squeezed_boxes(form) == []
            assert band_under_silence(form) <= 4

        qtbot.waitUntil(whole)
