"""The script editor's Check names things as its form does ("When to use", "Words",
"Played from", "at most"/"at least", "Lengths (minutes)"), not by the script file's keys
("when_to_use", "step 2, text", "from_minutes = 20", "max"/"min", "lengths[2]"), and its
lengths hint shows what the field takes ("5, 10", not "[5, 10]"); ``painease check``, read
beside the file, keeps the file's keys. Real editor, typed into as a therapist would."""

from __future__ import annotations

from painease import paths
from painease.ui.therapist.draft_check import check_draft
from tests.ui.script_editing import fill_metadata, problems, type_into, write_step


def said(qtbot, editor, *words: str) -> str:
    qtbot.waitUntil(lambda: all(w in problems(editor) for w in words))
    return problems(editor)


def test_check_says_the_form_s_labels_not_the_file_s_keys(qtbot, editor):
    fill_metadata(qtbot, editor)
    write_step(qtbot, editor, "Settle in.")
    said(qtbot, editor, "ready to save")

    editor.when.clear()
    text = said(qtbot, editor, "When to use: is empty")
    assert "when_to_use" not in text
    # The CLI's words are the file's, as ever.
    assert any(p.startswith("when_to_use: is empty")
               for p in check_draft(editor.data(), paths.user_audio_dir()).problems)
    type_into(qtbot, editor.when, "After a walk.")

    type_into(qtbot, editor.lengths, "2, min")
    text = said(qtbot, editor, "must be a number, not 'min'")
    assert "lengths[" not in text and "Lengths (minutes)" in text
    assert "e.g. 5, 10" in text and "[5, 10]" not in text
    type_into(qtbot, editor.lengths, "2, 4")

    editor.add_step.click()
    text = said(qtbot, editor, "Step 2, Words: is empty")
    assert "text:" not in text
    write_step(qtbot, editor, "Notice the knee.")
    editor.step_form.from_minutes.setValue(20)
    text = said(qtbot, editor, "Played from")
    assert "from_minutes" not in text
    editor.step_form.from_minutes.setValue(0)

    form = editor.step_form
    form.pause_kind.setCurrentIndex(form.pause_kind.findData("flexible"))
    form.pause_max.setValue(30)
    form.pause_min.setValue(40)
    text = said(qtbot, editor, "Step 2, Silence:", "at most", "at least")
    assert "max" not in text and "min (" not in text


def test_a_script_id_that_is_a_plain_word_is_left_as_written():
    """Only a place in the file (its keys, "step N") is said in the form's words: a
    script's id at the start of a message is neither, even when it is a word ("calm"), or
    a key's name ("breath")."""
    from painease.ui.therapist.check_words import in_form_words

    for script_id in ("calm", "breath", "rest"):
        said = f"{script_id} can stretch to at most 1:00: its flexible silences all reached"
        assert in_form_words(said).startswith(f"{script_id} can stretch to at most 1:00")
    # Places still are: keys (with an index) and steps, before ":" or "step N" before a word.
    assert in_form_words("lengths[2]: must be a number").startswith(
        "Lengths (minutes), entry 2: must")
    assert in_form_words("step 2, breath, inhale: is too long").startswith(
        "Step 2, Paced breathing, Breathe in (seconds): is")
    assert in_form_words("step 2 has from_minutes = 5, but").startswith(
        "Step 2 has “Played from” set to 5, but")
