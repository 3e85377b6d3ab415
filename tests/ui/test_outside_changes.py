"""The open window sees what the command line changed (``painease.ui.outside_changes``):
when it is the active window again, when a page is chosen, after a session, never under
one, never behind a dialog, and without losing unsaved work.

Real windows over real data folders; the changes are made by the real ``painease``
command in another process, or by the same code in this one where only the window's side
is under test (a second ``Settings`` on the same file, ``import_pack`` on its own store).
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from painease.catalog import load_catalog
from painease.packs.install import import_pack
from painease.settings import Settings
from painease.storage import SessionStore
from tests.ui.test_patient_packs import Therapist
from tests.ui.test_session_flow import find, shown


@pytest.fixture
def therapist(tmp_path, monkeypatch, painease_home):
    return Therapist(tmp_path / "therapist-home", tmp_path, monkeypatch, painease_home)


def painease(*args: str) -> subprocess.CompletedProcess:
    """The real command, in another process, on this test's data folder."""
    return subprocess.run([sys.executable, "-m", "painease", *args], capture_output=True,
                          text=True, timeout=120, env={**os.environ}, check=True)


def elsewhere_and_back(qtbot, window) -> None:
    """The person goes to another window (a terminal) and comes back to painease."""
    other = QWidget()
    qtbot.addWidget(other)
    other.show()
    with qtbot.waitActive(other):
        other.activateWindow()
    with qtbot.waitActive(window):
        window.activateWindow()


def library_titles(window) -> list[str]:
    listed = window.library.list
    return [listed.item(row).text() for row in range(listed.count())]


def test_a_pack_imported_by_the_command_shows_when_the_window_is_used_again(
        qtbot, make_window, preset, therapist):
    path = therapist.pack("two-weeks.painease")
    preset(welcome_seen=True)
    window = make_window(use_device=False)
    window.show_page("Library")
    assert not any(title.startswith("Calm corner") for title in library_titles(window))
    window.show_page("Home")
    assert not shown(window, "set-card")

    done = painease("pack", "import", str(path))
    assert "Two weeks" in done.stdout
    elsewhere_and_back(qtbot, window)
    # Home shows the set at once; it no longer asks for a pack as if none were here.
    qtbot.waitUntil(lambda: shown(window, "set-card"))
    assert find(window, "set-title").text() == "Two weeks"
    window.show_page("Library")
    assert "Calm corner — 1, 2 min" in library_titles(window)


def test_therapist_init_by_the_command_adds_the_therapist_page(qtbot, make_window, preset):
    preset(welcome_seen=True, text_size=100)
    window = make_window(use_device=False)
    assert window.nav.count() == 5
    done = painease("therapist", "init", "--name", "Dr. Ana Moreno")
    assert "The Therapist workspace is on in the app" in done.stdout
    elsewhere_and_back(qtbot, window)
    assert [window.nav.tabText(index) for index in range(window.nav.count())][-1] == \
        "Therapist"
    window.show_page("Therapist")
    assert window.stack.currentWidget() is window.therapist_page
    # The window's own settings went on as they were, and are not written back over.
    window.settings.set("live_rating", True)
    again = Settings()
    assert again.get("therapist_mode") is True and again.get("live_rating") is True


def test_choosing_a_page_looks_again_too(make_window, preset):
    preset(welcome_seen=True)
    window = make_window(use_device=False)
    window.show_page("Settings")
    theme = window.settings_page._controls["theme"]
    window.show_page("Help")
    Settings().set("theme", "dark")  # another process's save
    window.show_page("Settings")
    assert window.settings.get("theme") == "dark"
    assert theme.currentData() == "dark"  # the control shows it, not the value at start


def test_nothing_is_read_again_under_a_session_only_when_it_ends(
        qtbot, make_window, preset, short_script, therapist):
    path = therapist.pack("two-weeks.painease")
    preset(welcome_seen=True)
    window = make_window(use_device=False)
    window.show_page("Library")
    window.library.select(short_script)
    catalog = window.catalog
    window.start_session(short_script, 0.1)
    assert window.running  # the Before page is up
    with SessionStore.open_default() as store:
        assert import_pack(path, store).status == "new"
    Settings().set("text_size", 150)
    elsewhere_and_back(qtbot, window)
    assert window.catalog is catalog  # not under a session
    assert window.settings.get("text_size") == 100
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Escape)  # Back: the session ends unstarted
    qtbot.waitUntil(lambda: not window.running)
    assert "calm-corner" in window.catalog.entries
    assert window.settings.get("text_size") == 150


