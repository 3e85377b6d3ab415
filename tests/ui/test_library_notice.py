"""The Library says which session files could not be opened, and what to do: the person's
own files by name with a one-line reason, an imported set's by the set and its therapist.
Real files in the data folder, a real pack, the real window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from painease.packs.install import import_pack
from painease.storage import SessionStore
from tests.ui.conftest import SHORT_SCRIPT, labels_hiding_text
from tests.ui.test_outside_changes import elsewhere_and_back, library_titles, therapist
from tests.ui.test_session_flow import find

__all__ = ["therapist"]  # the fixture, shared


def write_scripts(home, **files: str) -> None:
    folder = home / "scripts"
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / f"{name}.toml").write_text(text, encoding="utf-8")


def test_own_files_that_could_not_be_opened_are_named_with_their_reason(
        qtbot, make_window, preset, painease_home):
    write_scripts(painease_home,
                  good=SHORT_SCRIPT,
                  untitled=SHORT_SCRIPT.replace('title = "A short test session"', 'title = ""')
                  .replace('id = "ui-test-short"', 'id = "untitled"'),
                  broken="this is = not [ a script")
    preset(welcome_seen=True)
    window = make_window(use_device=False)
    window.show_page("Library")
    notice = window.library.notice
    assert notice.isVisible()
    text = notice.text.text()
    lines = text.splitlines()
    assert lines[0] == "2 of your own session files could not be opened, so they are not " \
        "listed:"
    assert lines[1].startswith("• broken.toml: line 1: ")
    assert lines[2] == "• untitled.toml: line 3: title: is empty; write the text (the title " \
        "patients see)"
    assert str(painease_home / "scripts") in text
    assert "painease check FILE" in text
    assert "A short test session — 0.1, 0.2 min" in library_titles(window)  # the good one
    # Tab reaches it (next after the list), and a screen reader reads it.
    window.library.list.setFocus()
    qtbot.keyClick(window.library.list, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is notice.text
    assert notice.text.accessibleDescription()
    assert labels_hiding_text(window.library) == []

    # Mended in an editor: when the person comes back, the file is listed, the note goes.
    write_scripts(painease_home, broken=SHORT_SCRIPT.replace('id = "ui-test-short"',
                                                             'id = "mended"'))
    elsewhere_and_back(qtbot, window)
    assert notice.text.text().startswith("One of your own session files could not be "
                                         "opened, so it is not listed:")
    write_scripts(painease_home, untitled=SHORT_SCRIPT.replace('id = "ui-test-short"',
                                                               'id = "untitled"'))
    elsewhere_and_back(qtbot, window)
    assert not notice.isVisible() and notice.text.text() == ""


def test_a_broken_file_of_an_imported_set_names_the_set_not_a_file_to_edit(
        qtbot, make_window, preset, painease_home, therapist):
    path = therapist.pack("two-weeks.painease")
    with SessionStore.open_default() as store:
        result = import_pack(path, store)
    installed = painease_home / "packs" / result.program.id / "scripts" / "calm-corner.toml"
    installed.write_text(installed.read_text().replace("lengths = [1, 2]", "lengths = []"))
    preset(welcome_seen=True)
    window = make_window(use_device=False)
    window.show_page("Library")
    text = window.library.notice.text.text()
    assert text.startswith("A session in the set “Two weeks” from Dr. Ana Moreno could not "
                           "be opened. Please ask Dr. Ana Moreno for a new copy of the set's "
                           "pack file, and import it again.\n")
    assert text.splitlines()[1].startswith("For your therapist: calm-corner.toml: line 7: "
                                           "lengths: needs at least one entry")
    assert "text editor" not in text and "painease check" not in text


def test_nothing_is_said_when_every_file_opened(make_window, preset, short_script):
    preset(welcome_seen=True)
    window = make_window(use_device=False)
    window.show_page("Library")
    assert not window.library.notice.isVisible()
    assert window.library.notice.text.text() == ""


def test_many_files_and_many_problems_are_counted_not_all_listed(
        make_window, preset, painease_home):
    bad = SHORT_SCRIPT.replace('title = "A short test session"', 'title = ""').replace(
        'kind = "somatic-tracking"', 'kind = "juggling"')
    write_scripts(painease_home, **{f"bad-{n:02d}": bad.replace(
        'id = "ui-test-short"', f'id = "bad-{n:02d}"') for n in range(11)})
    preset(welcome_seen=True)
    window = make_window(use_device=False)
    window.show_page("Library")
    lines = window.library.notice.text.text().splitlines()
    assert lines[0].startswith("11 of your own session files could not be opened")
    assert lines[1].startswith("• bad-00.toml: line 3: title: is empty")
    assert lines[1].endswith("(and 1 more problem)")
    assert lines[9] == "• and 3 more."


def test_an_own_copy_of_a_sets_script_is_the_file_left_out_and_named(
        qtbot, make_window, preset, painease_home, therapist):
    """Written after the import (which refuses it before): the set's script still plays,
    and the note is about the person's own file, which they can mend, not the set."""
    with SessionStore.open_default() as store:
        result = import_pack(therapist.pack("two-weeks.painease"), store)
    theirs = painease_home / "packs" / result.program.id / "scripts" / "calm-corner.toml"
    write_scripts(painease_home, mine=theirs.read_text(encoding="utf-8").replace(
        'title = "Calm corner"', 'title = "My own copy"'))
    clips = painease_home / "audio" / "calm-corner"
    clips.mkdir(parents=True)
    (clips / "hello.wav").write_bytes((theirs.parent.parent / "audio" / "calm-corner"
                                       / "hello.wav").read_bytes())
    preset(welcome_seen=True)
    window = make_window(use_device=False)
    assert find(window, "set-next").text().startswith("Calm corner")
    window.show_page("Library")
    text = window.library.notice.text.text()
    assert text.splitlines()[:2] == [
        "One of your own session files could not be opened, so it is not listed:",
        "• mine.toml: line 2: id: 'calm-corner' is already used by “Calm corner”, a script "
        "of an imported set; give this script a different id"]
    assert "import it again" not in text
    titles = library_titles(window)
    assert "Calm corner — 1, 2 min" in titles
    assert not any(title.startswith("My own copy") for title in titles)


def test_a_file_where_the_scripts_folder_should_be_is_said_with_what_to_do(
        make_window, preset, painease_home):
    """Once unsaid (the person's sessions were simply missing), then said as painease's
    own files, with "reinstalling painease" as the advice."""
    painease_home.mkdir()
    (painease_home / "scripts").write_text("notes", encoding="utf-8")
    preset(welcome_seen=True)
    window = make_window(use_device=False)
    window.show_page("Library")
    assert window.library.notice.text.text() == (
        f"{painease_home / 'scripts'} is a file, not a folder, so your own scripts are left "
        "out; move or rename it, and keep your scripts in a folder named scripts in its "
        "place.")
