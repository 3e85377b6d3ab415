"""A therapist's own script the catalog leaves out (a clip missing or damaged, an id another
script holds) is still in the editor's "Open a script" list, marked as having problems,
with the reason said when it is chosen; it opens with those problems in Check, so it can
be mended and saved. The patients' Library keeps leaving it out until then. A file that
does not read as a script at all is listed by its name with its reason, but cannot be
opened in the form (it is mended in a text editor). Real script files, real clips (or
bytes that are not one), the real catalog and the real editor.
"""

from __future__ import annotations

import pytest

from painease import paths
from painease.catalog import load_catalog
from painease.ui.library_notice import notice_text
from tests.ui.script_editing import click, problems, type_into

KNEE = """\
format = 1
id = "knee"
title = "Knee practice"
kind = "relaxation"
summary = "A short rest."
when_to_use = "Any time."
lengths = [2]

[[steps]]
phase = "settle"
text = "Settle in."
pause = {{ min = 5, weight = 1 }}
{clip}"""


def own_script(name: str, text: str):
    folder = paths.user_scripts_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def make_editor(qtbot):
    """The editor over the catalog as it is once the files are written."""
    from painease.ui.therapist.script_editor import ScriptEditor

    made = []

    def make(**options):
        editor = ScriptEditor(load_catalog(), player_options={"use_device": False}, **options)
        qtbot.addWidget(editor)
        editor.show()
        qtbot.waitExposed(editor)
        made.append(editor)
        return editor

    yield make
    for editor in made:
        editor.step_player.stop()


def listed(editor) -> list[str]:
    return [editor.open_choice.itemText(i) for i in range(editor.open_choice.count())]


def choose(editor, text: str) -> None:
    index = editor.open_choice.findText(text)
    assert index >= 0, listed(editor)
    editor.open_choice.setCurrentIndex(index)


def test_an_own_script_with_a_missing_clip_is_listed_opened_mended_and_saved(
        qtbot, make_editor):
    path = own_script("knee", KNEE.format(clip='clip = "knee/step-01.ogg"\n'))
    catalog = load_catalog()
    assert "knee" not in catalog.entries  # patients never get it as it is
    assert "knee.toml" in notice_text(catalog)
    editor = make_editor()
    assert "Knee practice · has problems" in listed(editor)
    assert not editor.open_note.isVisibleTo(editor)  # nothing to say of a bundled one

    choose(editor, "Knee practice · has problems")
    note = editor.open_note.text()
    assert editor.open_note.isVisibleTo(editor)
    assert "patients do not get it" in note
    assert "line 13: step 1, clip:" in note and "step-01.ogg" in note
    assert editor.open_button.isEnabled()

    click(qtbot, editor.open_button)
    assert editor.title.text() == "Knee practice" and editor.script_id.text() == "knee"
    assert "Step 1, Narration:" in problems(editor) and "record it again or remove the clip" \
        in problems(editor)
    assert not editor.save_button.isEnabled()
    assert editor.delete_button.isEnabled()  # it is the therapist's own file

    click(qtbot, editor.step_form.clip_remove)
    qtbot.waitUntil(lambda: "ready to save" in problems(editor))
    with qtbot.waitSignal(editor.saved) as saved:
        click(qtbot, editor.save_button)
    assert saved.args[0] == path  # saved back over the file it came from
    mended = load_catalog()
    assert "knee" in mended.entries and mended.problems == []
    editor.refresh_catalog(mended)
    assert "Knee practice" in listed(editor)
    assert not any("has problems" in text for text in listed(editor))


def test_a_damaged_narrated_clip_shows_in_check_and_the_library_still_leaves_it_out(
        qtbot, make_editor):
    own_script("knee", KNEE.format(clip=""))
    clip = paths.user_audio_dir() / "knee" / "01.ogg"  # what painease narrate writes
    clip.parent.mkdir(parents=True)
    clip.write_bytes(b"this is not a recording")
    catalog = load_catalog()
    assert "knee" not in catalog.entries and "knee.toml" in notice_text(catalog)
    editor = make_editor()
    choose(editor, "Knee practice · has problems")
    click(qtbot, editor.open_button)
    assert "Step 1, Narration:" in problems(editor)
    assert editor.steps[0]["clip"] == "knee/01.ogg"  # the clip the app would play
    assert not editor.save_button.isEnabled()


def test_a_file_that_is_not_a_script_is_named_with_its_reason_but_not_opened(
        qtbot, make_editor):
    own_script("broken", "this is = not [ a script")
    editor = make_editor()
    new_draft = editor.data()
    choose(editor, "broken.toml · cannot be opened here")
    note = editor.open_note.text()
    assert note.startswith("broken.toml is not a script painease can read (line 1: ")
    assert "text editor" in note and "painease check" in note
    assert not editor.open_button.isEnabled()
    editor._open_chosen()  # as Open would, were it pressed
    assert editor.data() == new_draft

    choose(editor, "Body scan relaxation (bundled: opens as a copy)")
    # A bundled one: Open works, and there is nothing to say.
    assert editor.open_button.isEnabled() and not editor.open_note.isVisibleTo(editor)


def test_an_own_script_whose_id_a_bundled_one_holds_can_take_a_new_id_and_be_saved(
        qtbot, make_editor):
    path = own_script("scan", KNEE.format(clip="").replace('id = "knee"',
                                                           'id = "body-scan-relaxation"'))
    # Saved sets naming that id mean the bundled script, not this file.
    editor = make_editor(sets_using=lambda script_id: ["Week one"])
    choose(editor, "Knee practice · has problems")
    assert "already used" in editor.open_note.text()
    click(qtbot, editor.open_button)
    assert "already used" in problems(editor)
    click(qtbot, editor.delete_button)  # its own file may go, whatever sets say of the id
    assert editor.delete_question.text().endswith(  # no recordings: none said to stay
        "(scan.toml) from your scripts folder? Patients who received it in a pack keep "
        "their copy.")
    editor.delete_question.reject()
    type_into(qtbot, editor.script_id, "knee")
    qtbot.waitUntil(lambda: "ready to save" in problems(editor))
    assert editor.save() == path
    assert load_catalog().entries["knee"].path == path
