"""At 200 % text in a 1000×720 window every Therapist tab is usable without sideways scrolling
(Patients in an 800×600 one too).

Real windows, offscreen, after layout: for the script editor (a script loaded, a breathing
step chosen), the set builder (two sessions), the Patients page (an imported patient) and
Outcomes, no scroll area of the page scrolls sideways, the window is not pushed wider than
1000 px, no word-wrapped label is squeezed, and every visible button shows all its text.
The record dialog fits the screen with its words readable. Light and dark alike.

"After layout" is waited for, never slept for (``wait_for``): these pages settle over
several turns of the event loop, and on a busy machine each turn is slow. A fixed 80 ms
once ran out first, and a label was read at its height of a pass before (1488 < 1530 px).
"""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QScrollArea, QWidget

from painease.ui.app import create_window, wait_until_ready
from tests.packs.conftest import make_program
from tests.ui.clinic import Clinic, outcomes_read
from tests.ui.settled import wait_settled
from tests.ui.test_large_text import cut_items, squeezed_labels
from tests.ui.test_page_tabs import cut_tabs
from tests.waits import WORKER_WAIT_MS

SIZE = (1000, 720)


def sideways(page: QWidget) -> list[str]:
    """The page's scroll areas that scroll sideways (and by how much)."""
    return [f"{type(area.widget()).__name__} scrolls {area.horizontalScrollBar().maximum()} px"
            for area in page.findChildren(QScrollArea)
            if area.isVisible() and area.horizontalScrollBar().isVisible()
            and area.horizontalScrollBar().maximum() > 0]


def cut_buttons(page: QWidget) -> list[str]:
    """Visible buttons (and check boxes) narrower than their text or their size hint."""
    cut = []
    for widget in page.findChildren(QAbstractButton):
        text = widget.text().replace("&", "")
        if not (widget.isVisible() and text):
            continue
        advance = widget.fontMetrics().horizontalAdvance(text)
        if advance > widget.contentsRect().width() or widget.sizeHint().width() > widget.width():
            cut.append(f"{widget.objectName() or text!r}: {widget.width()} px for "
                       f"{widget.sizeHint().width()} px")
    return cut


def problems(window, page: QWidget, width: int = SIZE[0]) -> list[str]:
    found = sideways(page) + [f"squeezed {s}" for s in squeezed_labels(page)] + cut_buttons(page)
    if window.width() > width:
        found.append(f"the window was pushed to {window.width()} px")
    return found


def fits(window, page: QWidget, width: int = SIZE[0]) -> None:
    """Assert ``page`` is shown and nothing in it is cut (``problems``): an empty page not
    yet shown (a tab's page is shown on the turn after it is added) must not pass."""
    assert page.isVisible(), f"{type(page).__name__} is not shown yet"
    assert problems(window, page, width) == []


def wait_for(qtbot, window: QWidget, check) -> None:
    """Let ``window``'s layout settle (``tests.ui.settled``), then wait until ``check`` (a
    function that asserts) passes; on a timeout, its last failed assertion is the cause."""
    wait_settled(window)
    qtbot.waitUntil(check)


def open_workspace(qtbot, make_window, preset, theme: str):
    preset(therapist_mode=True, text_size=200, theme=theme, welcome_seen=True)
    window = make_window(use_device=False)
    window.resize(*SIZE)
    qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.therapist_page is not None
                    and window.therapist_page.isVisible())
    return window, window.therapist_page


