"""The Therapist page's layout at the edges: the tab bar a margin below the window's top,
as the patient pages' content is; at 200 % text the stacked Patients list shows at least
three patients before scrolling. Real windows, offscreen."""

from __future__ import annotations

from tests.ui.clinic import Clinic
from tests.ui.test_therapist_large_text import clinic_window_with, open_workspace, wait_for


def test_the_tab_bar_starts_as_far_down_as_the_library_columns(qtbot, make_window, preset):
    window, workspace = open_workspace(qtbot, make_window, preset, "light")
    window.show_page("Library")
    library = window.page("Library")
    qtbot.waitUntil(library.isVisible)
    top = library.columns.first_box.mapTo(library, library.rect().topLeft()).y()
    assert top >= 16
    window.show_page("Therapist")
    bar = workspace.tabs.tabBar()
    qtbot.waitUntil(bar.isVisible)
    assert bar.mapTo(workspace, bar.rect().topLeft()).y() == top


def test_stacked_at_double_text_size_the_patients_list_shows_three_patients(
        qtbot, tmp_path, monkeypatch):
    opened = clinic_window_with(qtbot, Clinic(tmp_path, monkeypatch), ("Sam", "Kim", "Robin"))
    window = next(opened)
    try:
        patients = window.therapist().show_tab("Patients")
        for results in window.results:
            assert patients.import_file(results)
        listed = patients.list

        def three_shown() -> None:
            assert listed.count() == 3 and patients.columns.stacked
            # the patient's sessions still get most of the page
            assert patients.detail.height() >= 0.75 * patients.height()
            third = listed.visualItemRect(listed.item(2))
            assert third.height() >= 2 * listed.fontMetrics().lineSpacing()  # two lines
            assert third.bottom() < listed.viewport().height(), (
                f"{listed.viewport().height()} px shows rows up to {third.bottom()} px")

        wait_for(qtbot, window, three_shown)
    finally:
        opened.close()
