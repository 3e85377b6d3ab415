"""A step's number boxes in the script editor are laid out alike in each of their two
forms (the flexible silence's, the breaths'): every label beside its box, or every label
above it, whichever the form's width allows (``therapist.even_form``).

Found in an accessibility review: at 200 % text on a 20 pt desktop Qt's per-row rule put
"Breathe in" above its box, "Hold" beside the next, and so on down a breathing step; the
eye had to hunt for each label. The window stays as narrow as before (1109 px there: it
fits a 1280-px laptop). The step's own form still decides row by row ("Played from" goes
above alone there): see even_form's note on fields with wrapped words. Real windows,
offscreen."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QFormLayout

from painease.ui import theme
from tests.ui.settled import wait_settled
from tests.ui.test_therapist_large_text import open_workspace


def label_places(form: QFormLayout) -> list[str]:
    """For each row with a shown label that has words: "beside" or "above" its field."""
    places = []
    for row in range(form.rowCount()):
        label = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        field = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
        if (label is None or field is None or label.widget() is None
                or not label.widget().isVisible() or not label.widget().text()):
            continue
        beside = field.geometry().left() > label.geometry().right()
        places.append("beside" if beside else "above")
    return places


def breathing_step(qtbot, make_window, preset):
    window, workspace = open_workspace(qtbot, make_window, preset, "light")
    editor = workspace.show_tab("Scripts")
    editor.load_script("paced-breathing")
    editor.step_list.setCurrentRow(
        next(i for i, step in enumerate(editor.steps) if step.get("breath")))
    editor.step_form.pause_kind.setCurrentIndex(1)  # the flexible silence's boxes too
    form = editor.step_form
    qtbot.waitUntil(lambda: form.breath.fields.isVisible() and form.pause_max.isVisible())
    wait_settled(window)
    return window, [form.pause_pages[1].layout(), form.breath.fields.layout()]


@pytest.mark.parametrize("desktop_points", [None, 20.0])
def test_each_form_of_a_step_puts_its_labels_all_beside_or_all_above(
        qtbot, make_window, preset, monkeypatch, desktop_points):
    if desktop_points is not None:
        monkeypatch.setattr(theme, "_desktop_points", desktop_points)
    window, forms = breathing_step(qtbot, make_window, preset)

    def even() -> None:
        for form in forms:
            places = label_places(form)
            assert len(places) >= 3 and len(set(places)) == 1, places

    qtbot.waitUntil(even)
    if desktop_points is None:  # at 200 % of the usual desktop all of them fit beside
        assert all(label_places(form)[0] == "beside" for form in forms)
    assert window.minimumSizeHint().width() <= 1110
