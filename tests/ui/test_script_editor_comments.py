"""A hand-written script opened in the editor: what a Save over it loses (its comments, the
layout of a summary written over several lines) is said beside Save before the first Save,
not found out afterwards. A real file in the user's scripts folder, the real catalog and
the real editor, offscreen."""

from __future__ import annotations

from painease import paths
from painease.catalog import load_catalog
from painease.domain.script_loader import load_script
from tests.ui.script_editing import problems, type_into

HAND_WRITTEN = '''\
# Written for Ana, after our second session: keep the knee step short.
format = 1
id = "ana-knee"
title = "Knee, gently"
kind = "relaxation"
summary = """
A short rest, \\
turning toward the knee."""
when_to_use = "Any time."
lengths = [2]

[[steps]]
phase = "settle"
text = "Settle in. # not a comment"
pause = { min = 5, weight = 1 }  # long enough to settle
'''


def test_saving_over_a_file_with_comments_says_so_first(qtbot, editor):
    folder = paths.user_scripts_dir()
    folder.mkdir(parents=True)
    mine = folder / "ana-knee.toml"
    mine.write_text(HAND_WRITTEN, encoding="utf-8")
    editor.refresh_catalog(load_catalog())
    editor.load_script("ana-knee")
    note = ("Saving rewrites this file in the editor's layout: its 2 comments (after #) will "
            "be lost; texts written over several lines are saved each on one line (their "
            "words are kept). Keep a copy of the file first if you need them.")
    assert editor.save_note.isVisible() and editor.save_note.text() == note
    assert note in editor.save_button.accessibleDescription()
    type_into(qtbot, editor.title, "Knee, gently (2)")
    qtbot.waitUntil(lambda: "ready to save" in problems(editor))
    assert editor.save() == mine
    # Saved as the note said; the file now holds nothing more to lose.
    assert "#" not in mine.read_text(encoding="utf-8").replace("# not a comment", "")
    assert load_script(mine)[0].summary == "A short rest, turning toward the knee."
    assert not editor.save_note.isVisible()
    assert "Saving rewrites" not in editor.save_button.accessibleDescription()
    editor.load_script("ana-knee")
    assert not editor.save_note.isVisible()


def test_a_new_script_or_a_file_written_by_the_editor_has_no_note(qtbot, editor):
    folder = paths.user_scripts_dir()
    folder.mkdir(parents=True)
    plain = HAND_WRITTEN.replace('"""\nA short rest, \\\n', '"A short rest, ').replace(
        'knee."""', 'knee."').replace("  # long enough to settle", "").split("\n", 1)[1]
    (folder / "ana-knee.toml").write_text(plain, encoding="utf-8")
    editor.refresh_catalog(load_catalog())
    editor.load_script("ana-knee")
    assert not editor.save_note.isVisible() and editor.save_note.text() == ""
    editor.new_script()
    assert not editor.save_note.isVisible()