def test_the_page_tabs_show_the_whole_word_therapist_at_double_text_size(qtbot, make_window,
                                                                         preset):
    window, _ = open_workspace(qtbot, make_window, preset, "light")
    nav = window.nav
    assert nav.tabText(nav.count() - 1) == "Therapist"

    def whole() -> None:
        assert cut_tabs(nav) == []
        assert window.width() == SIZE[0]

    wait_for(qtbot, window, whole)
    # Turned off again: five tabs, still whole, the Settings page shown.
    window.settings.set("therapist_mode", False)
    qtbot.waitUntil(lambda: nav.count() == 5)
    wait_for(qtbot, window, whole)
    assert window.stack.currentWidget() is window.settings_page


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_script_editor_fits_at_double_text_size(qtbot, make_window, preset, theme):
    window, workspace = open_workspace(qtbot, make_window, preset, theme)
    editor = workspace.show_tab("Scripts")
    editor.load_script("paced-breathing")
    breathing = next(i for i, step in enumerate(editor.steps) if step.get("breath"))
    editor.step_list.setCurrentRow(breathing)

    def breathing_fits() -> None:
        assert editor.step_form.breath.fields.isVisible()
        fits(window, editor)
        assert cut_items(editor.step_list) == []  # every step's words whole in the list

    wait_for(qtbot, window, breathing_fits)
    # The flexible silence's fields too.
    editor.step_form.pause_kind.setCurrentIndex(1)

    def silence_fits() -> None:
        assert editor.step_form.pause_max.isVisible()
        fits(window, editor)
        # The check and the timing moved under the steps; all of the timeline is there.
        assert editor.columns.stacked
        assert editor.preview.rowCount() > 0
        assert editor.preview.horizontalScrollBar().maximum() == 0

    wait_for(qtbot, window, silence_fits)


def test_the_script_editor_keeps_two_columns_at_normal_text_size(qtbot, make_window, preset):
    preset(therapist_mode=True, text_size=100, welcome_seen=True)
    window = make_window(use_device=False)
    window.resize(*SIZE)
    window.show_page("Therapist")
    editor = window.therapist().show_tab("Scripts")
    wait_for(qtbot, window, lambda: fits(window, editor))
    assert not editor.columns.stacked and editor.columns.second_area.isVisible()
    # Growing the text on a running window stacks them; going back puts them side by side.
    window.settings.set("text_size", 200)
    qtbot.waitUntil(lambda: editor.columns.stacked)
    wait_for(qtbot, window, lambda: fits(window, editor))
    assert not editor.columns.second_area.isVisible()
    window.settings.set("text_size", 100)
    qtbot.waitUntil(lambda: not editor.columns.stacked)
    assert editor.save_button.isVisible()


def test_the_set_builder_fits_at_double_text_size(qtbot, make_window, preset):
    window, workspace = open_workspace(qtbot, make_window, preset, "dark")
    builder = workspace.show_tab("Sets")
    builder.add_item.click()  # a new set has none
    builder.add_item.click()

    def two_fit() -> None:
        assert builder.item_list.count() == 2
        fits(window, builder)
        assert cut_items(builder.item_list) == []

    wait_for(qtbot, window, two_fit)
    builder.schedule_kind.setCurrentIndex(builder.schedule_kind.findData("dates"))
    wait_for(qtbot, window, lambda: fits(window, builder))


def clinic_window_with(qtbot, clinic: Clinic, names: tuple[str, ...]):
    """The therapist's window at 200 % text, with results from the patients ``names`` to
    import (``window.results``: their files). A generator: close it to close the window."""
    two_weeks = make_program()  # the set all follow
    for name in names:
        clinic.patient(name, two_weeks, [
            (2, (6, 7), (4, 3)), (5, (5, 5), (4, 4)), (9, (4, 4), (2, 2))] if name == "Sam"
            else [(3, (8, 6), (7, 6)), (10, (5, 5), None)])
    home = clinic.homes.use(clinic.homes.therapist)
    (home / "settings.json").write_text(json.dumps(
        {"therapist_mode": True, "text_size": 200, "theme": "light", "welcome_seen": True}))
    window = create_window({"use_device": False})
    wait_until_ready(window)
    qtbot.addWidget(window)
    window.results = [clinic.root / "results" / f"{name}.painease-results" for name in names]
    window.resize(*SIZE)
    window.show()
    qtbot.waitExposed(window)
    window.show_page("Therapist")
    yield window
    window.close_flow()
    window.wait_for_readers()
    window.close_store()