def test_nothing_is_read_again_behind_a_dialog(qtbot, make_window, preset, therapist):
    path = therapist.pack("two-weeks.painease")
    preset(welcome_seen=True)
    window = make_window(use_device=False)
    catalog = window.catalog
    find(window, "import-pack").click()
    dialog = window.findChild(QWidget, "therapist-card").file_dialog
    qtbot.waitExposed(dialog)
    with SessionStore.open_default() as store:
        assert import_pack(path, store).status == "new"
    window.look_again()  # as an activation would, with the file chooser still open
    assert window.catalog is catalog
    dialog.reject()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    window.look_again()
    assert "calm-corner" in window.catalog.entries


def test_unsaved_work_in_the_therapist_page_stays_when_scripts_change(
        qtbot, make_window, preset, therapist):
    path = therapist.pack("two-weeks.painease")
    preset(welcome_seen=True, therapist_mode=True)
    window = make_window(use_device=False)
    window.show_page("Therapist")
    editor = window.therapist_page.show_tab("Scripts")
    editor.title.setText("My unsaved draft")
    qtbot.waitUntil(lambda: editor.dirty)
    builder = window.therapist_page.show_tab("Sets")
    builder.title.setText("A set not saved yet")
    window.therapist_page.show_tab("Scripts")
    with SessionStore.open_default() as store:
        assert import_pack(path, store).status == "new"
    elsewhere_and_back(qtbot, window)
    assert "calm-corner" in window.therapist_page.catalog.entries
    offered = [editor.open_choice.itemData(row) for row in range(editor.open_choice.count())]
    assert "calm-corner" in offered
    assert editor.title.text() == "My unsaved draft" and editor.dirty
    assert builder.title.text() == "A set not saved yet" and builder.dirty
    assert window.therapist_page.unsaved()


def test_a_script_mended_in_an_editor_is_found_when_the_window_is_used_again(
        qtbot, make_window, preset, painease_home):
    from tests.ui.conftest import SHORT_SCRIPT

    folder = painease_home / "scripts"
    folder.mkdir(parents=True)
    (folder / "mine.toml").write_text(SHORT_SCRIPT.replace('title = "A short test session"',
                                                          'title = ""'))
    preset(welcome_seen=True)
    window = make_window(use_device=False)
    assert "ui-test-short" not in window.catalog.entries
    (folder / "mine.toml").write_text(SHORT_SCRIPT)
    elsewhere_and_back(qtbot, window)
    assert "ui-test-short" in window.catalog.entries
    assert load_catalog().stamp == window.catalog.stamp


def test_a_volume_saved_after_another_process_saved_shows_what_that_process_saved(
        qtbot, make_window, preset):
    """`painease therapist init` between two volume saves of the window: the second save
    wrote the command's values into the file but the window kept its own, and looking
    again found nothing new (its own file), so the Therapist page, the dark theme and the
    larger text came only with the next start."""
    import json

    preset(welcome_seen=True, text_size=100)
    window = make_window(use_device=False)
    window.show_page("Settings")
    master = window.settings_page._controls["master_volume"]
    master.setFocus()
    qtbot.keyClick(master, Qt.Key.Key_Left)  # saved half a second after the last step
    qtbot.waitUntil(lambda: json.loads(window.settings.path.read_text()).get(
        "master_volume") == 79)
    command = Settings()  # another process's save, as `painease therapist init` makes it
    command.set("therapist_mode", True)
    command.set("theme", "dark")
    command.set("text_size", 200)
    ambience = window.settings_page._controls["ambience_volume"]
    ambience.setFocus()
    qtbot.keyClick(ambience, Qt.Key.Key_Left)
    qtbot.waitUntil(lambda: json.loads(window.settings.path.read_text()).get(
        "ambience_volume") == 59)
    elsewhere_and_back(qtbot, window)  # taken in when the window is used again
    assert window.nav.tabText(window.nav.count() - 1) == "Therapist"
    assert window.settings_page._controls["theme"].currentData() == "dark"
    assert window.settings_page._controls["text_size"].currentData() == 200
    assert (window.settings.get("theme"), window.settings.get("text_size")) == ("dark", 200)