@pytest.fixture
def clinic_window(qtbot, tmp_path, monkeypatch):
    """The therapist's window at 200 % text, with results from Sam and Kim to import."""
    yield from clinic_window_with(qtbot, Clinic(tmp_path, monkeypatch), ("Sam", "Kim"))


@pytest.mark.parametrize("size", [SIZE, (800, 600)])
def test_the_patients_page_fits_at_double_text_size(qtbot, clinic_window, size):
    window = clinic_window
    window.resize(*size)
    patients = window.therapist().show_tab("Patients")
    wait_for(qtbot, window, lambda: fits(window, patients, size[0]))
    for results in window.results:
        assert patients.import_file(results)
    qtbot.waitUntil(lambda: patients.heading.text() == "Kim")
    insights = patients.detail.currentWidget()  # Kim's charts, read on a worker thread
    qtbot.waitUntil(lambda: insights.view is not None and insights.view.data is not None,
                    timeout=WORKER_WAIT_MS)

    def kim_fits() -> None:
        assert all(section.isVisible() for section in insights.view.sections)  # charts shown
        fits(window, patients, size[0])
        # The patient is under the list, and their sessions get most of the page's height
        # (side by side at 800 × 600 they had 126 px, with the window pushed to 933 px).
        assert patients.columns.stacked
        assert patients.detail.height() >= 0.75 * patients.height()

    wait_for(qtbot, window, kim_fits)


@pytest.mark.parametrize("size", [SIZE, (800, 600)])
def test_the_name_their_results_give_fits_beside_a_changed_label_at_double_text_size(
        qtbot, tmp_path, monkeypatch, size):
    """A long name from the results, under a label the therapist changed, wraps in the
    list and under the heading: nothing scrolls sideways or is cut."""
    sent, label = "Samantha Josephine Bartholomew-Fitzgerald", "Sam B. (Tuesdays, Dr. Okonkwo)"
    opened = clinic_window_with(qtbot, Clinic(tmp_path, monkeypatch), (sent,))
    window = next(opened)
    try:
        window.resize(*size)
        patients = window.therapist().show_tab("Patients")
        assert patients.import_file(window.results[0])
        assert patients.rename(patients.current_key(), label)
        qtbot.waitUntil(lambda: patients.sent_note.isVisible())
        assert patients.sent_note.text() == f"Their results say “{sent}”."
        assert patients.list.item(0).text().startswith(
            f"{label} — their results say “{sent}”\n")
        # Once their charts are in and laid out (read on a worker thread).
        qtbot.waitUntil(lambda: problems(window, patients, size[0]) == [])
        note = patients.sent_note
        assert patients.columns.stacked and note.isVisible()
        assert note.minimumSizeHint().width() <= note.width()  # all of it, wrapped
        assert cut_items(patients.list) == []
    finally:
        opened.close()


def test_at_normal_text_the_patient_is_beside_the_list_and_fills_the_height(
        qtbot, clinic_window):
    window = clinic_window
    window.settings.set("text_size", 100)
    patients = window.therapist().show_tab("Patients")
    assert patients.import_file(window.results[0])
    qtbot.waitUntil(lambda: patients.heading.text() == "Sam")
    # Beside the list the sessions take the column's free height, with no minimum forced
    # (waited for: the page was laid out while the patient's charts were still loading).
    qtbot.waitUntil(lambda: not patients.columns.stacked)
    qtbot.waitUntil(lambda: patients.detail.height() >= 0.5 * patients.height())
    assert patients.columns.second_area.isVisible() and patients.detail.minimumHeight() == 0
    # once the charts are in
    qtbot.waitUntil(lambda: problems(window, patients) == [], timeout=WORKER_WAIT_MS)
    window.settings.set("text_size", 200)  # on a running window: stacked, and tall
    qtbot.waitUntil(lambda: patients.columns.stacked)
    qtbot.waitUntil(lambda: patients.detail.height() >= 0.75 * patients.height())


def test_the_outcomes_tab_fits_at_double_text_size(qtbot, clinic_window):
    window = clinic_window
    patients = window.therapist().show_tab("Patients")
    for results in window.results:
        assert patients.import_file(results)
    outcomes = outcomes_read(qtbot, window.therapist().show_tab("Outcomes"))
    table = outcomes.table

    def outcomes_fit() -> None:
        assert table.columnCount() == 1  # one set: one column, a row per measure
        fits(window, outcomes)
        # Measures in rows: the set's column fits across, with no sideways scrolling, and
        # no column is narrower than its longest word.
        assert table.horizontalScrollBar().maximum() == 0
        header, metrics = table.horizontalHeader(), table.fontMetrics()
        for column in range(table.columnCount()):
            texts = [table.horizontalHeaderItem(column).text()] + [
                table.item(row, column).text() for row in range(table.rowCount())]
            words = [word for text in texts for word in text.split()]
            assert header.sectionSize(column) >= max(metrics.horizontalAdvance(w)
                                                     for w in words)
        # The rows grew to hold their two-line titles and cells; the table shows them all.
        for row in range(table.rowCount()):
            assert table.rowHeight(row) >= table.sizeHintForRow(row)
            assert table.rowHeight(row) >= table.verticalHeader().sectionSizeHint(row)
        assert table.viewport().height() >= sum(table.rowHeight(r)
                                                 for r in range(table.rowCount()))

    wait_for(qtbot, window, outcomes_fit)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_record_dialog_fits_the_screen_at_double_text_size(qtbot, make_window, preset,
                                                               tmp_path, theme):
    from painease.ui.therapist.record_dialog import RecordDialog

    window, workspace = open_workspace(qtbot, make_window, preset, theme)

    def opened(words: str) -> RecordDialog:
        dialog = RecordDialog(words, tmp_path / "clip.ogg", window)
        qtbot.addWidget(dialog)
        dialog.open()
        qtbot.waitExposed(dialog)
        return dialog

    def readable(dialog: RecordDialog) -> None:
        assert dialog.width() <= SIZE[0] and dialog.height() <= SIZE[1]
        assert squeezed_labels(dialog) == []
        assert cut_buttons(dialog) == []

    line = "Breathe in gently as the tone rises, and out slowly as it falls."
    dialog = opened(" ".join([line] * 4))
    try:
        wait_for(qtbot, dialog, lambda: readable(dialog))
        assert dialog.level.text() == "Input level: -60 dB"
    finally:
        dialog.reject()
    # A step of usual length is all in view: nobody scrolls while reading aloud.
    dialog = opened(line)
    try:

        def all_in_view() -> None:
            readable(dialog)  # its words laid out whole, and then not scrolled
            assert dialog.words_area.verticalScrollBar().maximum() == 0

        wait_for(qtbot, dialog, all_in_view)
    finally:
        dialog.reject()



def test_a_column_filled_after_layout_makes_room_instead_of_scrolling_sideways(qtbot):
    """Content added to a column once the page is shown (a step added, a session chosen)
    raises the column's minimum width: the page gives it that width rather than keeping
    the old one and scrolling the column sideways."""
    from painease.ui.therapist.forms import ReflowColumns

    page = ReflowColumns(0, names=("First", "Second"))
    qtbot.addWidget(page)
    page.resize(900, 500)
    page.show()
    qtbot.waitExposed(page)
    wide = QWidget()
    wide.setMinimumWidth(500)
    page.second.addWidget(wide)
    inner = page.second_area.widget()
    qtbot.waitUntil(lambda: inner.width() >= 500)  # the column has taken the new content in
    qtbot.waitUntil(lambda: page.second_area.horizontalScrollBar().maximum() == 0, timeout=10_000)
    assert page.second_area.width() >= page.second_area.minimumSizeHint().width()
    assert not page.stacked
